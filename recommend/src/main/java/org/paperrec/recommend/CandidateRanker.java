package org.paperrec.recommend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.search.Query;
import org.paperrec.recommend.index.VectorScorer;
import org.paperrec.recommend.lucene.CorpusIndex;
import org.paperrec.recommend.lucene.View;

/**
 * Turns one query of a request into ranked candidates, in two stages: candidates from the index
 * (a graph search per probe vector and, for a hybrid ranking, the BM25 top; or the request's own
 * candidate list), then every candidate scored exactly from its raw vector as {@link
 * RankingOptions} defines (dense score, lexical blend, recency blend). Filters go into both
 * searches, so a selective filter still yields full pages.
 *
 * <p>One per request; not thread-safe (it holds the request's {@link View}).
 */
final class CandidateRanker {

  /** The fewest graph candidates one probe asks for when a query has many probes. */
  static final int MIN_PER_PROBE = 10;

  private final View view;
  private final RankingOptions options;
  private final Set<String> excludeIds;
  private final Query graphFilter;
  private final Query fullFilter;
  private final Collection<Integer> candidates;
  private final float recencyWeight;
  private final long today;
  private final double decayPerDay;

  /**
   * @param candidateDocs the documents of the request's own candidates in {@code view} (ranked
   *     exactly, nothing else is retrieved), or null to retrieve candidates from the index
   * @param today the epoch day that recency counts from
   */
  CandidateRanker(View view, Filter filter, RankingOptions options, Collection<Integer> candidateDocs, long today) {
    this.view = view;
    this.options = options;
    this.excludeIds = filter.excludeIds();
    this.graphFilter = CorpusIndex.filter(filter.since(), filter.until(), filter.categories(), List.of());
    this.fullFilter = CorpusIndex.filter(filter.since(), filter.until(), filter.categories(), filter.excludeIds());
    this.recencyWeight = (float) options.recencyWeight();
    this.today = today;
    this.decayPerDay = Math.log(2) / options.recencyHalfLifeDays();
    if (candidateDocs == null) {
      this.candidates = null;
    } else {
      this.candidates = fullFilter == null ? candidateDocs : view.matching(fullFilter, candidateDocs);
    }
  }

  /**
   * The best {@code n} candidates of one query, best first.
   *
   * @param probes the vectors to search the graph with (ignored with explicit candidates)
   * @param dense a candidate's exact dense score from its vector
   * @param lexical the BM25 query, or null; used only when the ranking is hybrid
   */
  List<Candidate> rank(List<float[]> probes, VectorScorer dense, Query lexical, int n) {
    boolean hybrid = options.hybrid() && lexical != null;
    Collection<Integer> docs;
    Map<Integer, Float> bm25 = Map.of();
    float maxBm25 = 0f;
    if (candidates == null) {
      int retrieve = options.hybrid() ? Math.max(RankingOptions.HYBRID_DENSE_CANDIDATES, n) : n;
      // Recency can lift a less similar paper above a closer one: look a little further.
      if (recencyWeight > 0) {
        retrieve *= 2;
      }
      int perProbe = probes.size() == 1 ? retrieve : Math.max(MIN_PER_PROBE, (retrieve + probes.size() - 1) / probes.size());
      int lexicalRetrieve = Math.max(RankingOptions.HYBRID_CANDIDATES, n);
      Set<Integer> union = new LinkedHashSet<>();
      for (float[] probe : probes) {
        for (View.Match m : view.nearest(probe, perProbe, excludeIds, graphFilter)) {
          union.add(m.doc());
        }
      }
      if (hybrid) {
        List<View.Match> top = view.lexical(lexical, lexicalRetrieve, fullFilter);
        for (View.Match m : top) {
          union.add(m.doc());
        }
        maxBm25 = top.isEmpty() ? 0f : top.get(0).score();
        bm25 = view.lexicalScores(lexical, union);
      }
      docs = union;
    } else {
      docs = candidates;
      if (hybrid) {
        bm25 = view.lexicalScores(lexical, docs);
        for (float s : bm25.values()) {
          maxBm25 = Math.max(maxBm25, s);
        }
      }
    }

    List<Candidate> ranked = new ArrayList<>(docs.size());
    Map<Integer, Float> lexicalScores = bm25;
    float maxLexical = maxBm25;
    view.forEachVector(docs, (doc, vector) -> {
      float d = clamp(dense.score(vector, 0, vector.length));
      float lex = Float.NaN;
      float score = d;
      if (options.hybrid()) {
        lex = maxLexical > 0 ? Math.min(1f, lexicalScores.getOrDefault(doc, 0f) / maxLexical) : 0f;
        float w = (float) options.lexicalWeight();
        score = (1 - w) * d + w * lex;
      }
      float rec = Float.NaN;
      if (recencyWeight > 0) {
        rec = recency(view.day(doc));
        score = (1 - recencyWeight) * score + recencyWeight * rec;
      }
      ranked.add(new Candidate(doc, clamp(score), d, lex, rec, -1));
    });
    ranked.sort(Comparator.comparingDouble(Candidate::score).reversed()
        .thenComparing(Comparator.comparingDouble(Candidate::dense).reversed())
        .thenComparingInt(Candidate::doc));
    return ranked.size() > n ? new ArrayList<>(ranked.subList(0, n)) : ranked;
  }

  /** {@code 2^(-age / halfLife)} of a paper's date; 0 without a date, 1 for today or later. */
  private float recency(int epochDay) {
    if (epochDay == CorpusIndex.NO_DAY) {
      return 0f;
    }
    long age = Math.max(0, today - epochDay);
    return (float) Math.exp(-age * decayPerDay);
  }

  /** Float rounding can put the dot product of two unit vectors a hair outside [-1, 1]. */
  static float clamp(float score) {
    return Math.max(-1f, Math.min(1f, score));
  }
}
