package org.paperrec.server.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.paperrec.store.Paper;

/** Reading helpers and fixture locations shared by the corpus tests. */
final class CorpusTestSupport {

  /** Everything one stream gave: its papers and its problems, in order. */
  record Result(List<Paper> papers, List<RecordProblem> problems, long bytesRead, long totalBytes) {
    List<String> ids() {
      return papers.stream().map(Paper::id).toList();
    }

    Paper paper(String id) {
      return papers.stream().filter(p -> p.id().equals(id)).findFirst()
          .orElseThrow(() -> new AssertionError("no paper " + id + " among " + ids()));
    }

    List<Long> problemLines() {
      return problems.stream().map(RecordProblem::line).toList();
    }

    List<RecordProblem.Reason> problemReasons() {
      return problems.stream().map(RecordProblem::reason).toList();
    }
  }

  private CorpusTestSupport() {}

  static Result readAll(CorpusReader reader, Path file) throws IOException {
    List<RecordProblem> problems = new ArrayList<>();
    try (PaperStream stream = reader.open(file, problems::add)) {
      return drain(stream, problems);
    }
  }

  static Result drain(PaperStream stream, List<RecordProblem> problems) throws IOException {
    List<Paper> papers = new ArrayList<>();
    for (Paper paper = stream.next(); paper != null; paper = stream.next()) {
      papers.add(paper);
    }
    return new Result(papers, problems, stream.bytesRead(), stream.totalBytes());
  }

  /** A fixture under {@code src/test/resources/corpus/}, as a file. */
  static Path fixture(String name) {
    return resourcePath("/corpus/" + name);
  }

  /** A classpath resource that lives in a directory (not a jar), as a file. */
  static Path resourcePath(String absoluteName) {
    URL url = CorpusTestSupport.class.getResource(absoluteName);
    if (url == null) {
      throw new AssertionError("missing test resource " + absoluteName);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** Writes {@code source} gzip-compressed to {@code target}. */
  static Path gzip(Path source, Path target) throws IOException {
    try (InputStream in = Files.newInputStream(source);
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
      in.transferTo(out);
    }
    return target;
  }

  /** The test's own copy of a fixture, to change or to place next to another file. */
  static Path copy(String fixture, Path target) throws IOException {
    return Files.copy(fixture(fixture), target);
  }
}
