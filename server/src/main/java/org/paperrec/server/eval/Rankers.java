package org.paperrec.server.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The systems under evaluation, as functions from a user or a query paper to a ranked list of
 * paper IDs, and the baselines that ignore content: random (seeded) and most recent.
 */
public final class Rankers {

  private Rankers() {}

  /** Ranks the candidate papers for one user of the author-continuation task. */
  @FunctionalInterface
  public interface UserRanker {
    /** At most {@code k} candidate IDs, best first, none of them the user's likes. */
    List<String> rank(AuthorUsers.User user, int k);
  }

  /** Ranks the papers most similar to a query paper. */
  @FunctionalInterface
  public interface QueryRanker {
    /** At most {@code k} IDs, best first, never the query paper itself. */
    List<String> similar(EvalPaper query, int k);
  }

  /**
   * Uniformly random candidates. Each user's draw depends only on {@code seed} and the author name,
   * never on which thread or in which order users are evaluated.
   */
  public static UserRanker randomForUsers(List<EvalPaper> candidates, long seed) {
    List<String> ids = candidates.stream().map(EvalPaper::id).toList();
    return (user, k) -> sample(ids, Set.copyOf(user.likes()), k, new Random(seed * 1_000_003L + user.author().hashCode()));
  }

  /** Uniformly random other papers of the corpus, seeded per query paper. */
  public static QueryRanker randomForQueries(List<EvalPaper> corpus, long seed) {
    List<String> ids = corpus.stream().map(EvalPaper::id).toList();
    return (query, k) -> sample(ids, Set.of(query.id()), k, new Random(seed * 1_000_003L + query.id().hashCode()));
  }

  /** The newest candidates first (ties: larger ID first, i.e. later submitted), the same list for everyone. */
  public static UserRanker mostRecentForUsers(List<EvalPaper> candidates) {
    List<String> newest = newestFirst(candidates);
    return (user, k) -> firstExcept(newest, Set.copyOf(user.likes()), k);
  }

  /** The newest papers of the corpus first, except the query paper. */
  public static QueryRanker mostRecentForQueries(List<EvalPaper> corpus) {
    List<String> newest = newestFirst(corpus);
    return (query, k) -> firstExcept(newest, Set.of(query.id()), k);
  }

  private static List<String> newestFirst(List<EvalPaper> papers) {
    return papers.stream()
        .sorted(Comparator.comparing(EvalPaper::date).thenComparing(EvalPaper::id).reversed())
        .map(EvalPaper::id)
        .toList();
  }

  private static List<String> firstExcept(List<String> ranked, Set<String> excluded, int k) {
    List<String> out = new ArrayList<>(k);
    for (String id : ranked) {
      if (out.size() == k) {
        break;
      }
      if (!excluded.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  /** {@code k} distinct IDs not in {@code excluded}, by rejection (k is tiny next to the list). */
  static List<String> sample(List<String> ids, Set<String> excluded, int k, Random random) {
    long available = ids.stream().filter(id -> !excluded.contains(id)).count();
    int want = (int) Math.min(k, available);
    List<String> out = new ArrayList<>(want);
    Set<String> taken = new HashSet<>();
    while (out.size() < want) {
      String id = ids.get(random.nextInt(ids.size()));
      if (!excluded.contains(id) && taken.add(id)) {
        out.add(id);
      }
    }
    return out;
  }
}
