/**
 * Recommendation: the {@link org.paperrec.recommend.Library} that ingests papers (embed, store,
 * index) and the {@link org.paperrec.recommend.Recommender} that answers similar-papers, search
 * and recommendation queries with filters.
 *
 * <p>Plain Java: nothing here knows HTTP. Scores are cosine similarities in [-1, 1], higher is
 * closer, everywhere (see {@link org.paperrec.recommend.ScoredPaper}).
 */
package org.paperrec.recommend;
