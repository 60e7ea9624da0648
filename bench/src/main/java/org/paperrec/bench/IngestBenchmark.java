package org.paperrec.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.paperrec.embed.Embedder;
import org.paperrec.embed.ModelBuild;
import org.paperrec.embed.OnnxEmbedder;
import org.paperrec.recommend.Filter;
import org.paperrec.recommend.Library.IngestCounts;
import org.paperrec.recommend.Page;
import org.paperrec.server.Engine;
import org.paperrec.store.Paper;

/**
 * End to end on real papers: the raw model throughput on the first N papers of a JSON-lines corpus
 * (the arxiv-cs layout), then the ingest of the same N papers into a fresh data folder with the
 * real model, and their ratio; then reopen the folder and time start-up (index load) and
 * similar-papers queries. The one place both throughputs are measured; {@code EndToEndBenchmark
 * --mode ingest} calls {@link #measure}.
 *
 * <pre>
 * mvn -q -Pbench -pl bench -am package -DskipTests
 * mvn -q -Pbench -pl bench exec:exec@ingest -Dbench.args="CORPUS_DIR_OR_FILE N BUILD THREADS"
 * </pre>
 *
 * Defaults: the arxiv-cs corpus at {@code ../shared/data/arxiv-cs} from the repository root (read
 * in place, never copied), N = 2000, int8, one thread per core. The data folder is a temporary one,
 * deleted at the end.
 */
public final class IngestBenchmark {

  /**
   * What one measurement found.
   *
   * @param papers papers embedded by each of the two measurements
   * @param threads predictors and caller threads of the raw measurement, embedding threads of the ingest
   * @param rawTextsPerSecond {@code embedDocument(title, abstract)} calls per second on {@code threads} threads
   * @param modelLoadSeconds model load and empty store open before the ingest
   * @param ingestSeconds {@code Library.ingest} of the papers, store flush included
   * @param ingested papers the ingest counted (added and failed)
   * @param failed papers the ingest could not embed or store
   * @param dataBytes size of the data folder after the ingest
   * @param reopenSeconds model load and index load when the folder is opened again
   * @param similarMedianMs similar top-10 over the reopened folder, store reads included: median
   * @param similarP95Ms and 95th percentile
   */
  public record Result(
      int papers, int threads, double rawTextsPerSecond, double modelLoadSeconds, double ingestSeconds,
      long ingested, long failed, long dataBytes, double reopenSeconds, double similarMedianMs, double similarP95Ms) {

    public double ingestPapersPerSecond() {
      return ingested / ingestSeconds;
    }

    /** Ingest throughput over raw model throughput: 1 means embedding is the whole cost. */
    public double ratio() {
      return ingestPapersPerSecond() / rawTextsPerSecond;
    }
  }

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path corpus = args.length > 0 ? Path.of(args[0]) : RealCorpus.defaultPath();
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    ModelBuild build = args.length > 2 ? ModelBuild.parse(args[2]) : ModelBuild.INT8;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
    Result r;
    try {
      r = measure(corpus, n, build, threads);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.out.printf("raw model: %.1f texts/s (%d threads, %d predictors)%n", r.rawTextsPerSecond(), threads, threads);
    System.out.printf("model load + empty store open: %.1f s%n", r.modelLoadSeconds());
    System.out.printf("ingest: %d papers in %.1f s = %.1f papers/s (%d failed), %.2f of the raw model rate%n",
        r.ingested(), r.ingestSeconds(), r.ingestPapersPerSecond(), r.failed(), r.ratio());
    System.out.printf("data folder: %.1f MB%n", r.dataBytes() / 1e6);
    System.out.printf("reopen (model load + index load): %.2f s%n", r.reopenSeconds());
    System.out.printf("similar top-10 incl. store reads: median %.2f ms, p95 %.2f ms%n", r.similarMedianMs(), r.similarP95Ms());
  }

  /**
   * Measures raw model throughput and then ingest throughput on the first {@code n} papers of
   * {@code corpus}, in this order and in this process.
   *
   * @throws IllegalArgumentException when the corpus is missing
   */
  public static Result measure(Path corpus, int n, ModelBuild build, int threads) throws Exception {
    List<Paper> papers = RealCorpus.read(corpus, n); // read up front: reading is not timed
    System.out.printf("%d papers from %s, model %s, %d threads, %d processors%n",
        papers.size(), corpus, build, threads, Runtime.getRuntime().availableProcessors());

    // Raw model: the very text ingest embeds (Embedder.documentText), on as many threads as ingest uses.
    List<String> texts = papers.stream().map(p -> Embedder.documentText(p.title(), p.abstractText())).toList();
    double raw;
    try (OnnxEmbedder embedder = OnnxEmbedder.load(OnnxEmbedder.Config.of(build, threads))) {
      EmbedderThroughputBenchmark.run(embedder, texts.subList(0, Math.min(texts.size(), 10 * threads)), 1, threads);
      long t = System.nanoTime();
      int embedded = EmbedderThroughputBenchmark.run(embedder, texts, 1, threads);
      raw = embedded / ((System.nanoTime() - t) / 1e9);
    }

    Path data = Files.createTempDirectory("paperrec-bench-");
    try {
      long t0 = System.nanoTime();
      IngestCounts counts;
      double load;
      double ingest;
      try (Engine engine = Engine.open(data, build, threads)) {
        long t1 = System.nanoTime();
        counts = engine.library().ingest(papers.iterator(), engine.embedPool(), c -> {});
        engine.store().flush();
        ingest = (System.nanoTime() - t1) / 1e9;
        load = (t1 - t0) / 1e9;
      }
      long bytes = size(data);

      long t2 = System.nanoTime();
      try (Engine engine = Engine.open(data, build, 1)) {
        double reopen = (System.nanoTime() - t2) / 1e9;
        List<String> ids = new ArrayList<>();
        engine.store().forEachPaper(p -> ids.add(p.id()));
        double[] ms = new double[Math.min(200, ids.size())];
        for (int round = 0; round < 2; round++) { // round 0 warms up
          for (int i = 0; i < ms.length; i++) {
            long q = System.nanoTime();
            engine.recommender().similar(ids.get(i * ids.size() / ms.length), new Page(10, 0), Filter.NONE);
            ms[i] = (System.nanoTime() - q) / 1e6;
          }
        }
        Arrays.sort(ms);
        return new Result(papers.size(), threads, raw, load, ingest, counts.total(), counts.failed(), bytes, reopen,
            ms[ms.length / 2], ms[(int) (ms.length * 0.95)]);
      }
    } finally {
      try (Stream<Path> walk = Files.walk(data)) {
        walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  static long size(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
