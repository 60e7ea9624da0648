package org.paperrec.server.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.server.corpus.CorpusTestSupport.Result;
import org.paperrec.server.corpus.RecordProblem.Reason;
import org.paperrec.store.PaperIds;

/** The seed page reader on a fixture page with its ID table next to it. */
class SeedReaderTest {

  private static final String OMEGA_TITLE = "Ω-Nets: Scaling Laws for Networks with ∈-Constraints";

  @TempDir Path dir;

  @Test
  void readsEveryEntryOfTheFixturePage() throws IOException {
    Result page = CorpusTestSupport.readAll(new SeedReader(), CorpusTestSupport.fixture("seed-page.txt"));

    assertEquals(
        List.of("2503.01111", "2601.00042", "title:notes-on-entropy-estimation-for-discrete-sources",
            PaperIds.fromTitle(OMEGA_TITLE), "2402.09999"),
        page.ids());
    assertEquals(OMEGA_TITLE, page.papers().get(3).title());
    assertEquals(List.of(3, 1, 0, 2, 4), page.papers().stream().map(p -> p.authorCount()).toList());
  }

  @Test
  void explicitDateAndUpvotesAreRead() throws IOException {
    Result page = CorpusTestSupport.readAll(new SeedReader(), CorpusTestSupport.fixture("seed-page.txt"));

    assertEquals(LocalDate.of(2025, 3, 4), page.paper("2503.01111").date());
    assertEquals(12, page.paper("2503.01111").upvotes());
  }

  @Test
  void bareDateTakesTheYearNearestTheArxivIdMonth() throws IOException {
    Result page = CorpusTestSupport.readAll(new SeedReader(), CorpusTestSupport.fixture("seed-page.txt"));

    // "Dec 30" on a 2601 paper: December 2025, not December 2026.
    assertEquals(LocalDate.of(2025, 12, 30), page.paper("2601.00042").date());
  }

  @Test
  void bareDateWithoutArxivIdTakesTheNewestYearSeenSoFar() throws IOException {
    Result page = CorpusTestSupport.readAll(new SeedReader(), CorpusTestSupport.fixture("seed-page.txt"));

    assertEquals(LocalDate.of(2025, 6, 7), page.paper(PaperIds.fromTitle(OMEGA_TITLE)).date());
  }

  @Test
  void bareDateWithoutArxivIdTakesTheReferenceYearWhenGiven() throws IOException {
    Result page = CorpusTestSupport.readAll(new SeedReader(Year.of(2031)), CorpusTestSupport.fixture("seed-page.txt"));

    assertEquals(LocalDate.of(2031, 6, 7), page.paper(PaperIds.fromTitle(OMEGA_TITLE)).date());
    assertEquals(LocalDate.of(2025, 12, 30), page.paper("2601.00042").date());
  }

  @Test
  void impossibleDateKeepsThePaperWithoutDateAndReportsIt() throws IOException {
    Result page = CorpusTestSupport.readAll(new SeedReader(), CorpusTestSupport.fixture("seed-page.txt"));

    assertNull(page.paper("2402.09999").date());
    assertEquals(3, page.paper("2402.09999").upvotes());
    assertEquals(1, page.problems().size());
    RecordProblem problem = page.problems().get(0);
    assertEquals(Reason.UNPARSEABLE_DATE, problem.reason());
    assertEquals(41, problem.line());
    assertEquals(CorpusTestSupport.fixture("seed-page.txt").toString(), problem.source());
  }

  @Test
  void withoutIdTableEveryIdComesFromTheTitle() throws IOException {
    Path page = CorpusTestSupport.copy("seed-page.txt", dir.resolve("page.txt"));

    Result result = CorpusTestSupport.readAll(new SeedReader(), page);

    assertEquals(5, result.papers().size());
    result.papers().forEach(p -> assertEquals(PaperIds.fromTitle(p.title()), p.id()));
    // Without the 2601 ID, "Dec 30" takes the newest year seen before it.
    assertEquals(LocalDate.of(2025, 12, 30), result.papers().get(1).date());
  }

  @Test
  void idTableRowWithAnotherTitleIsLookedUpByTitleAndReported() throws IOException {
    Path page = CorpusTestSupport.copy("seed-page.txt", dir.resolve("page.txt"));
    Files.writeString(dir.resolve("page" + SeedReader.ID_TABLE_SUFFIX),
        "index\ttitle\tarxiv_id\n"
            + "0\tTiny Recurrent Critics for Long-Horizon Planning\t2601.00042\n"
            + "1\tGraph Sparsification for Streaming Retrieval\t2503.01111\n"
            + "2\tNotes on Entropy Estimation for Discrete Sources\tnot an id\n",
        StandardCharsets.UTF_8);

    Result result = CorpusTestSupport.readAll(new SeedReader(), page);

    assertEquals("2503.01111", result.papers().get(0).id());
    assertEquals("2601.00042", result.papers().get(1).id());
    assertEquals("title:notes-on-entropy-estimation-for-discrete-sources", result.papers().get(2).id());
    assertEquals(
        List.of(Reason.ID_TABLE_ENTRY, Reason.ID_TABLE_ENTRY, Reason.ID_TABLE_ENTRY, Reason.UNPARSEABLE_DATE),
        result.problemReasons());
    assertEquals(dir.resolve("page" + SeedReader.ID_TABLE_SUFFIX).toString(), result.problems().get(0).source());
    assertEquals(4, result.problems().get(0).line());
  }

  @Test
  void recordWithInvalidUtf8IsSkippedAlone() throws IOException {
    byte[] bytes = Files.readAllBytes(CorpusTestSupport.fixture("seed-page.txt"));
    String text = new String(bytes, StandardCharsets.UTF_8);
    int at = text.getBytes(StandardCharsets.UTF_8).length
        - text.substring(text.indexOf("A recurrent critic")).getBytes(StandardCharsets.UTF_8).length;
    bytes[at + 2] = (byte) 0xff; // inside the second paper's abstract (line 23)
    Path page = Files.write(dir.resolve("page.txt"), bytes);

    Result result = CorpusTestSupport.readAll(new SeedReader(), page);

    assertEquals(4, result.papers().size());
    assertEquals(List.of(Reason.INVALID_UTF8, Reason.UNPARSEABLE_DATE), result.problemReasons());
    assertEquals(21, result.problems().get(0).line());
    assertEquals(LocalDate.of(2025, 3, 4), result.papers().get(0).date());
    assertEquals("title:notes-on-entropy-estimation-for-discrete-sources", result.papers().get(1).id());
  }

  @Test
  void titleWithoutAbstractIsSkippedAndReported() throws IOException {
    Path page = Files.writeString(dir.resolve("page.txt"),
        "A Lonely Title\n\n  • 2 authors\n·\nJan 3, 2025\n\nA Complete Paper\n\nIts abstract.\n", StandardCharsets.UTF_8);

    Result result = CorpusTestSupport.readAll(new SeedReader(), page);

    assertEquals(List.of("title:a-complete-paper"), result.ids());
    assertEquals(List.of(Reason.MISSING_FIELD, Reason.UNEXPECTED_LINE), result.problemReasons());
    assertEquals(List.of(1L, 5L), result.problemLines());
  }

  @Test
  void yearFromArxivIdPicksTheNeighbouringYearNearestTheIdMonth() {
    assertEquals(2026, SeedReader.yearFromArxivId("2601.03220", Month.JANUARY, 6));
    assertEquals(2025, SeedReader.yearFromArxivId("2601.03220", Month.DECEMBER, 31));
    assertEquals(2026, SeedReader.yearFromArxivId("2512.00001", Month.JANUARY, 2));
    assertEquals(2003, SeedReader.yearFromArxivId("hep-ph/0307015", Month.JULY, 20));
    assertEquals(1999, SeedReader.yearFromArxivId("hep-th/9901001", Month.JANUARY, 5));
    assertNull(SeedReader.yearFromArxivId("title:some-paper", Month.JANUARY, 5));
  }

  @Test
  void idTableSitsNextToThePageWithoutItsExtensions() {
    assertEquals(Path.of("/data/page.arxiv-ids.tsv"), SeedReader.idTableFor(Path.of("/data/page.txt")));
    assertEquals(Path.of("/data/page.arxiv-ids.tsv"), SeedReader.idTableFor(Path.of("/data/page.txt.gz")));
  }
}
