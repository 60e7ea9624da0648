package org.paperrec.recommend;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.paperrec.recommend.index.Bm25Index;
import org.paperrec.recommend.index.ExactVectorIndex;
import org.paperrec.recommend.index.ExactVectorIndex.Hit;
import org.paperrec.recommend.index.Rescorer;
import org.paperrec.recommend.index.VectorMath;
import org.paperrec.recommend.index.VectorScorer;
import org.paperrec.store.Paper;

/**
 * Answers queries over a {@link Library}: papers similar to a paper or a text, semantic search,
 * and recommendations from liked and disliked papers. Scores are higher-is-better in [-1, 1]:
 * cosine similarities with the default {@link RankingOptions}, the blend defined there otherwise.
 *
 * <p>Every query goes through one pipeline:
 *
 * <ol>
 *   <li>queries: one for similar papers and search (the paper's or the text's vector), one per
 *       recommendation strategy ({@link Strategy#CENTROID}, {@link Strategy#BEST_SCORE}) or one per
 *       interest ({@link Strategy#MULTI_INTEREST}); with a lexical weight each also gets a BM25
 *       query;
 *   <li>candidates per query: one scan of the exact vector index, with the filter and the recency
 *       blend applied inside the scan (no allocation per vector), plus for hybrid the BM25 top
 *       candidates; or the request's explicit candidate list;
 *   <li>scores as {@link RankingOptions} defines them; for multi-interest, the per-interest
 *       rankings merged with quotas;
 *   <li>diversification (MMR) when asked; then the page, papers read from the store, and a {@link
 *       ScoredPaper.Reason} for every result.
 * </ol>
 *
 * <p>Thread-safe and stateless apart from the library it reads. Time (recency, like decay) comes
 * from the injected {@link Clock}.
 */
public final class Recommender {

  private static final double LN2 = Math.log(2);

  private final Library library;
  private final Clock clock;

  /** A recommender whose "now" is the system clock, UTC. */
  public Recommender(Library library) {
    this(library, Clock.systemUTC());
  }

  /** A recommender whose "now" (recency of papers, age of likes) is {@code clock}'s; dates in UTC. */
  public Recommender(Library library, Clock clock) {
    this.library = library;
    this.clock = clock;
  }

  /**
   * The clock whose "now" this recommender ranks by, for callers whose answers must change exactly
   * when its recency scores do (the HTTP API's ETags hold today's date).
   */
  public Clock clock() {
    return clock;
  }

  /** {@link #similar(String, Page, Filter, RankingOptions)} with the default options: pure cosine. */
  public List<ScoredPaper> similar(String id, Page page, Filter filter) {
    return similar(id, page, filter, RankingOptions.DEFAULT);
  }

  /**
   * Papers nearest to paper {@code id}, never the paper itself. The lexical query of a hybrid
   * ranking is the paper's title and abstract.
   *
   * @throws PaperNotFoundException when {@code id} is not in the corpus
   */
  public List<ScoredPaper> similar(String id, Page page, Filter filter, RankingOptions options) {
    float[] vector = library.index().vector(id).orElseThrow(() -> new PaperNotFoundException(id));
    Bm25Index.Query lexical = Bm25Index.Query.EMPTY;
    if (options.hybrid()) {
      lexical = library.paper(id)
          .map(p -> library.lexicalIndex().query(Library.lexicalText(p)))
          .orElse(Bm25Index.Query.EMPTY);
    }
    return single(new Query(VectorScorer.cosine(vector), lexical), page, filter.excluding(Set.of(id)), options);
  }

  /** {@link #similarToText(String, String, Page, Filter, RankingOptions)} with the default options. */
  public List<ScoredPaper> similarToText(String title, String abstractText, Page page, Filter filter) {
    return similarToText(title, abstractText, page, filter, RankingOptions.DEFAULT);
  }

  /**
   * Papers nearest to a paper given by its text (one that need not be in the corpus). The lexical
   * query of a hybrid ranking is the title and abstract.
   */
  public List<ScoredPaper> similarToText(
      String title, String abstractText, Page page, Filter filter, RankingOptions options) {
    float[] vector = library.embedder().embedDocument(title, abstractText);
    Bm25Index.Query lexical =
        options.hybrid() ? library.lexicalIndex().query(title + "\n" + abstractText) : Bm25Index.Query.EMPTY;
    return single(new Query(VectorScorer.cosine(vector), lexical), page, filter, options);
  }

  /** {@link #search(String, Page, Filter, RankingOptions)} with the default options. */
  public List<ScoredPaper> search(String text, Page page, Filter filter) {
    return search(text, page, filter, RankingOptions.DEFAULT);
  }

  /** Papers nearest to a free-text query; the lexical query of a hybrid ranking is the text. */
  public List<ScoredPaper> search(String text, Page page, Filter filter, RankingOptions options) {
    float[] vector = library.embedder().embed(text);
    Bm25Index.Query lexical = options.hybrid() ? library.lexicalIndex().query(text) : Bm25Index.Query.EMPTY;
    return single(new Query(VectorScorer.cosine(vector), lexical), page, filter, options);
  }

  /**
   * Ranks papers for someone who liked {@code request.positive()} and disliked {@code
   * request.negative()}, by {@code request.strategy()} and {@code request.ranking()}. The input
   * papers and {@code request.exclude()} are never returned. Every result names the liked paper it
   * is closest to and, for multi-interest, the interest it was drawn from.
   *
   * @throws NoKnownLikesException when none of the positive papers is in the corpus
   */
  public Recommendations recommend(RecommendRequest request) {
    ExactVectorIndex index = library.index();
    List<String> unknown = new ArrayList<>();
    List<float[]> likedVectors = new ArrayList<>();
    List<String> likedIds = new ArrayList<>();
    for (String id : new LinkedHashSet<>(request.positive())) {
      Optional<float[]> v = index.vector(id);
      if (v.isPresent()) {
        likedVectors.add(v.get());
        likedIds.add(id);
      } else {
        unknown.add(id);
      }
    }
    if (likedVectors.isEmpty()) {
      throw new NoKnownLikesException(
          "none of the liked papers is in the corpus yet (" + String.join(", ", request.positive())
              + "); like a paper of the corpus to get recommendations");
    }
    List<float[]> dislikedVectors = new ArrayList<>();
    for (String id : new LinkedHashSet<>(request.negative())) {
      index.vector(id).ifPresentOrElse(dislikedVectors::add, () -> unknown.add(id));
    }
    double[] weights = likeWeights(likedIds, request.likedAt(), request.likeHalfLifeDays());

    Set<String> never = new HashSet<>(request.positive());
    never.addAll(request.negative());
    never.addAll(request.exclude());
    Filter filter = request.filter().excluding(never);
    RankingOptions options = request.ranking();
    Run run = new Run(filter, options, request.candidates());
    if (request.candidates() != null) {
      for (String id : new LinkedHashSet<>(request.candidates())) {
        if (!index.contains(id)) {
          unknown.add(id);
        }
      }
    }

    int pool = options.poolSize(request.page());
    List<Candidate> ranked;
    List<Interests.Group> groups = List.of();
    switch (request.strategy()) {
      case CENTROID:
        ranked = run.rank(
            new Query(VectorScorer.cosine(rocchio(likedVectors, weights, null, dislikedVectors)),
                lexicalQuery(likedIds, weights, null, options)),
            pool);
        break;
      case BEST_SCORE:
        ranked = run.rank(
            new Query(bestScore(likedVectors, weights, dislikedVectors), lexicalQuery(likedIds, weights, null, options)),
            pool);
        break;
      case MULTI_INTEREST:
        groups = Interests.cluster(likedVectors, weights, request.maxInterests(), request.seed());
        List<List<Candidate>> perInterest = new ArrayList<>(groups.size());
        double[] groupWeights = new double[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
          int[] members = groups.get(i).members();
          Query q = new Query(
              VectorScorer.cosine(rocchio(likedVectors, weights, members, dislikedVectors)),
              lexicalQuery(likedIds, weights, members, options));
          perInterest.add(run.rank(q, pool));
          groupWeights[i] = groups.get(i).weight();
        }
        ranked = mergeWithQuotas(perInterest, groupWeights, pool);
        break;
      default:
        throw new IllegalArgumentException("unsupported strategy " + request.strategy());
    }
    List<Candidate> ordered = diversify(ranked, request.page().end(), options);
    Explainer explainer = new Explainer(likedIds, likedVectors, groups);
    return new Recommendations(papers(slice(ordered, request.page()), explainer), request.strategy(), unknown);
  }

  /** A query: how to score a stored vector, and the BM25 query ({@code EMPTY} unless hybrid). */
  private record Query(VectorScorer dense, Bm25Index.Query lexical) {}

  /**
   * A ranked candidate. {@code lexical} and {@code recency} are NaN when their weight is 0;
   * {@code interest} is -1 outside multi-interest.
   */
  private record Candidate(String id, float score, float dense, float lexical, float recency, int interest) {

    Candidate inInterest(int i) {
      return new Candidate(id, score, dense, lexical, recency, i);
    }
  }

  private List<ScoredPaper> single(Query query, Page page, Filter filter, RankingOptions options) {
    Run run = new Run(filter, options, null);
    List<Candidate> ranked = run.rank(query, options.poolSize(page));
    return papers(slice(diversify(ranked, page.end(), options), page), null);
  }

  /** One request's filter, options and "today": turns a query into ranked candidates. */
  private final class Run {
    private final Filter filter;
    private final RankingOptions options;
    private final float recencyWeight;
    private final long today;
    private final double decayPerDay;
    private final List<String> candidates;
    private final Rescorer rescorer;

    Run(Filter filter, RankingOptions options, List<String> candidates) {
      this.filter = filter;
      this.options = options;
      this.recencyWeight = (float) options.recencyWeight();
      this.today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toEpochDay();
      this.decayPerDay = LN2 / options.recencyHalfLifeDays();
      this.candidates = candidates;
      // Recency comes from the epoch day the index keeps per vector: no lookup per vector.
      this.rescorer = new Rescorer() {
        @Override
        public float upperBound(float raw) {
          return recencyWeight > 0 ? blend(clamp(raw), 1f, recencyWeight) : clamp(raw);
        }

        @Override
        public float rescore(float raw, int epochDay) {
          return recencyWeight > 0 ? blend(clamp(raw), recency(epochDay), recencyWeight) : clamp(raw);
        }

        @Override
        public boolean accepts(String id) {
          return Run.this.accepts(id);
        }
      };
    }

    boolean accepts(String id) {
      PaperFacets facets = library.facets(id);
      return facets != null && filter.test(id, facets);
    }

    /** {@code 2^(-age / halfLife)} of a paper's date; 0 without a date, 1 for today or later. */
    float recency(int epochDay) {
      if (epochDay == PaperFacets.NO_DATE) {
        return 0f;
      }
      long age = Math.max(0, today - epochDay);
      return (float) Math.exp(-age * decayPerDay);
    }

    /** The best {@code n} candidates of {@code query}, best first, scored as RankingOptions says. */
    List<Candidate> rank(Query query, int n) {
      ExactVectorIndex index = library.index();
      boolean hybrid = options.hybrid();
      Collection<String> ids;
      Map<String, Float> bm25 = Map.of();
      float maxBm25 = 0f;
      if (candidates == null) {
        int retrieve = hybrid ? Math.max(RankingOptions.HYBRID_CANDIDATES, n) : n;
        Set<String> union = new LinkedHashSet<>();
        for (Hit hit : index.search(query.dense(), retrieve, rescorer)) {
          union.add(hit.id());
        }
        if (hybrid) {
          Bm25Index.Scores lexical = library.lexicalIndex().search(query.lexical(), retrieve, this::accepts, union);
          bm25 = new HashMap<>(lexical.scoresOf());
          for (Hit hit : lexical.top()) {
            bm25.put(hit.id(), hit.score());
            union.add(hit.id());
          }
          maxBm25 = lexical.max();
        }
        ids = union;
      } else {
        Set<String> accepted = new LinkedHashSet<>();
        for (String id : candidates) {
          if (accepts(id)) {
            accepted.add(id);
          }
        }
        if (hybrid) {
          bm25 = library.lexicalIndex().search(query.lexical(), 0, id -> false, accepted).scoresOf();
          for (float s : bm25.values()) {
            maxBm25 = Math.max(maxBm25, s);
          }
        }
        ids = accepted;
      }

      // Dense scores of the candidates, best first; papers deleted meanwhile drop out here.
      List<Hit> dense = index.score(ids, query.dense());
      List<Candidate> ranked = new ArrayList<>(dense.size());
      for (Hit hit : dense) {
        PaperFacets facets = library.facets(hit.id());
        if (facets == null) {
          continue;
        }
        float d = clamp(hit.score());
        float lex = Float.NaN;
        float score = d;
        if (hybrid) {
          lex = maxBm25 > 0 ? Math.min(1f, bm25.getOrDefault(hit.id(), 0f) / maxBm25) : 0f;
          float w = (float) options.lexicalWeight();
          score = (1 - w) * d + w * lex;
        }
        float rec = Float.NaN;
        if (recencyWeight > 0) {
          rec = recency(facets.epochDay());
          score = blend(score, rec, recencyWeight);
        }
        ranked.add(new Candidate(hit.id(), clamp(score), d, lex, rec, -1));
      }
      // Stable: equal scores keep the dense order.
      ranked.sort(Comparator.comparingDouble(Candidate::score).reversed());
      return ranked.size() > n ? new ArrayList<>(ranked.subList(0, n)) : ranked;
    }
  }

  /** {@code (1 - r) * score + r * recency}: in [-1, 1] for a score in [-1, 1] and recency in [0, 1]. */
  private static float blend(float score, float recency, float r) {
    return (1 - r) * score + r * recency;
  }

  /**
   * Merges per-interest rankings (interest 0 first, each best first) into one of at most {@code n}:
   * one slot per interest first, then Sainte-Laguë by weight; a paper already taken is skipped.
   * The order depends on the rankings, not on {@code n}.
   */
  private static List<Candidate> mergeWithQuotas(List<List<Candidate>> rankings, double[] weights, int n) {
    int k = rankings.size();
    int[] next = new int[k];
    int[] taken = new int[k];
    Set<String> seen = new HashSet<>();
    List<Candidate> merged = new ArrayList<>(n);
    while (merged.size() < n) {
      int pick = -1;
      double best = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < k; i++) {
        List<Candidate> ranking = rankings.get(i);
        while (next[i] < ranking.size() && seen.contains(ranking.get(next[i]).id())) {
          next[i]++;
        }
        if (next[i] == ranking.size()) {
          continue;
        }
        // The floor first: an interest with no slot yet beats any with one.
        double priority = taken[i] == 0 ? Double.MAX_VALUE : weights[i] / (taken[i] + 0.5);
        if (priority > best) {
          best = priority;
          pick = i;
        }
      }
      if (pick < 0) {
        break;
      }
      Candidate c = rankings.get(pick).get(next[pick]++);
      seen.add(c.id());
      taken[pick]++;
      merged.add(c.inInterest(pick));
    }
    return merged;
  }

  /**
   * Maximal marginal relevance over {@code ranked}: up to {@code end} candidates, each next one
   * maximising {@code (1 - d) * score - d * max cos to those chosen}; {@code ranked} itself when
   * diversity is 0.
   */
  private List<Candidate> diversify(List<Candidate> ranked, int end, RankingOptions options) {
    double d = options.diversity();
    if (d == 0 || ranked.size() <= 1) {
      return ranked;
    }
    List<Candidate> pool = new ArrayList<>(ranked.size());
    List<float[]> vectors = new ArrayList<>(ranked.size());
    for (Candidate c : ranked) {
      Optional<float[]> v = library.index().vector(c.id());
      if (v.isPresent()) {
        pool.add(c);
        vectors.add(v.get());
      }
    }
    int m = pool.size();
    float[] maxSim = new float[m];
    Arrays.fill(maxSim, Float.NEGATIVE_INFINITY);
    boolean[] chosen = new boolean[m];
    List<Candidate> out = new ArrayList<>(Math.min(end, m));
    while (out.size() < Math.min(end, m)) {
      int pick = -1;
      double best = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < m; i++) {
        if (chosen[i]) {
          continue;
        }
        double value = (1 - d) * pool.get(i).score() - (out.isEmpty() ? 0 : d * maxSim[i]);
        if (value > best) {
          best = value;
          pick = i;
        }
      }
      chosen[pick] = true;
      out.add(pool.get(pick));
      float[] picked = vectors.get(pick);
      for (int i = 0; i < m; i++) {
        if (!chosen[i]) {
          maxSim[i] = Math.max(maxSim[i], VectorMath.dot(picked, vectors.get(i)));
        }
      }
    }
    return out;
  }

  /**
   * Like weights: 1 each without decay; else {@code 2^(-(age - newestAge) / halfLife)} with ages in
   * days by the clock, a like without a time counting as age 0 and a future time as 0.
   */
  private double[] likeWeights(List<String> ids, Map<String, Instant> likedAt, double halfLifeDays) {
    double[] weights = new double[ids.size()];
    if (halfLifeDays == 0) {
      Arrays.fill(weights, 1);
      return weights;
    }
    Instant now = clock.instant();
    double[] ages = new double[ids.size()];
    double newest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < ids.size(); i++) {
      Instant at = likedAt.get(ids.get(i));
      ages[i] = at == null ? 0 : Math.max(0, Duration.between(at, now).getSeconds() / 86_400.0);
      newest = Math.min(newest, ages[i]);
    }
    for (int i = 0; i < ids.size(); i++) {
      weights[i] = Math.exp(-(ages[i] - newest) * LN2 / halfLifeDays);
    }
    return weights;
  }

  /**
   * Rocchio: {@code normalise(weightedMean(liked[members]) - NEGATIVE_WEIGHT * mean(disliked))};
   * all liked papers when {@code members} is null.
   */
  private static float[] rocchio(List<float[]> liked, double[] weights, int[] members, List<float[]> disliked) {
    int dimension = liked.get(0).length;
    double[] sum = new double[dimension];
    double total = 0;
    int count = members == null ? liked.size() : members.length;
    for (int j = 0; j < count; j++) {
      int i = members == null ? j : members[j];
      float[] v = liked.get(i);
      for (int x = 0; x < dimension; x++) {
        sum[x] += weights[i] * v[x];
      }
      total += weights[i];
    }
    float[] query = new float[dimension];
    for (int x = 0; x < dimension; x++) {
      query[x] = (float) (sum[x] / total);
    }
    if (!disliked.isEmpty()) {
      float[] away = mean(disliked);
      for (int x = 0; x < dimension; x++) {
        query[x] -= Strategy.NEGATIVE_WEIGHT * away[x];
      }
    }
    return VectorMath.normalizeInPlace(query);
  }

  /** {@link Strategy#BEST_SCORE}: max over likes of weight * cosine, minus the dislike penalty. */
  private static VectorScorer bestScore(List<float[]> liked, double[] weights, List<float[]> disliked) {
    float[][] likes = liked.toArray(new float[0][]);
    float[][] dislikes = disliked.toArray(new float[0][]);
    float[] w = new float[weights.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) weights[i];
    }
    return (data, offset, dimension) -> {
      float best = -1f;
      for (int i = 0; i < likes.length; i++) {
        best = Math.max(best, w[i] * VectorMath.dot(likes[i], 0, data, offset, dimension));
      }
      float worst = 0f;
      for (float[] dislike : dislikes) {
        worst = Math.max(worst, VectorMath.dot(dislike, 0, data, offset, dimension));
      }
      return Math.max(-1f, best - Strategy.NEGATIVE_WEIGHT * worst);
    };
  }

  private static float[] mean(List<float[]> vectors) {
    float[] sum = new float[vectors.get(0).length];
    for (float[] v : vectors) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += v[i];
      }
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= vectors.size();
    }
    return sum;
  }

  /**
   * The BM25 query of liked papers (all, or {@code members}): their texts weighted by their like
   * weights, see {@link Bm25Index#query}. {@code EMPTY} when the ranking is not hybrid.
   */
  private Bm25Index.Query lexicalQuery(List<String> likedIds, double[] weights, int[] members, RankingOptions options) {
    if (!options.hybrid()) {
      return Bm25Index.Query.EMPTY;
    }
    List<String> texts = new ArrayList<>();
    List<Double> textWeights = new ArrayList<>();
    int count = members == null ? likedIds.size() : members.length;
    for (int j = 0; j < count; j++) {
      int i = members == null ? j : members[j];
      Optional<Paper> paper = library.paper(likedIds.get(i));
      if (paper.isPresent()) {
        texts.add(Library.lexicalText(paper.get()));
        textWeights.add(weights[i]);
      }
    }
    double[] w = textWeights.stream().mapToDouble(Double::doubleValue).toArray();
    return library.lexicalIndex().query(texts, w, Bm25Index.MAX_QUERY_TERMS);
  }

  /** What recommendations add to a reason: the closest liked paper, the interest. */
  private final class Explainer {
    private final List<String> likedIds;
    private final List<float[]> likedVectors;
    private final List<Interests.Group> groups;

    Explainer(List<String> likedIds, List<float[]> likedVectors, List<Interests.Group> groups) {
      this.likedIds = likedIds;
      this.likedVectors = likedVectors;
      this.groups = groups;
    }

    /** The liked paper closest to {@code id}, or null when {@code id} was deleted meanwhile. */
    ScoredPaper.Closest closest(String id) {
      Optional<float[]> v = library.index().vector(id);
      if (v.isEmpty()) {
        return null;
      }
      int best = 0;
      float bestScore = -2f;
      for (int i = 0; i < likedVectors.size(); i++) {
        float score = VectorMath.dot(likedVectors.get(i), v.get());
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
      return new ScoredPaper.Closest(likedIds.get(best), clamp(bestScore));
    }

    ScoredPaper.Interest interest(int index) {
      return index < 0 ? null : new ScoredPaper.Interest(index, groups.get(index).members().length, groups.size());
    }
  }

  private static List<Candidate> slice(List<Candidate> ranked, Page page) {
    if (page.offset() >= ranked.size()) {
      return List.of();
    }
    return ranked.subList(page.offset(), Math.min(ranked.size(), page.end()));
  }

  /**
   * Reads the papers of {@code candidates} from the store and attaches their reasons; a paper
   * deleted meanwhile is left out.
   *
   * @param explainer for recommendations; null for similar papers and search
   */
  private List<ScoredPaper> papers(List<Candidate> candidates, Explainer explainer) {
    List<ScoredPaper> results = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) {
      Optional<Paper> paper = library.paper(c.id());
      if (paper.isEmpty()) {
        continue;
      }
      ScoredPaper.Closest closest = null;
      ScoredPaper.Interest interest = null;
      if (explainer != null) {
        closest = explainer.closest(c.id());
        if (closest == null) {
          continue;
        }
        interest = explainer.interest(c.interest());
      }
      ScoredPaper.Reason reason = new ScoredPaper.Reason(
          c.dense(),
          Float.isNaN(c.lexical()) ? null : c.lexical(),
          Float.isNaN(c.recency()) ? null : c.recency(),
          closest,
          interest);
      results.add(new ScoredPaper(paper.get(), c.score(), reason));
    }
    return results;
  }

  /** Float rounding can put the dot product of two unit vectors a hair outside [-1, 1]. */
  private static float clamp(float score) {
    return Math.max(-1f, Math.min(1f, score));
  }
}
