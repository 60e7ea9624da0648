/**
 * The vector exchange format of {@code paperrec import} and {@code paperrec export}: a folder of
 * shards, each a JSON-lines file of papers with a NumPy {@code .npy} matrix of their vectors beside
 * it, and a {@code manifest.json} naming the model (docs/IMPORT-FORMAT.md is the contract). Here
 * live its reader ({@link org.paperrec.server.transfer.ShardFolder}, which checks a folder before
 * anything is written), its writer ({@link org.paperrec.server.transfer.ShardFolderWriter}) and the
 * {@code .npy} and float16 code under them. No storage, no embedding, no console: the commands in
 * {@code cli} move entries between these and the store.
 */
package org.paperrec.server.transfer;
