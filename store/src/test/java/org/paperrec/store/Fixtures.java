package org.paperrec.store;

import java.time.LocalDate;
import java.util.List;

final class Fixtures {

  static final String MODEL = "test-model fp32 sha256:0123456789ab dim=4";
  static final int DIM = 4;

  private Fixtures() {}

  static Paper paper(String id) {
    return Paper.of(id, "Title of " + id, "Abstract of " + id, List.of("Ada Lovelace"),
        LocalDate.of(2025, 1, 13), List.of("cs.LG"), 7);
  }

  /** A distinct vector per seed. */
  static float[] vector(int seed) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = seed + i / 10f;
    }
    return v;
  }
}
