package org.paperrec.recommend;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.paperrec.recommend.index.ExactVectorIndex;
import org.paperrec.recommend.index.ExactVectorIndex.Hit;
import org.paperrec.recommend.index.VectorMath;
import org.paperrec.recommend.index.VectorScorer;
import org.paperrec.store.Paper;

/**
 * Answers queries over a {@link Library}: papers similar to a paper or a text, semantic search,
 * and recommendations from liked and disliked papers. Every score is a cosine similarity in
 * [-1, 1], higher is closer.
 *
 * <p>Thread-safe and stateless apart from the library it reads.
 */
public final class Recommender {

  private final Library library;

  public Recommender(Library library) {
    this.library = library;
  }

  /**
   * Papers nearest to paper {@code id}, never the paper itself.
   *
   * @throws PaperNotFoundException when {@code id} is not in the corpus
   */
  public List<ScoredPaper> similar(String id, Page page, Filter filter) {
    float[] query = library.index().vector(id).orElseThrow(() -> new PaperNotFoundException(id));
    return nearest(VectorScorer.cosine(query), page, filter.excluding(Set.of(id)));
  }

  /** Papers nearest to a paper given by its text (one that need not be in the corpus). */
  public List<ScoredPaper> similarToText(String title, String abstractText, Page page, Filter filter) {
    float[] query = library.embedder().embedDocument(title, abstractText);
    return nearest(VectorScorer.cosine(query), page, filter);
  }

  /** Papers nearest to a free-text query. */
  public List<ScoredPaper> search(String text, Page page, Filter filter) {
    return nearest(VectorScorer.cosine(library.embedder().embed(text)), page, filter);
  }

  /**
   * Ranks papers for someone who liked {@code request.positive()} and disliked
   * {@code request.negative()}, by {@code request.strategy()}. The input papers are never returned.
   *
   * @throws IllegalArgumentException when none of the positive papers is in the corpus
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
      throw new IllegalArgumentException(
          "none of the positive papers is in the corpus: " + String.join(", ", request.positive()));
    }
    List<float[]> dislikedVectors = new ArrayList<>();
    for (String id : new LinkedHashSet<>(request.negative())) {
      index.vector(id).ifPresentOrElse(dislikedVectors::add, () -> unknown.add(id));
    }

    Set<String> inputs = new HashSet<>(request.positive());
    inputs.addAll(request.negative());
    Filter filter = request.filter().excluding(inputs);
    VectorScorer scorer = scorer(request.strategy(), likedVectors, dislikedVectors);

    List<ScoredPaper> results;
    if (request.candidates() == null) {
      results = nearest(scorer, request.page(), filter);
    } else {
      List<Hit> hits = new ArrayList<>();
      for (Hit hit : index.score(request.candidates(), scorer)) {
        if (accepts(filter, hit.id())) {
          hits.add(hit);
        }
      }
      for (String id : new LinkedHashSet<>(request.candidates())) {
        if (!index.contains(id)) {
          unknown.add(id);
        }
      }
      results = papers(page(hits, request.page()));
    }
    return new Recommendations(explain(results, likedIds, likedVectors), request.strategy(), unknown);
  }

  private static VectorScorer scorer(Strategy strategy, List<float[]> liked, List<float[]> disliked) {
    switch (strategy) {
      case CENTROID:
        float[] query = mean(liked);
        if (!disliked.isEmpty()) {
          float[] away = mean(disliked);
          for (int i = 0; i < query.length; i++) {
            query[i] -= Strategy.NEGATIVE_WEIGHT * away[i];
          }
        }
        return VectorScorer.cosine(VectorMath.normalizeInPlace(query));
      case BEST_SCORE:
        float[][] likes = liked.toArray(new float[0][]);
        float[][] dislikes = disliked.toArray(new float[0][]);
        return (data, offset, dimension) -> {
          float best = -1f;
          for (float[] like : likes) {
            best = Math.max(best, VectorMath.dot(like, 0, data, offset, dimension));
          }
          float worst = 0f;
          for (float[] dislike : dislikes) {
            worst = Math.max(worst, VectorMath.dot(dislike, 0, data, offset, dimension));
          }
          return Math.max(-1f, best - Strategy.NEGATIVE_WEIGHT * worst);
        };
      default:
        throw new IllegalArgumentException("unsupported strategy " + strategy);
    }
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

  /** Attaches to each result the liked paper it is closest to, with that similarity. */
  private List<ScoredPaper> explain(List<ScoredPaper> results, List<String> likedIds, List<float[]> likedVectors) {
    List<ScoredPaper> explained = new ArrayList<>(results.size());
    for (ScoredPaper result : results) {
      Optional<float[]> v = library.index().vector(result.paper().id());
      if (v.isEmpty()) {
        continue; // deleted since it was ranked
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
      explained.add(new ScoredPaper(result.paper(), result.score(), new ScoredPaper.Closest(likedIds.get(best), bestScore)));
    }
    return explained;
  }

  private List<ScoredPaper> nearest(VectorScorer scorer, Page page, Filter filter) {
    List<Hit> hits = library.index().search(scorer, page.end(), id -> accepts(filter, id));
    return papers(page(hits, page));
  }

  private boolean accepts(Filter filter, String id) {
    PaperFacets facets = library.facets(id);
    return facets != null && filter.test(id, facets);
  }

  private static List<Hit> page(List<Hit> ranked, Page page) {
    if (page.offset() >= ranked.size()) {
      return List.of();
    }
    return ranked.subList(page.offset(), Math.min(ranked.size(), page.end()));
  }

  /** Reads the papers of {@code hits} from the store; a paper deleted meanwhile is left out. */
  private List<ScoredPaper> papers(List<Hit> hits) {
    List<ScoredPaper> results = new ArrayList<>(hits.size());
    for (Hit hit : hits) {
      Optional<Paper> paper = library.paper(hit.id());
      paper.ifPresent(p -> results.add(new ScoredPaper(p, clamp(hit.score()), null)));
    }
    return results;
  }

  /** Float rounding can put the dot product of two unit vectors a hair outside [-1, 1]. */
  private static float clamp(float score) {
    return Math.max(-1f, Math.min(1f, score));
  }
}
