package org.paperrec.server.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.paperrec.embed.OnnxEmbedder;
import org.paperrec.store.PaperStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "reembed",
    mixinStandardHelpOptions = true,
    description = {
      "Re-embed every paper in the data folder with the chosen model build, keeping all data.",
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
    try (OnnxEmbedder embedder = OnnxEmbedder.load(OnnxEmbedder.Config.of(store.model, 1))) {
      String after = embedder.fingerprint().toString();
      out.printf("re-embedding %s%n  from %s%n  to   %s%n", store.data, before.get(), after);
      out.flush();
      try (Progress progress = Progress.count("re-embedding", spec.commandLine().getErr())) {
        PaperStore.reembed(
            store.data, after, embedder.dimension(),
            paper -> embedder.embedDocument(paper.title(), paper.abstractText()),
            progress::stepTo);
      }
    }
    out.println("done");
    out.flush();
    return 0;
  }
}
