package org.paperrec.server.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import org.paperrec.server.eval.Rankers.QueryRanker;

/**
 * The similar-papers task: for query papers drawn with a fixed seed, how often the top 10 similar
 * papers share the query's primary category, and how much their category sets overlap (Jaccard).
 * Both are reported as a lift over what a random other paper of the corpus would score (see
 * {@link CategoryBaselines}): categories are a coarse, author-assigned proxy for topical
 * similarity, and a third or more of the corpus is cs.CV, so raw precision flatters any system.
 * Beyond accuracy: intra-list diversity of each top 10 and catalogue coverage.
 */
public final class SimilarPapers {

  public static final int TOP = 10;

  /**
   * One system's scores.
   *
   * @param system the system's name
   * @param primaryPrecision10 fraction of the top 10 sharing the query's primary category
   * @param primaryLift {@code primaryPrecision10} over the corpus's same-primary-category rate
   * @param jaccard10 mean Jaccard similarity of the query's and each result's category sets
   * @param jaccardLift {@code jaccard10} over the expected Jaccard of two random papers
   * @param ild10 intra-list diversity of each top 10
   * @param coverage10 fraction of the corpus in at least one top 10
   * @param seconds wall time of the system's run
   */
  public record Scores(
      String system, MeanCi primaryPrecision10, MeanCi primaryLift, MeanCi jaccard10, MeanCi jaccardLift, MeanCi ild10,
      double coverage10, double seconds) {}

  /**
   * The random expectations the lifts divide by.
   *
   * @param samePrimaryRate probability that a random other paper shares the primary category
   * @param expectedJaccard expected Jaccard similarity of two random papers' category sets
   */
  public record Baseline(double samePrimaryRate, double expectedJaccard) {

    public static Baseline of(EvalCorpus corpus) {
      return new Baseline(
          CategoryBaselines.sameLabelRate(corpus.primaryCategoryCounts()),
          CategoryBaselines.expectedJaccard(corpus.categorySetCounts()));
    }
  }

  private SimilarPapers() {}

  /** {@code count} query papers of {@code corpus} drawn without replacement with {@code seed}. */
  public static List<EvalPaper> sampleQueries(EvalCorpus corpus, int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive; count=" + count);
    }
    List<EvalPaper> shuffled = new ArrayList<>(corpus.papers());
    Collections.shuffle(shuffled, new Random(seed));
    return List.copyOf(shuffled.subList(0, Math.min(count, shuffled.size())));
  }

  /** Runs {@code ranker} for every query on {@code pool} and scores it against {@code baseline}. */
  public static Scores evaluate(
      String system, QueryRanker ranker, List<EvalPaper> queries, EvalCorpus corpus, Baseline baseline, ExecutorService pool) {
    long start = System.nanoTime();
    List<List<String>> rankings = Parallel.map(queries, q -> ranker.similar(q, TOP), pool);
    double seconds = (System.nanoTime() - start) / 1e9;
    int n = queries.size();
    double[] precision = new double[n];
    double[] jaccard = new double[n];
    List<Double> ild = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      EvalPaper query = queries.get(i);
      List<EvalPaper> results = rankings.get(i).stream().map(id -> paper(corpus, id)).toList();
      precision[i] = Metrics.fractionMatching(results, p -> p.primaryCategory().equals(query.primaryCategory()));
      jaccard[i] = results.stream().mapToDouble(p -> Metrics.jaccard(query.categories(), p.categories())).average().orElse(0);
      if (results.size() >= 2) {
        ild.add(Metrics.intraListDiversity(results.stream().map(EvalPaper::vector).toList()));
      }
    }
    MeanCi p10 = MeanCi.of(precision);
    MeanCi j10 = MeanCi.of(jaccard);
    return new Scores(
        system, p10, ratio(p10, baseline.samePrimaryRate()), j10, ratio(j10, baseline.expectedJaccard()),
        MeanCi.of(ild.stream().mapToDouble(Double::doubleValue).toArray()), Metrics.coverage(rankings, corpus.size()),
        seconds);
  }

  private static MeanCi ratio(MeanCi m, double base) {
    return new MeanCi(Metrics.lift(m.mean(), base), m.halfWidth95() / base, m.n());
  }

  private static EvalPaper paper(EvalCorpus corpus, String id) {
    EvalPaper p = corpus.paper(id);
    if (p == null) {
      throw new IllegalStateException("similar paper " + id + " is not in the evaluated corpus; the filter and the corpus disagree");
    }
    return p;
  }
}
