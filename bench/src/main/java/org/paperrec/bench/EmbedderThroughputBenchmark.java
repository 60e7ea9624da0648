package org.paperrec.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.paperrec.embed.Embedder;
import org.paperrec.embed.ModelBuild;
import org.paperrec.embed.OnnxEmbedder;

/**
 * Texts per second of {@link OnnxEmbedder} on abstract-length texts, for each build and a few pool
 * shapes.
 *
 * <pre>
 * mvn -q -Pbench -pl bench -am package -DskipTests
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.paperrec.bench.EmbedderThroughputBenchmark [PATH PASSES]
 * </pre>
 *
 * <p>PATH is a plain-text file whose paragraphs (separated by blank lines) of at least 400
 * characters are taken as abstracts; default the seed page {@value #DEFAULT_TEXTS} under the repository root. PASSES timed
 * passes over them per configuration, default 3, after one untimed warm-up pass.
 */
public final class EmbedderThroughputBenchmark {

  static final String DEFAULT_TEXTS = "server/src/main/resources/org/paperrec/server/demo/daily-papers-page.txt";
  private static final int MIN_ABSTRACT_CHARS = 400;

  private EmbedderThroughputBenchmark() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path path = args.length > 0 ? Path.of(args[0]) : RepoRoot.find().resolve(DEFAULT_TEXTS);
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<String> texts = abstracts(path);
    System.out.printf(
        "%d abstracts from %s, mean %.0f chars, %d timed passes, %d processors%n",
        texts.size(), path, texts.stream().mapToInt(String::length).average().orElse(0), passes,
        Runtime.getRuntime().availableProcessors());

    List<OnnxEmbedder.Config> configs = new ArrayList<>();
    for (ModelBuild build : ModelBuild.values()) {
      configs.add(new OnnxEmbedder.Config(build, 1, 1));
      configs.add(new OnnxEmbedder.Config(build, 2, 1));
      configs.add(new OnnxEmbedder.Config(build, 1, 2));
    }
    for (OnnxEmbedder.Config config : configs) {
      try (OnnxEmbedder embedder = OnnxEmbedder.load(config)) {
        run(embedder, texts, 1, config.predictors()); // warm-up
        long start = System.nanoTime();
        int embedded = run(embedder, texts, passes, config.predictors());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "%-4s caller threads=%d predictors=%d intraOpThreads=%d: %6.1f abstracts/s (%d in %.1f s)%n",
            config.build(), config.predictors(), config.predictors(), config.intraOpThreads(),
            embedded / seconds, embedded, seconds);
      }
    }
  }

  /** Embeds every text {@code passes} times, spread over {@code threads} caller threads. */
  static int run(Embedder embedder, List<String> texts, int passes, int threads)
      throws InterruptedException {
    int total = texts.size() * passes;
    AtomicInteger next = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                  embedder.embed(texts.get(i % texts.size()));
                }
              },
              "benchmark-caller-" + t);
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    return total;
  }

  private static List<String> abstracts(Path path) throws IOException {
    List<String> texts = new ArrayList<>();
    for (String paragraph : Files.readString(path).split("\\R\\s*\\R")) {
      if (paragraph.strip().length() >= MIN_ABSTRACT_CHARS) {
        texts.add(paragraph.strip());
      }
    }
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("no paragraph of " + MIN_ABSTRACT_CHARS + "+ characters in " + path);
    }
    return texts;
  }
}
