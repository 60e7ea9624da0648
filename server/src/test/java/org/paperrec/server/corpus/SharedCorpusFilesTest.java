package org.paperrec.server.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.paperrec.server.corpus.CorpusTestSupport.Result;

/**
 * The readers on the real data files of the shared folder, which are never copied into the project.
 * The folder is the system property {@code paperrec.shared} when set, otherwise {@code ../../shared}
 * relative to the working directory (surefire runs in {@code server/}); each test is skipped with a
 * message when its file is not there.
 */
class SharedCorpusFilesTest {

  private static Path sharedFile(String relative) {
    Path root = Path.of(System.getProperty("paperrec.shared", "../../shared"));
    Path file = root.resolve(relative);
    assumeTrue(Files.isRegularFile(file),
        () -> "skipped: " + file.toAbsolutePath().normalize() + " is not there (set -Dpaperrec.shared=DIR to point at the shared folder)");
    return file;
  }

  private static long nonBlankLines(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.filter(line -> !line.isBlank()).count();
    }
  }

  @Test
  void oaiSnapshotSampleReadsWithoutProblems() throws IOException {
    Path file = sharedFile("data/formats/arxiv-oai-snapshot-sample.jsonl");

    assertEquals(CorpusFormat.OAI, CorpusFormat.detect(file));
    Result result = CorpusTestSupport.readAll(new OaiReader(), file);

    assertEquals(List.of(), result.problems());
    assertEquals(200, result.papers().size());
    result.papers().forEach(p -> {
      assertTrue(p.date() != null && !p.categories().isEmpty() && !p.authors().isEmpty(), p.id());
      assertTrue(!p.abstractText().contains("\n") && !p.abstractText().startsWith(" "), p.id());
    });
  }

  @Test
  void arxivCsPartReadsWithoutProblems() throws IOException {
    Path file = sharedFile("data/arxiv-cs/part-000.jsonl");

    assertEquals(CorpusFormat.JSONL, CorpusFormat.detect(file));
    Result result = CorpusTestSupport.readAll(new JsonlReader(), file);

    assertEquals(List.of(), result.problems());
    assertEquals(nonBlankLines(file), result.papers().size());
    result.papers().forEach(p -> assertTrue(p.date() != null && !p.categories().isEmpty(), p.id()));
    assertEquals(result.totalBytes(), result.bytesRead());
  }

  @Test
  void seedCopyInTheSharedFolderMatchesTheBundledDemo() throws IOException {
    Path file = sharedFile("seeds/daily-papers-page.txt");

    Result result = CorpusTestSupport.readAll(new SeedReader(), file);

    assertEquals(List.of(), result.problems());
    assertEquals(DemoCorpus.PAPER_COUNT, result.papers().size());
  }
}
