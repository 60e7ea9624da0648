package org.paperrec.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

final class Fixtures {

  static final String MODEL = "test-model fp32 sha256:0123456789ab dim=4";
  static final int DIM = 4;

  /** The schema version 1 folder written by the previous release; see the README beside it. */
  static final String V1_FOLDER = "schema-v1-folder.zip";
  static final String V1_USER = "2e8cae6f761962460986c4f5fefb0443";
  static final List<String> V1_PAPERS = List.of("2501.00001", "2501.00002", "2501.00003");
  static final int V1_DIMENSION = 384;

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

  /** Unzips {@link #V1_FOLDER} into {@code parent}; returns the data folder in it. */
  static Path unzipV1Folder(Path parent) {
    try (InputStream in = Fixtures.class.getResourceAsStream(V1_FOLDER);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        Path target = parent.resolve(entry.getName()).normalize();
        if (!target.startsWith(parent)) {
          throw new IOException("zip entry outside the target folder: " + entry.getName());
        }
        Files.createDirectories(target.getParent());
        Files.copy(zip, target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return parent.resolve("data");
  }
}
