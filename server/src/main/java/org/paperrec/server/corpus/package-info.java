/**
 * Corpus file readers: they turn paper collections on disk (the Daily Papers seed page, the arXiv
 * OAI snapshot, arxiv-cs JSON lines, Hugging Face daily-papers JSON), plain or gzipped, into a
 * stream of {@link org.paperrec.store.Paper} records, one at a time, skipping and reporting bad
 * records instead of failing (or, for machine-written JSON lines, stopping at the first one:
 * {@link org.paperrec.server.corpus.JsonlReader#openStrict}). {@link
 * org.paperrec.server.corpus.JsonlWriter} writes the JSON-lines layout back, for export. Plain Java
 * only: no HTTP, no storage, no embedding happens here; the ingest that consumes a {@link
 * org.paperrec.server.corpus.PaperStream} lives elsewhere.
 */
package org.paperrec.server.corpus;
