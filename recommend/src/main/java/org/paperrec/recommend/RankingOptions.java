package org.paperrec.recommend;

/**
 * How candidates are scored and ordered, for similar papers, search and recommendations alike.
 * Every option is off by default ({@link #DEFAULT}), which gives the pure cosine ranking.
 *
 * <p>A candidate {@code c}'s score is built in three steps, each in [-1, 1]:
 *
 * <pre>
 * dense(c)   = cosine to the query (similar papers, search), or the strategy's score
 *              (recommendations, see {@link Strategy})                                 in [-1, 1]
 * hybrid(c)  = (1 - w) * dense(c) + w * bm25(c) / max bm25 over the candidate set       in [-1, 1]
 * score(c)   = (1 - r) * hybrid(c) + r * 2^(-age(c) / H)                                in [-1, 1]
 * </pre>
 *
 * where {@code w} is {@link #lexicalWeight}, {@code r} is {@link #recencyWeight}, {@code H} is
 * {@link #recencyHalfLifeDays} and {@code age(c)} the days from the paper's date to today (the
 * recommender's clock, UTC; 0 for a future date). A paper without a date gets recency 0. With
 * {@code w = 0} and {@code r = 0} the score is the cosine itself. Once {@code w > 0} or
 * {@code r > 0} the score is <em>not</em> a cosine but a blend that stays in [-1, 1], higher is
 * better; {@link ScoredPaper.Reason} gives its parts.
 *
 * <p><b>Hybrid candidates.</b> With {@code w > 0}, the candidates are the union of the dense top
 * {@code max(}{@value #HYBRID_DENSE_CANDIDATES}{@code , needed)} from the graph index and the BM25
 * top {@code max(}{@value #HYBRID_CANDIDATES}{@code , needed)} (both after the filter), where
 * {@code needed} is the number of results asked for, re-scored by the formula above; BM25 is
 * normalised by its maximum over that union (the BM25 top hit), so the best lexical match gets 1,
 * and a query that matches no term gives every candidate 0. With an explicit candidate list, the
 * maximum is over that list. The lexical query is the query text for search, the paper's title and
 * abstract for similar papers, and the liked papers' text for recommendations, reduced to their
 * {@value org.paperrec.recommend.index.Bm25Index#MAX_QUERY_TERMS} strongest terms by tf-idf (see
 * {@link org.paperrec.recommend.index.Bm25Index#query}).
 *
 * <p><b>Diversity</b> (maximal marginal relevance, Carbonell and Goldstein 1998). With {@code d =}
 * {@link #diversity} above 0, the best {@code P = max(}{@value #MMR_POOL}{@code , offset + limit)}
 * candidates by score are re-ordered greedily: the next result is the candidate maximising {@code
 * (1 - d) * score(c) - d * max over already chosen s of cos(c, s)}. The reported score stays {@code
 * score(c)}, so a diversified page need not be in descending score order. {@code d = 0} skips this
 * step entirely (pure relevance). A fixed pool makes the pages of one request slices of one ranking
 * while {@code offset + limit <= }{@value #MMR_POOL}.
 *
 * @param lexicalWeight {@code w}, the weight of normalised BM25 against the dense score, in [0, 1];
 *     default 0 (dense only)
 * @param diversity {@code d}, MMR's trade-off, in [0, 1]; default 0 (no re-ordering)
 * @param recencyWeight {@code r}, the weight of the paper's recency, in [0, 1]; default 0
 * @param recencyHalfLifeDays {@code H}, the age in days at which recency is 1/2, in (0, {@value
 *     #MAX_HALF_LIFE_DAYS}]; default {@value #DEFAULT_RECENCY_HALF_LIFE_DAYS}; used only when {@code
 *     r > 0}
 */
public record RankingOptions(
    double lexicalWeight, double diversity, double recencyWeight, double recencyHalfLifeDays) {

  public static final double DEFAULT_RECENCY_HALF_LIFE_DAYS = 180;
  /** Largest half-life, in days (any half-life: likes and recency): 100 years. */
  public static final double MAX_HALF_LIFE_DAYS = 36_500;
  /** Minimum number of lexical candidates of a hybrid query. */
  public static final int HYBRID_CANDIDATES = 200;
  /**
   * Minimum number of dense candidates of a hybrid query (per probe: see {@code CandidateRanker}). A
   * graph search costs more the more it returns, and a paper outside the dense top 50 rarely wins
   * the blend, which weighs the dense score most.
   */
  public static final int HYBRID_DENSE_CANDIDATES = 50;
  /** Minimum number of candidates that diversification re-orders: 4 pages of the largest limit. */
  public static final int MMR_POOL = 4 * Page.MAX_LIMIT;

  /**
   * The default for similar papers and search: pure cosine ranking, no lexical part, no recency, no
   * diversification. Measured in docs/EVALUATION.md: a lexical part does not raise similar-paper
   * category lift (2.28x at w = 0 and 0.2, 2.21x at 0.5 on 74,728 papers).
   */
  public static final RankingOptions DEFAULT = new RankingOptions(0, 0, 0, DEFAULT_RECENCY_HALF_LIFE_DAYS);

  /**
   * The default for recommendations: the hybrid with lexical weight 0.3, nothing else. Measured in
   * docs/EVALUATION.md (author continuation on 74,728 papers, int8): recall@10 0.064 to 0.106 for
   * best score, 0.043 to 0.094 for centroid; weights 0.5 and 0.7 were no better. Diversity, recency
   * and like decay did not raise accuracy and stay off.
   */
  public static final RankingOptions RECOMMENDATION_DEFAULT =
      new RankingOptions(0.3, 0, 0, DEFAULT_RECENCY_HALF_LIFE_DAYS);

  public RankingOptions {
    checkUnit("lexicalWeight", lexicalWeight);
    checkUnit("diversity", diversity);
    checkUnit("recencyWeight", recencyWeight);
    checkHalfLife("recencyHalfLifeDays", recencyHalfLifeDays);
  }

  public RankingOptions withLexicalWeight(double w) {
    return new RankingOptions(w, diversity, recencyWeight, recencyHalfLifeDays);
  }

  public RankingOptions withDiversity(double d) {
    return new RankingOptions(lexicalWeight, d, recencyWeight, recencyHalfLifeDays);
  }

  /** These options with recency weight {@code r} and half-life {@code halfLifeDays}. */
  public RankingOptions withRecency(double r, double halfLifeDays) {
    return new RankingOptions(lexicalWeight, diversity, r, halfLifeDays);
  }

  boolean hybrid() {
    return lexicalWeight > 0;
  }

  /** How many ranked candidates a page needs before diversification picks from them. */
  int poolSize(Page page) {
    return diversity > 0 ? Math.max(MMR_POOL, page.end()) : page.end();
  }

  static void checkUnit(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1; " + name + "=" + value);
    }
  }

  static void checkHalfLife(String name, double days) {
    if (!(days > 0 && days <= MAX_HALF_LIFE_DAYS)) {
      throw new IllegalArgumentException(
          name + " must be above 0 and at most " + (long) MAX_HALF_LIFE_DAYS + " days; " + name + "=" + days);
    }
  }
}
