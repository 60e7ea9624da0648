package org.paperrec.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.paperrec.recommend.Library.IngestCounts;
import org.paperrec.server.harvest.HarvestState;
import org.paperrec.server.harvest.SourceStatus;

/** What the meters of ingests and harvests export, read from a scrape as Prometheus would. */
class ServerMetricsTest {

  @Test
  void anIngestRunTurnsRunningTotalsIntoCountsAndIsRunningUntilClosed() {
    try (ServerMetrics metrics = new ServerMetrics()) {
      IngestMeter.Run run = metrics.ingest().start();
      assertEquals(1.0, sample(metrics, "paperrec_ingest_running"));
      run.progress(new IngestCounts(10, 0, 0, 2, 0));
      run.progress(new IngestCounts(25, 1, 0, 2, 1));
      run.progress(new IngestCounts(25, 1, 0, 2, 1)); // the same totals again add nothing
      run.close();
      run.close();
      assertEquals(0.0, sample(metrics, "paperrec_ingest_running"));
      assertEquals(25.0, sample(metrics, "paperrec_ingest_papers_total{outcome=\"added\""));
      assertEquals(1.0, sample(metrics, "paperrec_ingest_papers_total{outcome=\"reembedded\""));
      assertEquals(2.0, sample(metrics, "paperrec_ingest_papers_total{outcome=\"unchanged\""));
      assertEquals(1.0, sample(metrics, "paperrec_ingest_papers_total{outcome=\"failed\""));

      try (IngestMeter.Run second = metrics.ingest().start()) {
        second.progress(new IngestCounts(5, 0, 0, 0, 0));
      }
      assertEquals(30.0, sample(metrics, "paperrec_ingest_papers_total{outcome=\"added\""));
    }
  }

  @Test
  void harvestMetersReadEachSourcesStoredStateWhenScraped() {
    AtomicReference<HarvestState> stored = new AtomicReference<>(HarvestState.initial("arxiv:cs"));
    try (ServerMetrics metrics = new ServerMetrics()) {
      metrics.harvest(List.of("arxiv:cs"),
          () -> List.of(new SourceStatus("arxiv:cs", true, "every 6h", Instant.EPOCH, stored.get())));
      System.gc(); // the meters must not lose what they read (Micrometer holds it weakly)
      assertEquals(0.0, sample(metrics, "paperrec_harvest_runs_total{source=\"arxiv:cs\""));
      assertEquals(0.0, sample(metrics, "paperrec_harvest_running{source=\"arxiv:cs\""));
      assertTrue(Double.isNaN(sample(metrics, "paperrec_harvest_watermark{source=\"arxiv:cs\"")));

      LocalDate day = LocalDate.of(2026, 12, 1);
      HarvestState.Run run = new HarvestState.Run(Instant.parse("2026-12-02T02:00:00Z"), null,
          HarvestState.Outcome.RUNNING, day, null, 3, 120, 100, 15, 5, 2, 0, 1);
      stored.set(new HarvestState("arxiv:cs", day, null, run, 4, 7, "read timed out", Instant.EPOCH));
      System.gc();
      assertEquals(4.0, sample(metrics, "paperrec_harvest_runs_total{source=\"arxiv:cs\""));
      assertEquals(7.0, sample(metrics, "paperrec_harvest_errors_total{source=\"arxiv:cs\""));
      assertEquals(1.0, sample(metrics, "paperrec_harvest_running{source=\"arxiv:cs\""));
      assertEquals(100.0, sample(metrics, "paperrec_harvest_last_run_added{source=\"arxiv:cs\""));
      assertEquals(15.0, sample(metrics, "paperrec_harvest_last_run_updated{source=\"arxiv:cs\""));
      assertEquals(2.0, sample(metrics, "paperrec_harvest_last_run_deleted{source=\"arxiv:cs\""));
      assertEquals(day.toEpochDay() * 86_400.0, sample(metrics, "paperrec_harvest_watermark{source=\"arxiv:cs\""));
    }
  }

  /** The value of the first exported line that starts with {@code prefix} (a name, or a name and its first labels). */
  private static double sample(ServerMetrics metrics, String prefix) {
    return metrics.scrape().lines()
        .filter(line -> line.startsWith(prefix) && " {,}".indexOf(line.charAt(prefix.length())) >= 0)
        .findFirst()
        .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .orElseThrow(() -> new AssertionError("no sample " + prefix + " in\n" + metrics.scrape()));
  }
}
