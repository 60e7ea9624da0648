package org.paperrec.server.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.paperrec.recommend.Page;
import org.paperrec.recommend.RecommendRequest;
import org.paperrec.recommend.Recommendations;
import org.paperrec.recommend.Strategy;
import org.paperrec.server.Engine;
import org.paperrec.store.PaperIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "recommend",
    mixinStandardHelpOptions = true,
    description = {
      "Print recommendations for someone who liked (and disliked) the given papers.",
      "Reads the folder without loading the model and works beside a running server (--model is not used)."
    })
final class RecommendCommand implements Callable<Integer> {

  @Option(names = "--like", paramLabel = "ID", required = true, arity = "1..*", description = "Liked paper IDs (at least one), any ID of a paper in any spelling (2501.06842, DOI:..., PMID:...).")
  List<String> likes;

  @Option(names = "--dislike", paramLabel = "ID", arity = "1..*", description = "Disliked paper IDs: results move away from them.")
  List<String> dislikes = List.of();

  @Option(
      names = "--strategy",
      description = "centroid, best_score or multi_interest. Default: the API's default (best_score, see docs/EVALUATION.md).")
  String strategy;

  @Option(names = "--limit", defaultValue = "10", description = "Number of results, 1-" + Page.MAX_LIMIT + ". Default: ${DEFAULT-VALUE}.")
  int limit;

  @Mixin StoreOptions store;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    RecommendRequest request =
        new RecommendRequest(
            likes.stream().map(PaperIds::normalize).toList(),
            dislikes.stream().map(PaperIds::normalize).toList(),
            strategy == null ? Strategy.DEFAULT : Strategy.parse(strategy),
            new Page(limit, 0),
            null,
            null);
    try (Engine.ReadOnly engine = Engine.openReadOnly(store.data)) {
      Recommendations recs = engine.recommender().recommend(request);
      if (!recs.unknownIds().isEmpty()) {
        spec.commandLine().getErr().println("not in the corpus, ignored: " + String.join(", ", recs.unknownIds()));
        spec.commandLine().getErr().flush();
      }
      ResultPrinter.print(spec.commandLine().getOut(), recs.results());
    }
    return 0;
  }
}
