package org.paperrec.server.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.paperrec.server.eval.AuthorUsers.User;
import org.paperrec.server.eval.Rankers.UserRanker;

/**
 * The author-continuation task: for each simulated user (see {@link AuthorUsers}) a system ranks
 * every paper announced on or after the split; the user's own later papers are the relevant ones.
 * Reports recall@10 and @50, nDCG@10 and MRR@50 over users, and, beyond accuracy, the intra-list
 * diversity of each top 10 and the catalogue coverage of all top 10s together.
 */
public final class AuthorContinuation {

  /** Papers ranked per user: the cut-off of recall@50 and MRR. */
  public static final int DEPTH = 50;
  /** The list a person sees first. */
  public static final int TOP = 10;

  /**
   * One system's scores.
   *
   * @param system the system's name
   * @param recall10 recall@10 over users
   * @param recall50 recall@50 over users
   * @param ndcg10 nDCG@10 over users
   * @param mrr reciprocal rank of the first target within the top 50, over users
   * @param ild10 intra-list diversity of each top 10, over users with at least two results
   * @param coverage10 fraction of the candidate papers in at least one user's top 10
   * @param seconds wall time of the system's run
   */
  public record Scores(
      String system, MeanCi recall10, MeanCi recall50, MeanCi ndcg10, MeanCi mrr, MeanCi ild10, double coverage10,
      double seconds) {}

  private AuthorContinuation() {}

  /**
   * Runs {@code ranker} for every user on {@code pool} and scores it.
   *
   * @param corpus gives the vectors of the ranked papers, for diversity
   * @param candidateCount the number of candidate papers, the denominator of coverage
   */
  public static Scores evaluate(
      String system, UserRanker ranker, List<User> users, EvalCorpus corpus, int candidateCount, ExecutorService pool) {
    long start = System.nanoTime();
    List<List<String>> rankings = Parallel.map(users, user -> ranker.rank(user, DEPTH), pool);
    double seconds = (System.nanoTime() - start) / 1e9;
    int n = users.size();
    double[] recall10 = new double[n];
    double[] recall50 = new double[n];
    double[] ndcg10 = new double[n];
    double[] mrr = new double[n];
    List<Double> ild = new ArrayList<>(n);
    List<List<String>> tops = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      User user = users.get(i);
      List<String> ranked = rankings.get(i);
      recall10[i] = Metrics.recallAtK(ranked, user.targets(), TOP);
      recall50[i] = Metrics.recallAtK(ranked, user.targets(), DEPTH);
      ndcg10[i] = Metrics.ndcgAtK(ranked, user.targets(), TOP);
      mrr[i] = Metrics.reciprocalRank(ranked, user.targets());
      List<String> top = ranked.subList(0, Math.min(TOP, ranked.size()));
      tops.add(top);
      if (top.size() >= 2) {
        ild.add(Metrics.intraListDiversity(vectors(corpus, top)));
      }
    }
    return new Scores(
        system, MeanCi.of(recall10), MeanCi.of(recall50), MeanCi.of(ndcg10), MeanCi.of(mrr),
        MeanCi.of(ild.stream().mapToDouble(Double::doubleValue).toArray()), Metrics.coverage(tops, candidateCount), seconds);
  }

  static List<float[]> vectors(EvalCorpus corpus, List<String> ids) {
    List<float[]> vectors = new ArrayList<>(ids.size());
    for (String id : ids) {
      EvalPaper p = corpus.paper(id);
      if (p == null) {
        throw new IllegalStateException("ranked paper " + id + " is not in the evaluated corpus; the filter and the corpus disagree");
      }
      vectors.add(p.vector());
    }
    return vectors;
  }
}
