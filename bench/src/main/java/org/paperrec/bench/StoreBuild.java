package org.paperrec.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.paperrec.store.PaperStore;

/**
 * The in-process fallback for {@code paperrec import DIR}: writes an import folder's papers and
 * vectors into a data folder through {@link PaperStore#open} and {@link PaperStore#putAll}, so the
 * runner works before the import command exists. Not what users run; its time is reported under
 * its own name.
 */
final class StoreBuild {

  private static final int BATCH = 1000;

  private StoreBuild() {}

  /** Writes every row of {@code source} into a new store in {@code data}; returns the papers written. */
  static long build(ImportDir source, Path data) throws IOException {
    long[] written = {0};
    try (PaperStore store = PaperStore.open(data, source.model(), source.dimension())) {
      List<PaperStore.Entry> batch = new ArrayList<>(BATCH);
      source.forEach((row, paper, vector) -> {
        batch.add(new PaperStore.Entry(paper, vector));
        if (batch.size() == BATCH) {
          store.putAll(batch);
          written[0] += batch.size();
          batch.clear();
        }
      });
      store.putAll(batch);
      written[0] += batch.size();
      store.flush();
    }
    return written[0];
  }
}
