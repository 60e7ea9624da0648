package org.paperrec.server.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.paperrec.embed.OnnxEmbedder;
import org.paperrec.server.Engine;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "reembed",
    mixinStandardHelpOptions = true,
    description = {
      "Re-embed every paper in the data folder with the chosen model build, keeping all data,",
      "on --threads embedding threads (one per core by default), with a progress bar.",
      "Needed after switching --model (int8 <-> fp32) or upgrading to a release with another model."
    })
final class ReembedCommand implements Callable<Integer> {

  @Mixin StoreOptions store;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Optional<String> before = PaperStore.storedModel(store.data);
    if (before.isEmpty()) {
      throw new IllegalArgumentException("no paperrec data folder at " + store.data + "; nothing to re-embed");
    }
    int threads = store.effectiveThreads();
    ExecutorService pool = Executors.newFixedThreadPool(threads, Engine.named("paperrec-reembed"));
    try (OnnxEmbedder embedder = OnnxEmbedder.load(OnnxEmbedder.Config.of(store.model, threads))) {
      String after = embedder.fingerprint().toString();
      out.printf("re-embedding %s%n  from %s%n  to   %s%n", store.data, before.get(), after);
      out.flush();
      try (Progress progress = Progress.count("re-embedding", spec.commandLine().getErr())) {
        // One predictor per thread; each batch of the store's scan is embedded across all of them.
        PaperStore.reembedInBatches(
            store.data, after, embedder.dimension(),
            papers -> embedAll(papers, embedder, pool),
            progress::stepTo);
      }
    } finally {
      pool.shutdownNow();
    }
    out.println("done");
    out.flush();
    return 0;
  }

  private static List<float[]> embedAll(List<Paper> papers, OnnxEmbedder embedder, ExecutorService pool) {
    List<Future<float[]>> futures = new ArrayList<>(papers.size());
    for (Paper paper : papers) {
      futures.add(pool.submit(() -> embedder.embedDocument(paper.title(), paper.abstractText())));
    }
    List<float[]> vectors = new ArrayList<>(papers.size());
    try {
      for (Future<float[]> future : futures) {
        vectors.add(future.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("re-embedding interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("embedding failed: " + e.getCause().getMessage(), e.getCause());
    }
    return vectors;
  }
}
