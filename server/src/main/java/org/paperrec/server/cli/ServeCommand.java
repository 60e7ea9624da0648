package org.paperrec.server.cli;

import io.javalin.Javalin;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.paperrec.recommend.lucene.IndexSync;
import org.paperrec.recommend.profile.ProfileLimits;
import org.paperrec.server.Engine;
import org.paperrec.server.corpus.CorpusFormat;
import org.paperrec.server.corpus.CorpusSummary;
import org.paperrec.server.corpus.DemoCorpus;
import org.paperrec.server.corpus.PaperStream;
import org.paperrec.server.harvest.Durations;
import org.paperrec.server.harvest.HarvestScheduler;
import org.paperrec.server.harvest.HarvestSource;
import org.paperrec.server.harvest.Harvester;
import org.paperrec.server.harvest.Schedule;
import org.paperrec.server.harvest.SourceStatus;
import org.paperrec.server.http.ApiSettings;
import org.paperrec.server.http.HttpApi;
import org.paperrec.server.http.Transport;
import org.paperrec.server.metrics.ServerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Start the HTTP API. On an empty data folder it first ingests the bundled demo corpus",
      "(48 papers of a Daily Papers page); with --ingest it ingests the given files in the background.",
      "Admin routes (POST/DELETE /v1/papers, GET /v1/sources, GET /metrics, POST /v1/admin/backup) need PAPERREC_ADMIN_TOKEN set (32+ characters:"
          + " openssl rand -hex 32); without it they answer 403.",
      "With --harvest it keeps the corpus current from arXiv and Hugging Face on a schedule."
    })
final class ServeCommand implements Callable<Integer> {

  /** A demo paper used in the start-up examples when it is in the corpus. */
  static final String EXAMPLE_ID = "2501.06842";

  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  /** Seconds between commits of the search index while serving (a commit with nothing new is skipped). */
  static final long INDEX_COMMIT_SECONDS = 60;

  @Option(
      names = "--host",
      defaultValue = "${env:PAPERREC_HOST:-127.0.0.1}",
      description = "Address to bind. Env PAPERREC_HOST. Default: ${DEFAULT-VALUE} (this machine only).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:PAPERREC_PORT:-7070}",
      description = "TCP port, 0 for any free one. Env PAPERREC_PORT. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--cors-origin",
      paramLabel = "ORIGIN",
      split = ",",
      defaultValue = "${env:PAPERREC_CORS_ORIGINS:-}",
      description = "Extra browser origins allowed by CORS, e.g. https://lab.example.org (browser extensions are always"
          + " allowed). Env PAPERREC_CORS_ORIGINS, comma-separated.")
  List<String> corsOrigins = new ArrayList<>();

  @Option(names = "--ingest", paramLabel = "FILE", arity = "1..*", description = "Corpus files to ingest in the background after start.")
  List<Path> ingest = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", description = "Format of the --ingest files (seed, oai, jsonl, hf). Default: detected.")
  String format;

  @Option(
      names = "--harvest",
      paramLabel = "SOURCE",
      split = ",",
      defaultValue = "${env:PAPERREC_HARVEST:-}",
      description = "Harvest a source on the schedule while serving: arxiv:SET (e.g. arxiv:cs), arxiv or hf; repeatable."
          + " Env PAPERREC_HARVEST, comma-separated. Default: none, and then nothing is ever fetched from the network.")
  List<String> harvest = new ArrayList<>();

  @Option(
      names = "--harvest-schedule",
      paramLabel = "WHEN",
      defaultValue = "${env:PAPERREC_HARVEST_SCHEDULE:-" + Schedule.DEFAULT + "}",
      description = "When --harvest runs: 'at HH:MM [ZONE]' or 'every DURATION' (e.g. 'every 6h')."
          + " Env PAPERREC_HARVEST_SCHEDULE. Default: ${DEFAULT-VALUE} (after arXiv's 20:00 announcement).")
  String harvestSchedule;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "DURATION",
      defaultValue = "${env:PAPERREC_SHUTDOWN_TIMEOUT:-30s}",
      description = "On SIGTERM (or Ctrl-C), how long running requests and the background ingest may take to finish"
          + " before the server closes anyway (e.g. 30s, 2m; 0 for no wait). Env PAPERREC_SHUTDOWN_TIMEOUT."
          + " Default: ${DEFAULT-VALUE}.")
  String shutdownTimeout;

  @Mixin HarvestOptions remote;

  @Mixin TransportOptions transport;

  @Mixin StoreOptions store;

  @Mixin LimitOptions limits;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535; --port=" + port);
    }
    CorpusFormat forced = format == null ? null : CorpusFormat.parse(format);
    for (Path file : ingest) {
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException("cannot read corpus file " + file + ": no such readable file");
      }
    }
    Duration drain = Durations.parse(shutdownTimeout);
    List<String> harvestSpecs = harvest.stream().map(String::strip).filter(h -> !h.isEmpty()).toList();
    List<HarvestSource> sources = new ArrayList<>();
    Schedule schedule = null;
    if (!harvestSpecs.isEmpty()) {
      schedule = Schedule.parse(harvestSchedule);
      for (String spec : harvestSpecs) {
        // One fetcher per source: each keeps its own politeness delay (the remotes are different hosts).
        sources.add(HarvestSource.parse(spec, remote.urls(), remote.fetcher()));
      }
    }
    String adminToken = System.getenv("PAPERREC_ADMIN_TOKEN");
    // Checked before anything listens: a short admin token or a bad limit stops the start in one line.
    List<String> origins = corsOrigins.stream().filter(o -> !o.isBlank()).toList();
    ApiSettings settings = new ApiSettings(adminToken, origins, limits.rateLimits(), limits.openSignup,
        transport.settings());
    ProfileLimits profileLimits = limits.profileLimits();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    // Listen at once: /health says "starting" while the model, the store and the search index open.
    Javalin starting = HttpApi.starting(settings.transport());
    starting.start(host, port);
    int boundPort = starting.port();
    String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + boundPort;
    out.printf("paperrec listening on %s (starting: opening data %s)%n", url, store.data);
    out.flush();

    Engine engine;
    try {
      engine = Engine.open(store.data, store.model, store.effectiveThreads(), new IndexProgress(err), profileLimits);
    } catch (RuntimeException e) {
      starting.stop();
      throw e;
    }
    AtomicBoolean ready = new AtomicBoolean();
    HarvestScheduler harvester = sources.isEmpty() ? null : new HarvestScheduler(
        new Harvester(engine.library(), engine.store(), engine.embedPool(), Clock.systemUTC()), sources, schedule,
        Clock.systemUTC());
    Schedule shownSchedule = schedule;
    Supplier<List<SourceStatus>> sourceStatus =
        () -> SourceStatus.list(engine.store(), shownSchedule, harvester == null ? Map.of() : harvester.nextRuns());
    ServerMetrics metrics = new ServerMetrics();
    metrics.library(engine.library(), engine.dataDir().resolve(IndexSync.INDEX_FOLDER));
    metrics.harvest(sources.stream().map(HarvestSource::name).toList(), sourceStatus);
    Javalin app;
    try {
      app = HttpApi.create(engine.library(), engine.recommender(), engine.profiles(), settings, ready::get, sourceStatus,
          metrics);
      // The port is free again once the starting app has stopped; clients see a refused connection
      // for the few milliseconds in between at most.
      starting.stop();
      // Jetty's graceful stop: connectors close at once, running requests get this long to finish.
      app.jettyServer().server().setStopTimeout(Math.max(1, drain.toMillis()));
      app.start(host, boundPort);
    } catch (RuntimeException e) {
      starting.stop();
      engine.close();
      throw e;
    }
    // Admin writes between ingests are in the store (and its change log) at once; committing the
    // index now and then bounds what a crash makes the next start catch up on, and lets read-only
    // commands beside the server see them.
    ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor(Engine.named("paperrec-index-commit"));
    committer.scheduleWithFixedDelay(() -> {
      try {
        engine.library().commit();
      } catch (RuntimeException e) {
        LOG.warn("periodic search index commit failed: {}", Failures.oneLine(e));
      }
    }, INDEX_COMMIT_SECONDS, INDEX_COMMIT_SECONDS, TimeUnit.SECONDS);
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    // Set by this thread once the loader exists, read by the shutdown hook's thread.
    AtomicReference<Thread> loaderThread = new AtomicReference<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // In order: take no new work, let the work under way reach a safe point, then commit, flush
      // and close (Engine.close: index, store, model, in reverse order of opening).
      long deadline = System.nanoTime() + drain.toNanos();
      stopping.set(true); // the background ingest stops after the batch it is writing
      LOG.info("stopping: finishing running requests and the ingest (up to {})", shutdownTimeout);
      app.stop(); // no new connections; waits for running requests up to the stop timeout
      if (harvester != null) {
        harvester.close(); // stops after the page being applied; its cursor is saved
      }
      join(loaderThread.get(), deadline);
      committer.shutdownNow();
      engine.close();
      metrics.close();
      LOG.info("stopped: search index committed, store flushed, data folder {} closed", store.data);
      stopped.countDown();
    }, "paperrec-shutdown"));

    out.printf("paperrec open: %d papers (data %s, model %s)%n", engine.library().size(), store.data, engine.embedder().fingerprint());
    if (adminToken == null || adminToken.isBlank()) {
      out.println("admin routes are off: set PAPERREC_ADMIN_TOKEN to add or delete papers over HTTP");
    }
    out.flush();

    boolean seedDemo = engine.library().size() == 0 && ingest.isEmpty();
    Thread loader = new Thread(() -> {
      try {
        if (seedDemo) {
          CorpusSummary summary = new CorpusSummary();
          try (PaperStream demo = DemoCorpus.open(summary)) {
            CorpusIngest.run(engine, demo, "demo corpus", summary, err, metrics.ingest(), stopping::get);
          }
        }
        ready.set(true);
        printReady(out, url, engine.library().size());
        for (Path file : ingest) {
          if (stopping.get()) {
            break;
          }
          CorpusFormat f = forced != null ? forced : CorpusFormat.detect(file);
          CorpusSummary summary = new CorpusSummary();
          try (PaperStream stream = f.reader().open(file, summary)) {
            CorpusIngest.run(engine, stream, file.getFileName().toString(), summary, err, metrics.ingest(), stopping::get);
          }
        }
      } catch (Exception e) {
        LOG.error("background ingest stopped: {}", Failures.oneLine(e), e);
        ready.set(true);
      }
      if (harvester != null && !stopping.get()) {
        harvester.start();
      }
    }, "paperrec-ingest");
    loaderThread.set(loader);
    loader.setDaemon(true);
    loader.start();
    stopped.await();
    return 0;
  }

  /** Waits for {@code thread} to end, until {@code deadline} ({@link System#nanoTime}) at most. */
  private static void join(Thread thread, long deadline) {
    long left = deadline - System.nanoTime();
    try {
      if (thread != null && left > 0) {
        thread.join(Math.max(1, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread != null && thread.isAlive()) {
      LOG.warn("the background ingest did not reach a safe point in time; closing anyway (the store keeps whole batches)");
    }
  }

  private static void printReady(PrintWriter out, String url, int papers) {
    String id = ServeCommand.EXAMPLE_ID;
    out.printf("%nready: %d papers. Try:%n", papers);
    out.printf("  curl '%s/v1/papers/%s/similar?limit=5'%n", url, id);
    out.printf("  curl -X POST %s/v1/recommendations -H 'Content-Type: application/json' -d '{\"positive\":[\"%s\"],\"limit\":5}'%n", url, id);
    out.printf("Web page: %s/ (search, similar papers, For you)%n", url);
    out.printf("API description: %s/openapi.json%n", url);
    out.printf("Bigger corpus: stop the server, then 'java -jar server/target/paperrec.jar ingest arxiv-metadata-oai-snapshot.json --format oai'"
        + " (the arXiv OAI snapshot; .gz works too), or start with 'serve --ingest FILE'.%n%n");
    out.flush();
  }
}
