package org.paperrec.recommend.lucene;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.index.VectorIndex;
import org.paperrec.recommend.index.VectorIndexContract;

/** The vector contract for the persisted index: on its exact path and forced onto its HNSW graph. */
class CorpusIndexContractTest {

  @TempDir Path dir;
  private final List<CorpusIndex> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(CorpusIndex::close);
  }

  private VectorIndex open(int dimension, CorpusIndex.Settings settings) {
    CorpusIndex index = CorpusIndex.open(dir.resolve("index-" + opened.size()), dimension, settings, true, null);
    opened.add(index);
    return index;
  }

  /** Below {@link CorpusIndex.Settings#exactBelow}: every vector is scanned. */
  @Nested
  class ExactBelowTheThreshold extends VectorIndexContract {
    @Override
    protected VectorIndex newIndex(int dimension) {
      return open(dimension, CorpusIndex.Settings.DEFAULTS);
    }
  }

  /** Threshold 0: every search goes through the HNSW graph over int8 vectors. */
  @Nested
  class GraphSearch extends VectorIndexContract {
    @Override
    protected VectorIndex newIndex(int dimension) {
      return open(dimension, CorpusIndex.Settings.DEFAULTS.withExactBelow(0));
    }
  }
}
