package org.paperrec.server.eval;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.paperrec.recommend.Filter;
import org.paperrec.recommend.Liked;
import org.paperrec.recommend.Page;
import org.paperrec.recommend.RankingOptions;
import org.paperrec.recommend.RecommendRequest;
import org.paperrec.recommend.Recommender;
import org.paperrec.recommend.ScoredPaper;
import org.paperrec.server.eval.Rankers.QueryRanker;
import org.paperrec.server.eval.Rankers.UserRanker;

/**
 * Runs both tasks for every system on one corpus and collects the scores into a {@link Report}.
 * The systems are the baselines (random, most recent) and the recommender as the API exposes it,
 * one row per {@link SystemSpec}.
 *
 * <p>Not thread-safe; the work of one system runs in parallel on the executor passed in.
 */
public final class Evaluation {

  /**
   * What to evaluate.
   *
   * @param split first day of the "future": papers announced on or after it are the candidates
   * @param rules which authors become users
   * @param users at most this many users, drawn with {@code seed}
   * @param queries query papers of the similar-papers task, drawn with {@code seed}
   * @param seed every random choice (user sample, query sample, random baseline) derives from it
   */
  public record Config(LocalDate split, AuthorUsers.Rules rules, int users, int queries, long seed) {

    public static final LocalDate DEFAULT_SPLIT = LocalDate.of(2026, 1, 1);
    public static final int DEFAULT_USERS = 1000;
    public static final int DEFAULT_QUERIES = 2000;
    public static final long DEFAULT_SEED = 42;

    public Config {
      if (split == null) {
        throw new IllegalArgumentException("split must be a date");
      }
      if (users < 1) {
        throw new IllegalArgumentException("users must be positive; users=" + users);
      }
      if (queries < 1) {
        throw new IllegalArgumentException("queries must be positive; queries=" + queries);
      }
    }
  }

  /** A system under evaluation: the name in the results table and how it ranks. */
  public record Named<R>(String name, R ranker) {}

  /**
   * Everything measured in one run.
   *
   * @param categories the subset evaluated, empty for the whole store
   * @param corpusPapers papers evaluated (the subset when restricted)
   * @param firstDate earliest announcement date of the evaluated papers
   * @param lastDate latest announcement date of the evaluated papers
   * @param candidates papers announced on or after the split: the author task's candidates
   * @param eligibleUsers authors that pass the rules; {@code users} were drawn from them
   * @param users users evaluated
   * @param queries query papers of the similar-papers task
   */
  public record Report(
      Config config, Set<String> categories, int corpusPapers, LocalDate firstDate, LocalDate lastDate, int candidates,
      int eligibleUsers, int users, int queries, SimilarPapers.Baseline baseline,
      List<AuthorContinuation.Scores> authorScores, List<SimilarPapers.Scores> similarScores) {

    public Report {
      categories = Set.copyOf(categories);
      authorScores = List.copyOf(authorScores);
      similarScores = List.copyOf(similarScores);
    }

    /** The author-task scores of {@code system}. */
    public AuthorContinuation.Scores author(String system) {
      return authorScores.stream().filter(s -> s.system().equals(system)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no author-task system named '" + system + "'"));
    }

    /** The similar-papers scores of {@code system}. */
    public SimilarPapers.Scores similar(String system) {
      return similarScores.stream().filter(s -> s.system().equals(system)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no similar-papers system named '" + system + "'"));
    }
  }

  private Evaluation() {}

  /**
   * The systems {@code paperrec eval} compares unless told otherwise: the baselines, every
   * strategy, the hybrid lexical weight and diversity on the default strategy, like decay and
   * recency.
   */
  public static final List<String> DEFAULT_SYSTEMS = List.of(
      SystemSpec.RANDOM, SystemSpec.MOST_RECENT, SystemSpec.BM25,
      "centroid", "best_score", "multi_interest",
      "centroid w=0.1", "centroid w=0.2", "centroid w=0.3", "centroid w=0.5",
      "centroid d=0.1", "centroid d=0.3",
      "centroid decay=180", "centroid r=0.1");

  /** The author-task systems of {@code specs}, in their order. */
  public static List<Named<UserRanker>> userSystems(
      List<SystemSpec> specs, Recommender recommender, EvalCorpus corpus, Config config) {
    List<EvalPaper> candidates = corpus.since(config.split());
    Filter future = corpus.filter(config.split());
    List<Named<UserRanker>> systems = new ArrayList<>();
    for (SystemSpec spec : specs) {
      UserRanker ranker;
      if (SystemSpec.RANDOM.equals(spec.baseline())) {
        ranker = Rankers.randomForUsers(candidates, config.seed());
      } else if (SystemSpec.MOST_RECENT.equals(spec.baseline())) {
        ranker = Rankers.mostRecentForUsers(candidates);
      } else {
        ranker = recommend(recommender, spec, future, corpus);
      }
      systems.add(new Named<>(spec.name(), ranker));
    }
    return systems;
  }

  /**
   * The similar-papers systems for {@code specs}: the baselines among them, then one row per
   * distinct set of ranking options (the strategy plays no part in similar papers), named
   * {@code similar} plus the options, {@code bm25} for lexical only.
   */
  public static List<Named<QueryRanker>> querySystems(
      List<SystemSpec> specs, Recommender recommender, EvalCorpus corpus, Config config) {
    List<Named<QueryRanker>> systems = new ArrayList<>();
    Set<RankingOptions> seen = new HashSet<>();
    Filter all = corpus.filter();
    for (SystemSpec spec : specs) {
      if (SystemSpec.RANDOM.equals(spec.baseline())) {
        systems.add(new Named<>(spec.name(), Rankers.randomForQueries(corpus.papers(), config.seed())));
      } else if (SystemSpec.MOST_RECENT.equals(spec.baseline())) {
        systems.add(new Named<>(spec.name(), Rankers.mostRecentForQueries(corpus.papers())));
      } else if (seen.add(spec.ranking())) {
        systems.add(new Named<>(similarName(spec), similar(recommender, all, spec.ranking())));
      }
    }
    return systems;
  }

  private static String similarName(SystemSpec spec) {
    if (spec.name().equals(SystemSpec.BM25)) {
      return SystemSpec.BM25;
    }
    int space = spec.name().indexOf(' ');
    String options = space < 0 ? "" : spec.name().substring(space).replaceAll(" decay=\\S+", "");
    return "similar" + options;
  }

  /**
   * Ranks with {@link Recommender#recommend}: the user's likes as positives, nothing disliked; with
   * like decay, each like dated by its paper's announcement.
   */
  public static UserRanker recommend(Recommender recommender, SystemSpec spec, Filter filter, EvalCorpus corpus) {
    return (user, k) -> {
      RecommendRequest.Builder request = RecommendRequest.builder(user.likes());
      if (spec.likeHalfLifeDays() > 0) {
        List<Liked> liked = user.likes().stream()
            .map(id -> new Liked(id, corpus.paper(id).date().atStartOfDay(ZoneOffset.UTC).toInstant()))
            .toList();
        request = RecommendRequest.builderOfLiked(liked).likeHalfLifeDays(spec.likeHalfLifeDays());
      }
      RecommendRequest r = request.strategy(spec.strategy()).page(new Page(k, 0)).filter(filter).ranking(spec.ranking()).build();
      return ids(recommender.recommend(r).results());
    };
  }

  /** Ranks with {@link Recommender#similar}. */
  public static QueryRanker similar(Recommender recommender, Filter filter, RankingOptions options) {
    return (query, k) -> ids(recommender.similar(query.id(), new Page(k, 0), filter, options));
  }

  /**
   * Runs every system of both tasks, printing one line per system to {@code progress}.
   *
   * @param pool runs the users (or queries) of one system in parallel
   */
  public static Report run(
      EvalCorpus corpus, Config config, List<Named<UserRanker>> userSystems, List<Named<QueryRanker>> querySystems,
      ExecutorService pool, PrintWriter progress) {
    if (corpus.size() < 2) {
      throw new IllegalArgumentException("the evaluated corpus has " + corpus.size() + " papers; it needs at least two");
    }
    int candidates = corpus.since(config.split()).size();
    AuthorUsers.Selection selection = AuthorUsers.select(corpus, config.split(), config.rules(), config.users(), config.seed());
    progress.printf("eval: %d papers, %d candidates announced on or after %s, %d eligible authors, %d users sampled%n",
        corpus.size(), candidates, config.split(), selection.eligible(), selection.sample().size());
    progress.flush();

    List<AuthorContinuation.Scores> authorScores = new ArrayList<>();
    if (!selection.sample().isEmpty() && !userSystems.isEmpty()) {
      for (Named<UserRanker> system : userSystems) {
        AuthorContinuation.Scores s =
            AuthorContinuation.evaluate(system.name(), system.ranker(), selection.sample(), corpus, candidates, pool);
        progress.printf("author continuation  %-28s recall@10 %.3f  recall@50 %.3f  nDCG@10 %.3f  (%.1f s)%n",
            s.system(), s.recall10().mean(), s.recall50().mean(), s.ndcg10().mean(), s.seconds());
        progress.flush();
        authorScores.add(s);
      }
    }

    SimilarPapers.Baseline baseline = SimilarPapers.Baseline.of(corpus);
    List<EvalPaper> queries = SimilarPapers.sampleQueries(corpus, config.queries(), config.seed());
    List<SimilarPapers.Scores> similarScores = new ArrayList<>();
    for (Named<QueryRanker> system : querySystems) {
      SimilarPapers.Scores s = SimilarPapers.evaluate(system.name(), system.ranker(), queries, corpus, baseline, pool);
      progress.printf("similar papers       %-28s primary lift %.2f  Jaccard lift %.2f  (%.1f s)%n",
          s.system(), s.primaryLift().mean(), s.jaccardLift().mean(), s.seconds());
      progress.flush();
      similarScores.add(s);
    }
    return new Report(
        config, corpus.categories(), corpus.size(), corpus.firstDate(), corpus.lastDate(), candidates, selection.eligible(),
        selection.sample().size(), queries.size(), baseline, authorScores, similarScores);
  }

  private static List<String> ids(List<ScoredPaper> results) {
    return results.stream().map(r -> r.paper().id()).toList();
  }
}
