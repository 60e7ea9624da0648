/**
 * The server's meters, exported in Prometheus text format at {@code GET /metrics} (admin token):
 * request latency per route and status ({@link org.paperrec.server.metrics.ServerMetrics}), the
 * corpus and its search index, ingest progress ({@link org.paperrec.server.metrics.IngestMeter}),
 * harvest progress per source, and the JVM and process. Micrometer does the bookkeeping; this
 * package only names the meters and says what each one reads.
 */
package org.paperrec.server.metrics;
