package org.paperrec.server.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.server.corpus.CorpusTestSupport.Result;
import org.paperrec.store.Paper;

/** The OAI snapshot reader on a fixture written in that format. */
class OaiReaderTest {

  private static Result snapshot;

  @BeforeAll
  static void read() throws IOException {
    snapshot = CorpusTestSupport.readAll(new OaiReader(), CorpusTestSupport.fixture("oai-snapshot.jsonl"));
  }

  @Test
  void readsEveryRecordWithoutProblems() {
    assertEquals(List.of("2405.01234", "cond-mat/0412345", "1907.05555", "math.AG/0501234"), snapshot.ids());
    assertEquals(List.of(), snapshot.problems());
  }

  @Test
  void wrappedTitleAndAbstractAreUnwrappedAndTrimmed() {
    Paper paper = snapshot.paper("2405.01234");
    assertEquals("Sparse Mixtures of Graph Experts for Molecular Property Prediction", paper.title());
    assertEquals(
        "Graph neural networks predict molecular properties well on average but struggle on rare scaffolds. We"
            + " route each molecule to a small subset of graph experts chosen by a learned sparse gate, which keeps"
            + " inference cost flat while capacity grows. On four benchmarks the mixture improves out-of-scaffold"
            + " error by 11% over a dense model of equal cost.",
        paper.abstractText());
  }

  @Test
  void dateIsTheCreationDateOfTheLatestVersion() {
    assertEquals(LocalDate.of(2024, 9, 3), snapshot.paper("2405.01234").date());
    assertEquals(LocalDate.of(2004, 12, 15), snapshot.paper("cond-mat/0412345").date());
  }

  @Test
  void dateFallsBackToUpdateDateWithoutVersions() {
    assertEquals(LocalDate.of(2019, 7, 22), snapshot.paper("1907.05555").date());
  }

  @Test
  void categoriesAreSplitWithThePrimaryFirst() {
    assertEquals(List.of("cs.LG", "stat.ML", "q-bio.BM"), snapshot.paper("2405.01234").categories());
    assertEquals("cond-mat.stat-mech", snapshot.paper("cond-mat/0412345").primaryCategory());
  }

  @Test
  void authorsComeFromAuthorsParsedAsFirstLastSuffix() {
    assertEquals(List.of("Adaeze Okafor", "Jonas Lindqvist", "Lucía Ramírez"), snapshot.paper("2405.01234").authors());
    assertEquals(List.of("Harold Whitfield Jr", "K. Nakamura"), snapshot.paper("cond-mat/0412345").authors());
    assertEquals(3, snapshot.paper("2405.01234").authorCount());
  }

  @Test
  void authorsFallBackToTheAuthorsStringWithoutAffiliations() {
    assertEquals(List.of("M. Dubois", "P. Chen", "R. Silva"), snapshot.paper("1907.05555").authors());
  }

  @Test
  void oldStyleIdsKeepTheirArchiveAndSubjectClass() {
    assertEquals("math.AG/0501234", snapshot.papers().get(3).id());
    assertEquals("https://arxiv.org/abs/cond-mat/0412345", snapshot.paper("cond-mat/0412345").url());
  }

  @Test
  void authorStringSplitsOnCommasAndAnd() {
    assertEquals(List.of("A. Smith", "B. Jones", "C. Wu"), OaiReader.splitAuthors("A. Smith, B. Jones, and C. Wu"));
    assertEquals(List.of("A. Smith", "B. Jones"), OaiReader.splitAuthors("A. Smith and\n  B. Jones"));
  }

  @Test
  void theDoiFieldIsTheDoiAlias() {
    assertEquals(List.of("doi:10.1103/physreve.71.011234"), snapshot.paper("cond-mat/0412345").aliases());
    assertEquals(List.of(), snapshot.paper("2405.01234").aliases(), "doi: null");
  }

  @TempDir Path dir;

  private Result read(String doiField) throws IOException {
    Path file = dir.resolve("oai.jsonl");
    Files.writeString(file, "{\"id\": \"2405.01234\", \"title\": \"T\", \"abstract\": \"A.\", \"categories\": \"cs.LG\","
        + " \"doi\": " + doiField + "}\n", StandardCharsets.UTF_8);
    return CorpusTestSupport.readAll(new OaiReader(), file);
  }

  @Test
  void severalDoisInTheFieldAreAllAliases() throws IOException {
    Result result = read("\"10.1016/J.PHYSLETB.2007.09.035 10.1016/j.nuclphysb.2008.01.001;10.1016/j.nuclphysb.2008.01.001\"");
    assertEquals(List.of("doi:10.1016/j.nuclphysb.2008.01.001", "doi:10.1016/j.physletb.2007.09.035"),
        result.paper("2405.01234").aliases());
    assertEquals(List.of(), result.problems());
  }

  @Test
  void aValueThatIsNotADoiIsReportedAndThePaperKept() throws IOException {
    Result result = read("\"10.1103/ok.1 not-a-doi\"");
    assertEquals(List.of("doi:10.1103/ok.1"), result.paper("2405.01234").aliases());
    assertEquals(List.of(RecordProblem.Reason.UNUSABLE_DOI), result.problemReasons());
  }
}
