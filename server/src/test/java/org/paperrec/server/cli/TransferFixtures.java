package org.paperrec.server.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.paperrec.embed.ModelBuild;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperStore;

/** Data folders and papers for the import and export tests; no model is loaded. */
final class TransferFixtures {

  /** The default build's fingerprint, the one a new folder gets; hashing the model once is enough. */
  static final String INT8 = ModelBuild.INT8.fingerprint().toString();

  static final int DIMENSION = 384;

  private TransferFixtures() {}

  static Paper paper(int i) {
    return new Paper(
        String.format("2501.%05d", i), "Paper number " + i + " on sparse attention", "We study attention " + i + " times.",
        List.of("A. Author", "B. Author"), 2 + i % 3, i % 4 == 0 ? null : LocalDate.of(2025, 1, 1 + i % 28),
        i % 5 == 0 ? List.of() : List.of("cs.LG", "cs.CL"), i % 2 == 0 ? null : i);
  }

  /** A unit vector, reproducible from {@code seed}. */
  static float[] vector(long seed) {
    Random random = new Random(seed);
    float[] v = new float[DIMENSION];
    double sum = 0;
    for (int i = 0; i < DIMENSION; i++) {
      v[i] = (float) random.nextGaussian();
      sum += v[i] * v[i];
    }
    for (int i = 0; i < DIMENSION; i++) {
      v[i] /= (float) Math.sqrt(sum);
    }
    return v;
  }

  static List<PaperStore.Entry> entries(int from, int to) {
    List<PaperStore.Entry> entries = new ArrayList<>();
    for (int i = from; i < to; i++) {
      entries.add(new PaperStore.Entry(paper(i), vector(i)));
    }
    return entries;
  }

  /** A data folder of the int8 model holding {@code entries}. */
  static void store(Path data, List<PaperStore.Entry> entries) {
    try (PaperStore store = PaperStore.open(data, INT8, DIMENSION)) {
      store.putAll(entries);
    }
  }

  /** Everything the folder holds, by ID in store order. */
  static Map<String, PaperStore.Entry> contents(Path data) {
    Map<String, PaperStore.Entry> all = new LinkedHashMap<>();
    try (PaperStore store = PaperStore.open(data, INT8, DIMENSION)) {
      store.forEach((paper, vector) -> all.put(paper.id(), new PaperStore.Entry(paper, vector)));
    }
    return all;
  }

  /** Papers equal and vectors bit for bit equal. */
  static void assertSameContents(Map<String, PaperStore.Entry> expected, Map<String, PaperStore.Entry> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    for (String id : expected.keySet()) {
      assertEquals(expected.get(id).paper(), actual.get(id).paper(), id);
      assertArrayEquals(expected.get(id).vector(), actual.get(id).vector(), id);
    }
  }
}
