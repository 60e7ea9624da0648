package org.paperrec.server.cli;

import java.util.concurrent.Callable;
import org.paperrec.recommend.Filter;
import org.paperrec.recommend.Page;
import org.paperrec.server.Engine;
import org.paperrec.store.PaperIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "similar",
    mixinStandardHelpOptions = true,
    description = {
      "Print the papers most similar to a paper in the data folder.",
      "Reads the folder without loading the model and works beside a running server (--model is not used)."
    })
final class SimilarCommand implements Callable<Integer> {

  @Parameters(paramLabel = "ID", description = "Any ID of the paper, in any spelling: 2501.06842, arXiv:2501.06842v2, an arxiv.org URL, DOI:10.xxxx/..., PMID:..., CorpusId:..., ...")
  String id;

  @Option(names = "--limit", defaultValue = "10", description = "Number of results, 1-" + Page.MAX_LIMIT + ". Default: ${DEFAULT-VALUE}.")
  int limit;

  @Mixin StoreOptions store;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String normalized = PaperIds.normalize(id);
    Page page = new Page(limit, 0);
    try (Engine.ReadOnly engine = Engine.openReadOnly(store.data)) {
      ResultPrinter.print(spec.commandLine().getOut(), engine.recommender().similar(normalized, page, Filter.NONE));
    }
    return 0;
  }
}
