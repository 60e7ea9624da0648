package org.paperrec.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.paperrec.embed.ModelBuild;
import org.paperrec.embed.OnnxEmbedder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end benchmark: a synthetic corpus of any size in the import format, imported into a
 * data folder, served by a child {@code paperrec serve} process and measured over HTTP on
 * 127.0.0.1, as the goals state them (time to ready, memory, similar-by-ID QPS and latency at
 * saturation beside {@code /health}, recall@10 against exact search, recommendations per strategy
 * and number of likes, search and filtered queries). Prints a Markdown block and writes it to
 * {@code WORK/results-<papers>.md}. {@code --mode ingest} measures ingest against raw model
 * throughput instead ({@link IngestBenchmark#measure}).
 *
 * <pre>
 * mvn -q -Pbench -pl bench -am package -DskipTests
 * java -Xmx4g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.paperrec.bench.EndToEndBenchmark \
 *     --papers 100000 --rounds 3 --xmx 2g --duration 20s --connections 8 [--build-via store]
 * </pre>
 *
 * <p>Bounded: every load phase stops after {@code --duration} or its request count, every child
 * process is stopped at the end of its phase and killed if the benchmark exits early. The
 * generated folder is kept in WORK and reused while its parameters ({@code synthetic-N.params})
 * are unchanged; the data folder is rebuilt every run (its build time is a result) unless
 * {@code --reuse-data}.
 */
@Command(name = "e2e", mixinStandardHelpOptions = true, sortOptions = false,
    description = "End-to-end benchmark of paperrec over HTTP on a synthetic corpus (see docs/BENCHMARKS.md).")
public final class EndToEndBenchmark implements Callable<Integer> {

  enum Mode { serve, ingest }

  enum BuildVia { IMPORT, STORE }

  static final List<String> STRATEGIES = List.of("best_score", "centroid", "multi_interest");
  static final int[] LIKES = {5, 50, 500};
  /** Likes taken from one cluster at most: more likes means more interests, as with real readers. */
  static final int LIKES_PER_CLUSTER = 25;
  static final int LIMIT = 10;
  static final long ARXIV_PAPERS = 2_900_000;

  @Option(names = "--mode", description = "serve (default): the HTTP benchmark; ingest: ingest vs raw model throughput")
  Mode mode = Mode.serve;

  @Option(names = "--papers", description = "Synthetic papers. Default: ${DEFAULT-VALUE}.")
  int papers = 100_000;

  @Option(names = "--work", description = "Working folder for generated data, logs, results. Default: bench/target/e2e.")
  Path work;

  @Option(names = "--jar", description = "The paperrec jar. Default: server/target/paperrec.jar.")
  Path jar;

  @Option(names = "--corpus", description = "Real arxiv-cs JSON lines for titles and abstracts. Default: ../shared/data/arxiv-cs from the repository root.")
  Path corpus;

  @Option(names = "--build-via", converter = BuildViaConverter.class,
      description = "import (default): `paperrec import GEN_DIR --data DATA`; store: in-process PaperStore.putAll (fallback).")
  BuildVia buildVia = BuildVia.IMPORT;

  @Option(names = "--reuse-data", description = "Keep a data folder built by an earlier run with the same parameters.")
  boolean reuseData;

  @Option(names = "--rounds", description = "Server restarts, each measured in full; medians are reported. Default: ${DEFAULT-VALUE}.")
  int rounds = 3;

  @Option(names = "--xmx", description = "Server heap. Default: ${DEFAULT-VALUE}.")
  String xmx = "2g";

  @Option(names = "--duration", converter = DurationConverter.class, description = "Per saturation phase, e.g. 20s. Default: 20s.")
  Duration duration = Duration.ofSeconds(20);

  @Option(names = "--connections", description = "Connections at saturation. Default: ${DEFAULT-VALUE}.")
  int connections = 8;

  @Option(names = "--requests", description = "Requests per latency case (recommendations, search, filters), at most. Default: ${DEFAULT-VALUE}.")
  int requests = 50;

  @Option(names = "--recall-queries", description = "Sampled query papers for recall@10. Default: ${DEFAULT-VALUE}.")
  int recallQueries = 200;

  @Option(names = "--seed", description = "Seeds the corpus and every sample. Default: ${DEFAULT-VALUE}.")
  long seed = 42;

  @Option(names = "--ready-timeout", converter = DurationConverter.class, description = "Give up on a start after this. Default: 600s.")
  Duration readyTimeout = Duration.ofSeconds(600);

  @Option(names = "--ingest-papers", description = "--mode ingest: real papers embedded. Default: ${DEFAULT-VALUE}.")
  int ingestPapers = 2000;

  @Option(names = "--threads", description = "--mode ingest: embedding threads. Default: one per core.")
  int threads = Runtime.getRuntime().availableProcessors();

  private String commandLine;

  public static void main(String[] args) {
    EndToEndBenchmark benchmark = new EndToEndBenchmark();
    benchmark.commandLine = "EndToEndBenchmark " + String.join(" ", args);
    System.exit(new CommandLine(benchmark).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path root = RepoRoot.find();
    work = (work != null ? work : root.resolve("bench/target/e2e")).toAbsolutePath().normalize();
    jar = (jar != null ? jar : root.resolve("server/target/paperrec.jar")).toAbsolutePath().normalize();
    corpus = corpus != null ? corpus : RealCorpus.defaultPath();
    if (papers < 1000 || rounds < 1 || connections < 1 || requests < 1 || recallQueries < 1) {
      throw new IllegalArgumentException("--papers must be at least 1000 and --rounds, --connections, --requests,"
          + " --recall-queries positive; papers=" + papers + ", rounds=" + rounds + ", connections=" + connections);
    }
    Files.createDirectories(work);
    Report report = new Report();
    Machine.describe(report, commandLine);
    String title;
    if (mode == Mode.ingest) {
      title = "ingest vs raw model throughput, " + ingestPapers + " real papers";
      ingest(report);
    } else {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException("no paperrec jar at " + jar + "; build it with `mvn -q -pl server -am -DskipTests package`");
      }
      title = String.format(Locale.ROOT, "end to end, %,d synthetic papers", papers);
      serve(report);
    }
    String md = "### " + title + "\n\n" + report.markdown() + (mode == Mode.serve ? "\n" + extrapolation(report) : "");
    System.out.println();
    System.out.println(md);
    Path out = work.resolve(mode == Mode.ingest ? "results-ingest-" + ingestPapers + ".md" : "results-" + papers + ".md");
    Files.writeString(out, md);
    System.out.println("written to " + out);
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // --mode ingest

  private void ingest(Report report) throws Exception {
    IngestBenchmark.Result r = IngestBenchmark.measure(corpus, ingestPapers, ModelBuild.INT8, threads);
    report.note("corpus", r.papers() + " real papers of " + corpus + ", int8, " + r.threads() + " threads");
    report.add("raw model throughput (embedDocument, " + r.threads() + " predictors on " + r.threads() + " threads)",
        "texts/s", "%.1f", r.rawTextsPerSecond());
    report.add("ingest throughput (Library.ingest, store flush included)", "papers/s", "%.1f", r.ingestPapersPerSecond());
    report.add("ingest / raw model", "ratio", "%.2f", r.ratio());
    report.add("ingest failures", "papers", "%.0f", r.failed());
    report.add("model load + empty store open", "s", "%.2f", r.modelLoadSeconds());
    report.add("data folder per paper", "bytes", "%.0f", r.dataBytes() / (double) r.ingested());
    report.add("reopen (model + index load)", "s", "%.2f", r.reopenSeconds());
    report.add("similar top-10 in process, median", "ms", "%.2f", r.similarMedianMs());
  }

  // ---------------------------------------------------------------------------------------------
  // --mode serve

  private void serve(Report report) throws Exception {
    String model = fingerprint();
    SyntheticCorpus synthetic = new SyntheticCorpus(SyntheticCorpus.Spec.defaults(papers, seed, model));
    Path gen = work.resolve("synthetic-" + papers);
    generate(synthetic, gen, report);
    ImportDir source = ImportDir.open(gen);

    Path data = work.resolve("data-" + papers);
    build(synthetic, gen, source, data, report);

    Workload workload = Workload.prepare(synthetic, source, recallQueries, requests, seed, work);
    String since = synthetic.sinceOnePercent().toString();
    report.note("synthetic corpus", String.format(Locale.ROOT,
        "%,d papers, %s; `since=%s` keeps %,d (%.2f%%), `category=%s` keeps %,d (%.2f%%)", papers, synthetic.spec(),
        since, synthetic.keptBySince(), 100.0 * synthetic.keptBySince() / papers, SyntheticCorpus.RARE_CATEGORY,
        workload.rareCategoryPapers(), 100.0 * workload.rareCategoryPapers() / papers));
    boolean wrk = Wrk.available();
    report.note("load generator", (wrk ? "wrk (2 threads)" : "Java HttpClient (wrk not found)") + ", " + connections
        + " connections, " + duration.toSeconds() + " s per saturation phase, on the same 2 cores as the server;"
        + " latency cases: one request at a time, at most " + requests + " each");

    for (int round = 1; round <= rounds; round++) {
      System.out.printf("%n== round %d of %d ==%n", round, rounds);
      round(round, data, workload, since, wrk, report);
    }
  }

  private void generate(SyntheticCorpus synthetic, Path gen, Report report) throws IOException {
    Path params = work.resolve("synthetic-" + papers + ".params");
    String wanted = synthetic.spec() + "\ncorpus=" + corpus.toAbsolutePath().normalize() + "\n";
    if (Files.isRegularFile(params) && Files.readString(params).equals(wanted)
        && Files.isRegularFile(gen.resolve(SyntheticCorpus.MANIFEST))) {
      System.out.println("synthetic corpus up to date: " + gen);
      report.note("generation", "reused " + gen);
      return;
    }
    Files.deleteIfExists(params);
    SyntheticCorpus.deleteGenerated(gen);
    System.out.println("reading real texts from " + corpus);
    List<org.paperrec.store.Paper> texts = RealCorpus.read(corpus, Integer.MAX_VALUE);
    System.out.printf("generating %,d papers (texts cycled from %,d real papers) into %s%n", papers, texts.size(), gen);
    long t = System.nanoTime();
    synthetic.write(gen, texts, done -> System.out.printf("  %,d rows%n", done));
    double s = (System.nanoTime() - t) / 1e9;
    Files.writeString(params, wanted);
    report.note("generation", String.format(Locale.ROOT, "%.1f s, %.0f MB (texts from %,d real papers)", s,
        IngestBenchmark.size(gen) / 1e6, texts.size()));
  }

  private void build(SyntheticCorpus synthetic, Path gen, ImportDir source, Path data, Report report)
      throws IOException, InterruptedException {
    Path marker = work.resolve("data-" + papers + ".built");
    String wanted = synthetic.spec() + "\nvia=" + buildVia + "\n";
    if (reuseData && Files.isRegularFile(marker) && Files.readString(marker).equals(wanted) && Files.isDirectory(data)) {
      System.out.println("reusing data folder " + data);
      report.note("data folder", "reused " + data + " (built via " + buildVia.name().toLowerCase(Locale.ROOT) + ")");
    } else {
      Files.deleteIfExists(marker);
      deleteTree(data);
      long t = System.nanoTime();
      String what;
      if (buildVia == BuildVia.IMPORT) {
        List<String> command = List.of(ServerProcess.javaBinary(), "-jar", jar.toString(), "import", gen.toString(),
            "--data", data.toString());
        System.out.println("import: " + String.join(" ", command));
        Path log = work.resolve("import-" + papers + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ChildProcesses.register(p);
        int exit = p.waitFor();
        ChildProcesses.unregister(p);
        if (exit != 0) {
          throw new IOException("`paperrec import` failed with exit code " + exit + "; see " + log
              + " (until the import command exists, pass --build-via store)");
        }
        what = "time to import (`paperrec import`, child process, JVM start included)";
      } else {
        System.out.println("building the data folder in process (PaperStore.putAll): " + data);
        long n = StoreBuild.build(source, data);
        if (n != papers) {
          throw new IOException("wrote " + n + " papers, expected " + papers);
        }
        what = "time to build the store in process (--build-via store: PaperStore.putAll, not `paperrec import`)";
      }
      report.add(what, "s", "%.1f", (System.nanoTime() - t) / 1e9);
      Files.writeString(marker, wanted);
    }
    report.add("data folder on disk", "MB", "%.0f", IngestBenchmark.size(data) / 1e6);
  }

  private void round(int round, Path data, Workload w, String since, boolean wrk, Report report) throws Exception {
    String jvmHeap = "-Xmx" + xmx;
    try (ServerProcess server = ServerProcess.start(jar, data, List.of(jvmHeap, "-Dai.djl.offline=true"),
        work.resolve("server-" + papers + "-round" + round + ".log"))) {
      ServerProcess.Startup s = server.awaitReady(readyTimeout);
      System.out.printf("listening after %.2f s, ready after %.2f s%n", s.listenSeconds(), s.readySeconds());
      report.add("time to listen (process start to first /health answer)", "s", "%.2f", s.listenSeconds());
      report.add("time to ready (process start to /health \"ready\")", "s", "%.2f", s.readySeconds());
      report.note("/health said \"starting\" before \"ready\"", s.listenedBeforeReady()
          ? (s.sawStarting() ? "yes" : "NO: it listened before ready without saying \"starting\"")
          : "not applicable: the server listened only once ready");

      ServerProcess.Memory ready = server.memory();
      report.add("RSS after ready (VmRSS)", "MB", "%.0f", ready.rssMb());
      report.add("RSS after ready per paper", "bytes", "%.0f", ready.rssMb() * 1e6 / papers);
      report.add("heap used after full GC, after ready (jcmd GC.heap_info)", "MB", "%.0f", ready.heapUsedMb());
      report.add("heap used after full GC per paper", "bytes", "%.0f", ready.heapUsedMb() * 1e6 / papers);

      String base = server.baseUrl();
      HttpLoad http = new HttpLoad();
      Duration warmUp = duration.dividedBy(4).compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : duration.dividedBy(4);
      saturate(base, w.similarPaths(), warmUp, wrk, http); // JIT warm-up, not reported
      Latencies similar = saturate(base, w.similarPaths(), duration, wrk, http);
      Latencies health = saturate(base, w.healthPaths(), duration, wrk, http);
      String at = " at saturation, " + connections + " connections";
      report.add("similar by ID, limit=10: QPS" + at, "req/s", "%.0f", similar.qps());
      report.add("similar by ID: p50" + at, "ms", "%.2f", similar.p50Ms());
      report.add("similar by ID: p99" + at, "ms", "%.2f", similar.p99Ms());
      report.add("similar by ID: errors", "requests", "%.0f", similar.errors());
      report.add("/health QPS" + at + " (same round)", "req/s", "%.0f", health.qps());
      report.add("/health p99" + at, "ms", "%.2f", health.p99Ms());

      report.add("recall@10 of similar vs exact (" + w.recallIds().size() + " queries)", "", "%.4f", recall(base, w, http));

      for (String strategy : STRATEGIES) {
        for (int likes : LIKES) {
          List<String> bodies = w.recommendationBodies(likes, strategy);
          Latencies l = sequential(http, i -> HttpLoad.postJson(base + "/v1/recommendations", bodies.get(i % bodies.size())),
              results(LIMIT), bodies.size());
          String name = "recommendations " + strategy + ", " + likes + " likes";
          report.add(name + ": p50", "ms", "%.1f", l.p50Ms());
          report.add(name + ": p99", "ms", "%.1f", l.p99Ms());
          if (l.errors() > 0) {
            report.add(name + ": errors or short answers", "requests", "%.0f", l.errors());
          }
          if (l.count() + l.errors() < bodies.size()) { // a slow case: say how few requests its percentiles rest on
            report.add(name + ": requests within --duration", "requests", "%.0f", l.count());
          }
          System.out.printf("%s: p50 %.1f ms, p99 %.1f ms (%d requests, %d errors)%n", name, l.p50Ms(), l.p99Ms(), l.count(), l.errors());
        }
      }

      List<String> queries = w.searchQueries();
      String cat = "&category=" + SyntheticCorpus.RARE_CATEGORY;
      String sinceParam = "&since=" + since;
      latencyCase(report, http, "search `GET /v1/search?q=<title>&limit=10`", i -> base + "/v1/search?limit=10&q=" + q(queries, i), queries.size());
      latencyCase(report, http, "filtered search, since (1%)", i -> base + "/v1/search?limit=10&q=" + q(queries, i) + sinceParam, queries.size());
      latencyCase(report, http, "filtered search, category (1%)", i -> base + "/v1/search?limit=10&q=" + q(queries, i) + cat, queries.size());
      List<String> ids = w.filterIds();
      latencyCase(report, http, "similar by ID, one at a time", i -> base + "/v1/papers/" + ids.get(i % ids.size()) + "/similar?limit=10", ids.size());
      latencyCase(report, http, "filtered similar, since (1%)", i -> base + "/v1/papers/" + ids.get(i % ids.size()) + "/similar?limit=10" + sinceParam, ids.size());
      latencyCase(report, http, "filtered similar, category (1%)", i -> base + "/v1/papers/" + ids.get(i % ids.size()) + "/similar?limit=10" + cat, ids.size());

      ServerProcess.Memory end = server.memory();
      report.add("RSS at the end of the round (VmRSS)", "MB", "%.0f", end.rssMb());
      report.add("peak RSS over the round (VmHWM)", "MB", "%.0f", end.hwmMb());
      report.add("heap used after full GC, end of round", "MB", "%.0f", end.heapUsedMb());
      long t = System.nanoTime();
      server.close();
      report.add("shutdown (SIGTERM to exit)", "s", "%.2f", (System.nanoTime() - t) / 1e9);
    }
  }

  private Latencies saturate(String base, Path paths, Duration d, boolean wrk, HttpLoad http) throws Exception {
    if (wrk) {
      return Wrk.run(base, paths, connections, d, work);
    }
    List<String> lines = Files.readAllLines(paths);
    return http.run(i -> HttpLoad.get(base + lines.get(i % lines.size())), body -> true, connections, Integer.MAX_VALUE / 4, d);
  }

  private Latencies sequential(HttpLoad http, IntFunction<java.net.http.HttpRequest> request, Predicate<String> check, int count)
      throws InterruptedException {
    http.run(request, body -> true, 1, Math.min(3, count), duration.dividedBy(4)); // warm-up of this route
    return http.run(request, check, 1, count, duration);
  }

  /** One request at a time; each answer must hold {@value #LIMIT} results, else it counts as short. */
  private void latencyCase(Report report, HttpLoad http, String name, IntFunction<String> url, int count)
      throws InterruptedException {
    Latencies l = sequential(http, i -> HttpLoad.get(url.apply(i)), results(LIMIT), count);
    report.add(name + ": p50", "ms", "%.2f", l.p50Ms());
    report.add(name + ": p99", "ms", "%.2f", l.p99Ms());
    report.add(name + ": answers with fewer than " + LIMIT + " results or errors", "of " + (l.count() + l.errors()), "%.0f", l.errors());
    System.out.printf("%s: p50 %.2f ms, p99 %.2f ms (%d requests, %d short or failed)%n", name, l.p50Ms(), l.p99Ms(), l.count(), l.errors());
  }

  private static Predicate<String> results(int limit) {
    return body -> {
      try {
        return ServerProcess.json(body).path("results").size() == limit;
      } catch (IOException e) {
        return false;
      }
    };
  }

  /** Mean over the sampled queries of |server top-10 ∩ exact top-10| / 10; a result tying the exact 10th score counts. */
  private static double recall(String base, Workload w, HttpLoad http) throws Exception {
    double sum = 0;
    for (int q = 0; q < w.recallIds().size(); q++) {
      JsonNode answer = ServerProcess.json(http.body(HttpLoad.get(base + "/v1/papers/" + w.recallIds().get(q) + "/similar?limit=10")));
      Set<String> exact = new HashSet<>(w.truth().top(q));
      float kth = w.truth().kthScore(q);
      int hits = 0;
      for (JsonNode r : answer.path("results")) {
        if (exact.contains(r.path("id").asText()) || r.path("score").floatValue() >= kth - 1e-6f) {
          hits++;
        }
      }
      sum += Math.min(hits, LIMIT) / (double) LIMIT;
    }
    return sum / w.recallIds().size();
  }

  private static String q(List<String> queries, int i) {
    return URLEncoder.encode(queries.get(i % queries.size()), StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------
  // Extrapolation

  private String extrapolation(Report r) {
    double factor = ARXIV_PAPERS / (double) papers;
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "#### Extrapolation to 2.9M papers (x %.1f = 2,900,000 / %,d), from the medians above%n%n", factor, papers));
    sb.append("Upper bounds for memory: fixed costs (JVM, model, code) are counted per paper here.\n\n");
    line(sb, r, "RSS after ready", "RSS after ready (VmRSS)", factor, "MB");
    line(sb, r, "heap after full GC", "heap used after full GC, after ready (jcmd GC.heap_info)", factor, "MB");
    line(sb, r, "data folder", "data folder on disk", factor, "MB");
    String build = buildVia == BuildVia.IMPORT ? "time to import (`paperrec import`, child process, JVM start included)"
        : "time to build the store in process (--build-via store: PaperStore.putAll, not `paperrec import`)";
    line(sb, r, buildVia == BuildVia.IMPORT ? "import time" : "store build time", build, factor, "s");
    double ready = r.median("time to ready (process start to /health \"ready\")");
    sb.append(String.format(Locale.ROOT,
        "- time to ready: %.2f s; if loading is linear in papers (the in-heap index reads every vector): %.2f x %.1f = %.1f s;"
            + " a persisted index opened in place would stay near the model-load time%n", ready, ready, factor, ready * factor));
    double p50 = r.median("similar by ID, one at a time: p50");
    double logFactor = Math.log(ARXIV_PAPERS) / Math.log(papers);
    sb.append(String.format(Locale.ROOT,
        "- similar by ID, one at a time, p50: %.2f ms; exact scan (linear): %.2f x %.1f = %.1f ms;"
            + " graph search (HNSW, cost ~ log N): %.2f x ln(2.9M)/ln(%,d) = %.2f x %.2f = %.2f ms%n",
        p50, p50, factor, p50 * factor, p50, papers, p50, logFactor, p50 * logFactor));
    return sb.toString();
  }

  private static void line(StringBuilder sb, Report r, String label, String metric, double factor, String unit) {
    double v = r.median(metric);
    sb.append(String.format(Locale.ROOT, "- %s: %.1f %s x %.1f = %.1f %s%n", label, v, unit, factor, v * factor, unit));
  }

  // ---------------------------------------------------------------------------------------------

  private static String fingerprint() {
    // The int8 build's fingerprint: what a data folder made by the server records (ModelBuild.INT8 is its default).
    try (OnnxEmbedder embedder = OnnxEmbedder.load(OnnxEmbedder.Config.of(ModelBuild.INT8, 1))) {
      return embedder.fingerprint().toString();
    }
  }

  /** Deletes a folder this benchmark created (the data folder under WORK). */
  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(v.endsWith("s") ? v.substring(0, v.length() - 1) : v));
    }
  }

  static final class BuildViaConverter implements CommandLine.ITypeConverter<BuildVia> {
    @Override
    public BuildVia convert(String value) {
      return BuildVia.valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
  }

  /** Machine, date and command line, for the report. */
  static final class Machine {
    private Machine() {}

    static void describe(Report report, String commandLine) throws IOException, InterruptedException {
      report.note("date", ZonedDateTime.now().withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      report.note("command", "`" + commandLine + "`");
      String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
      String mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .findFirst().map(l -> String.format(Locale.ROOT, "%.1f GiB",
              Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0)).orElse("unknown");
      String nproc = ServerProcess.run(List.of("nproc")).strip();
      String java = ServerProcess.run(List.of(ServerProcess.javaBinary(), "-version")).lines().findFirst().orElse("").strip();
      String load = Files.readString(Path.of("/proc/loadavg")).strip();
      report.note("machine", nproc + " cores (nproc), " + cpu + ", " + mem + " memory");
      report.note("java", java);
      report.note("load average at start (1, 5, 15 min)", load.substring(0, load.indexOf(' ', load.indexOf(' ', load.indexOf(' ') + 1) + 1)));
    }
  }
}
