package org.paperrec.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.paperrec.server.corpus.CorpusFormat;
import org.paperrec.server.corpus.CorpusSummary;
import org.paperrec.server.corpus.PaperStream;
import org.paperrec.store.Paper;

/**
 * The real papers benchmarks take their texts from: a JSON-lines file or a folder of {@code
 * *.jsonl} files in the arxiv-cs layout, read in place with the project's own reader (never copied
 * into the repository). Stateless.
 */
final class RealCorpus {

  /** Where the arxiv-cs corpus lies, relative to the repository root. */
  static final String DEFAULT_RELATIVE = "../shared/data/arxiv-cs";

  private RealCorpus() {}

  /** The default corpus location: {@value #DEFAULT_RELATIVE} resolved against the repository root. */
  static Path defaultPath() {
    return RepoRoot.find().resolve(DEFAULT_RELATIVE).normalize();
  }

  /**
   * The first {@code max} papers of {@code corpus} in file-name then line order.
   *
   * @throws IllegalArgumentException naming the path when it does not exist or holds no papers
   */
  static List<Paper> read(Path corpus, int max) throws IOException {
    List<Paper> papers = new ArrayList<>();
    for (Path file : files(corpus)) {
      try (PaperStream stream = CorpusFormat.JSONL.reader().open(file, new CorpusSummary())) {
        for (Paper p = stream.next(); p != null && papers.size() < max; p = stream.next()) {
          papers.add(p);
        }
      }
      if (papers.size() >= max) {
        break;
      }
    }
    if (papers.isEmpty()) {
      throw new IllegalArgumentException("no papers in " + corpus + "; expected arxiv-cs JSON lines");
    }
    return papers;
  }

  static List<Path> files(Path corpus) throws IOException {
    if (!Files.exists(corpus)) {
      throw new IllegalArgumentException(
          "real corpus not found: " + corpus.toAbsolutePath() + " (the arxiv-cs JSON-lines folder, default "
              + DEFAULT_RELATIVE + " from the repository root); pass its path with --corpus");
    }
    if (Files.isRegularFile(corpus)) {
      return List.of(corpus);
    }
    try (Stream<Path> list = Files.list(corpus)) {
      return list.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
    }
  }
}
