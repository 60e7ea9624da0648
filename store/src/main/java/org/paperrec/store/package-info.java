/**
 * Papers, paper IDs and their vectors on disk: the {@link org.paperrec.store.Paper} record, ID
 * normalisation ({@link org.paperrec.store.PaperIds}) and the RocksDB layout, durability and
 * schema/model checks of {@link org.paperrec.store.PaperStore}. Nothing here knows how vectors are
 * made (a model is only an opaque fingerprint and a dimension), how they are searched, or HTTP.
 */
package org.paperrec.store;
