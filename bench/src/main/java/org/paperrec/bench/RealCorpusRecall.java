package org.paperrec.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.paperrec.recommend.index.ExactVectorIndex;
import org.paperrec.recommend.index.VectorIndex;
import org.paperrec.recommend.lucene.CorpusIndex;
import org.paperrec.recommend.lucene.IndexSync;
import org.paperrec.recommend.lucene.View;
import org.paperrec.store.PaperStore;

/**
 * Recall@10 of the persisted graph index against exact search on a real data folder (real
 * embeddings, e.g. the 74,728 arxiv-cs papers of docs/EVALUATION.md), for similar papers: the
 * query is a stored paper's vector, the paper itself excluded. Opens store and index read-only;
 * the folder's index must exist (start {@code serve} on it once, or run {@code eval}).
 *
 * <pre>
 * java -cp "$CP" org.paperrec.bench.RealCorpusRecall DATA_DIR [QUERIES] [MIN_CANDIDATES...]
 * </pre>
 *
 * Defaults: 500 queries, seed 42, and the default settings' minimum candidates.
 */
public final class RealCorpusRecall {

  private RealCorpusRecall() {}

  public static void main(String[] args) {
    Path data = Path.of(args[0]);
    int queries = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    List<Integer> minCandidates = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      minCandidates.add(Integer.parseInt(args[i]));
    }
    if (minCandidates.isEmpty()) {
      minCandidates.add(CorpusIndex.Settings.DEFAULTS.minCandidates());
    }
    try (PaperStore store = PaperStore.openReadOnly(data)) {
      ExactVectorIndex exact = new ExactVectorIndex(store.dimension());
      List<String> ids = new ArrayList<>();
      store.forEach((paper, vector) -> {
        exact.put(paper.id(), vector);
        ids.add(paper.id());
      });
      Random random = new Random(42);
      List<String> sample = new ArrayList<>();
      for (int i = 0; i < queries; i++) {
        sample.add(ids.get(random.nextInt(ids.size())));
      }
      System.out.printf("%s: %,d papers, %d query papers (seed 42)%n", data, ids.size(), queries);
      for (int min : minCandidates) {
        CorpusIndex.Settings settings = new CorpusIndex.Settings(
            16, 100, 0, CorpusIndex.Settings.DEFAULTS.oversample(), min, CorpusIndex.Settings.DEFAULTS.ramBufferMb());
        try (CorpusIndex index = CorpusIndex.openReadOnly(data.resolve(IndexSync.INDEX_FOLDER), store.dimension(), settings);
            View view = index.acquire()) {
          int found = 0;
          long nanos = 0;
          for (String id : sample) {
            float[] q = exact.vector(id).orElseThrow();
            Set<String> expected = new HashSet<>();
            for (VectorIndex.Hit hit : exact.nearest(q, 10, Set.of(id))) {
              expected.add(hit.id());
            }
            long start = System.nanoTime();
            List<View.Match> hits = view.nearest(q, 10, Set.of(id), null);
            nanos += System.nanoTime() - start;
            for (View.Match m : hits) {
              if (expected.contains(view.id(m.doc()))) {
                found++;
              }
            }
          }
          System.out.printf("graph search (exactBelow 0), at least %d candidates: recall@10 %.4f, mean %.2f ms per search%n",
              min, found / (queries * 10.0), nanos / 1e6 / queries);
        }
      }
    }
  }
}
