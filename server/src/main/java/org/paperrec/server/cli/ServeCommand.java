package org.paperrec.server.cli;

import io.javalin.Javalin;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.paperrec.server.Engine;
import org.paperrec.server.corpus.CorpusFormat;
import org.paperrec.server.corpus.CorpusSummary;
import org.paperrec.server.corpus.DemoCorpus;
import org.paperrec.server.corpus.PaperStream;
import org.paperrec.server.harvest.HarvestScheduler;
import org.paperrec.server.harvest.HarvestSource;
import org.paperrec.server.harvest.Harvester;
import org.paperrec.server.harvest.Schedule;
import org.paperrec.server.harvest.SourceStatus;
import org.paperrec.server.http.ApiSettings;
import org.paperrec.server.http.HttpApi;
import org.paperrec.server.http.Transport;
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
      "Admin routes (POST/DELETE /v1/papers, GET /v1/sources) need PAPERREC_ADMIN_TOKEN set; without it they answer 403.",
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

  @Mixin HarvestOptions remote;

  @Mixin TransportOptions transport;

  @Mixin StoreOptions store;

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
    Transport transportSettings = transport.settings();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    // Listen at once: /health says "starting" while the model, the store and the search index open.
    Javalin starting = HttpApi.starting(transportSettings);
    starting.start(host, port);
    int boundPort = starting.port();
    String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + boundPort;
    out.printf("paperrec listening on %s (starting: opening data %s)%n", url, store.data);
    out.flush();

    Engine engine;
    try {
      engine = Engine.open(store.data, store.model, store.effectiveThreads(), new IndexProgress(err));
    } catch (RuntimeException e) {
      starting.stop();
      throw e;
    }
    AtomicBoolean ready = new AtomicBoolean();
    HarvestScheduler harvester = sources.isEmpty() ? null : new HarvestScheduler(
        new Harvester(engine.library(), engine.store(), engine.embedPool(), Clock.systemUTC()), sources, schedule,
        Clock.systemUTC());
    Schedule shownSchedule = schedule;
    Javalin app;
    try {
      List<String> origins = corsOrigins.stream().filter(o -> !o.isBlank()).toList();
      app = HttpApi.create(
          engine.library(), engine.recommender(), engine.profiles(), new ApiSettings(adminToken, origins, transportSettings),
          ready::get,
          () -> SourceStatus.list(engine.store(), shownSchedule, harvester == null ? Map.of() : harvester.nextRuns()));
      // The port is free again once the starting app has stopped; clients see a refused connection
      // for the few milliseconds in between at most.
      starting.stop();
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
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      committer.shutdownNow();
      if (harvester != null) {
        harvester.close(); // stops after the page being applied; its cursor is saved
      }
      app.stop();
      engine.close();
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
            CorpusIngest.run(engine, demo, "demo corpus", summary, err);
          }
        }
        ready.set(true);
        printReady(out, url, engine.library().size());
        for (Path file : ingest) {
          CorpusFormat f = forced != null ? forced : CorpusFormat.detect(file);
          CorpusSummary summary = new CorpusSummary();
          try (PaperStream stream = f.reader().open(file, summary)) {
            CorpusIngest.run(engine, stream, file.getFileName().toString(), summary, err);
          }
        }
      } catch (Exception e) {
        LOG.error("background ingest stopped: {}", Failures.oneLine(e), e);
        ready.set(true);
      }
      if (harvester != null) {
        harvester.start();
      }
    }, "paperrec-ingest");
    loader.setDaemon(true);
    loader.start();
    stopped.await();
    return 0;
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
