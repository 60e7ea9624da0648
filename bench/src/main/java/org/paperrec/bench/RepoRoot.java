package org.paperrec.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, found from the working directory (the root itself, or {@code bench/} under exec:exec). */
final class RepoRoot {

  private RepoRoot() {}

  /** The nearest directory upwards from the working directory that holds {@code bench/pom.xml}. */
  static Path find() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("bench/pom.xml")) && Files.isRegularFile(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new IllegalStateException("run from inside the paperrec repository; no bench/pom.xml above " + dir);
  }
}
