package org.paperrec.recommend;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.search.Query;
import org.paperrec.recommend.index.VectorScorer;
import org.paperrec.recommend.lucene.View;
import org.paperrec.store.Paper;

/**
 * Answers queries over a {@link Library}: papers similar to a paper or a text, semantic search,
 * and recommendations from liked and disliked papers. Scores are higher-is-better in [-1, 1]:
 * cosine similarities with the default {@link RankingOptions}, the blend defined there otherwise.
 *
 * <p>Every query goes through one pipeline, on one point-in-time {@link View} of the index:
 *
 * <ol>
 *   <li>queries: one for similar papers and search (the paper's or the text's vector); for
 *       recommendations, what the {@link Strategy} plans ({@link Strategy#plan}): one query, or one
 *       per interest; with a lexical weight each also gets a BM25 query, built from the liked
 *       papers' stored term vectors;
 *   <li>candidates and exact scores per query ({@link CandidateRanker}): graph search (or the
 *       request's candidate list) and the BM25 top, then every candidate scored from its raw
 *       vector; for multi-interest, the per-interest rankings merged with quotas;
 *   <li>diversification ({@link Diversifier}, MMR) when asked; then the page, papers read from the
 *       store, and a {@link ScoredPaper.Reason} for every result ({@link Explainer}).
 * </ol>
 *
 * <p>Paper IDs in a query (the paper of similar papers; liked, disliked, candidate and excluded
 * papers) are normalised IDs of any kind: each is resolved once, at the start, to its paper's key
 * with one batched read of the store's alias table ({@link Library#keys}), and everything after
 * works on keys; results carry keys. An ID that names no paper stays as given (and is reported as
 * unknown where the query reports those).
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
   * ranking is the paper's own terms.
   *
   * @param id any normalised ID of the paper: its key or an alias
   * @throws PaperNotFoundException when {@code id} is not in the corpus
   */
  public List<ScoredPaper> similar(String id, Page page, Filter filter, RankingOptions options) {
    Set<String> ids = new HashSet<>(filter.excludeIds());
    ids.add(id);
    Map<String, String> keys = library.keys(ids);
    String key = keys.getOrDefault(id, id);
    try (View view = library.view()) {
      int doc = view.doc(key);
      if (doc < 0) {
        throw new PaperNotFoundException(id);
      }
      float[] vector = view.vector(doc);
      Query lexical = options.hybrid() ? view.likeDocsQuery(new int[] {doc}, new double[] {1}, View.MAX_QUERY_TERMS) : null;
      return single(view, vector, lexical, page, withKeys(filter, keys).excluding(Set.of(key)), options);
    }
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
    Filter keyed = withKeys(filter, library.keys(filter.excludeIds()));
    try (View view = library.view()) {
      Query lexical = options.hybrid() ? view.textQuery(title + "\n" + abstractText) : null;
      return single(view, vector, lexical, page, keyed, options);
    }
  }

  /** {@link #search(String, Page, Filter, RankingOptions)} with the default options. */
  public List<ScoredPaper> search(String text, Page page, Filter filter) {
    return search(text, page, filter, RankingOptions.DEFAULT);
  }

  /** Papers nearest to a free-text query; the lexical query of a hybrid ranking is the text. */
  public List<ScoredPaper> search(String text, Page page, Filter filter, RankingOptions options) {
    float[] vector = library.embedder().embed(text);
    Filter keyed = withKeys(filter, library.keys(filter.excludeIds()));
    try (View view = library.view()) {
      Query lexical = options.hybrid() ? view.textQuery(text) : null;
      return single(view, vector, lexical, page, keyed, options);
    }
  }

  /**
   * Ranks papers for someone who liked {@code request.positive()} and disliked {@code
   * request.negative()}, by {@code request.strategy()} and {@code request.ranking()}. The input
   * papers and {@code request.exclude()} are never returned. Every result names the liked paper it
   * is closest to and, for multi-interest, the interest it was drawn from.
   *
   * @throws NoKnownLikesException when none of the positive papers is in the corpus
   */
  public Recommendations recommend(RecommendRequest asked) {
    RecommendRequest request = withKeys(asked);
    try (View view = library.view()) {
      List<String> unknown = new ArrayList<>();
      Likes likes = likes(view, request, unknown);
      Map<String, Integer> candidateDocs = null;
      if (request.candidates() != null) {
        candidateDocs = view.docs(request.candidates());
        for (String id : new LinkedHashSet<>(request.candidates())) {
          if (!candidateDocs.containsKey(id)) {
            unknown.add(id);
          }
        }
      }
      Set<String> never = new HashSet<>(request.positive());
      never.addAll(request.negative());
      never.addAll(request.exclude());
      RankingOptions options = request.ranking();
      CandidateRanker ranker = new CandidateRanker(view, request.filter().excluding(never), options,
          candidateDocs == null ? null : candidateDocs.values(), today());

      int pool = options.poolSize(request.page());
      Plan plan = request.strategy().plan(likes, request);
      List<List<Candidate>> rankings = new ArrayList<>(plan.queries().size());
      for (Plan.Query query : plan.queries()) {
        rankings.add(ranker.rank(query.probes(), query.dense(), lexicalQuery(view, likes, query.members(), options), pool));
      }
      List<Candidate> ranked = plan.groups().isEmpty() ? rankings.get(0) : mergeWithQuotas(rankings, plan.groups(), pool);
      List<Candidate> ordered = Diversifier.mmr(ranked, request.page().end(), options.diversity(), view);
      Explainer explainer = new Explainer(likes, plan.groups(), view);
      return new Recommendations(
          papers(view, slice(ordered, request.page()), explainer), request.strategy(), unknown);
    }
  }

  /**
   * {@code request} with every paper ID replaced by its paper's key (one batched read); IDs that
   * name no paper stay as given. Two IDs of one paper become one entry; a liked paper keeps the
   * newest of their times (no time, which counts as now, is the newest).
   */
  private RecommendRequest withKeys(RecommendRequest request) {
    Set<String> all = new HashSet<>(request.positive());
    all.addAll(request.negative());
    if (request.candidates() != null) {
      all.addAll(request.candidates());
    }
    all.addAll(request.exclude());
    all.addAll(request.filter().excludeIds());
    Map<String, String> keys = library.keys(all);
    if (keys.entrySet().stream().allMatch(e -> e.getKey().equals(e.getValue()))) {
      return request; // only keys and unknown IDs: nothing to replace
    }
    Map<String, Instant> likedAt = new LinkedHashMap<>();
    for (String id : request.positive()) {
      String key = keys.getOrDefault(id, id);
      Instant at = request.likedAt().get(id);
      if (!likedAt.containsKey(key)) {
        likedAt.put(key, at);
      } else if (likedAt.get(key) != null) {
        likedAt.put(key, at == null || at.isAfter(likedAt.get(key)) ? at : likedAt.get(key));
      }
    }
    List<Liked> liked = new ArrayList<>(likedAt.size());
    likedAt.forEach((key, at) -> liked.add(new Liked(key, at)));
    return request.toBuilder()
        .liked(liked)
        .negative(withKeys(request.negative(), keys))
        .candidates(request.candidates() == null ? null : withKeys(request.candidates(), keys))
        .exclude(new HashSet<>(withKeys(request.exclude(), keys)))
        .filter(withKeys(request.filter(), keys))
        .build();
  }

  /** {@code ids} replaced by their keys where {@code keys} has one, in order, each once. */
  private static List<String> withKeys(Collection<String> ids, Map<String, String> keys) {
    Set<String> keyed = new LinkedHashSet<>();
    for (String id : ids) {
      keyed.add(keys.getOrDefault(id, id));
    }
    return List.copyOf(keyed);
  }

  /** {@code filter} with its excluded IDs replaced by their keys where {@code keys} has one. */
  private static Filter withKeys(Filter filter, Map<String, String> keys) {
    if (keys.isEmpty() || filter.excludeIds().isEmpty()) {
      return filter;
    }
    return new Filter(filter.since(), filter.until(), filter.categories(), new HashSet<>(withKeys(filter.excludeIds(), keys)));
  }

  /** The request's liked and disliked papers that are in the corpus; the others go to {@code unknown}. */
  private Likes likes(View view, RecommendRequest request, List<String> unknown) {
    List<String> ids = new ArrayList<>();
    List<Integer> docs = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (String id : new LinkedHashSet<>(request.positive())) {
      int doc = view.doc(id);
      if (doc >= 0) {
        ids.add(id);
        docs.add(doc);
        vectors.add(view.vector(doc));
      } else {
        unknown.add(id);
      }
    }
    if (ids.isEmpty()) {
      throw new NoKnownLikesException(
          "none of the liked papers is in the corpus yet (" + String.join(", ", request.positive())
              + "); like a paper of the corpus to get recommendations");
    }
    List<float[]> disliked = new ArrayList<>();
    for (String id : new LinkedHashSet<>(request.negative())) {
      int doc = view.doc(id);
      if (doc >= 0) {
        disliked.add(view.vector(doc));
      } else {
        unknown.add(id);
      }
    }
    double[] weights = likeWeights(ids, request.likedAt(), request.likeHalfLifeDays());
    return new Likes(ids, docs, vectors, weights, disliked);
  }

  private List<ScoredPaper> single(View view, float[] vector, Query lexical, Page page, Filter filter, RankingOptions options) {
    CandidateRanker ranker = new CandidateRanker(view, filter, options, null, today());
    List<Candidate> ranked = ranker.rank(List.of(vector), VectorScorer.cosine(vector), lexical, options.poolSize(page));
    return papers(view, slice(Diversifier.mmr(ranked, page.end(), options.diversity(), view), page), null);
  }

  private long today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toEpochDay();
  }

  /**
   * Merges per-interest rankings (interest 0 first, each best first) into one of at most {@code n}:
   * one slot per interest first, then Sainte-Laguë by weight; a paper already taken is skipped.
   * The order depends on the rankings, not on {@code n}.
   */
  private static List<Candidate> mergeWithQuotas(List<List<Candidate>> rankings, List<Interests.Group> groups, int n) {
    int k = rankings.size();
    int[] next = new int[k];
    int[] taken = new int[k];
    Set<Integer> seen = new HashSet<>();
    List<Candidate> merged = new ArrayList<>(n);
    while (merged.size() < n) {
      int pick = -1;
      double best = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < k; i++) {
        List<Candidate> ranking = rankings.get(i);
        while (next[i] < ranking.size() && seen.contains(ranking.get(next[i]).doc())) {
          next[i]++;
        }
        if (next[i] == ranking.size()) {
          continue;
        }
        // The floor first: an interest with no slot yet beats any with one.
        double priority = taken[i] == 0 ? Double.MAX_VALUE : groups.get(i).weight() / (taken[i] + 0.5);
        if (priority > best) {
          best = priority;
          pick = i;
        }
      }
      if (pick < 0) {
        break;
      }
      Candidate c = rankings.get(pick).get(next[pick]++);
      seen.add(c.doc());
      taken[pick]++;
      merged.add(c.inInterest(pick));
    }
    return merged;
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

  /** The most liked papers whose stored terms make a lexical query: bounds the term vectors one request reads. */
  static final int MAX_LEXICAL_LIKES = 64;

  /**
   * The BM25 query of liked papers (all, or {@code members}; of more than {@value
   * #MAX_LEXICAL_LIKES}, those with the largest like weights, ties by order) from their stored
   * terms, weighted by their like weights (see {@link View#likeDocsQuery}); null when the ranking is
   * not hybrid.
   */
  private static Query lexicalQuery(View view, Likes likes, int[] members, RankingOptions options) {
    if (!options.hybrid()) {
      return null;
    }
    int count = members == null ? likes.docs().size() : members.length;
    double[] w = likes.weights();
    int[] chosen = java.util.stream.IntStream.range(0, count)
        .map(j -> members == null ? j : members[j])
        .boxed()
        .sorted(java.util.Comparator.<Integer>comparingDouble(i -> -w[i]).thenComparing(i -> i))
        .limit(MAX_LEXICAL_LIKES)
        .mapToInt(Integer::intValue)
        .toArray();
    int[] docs = new int[chosen.length];
    double[] weights = new double[chosen.length];
    for (int j = 0; j < chosen.length; j++) {
      docs[j] = likes.docs().get(chosen[j]);
      weights[j] = w[chosen[j]];
    }
    return view.likeDocsQuery(docs, weights, View.MAX_QUERY_TERMS);
  }

  private static List<Candidate> slice(List<Candidate> ranked, Page page) {
    if (page.offset() >= ranked.size()) {
      return List.of();
    }
    return ranked.subList(page.offset(), Math.min(ranked.size(), page.end()));
  }

  /**
   * Reads the papers of {@code candidates} from the store and attaches their reasons; a paper
   * deleted from the store since the view was taken is left out.
   *
   * @param explainer for recommendations; null for similar papers and search
   */
  private List<ScoredPaper> papers(View view, List<Candidate> candidates, Explainer explainer) {
    List<ScoredPaper> results = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) {
      Optional<Paper> paper = library.paper(view.id(c.doc()));
      if (paper.isEmpty()) {
        continue;
      }
      ScoredPaper.Closest closest = explainer == null ? null : explainer.closest(c);
      ScoredPaper.Interest interest = explainer == null ? null : explainer.interest(c.interest());
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
}
