/**
 * Papers, paper IDs, their vectors and stored users on disk: the {@link org.paperrec.store.Paper}
 * record, ID normalisation ({@link org.paperrec.store.PaperIds}), the RocksDB layout, durability,
 * schema/model checks and the merge rule of {@link org.paperrec.store.PaperStore} (the public entry
 * point; behind it, package-private, {@code StoreDatabase} owns the RocksDB handles, meta and
 * migrations, {@code PaperTable} the papers, vectors, count and alias table and the merging of one
 * paper's records, {@code ChangeLog} the change log, {@code DataFolder} the folder and
 * re-embedding), and the users family's keys and values ({@link org.paperrec.store.UserStore}:
 * profiles, token hashes, likes, dislikes, seen), and the check of all their invariants ({@link
 * org.paperrec.store.StoreCheck}, reported in a {@link org.paperrec.store.CheckReport}). Nothing here knows how vectors are made (a model
 * is only an opaque fingerprint and a dimension), how they are searched, how tokens are made or
 * which limits apply to a profile, or HTTP.
 */
package org.paperrec.store;
