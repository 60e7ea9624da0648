package org.paperrec.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.paperrec.embed.ModelBuild;
import org.paperrec.recommend.Filter;
import org.paperrec.recommend.Library.IngestCounts;
import org.paperrec.recommend.Page;
import org.paperrec.server.Engine;
import org.paperrec.server.corpus.CorpusFormat;
import org.paperrec.server.corpus.CorpusSummary;
import org.paperrec.server.corpus.PaperStream;
import org.paperrec.store.Paper;

/**
 * End to end on real papers: ingest the first N papers of a JSON-lines corpus (the arxiv-cs layout)
 * into a fresh data folder with the real model, then reopen it and time start-up (index load) and
 * similar-papers queries.
 *
 * <pre>
 * mvn -q -Pbench -DskipTests install
 * mvn -q -Pbench -pl bench exec:exec@ingest -Dbench.args="CORPUS_DIR_OR_FILE N BUILD THREADS"
 * </pre>
 *
 * Defaults: {@code ../../shared/data/arxiv-cs} (read in place, never copied), N = 2000, int8, 2
 * threads. The data folder is a temporary one, deleted at the end.
 */
public final class IngestBenchmark {

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args.length > 0 ? args[0] : "../../shared/data/arxiv-cs");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    ModelBuild build = args.length > 2 ? ModelBuild.parse(args[2]) : ModelBuild.INT8;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    if (!Files.exists(corpus)) {
      System.err.println("corpus not found: " + corpus + " (pass a JSON-lines file or folder as the first argument)");
      System.exit(2);
    }
    List<Path> files = files(corpus);
    Path data = Files.createTempDirectory("paperrec-bench-");
    try {
      System.out.printf("ingest of %d papers from %s, model %s, %d threads, %d processors%n",
          n, corpus, build, threads, Runtime.getRuntime().availableProcessors());
      long t0 = System.nanoTime();
      IngestCounts counts;
      try (Engine engine = Engine.open(data, build, threads)) {
        long t1 = System.nanoTime();
        counts = engine.library().ingest(firstPapers(files, n), engine.embedPool(), c -> {});
        engine.store().flush();
        double seconds = (System.nanoTime() - t1) / 1e9;
        System.out.printf("model load + empty store open: %.1f s%n", (t1 - t0) / 1e9);
        System.out.printf("ingest: %d papers in %.1f s = %.1f papers/s (%d failed)%n",
            counts.total(), seconds, counts.total() / seconds, counts.failed());
      }
      System.out.printf("data folder: %.1f MB%n", size(data) / 1e6);

      long t2 = System.nanoTime();
      try (Engine engine = Engine.open(data, build, 1)) {
        System.out.printf("reopen (model load + index load of %d vectors): %.2f s%n",
            engine.library().size(), (System.nanoTime() - t2) / 1e9);
        List<String> ids = new ArrayList<>();
        engine.store().forEachPaper(p -> ids.add(p.id()));
        double[] ms = new double[Math.min(200, ids.size())];
        for (int round = 0; round < 2; round++) {
          for (int i = 0; i < ms.length; i++) {
            long q = System.nanoTime();
            engine.recommender().similar(ids.get(i * ids.size() / ms.length), new Page(10, 0), Filter.NONE);
            ms[i] = (System.nanoTime() - q) / 1e6;
          }
        }
        Arrays.sort(ms);
        System.out.printf("similar top-10 incl. store reads: median %.2f ms, p95 %.2f ms over %d queries%n",
            ms[ms.length / 2], ms[(int) (ms.length * 0.95)], ms.length);
      }
    } finally {
      try (Stream<Path> walk = Files.walk(data)) {
        walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static List<Path> files(Path corpus) throws IOException {
    if (Files.isRegularFile(corpus)) {
      return List.of(corpus);
    }
    try (Stream<Path> list = Files.list(corpus)) {
      return list.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
    }
  }

  /** The first {@code n} papers over the files, read up front so that reading is not timed. */
  private static Iterator<Paper> firstPapers(List<Path> files, int n) throws IOException {
    List<Paper> papers = new ArrayList<>(n);
    for (Path file : files) {
      try (PaperStream stream = CorpusFormat.JSONL.reader().open(file, new CorpusSummary())) {
        for (Paper p = stream.next(); p != null && papers.size() < n; p = stream.next()) {
          papers.add(p);
        }
      }
      if (papers.size() >= n) {
        break;
      }
    }
    return papers.iterator();
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
