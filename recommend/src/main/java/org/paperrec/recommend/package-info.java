/**
 * Recommendation: the {@link org.paperrec.recommend.Library} that ingests papers (embed, store,
 * vector and lexical index, kept in step) and the {@link org.paperrec.recommend.Recommender} that
 * answers similar-papers, search and recommendation queries: strategies ({@link
 * org.paperrec.recommend.Strategy}: centroid, best score, multi-interest), the options every query
 * shares ({@link org.paperrec.recommend.RankingOptions}: hybrid BM25 + dense, recency, MMR
 * diversity), filters and exclusions, and a {@link org.paperrec.recommend.ScoredPaper.Reason} for
 * every result.
 *
 * <p>Plain Java: nothing here knows HTTP. Scores are higher-is-better in [-1, 1] everywhere: cosine
 * similarities with the default options, the blend {@link org.paperrec.recommend.RankingOptions}
 * defines otherwise (see {@link org.paperrec.recommend.ScoredPaper}). Stored user profiles live in
 * the {@code profile} subpackage.
 */
package org.paperrec.recommend;
