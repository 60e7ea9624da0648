package org.paperrec.server.eval;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.paperrec.server.corpus.CorpusSummary;
import org.paperrec.server.corpus.JsonlReader;
import org.paperrec.server.corpus.PaperStream;
import org.paperrec.store.Paper;

/**
 * The arxiv-cs papers of the shared folder, read in place (never copied into the project). The
 * folder is the system property {@code paperrec.shared} when set, otherwise {@code ../../shared}
 * relative to the working directory (surefire runs in {@code server/}), as in
 * {@code SharedCorpusFilesTest}; a test that needs it is skipped with a message when it is not there.
 */
final class SharedData {

  private SharedData() {}

  /** The arxiv-cs folder, or a skipped test. */
  static Path arxivCs() {
    Path root = Path.of(System.getProperty("paperrec.shared", "../../shared"));
    Path dir = root.resolve("data/arxiv-cs");
    assumeTrue(Files.isRegularFile(dir.resolve("part-000.jsonl")),
        () -> "skipped: the arxiv-cs data is not at " + dir.toAbsolutePath().normalize()
            + " (set -Dpaperrec.shared=DIR to point at the shared folder)");
    return dir;
  }

  /** Every paper of every part file, in file order. */
  static List<Paper> readAll(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
    }
    List<Paper> papers = new ArrayList<>();
    JsonlReader reader = new JsonlReader();
    for (Path file : files) {
      try (PaperStream stream = reader.open(file, new CorpusSummary())) {
        for (Paper p = stream.next(); p != null; p = stream.next()) {
          papers.add(p);
        }
      }
    }
    return papers;
  }
}
