package org.paperrec.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.paperrec.recommend.Library.IngestCounts;

/**
 * Progress of the ingests a server runs ({@code serve --ingest}, the demo corpus): papers written by
 * outcome, and whether an ingest is running. One {@link Run} per ingest feeds it from the ingest's
 * progress callback, which reports running totals; the run turns them into counter increments.
 */
public final class IngestMeter {

  /**
   * Counts nothing: for ingests outside a server (the {@code ingest} command). A composite registry
   * without registries is Micrometer's no-op registry.
   */
  public static final IngestMeter NONE = new IngestMeter(new CompositeMeterRegistry());

  private final Counter added;
  private final Counter reembedded;
  private final Counter metadataUpdated;
  private final Counter unchanged;
  private final Counter failed;
  private final AtomicInteger running = new AtomicInteger();

  IngestMeter(MeterRegistry registry) {
    added = counter(registry, "added");
    reembedded = counter(registry, "reembedded");
    metadataUpdated = counter(registry, "metadata_updated");
    unchanged = counter(registry, "unchanged");
    failed = counter(registry, "failed");
    Gauge.builder("paperrec.ingest.running", running, AtomicInteger::get)
        .description("Ingests running now")
        .register(registry);
  }

  /** Starts counting one ingest; close the run when the ingest ends, however it ends. */
  public Run start() {
    running.incrementAndGet();
    return new Run();
  }

  /** One ingest's contribution: turns its running totals into increments. */
  public final class Run implements AutoCloseable {

    private IngestCounts seen = new IngestCounts(0, 0, 0, 0, 0);
    private boolean closed;

    private Run() {}

    /** The ingest's totals so far (the library's progress callback). */
    public synchronized void progress(IngestCounts soFar) {
      increment(added, soFar.added() - seen.added());
      increment(reembedded, soFar.reembedded() - seen.reembedded());
      increment(metadataUpdated, soFar.metadataUpdated() - seen.metadataUpdated());
      increment(unchanged, soFar.unchanged() - seen.unchanged());
      increment(failed, soFar.failed() - seen.failed());
      seen = soFar;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        running.decrementAndGet();
      }
    }
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("paperrec.ingest.papers")
        .description("Papers an ingest in this server processed, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  private static void increment(Counter counter, long by) {
    if (by > 0) {
      counter.increment(by);
    }
  }
}
