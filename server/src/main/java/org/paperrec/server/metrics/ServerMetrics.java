package org.paperrec.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.paperrec.recommend.Library;
import org.paperrec.server.harvest.HarvestState;
import org.paperrec.server.harvest.SourceStatus;

/**
 * Every meter of one server, in one Prometheus registry. Names follow Prometheus conventions once
 * exported (Micrometer turns {@code paperrec.papers} into {@code paperrec_papers}, a timer into
 * {@code _seconds} histograms, a counter into {@code _total}).
 *
 * <p>Request latency is a histogram per method, route template and status: route templates (not
 * paths) keep the number of series bounded whatever IDs clients send, and a histogram (rather than
 * client-side percentiles) lets Prometheus aggregate quantiles over time and over servers.
 */
public final class ServerMetrics implements AutoCloseable {

  /** The route tag of a request that matched no route (a 404, a static file of the web page). */
  public static final String UNMATCHED = "unmatched";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final IngestMeter ingest;
  /**
   * What the gauges and function counters read. Micrometer holds those weakly, so a meter whose
   * object only it references would read NaN after the next GC; this keeps them reachable.
   */
  private final List<Object> measured = new CopyOnWriteArrayList<>();

  public ServerMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    ingest = new IngestMeter(registry);
  }

  /** The registry, for meters a component adds itself. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Counts of the papers that ingests running in this server wrote. */
  public IngestMeter ingest() {
    return ingest;
  }

  /**
   * Records one answered request.
   *
   * @param route the matched route's template (e.g. {@code /v1/papers/<id>/similar}), or {@link
   *     #UNMATCHED}
   */
  public void request(String method, String route, int status, long nanos) {
    Timer.builder("http.server.requests")
        .description("HTTP requests by method, route template and status")
        .tags("method", method, "route", route, "status", Integer.toString(status), "outcome", outcome(status))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Counts a request refused by a rate limit.
   *
   * @param limit the limit's name: {@code sign-ups}, {@code writes}, {@code queries} or {@code wrong
   *     admin tokens}
   */
  public void rateLimited(String limit) {
    Counter.builder("paperrec.rate.limited")
        .description("Requests refused with 429 by a rate limit, by limit")
        .tag("limit", limit)
        .register(registry)
        .increment();
  }

  /** The corpus: papers stored, papers in the search index and the index's size on disk. */
  public void library(Library library, Path indexDir) {
    measured.add(library);
    measured.add(indexDir);
    Gauge.builder("paperrec.papers", library, Library::size)
        .description("Papers in the corpus")
        .register(registry);
    Gauge.builder("paperrec.index.size", indexDir, ServerMetrics::folderBytes)
        .description("Bytes of the search index on disk")
        .baseUnit("bytes")
        .register(registry);
    FunctionCounter.builder("paperrec.changes", library, Library::changeCount)
        .description("Writes to the corpus since start (upserts, merges, deletes)")
        .register(registry);
  }

  /**
   * Harvest progress per source, read from each source's stored state when scraped.
   *
   * @param names the sources this server harvests
   * @param sources the state of every source, as {@code GET /v1/sources} shows it
   */
  public void harvest(List<String> names, Supplier<List<SourceStatus>> sources) {
    for (String name : names) {
      Supplier<Optional<HarvestState>> state = () -> sources.get().stream()
          .filter(s -> s.name().equals(name))
          .map(SourceStatus::state)
          .findFirst();
      measured.add(state);
      harvestCounter("paperrec.harvest.runs", "Finished harvest runs, all time", name, state, HarvestState::runs);
      harvestCounter("paperrec.harvest.errors", "Harvest errors (failed requests, bad pages), all time", name, state,
          HarvestState::errors);
      harvestGauge("paperrec.harvest.watermark", "Latest datestamp harvested, as seconds since the epoch", name, state,
          s -> s.watermark() == null ? Double.NaN : s.watermark().toEpochSecond(LocalTime.MIDNIGHT, ZoneOffset.UTC));
      harvestGauge("paperrec.harvest.running", "1 while a harvest run of the source is going on", name, state,
          s -> s.lastRun() != null && s.lastRun().outcome() == HarvestState.Outcome.RUNNING ? 1 : 0);
      harvestGauge("paperrec.harvest.last.run.added", "Papers added by the latest (or current) run", name, state,
          s -> s.lastRun() == null ? 0 : s.lastRun().added());
      harvestGauge("paperrec.harvest.last.run.updated", "Papers updated by the latest (or current) run", name, state,
          s -> s.lastRun() == null ? 0 : s.lastRun().updated());
      harvestGauge("paperrec.harvest.last.run.deleted", "Papers deleted by the latest (or current) run", name, state,
          s -> s.lastRun() == null ? 0 : s.lastRun().deleted());
    }
  }

  /** Every meter in the Prometheus text exposition format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }

  private void harvestCounter(String meter, String description, String source, Supplier<Optional<HarvestState>> state,
      ToDoubleFunction<HarvestState> value) {
    FunctionCounter.builder(meter, state, s -> s.get().map(value::applyAsDouble).orElse(0.0))
        .description(description)
        .tag("source", source)
        .register(registry);
  }

  private void harvestGauge(String meter, String description, String source, Supplier<Optional<HarvestState>> state,
      ToDoubleFunction<HarvestState> value) {
    Gauge.builder(meter, state, s -> s.get().map(value::applyAsDouble).orElse(Double.NaN))
        .description(description)
        .tag("source", source)
        .register(registry);
  }

  private static String outcome(int status) {
    return switch (status / 100) {
      case 1 -> "INFORMATIONAL";
      case 2 -> "SUCCESS";
      case 3 -> "REDIRECTION";
      case 4 -> "CLIENT_ERROR";
      case 5 -> "SERVER_ERROR";
      default -> "UNKNOWN";
    };
  }

  /**
   * Sum of the regular files' sizes under {@code dir}. Files that vanish while it walks (segments
   * merged away, RocksDB's compactions) count as 0: a gauge, not an error.
   */
  static double folderBytes(Path dir) {
    long[] total = {0};
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          total[0] += attrs.isRegularFile() ? attrs.size() : 0;
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      return Double.NaN;
    }
    return total[0];
  }
}
