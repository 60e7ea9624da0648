package org.paperrec.server.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.server.corpus.CorpusTestSupport.Result;
import org.paperrec.store.Paper;

/** The arxiv-cs JSON-lines reader on a fixture in that layout. */
class JsonlReaderTest {

  @Test
  void readsEveryFieldOfTheLayout() throws IOException {
    Result result = CorpusTestSupport.readAll(new JsonlReader(), CorpusTestSupport.fixture("arxiv-cs.jsonl"));

    assertEquals(List.of("2506.01001", "2506.01002", "2506.01003"), result.ids());
    assertEquals(List.of(), result.problems());
    Paper first = result.paper("2506.01001");
    assertEquals("Retrieval-Augmented Critics for Code Review", first.title());
    assertEquals(List.of("Priya Raman", "Tomasz Zieliński"), first.authors());
    assertEquals(List.of("cs.SE", "cs.LG"), first.categories());
    assertEquals(LocalDate.of(2025, 6, 2), first.date());
    assertNull(first.upvotes());
  }

  @Test
  void primaryCategoryComesFirstEvenWhenListedLater() throws IOException {
    Result result = CorpusTestSupport.readAll(new JsonlReader(), CorpusTestSupport.fixture("arxiv-cs.jsonl"));

    assertEquals(List.of("cs.CL", "cs.AI"), result.paper("2506.01002").categories());
  }

  @Test
  void progressReachesTheFileSize() throws IOException {
    Result result = CorpusTestSupport.readAll(new JsonlReader(), CorpusTestSupport.fixture("arxiv-cs.jsonl"));

    assertEquals(result.totalBytes(), result.bytesRead());
  }

  @TempDir Path dir;

  private Path lines(String... lines) throws IOException {
    Path file = dir.resolve("papers.jsonl");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static String record(String extra) {
    return "{\"id\": \"2506.01001\", \"title\": \"A title\", \"abstract\": \"An abstract.\","
        + " \"authors\": [\"A. One\", \"B. Two\"]" + extra + "}";
  }

  @Test
  void authorCountAndUpvotesAreReadWhenPresent() throws IOException {
    Result result = CorpusTestSupport.readAll(new JsonlReader(), lines(record(", \"author_count\": 7, \"upvotes\": 12")));

    Paper paper = result.paper("2506.01001");
    assertEquals(7, paper.authorCount());
    assertEquals(12, paper.upvotes());
    assertEquals(List.of(), result.problems());
  }

  @Test
  void absentOrNullAuthorCountIsTheNumberOfAuthorsAndUpvotesStayNull() throws IOException {
    Result result = CorpusTestSupport.readAll(
        new JsonlReader(), lines(record(""), record(", \"author_count\": null, \"upvotes\": null").replace("01001", "01002")));

    for (Paper paper : result.papers()) {
      assertEquals(2, paper.authorCount());
      assertNull(paper.upvotes());
    }
  }

  @Test
  void authorCountBelowTheNamedAuthorsOrNegativeUpvotesSkipTheRecord() throws IOException {
    Result result = CorpusTestSupport.readAll(
        new JsonlReader(),
        lines(record(", \"author_count\": 1"), record(", \"upvotes\": -3"), record(", \"upvotes\": 2.5"),
            record(", \"author_count\": \"7\"")));

    assertEquals(List.of(), result.papers());
    assertEquals(List.of(1L, 2L, 3L, 4L), result.problemLines());
    assertEquals(
        List.of(RecordProblem.Reason.MALFORMED_RECORD, RecordProblem.Reason.MALFORMED_RECORD,
            RecordProblem.Reason.MALFORMED_RECORD, RecordProblem.Reason.MALFORMED_RECORD),
        result.problemReasons());
  }

  @Test
  void strictReadingStopsAtTheFirstProblemNamingFileAndLine() throws IOException {
    Path file = lines(record(""), "{\"id\": \"2506.01002\", \"title\": \"broken json");

    try (PaperStream stream = new JsonlReader().openStrict(file)) {
      assertEquals("2506.01001", stream.next().id());
      InvalidRecordException e = assertThrows(InvalidRecordException.class, stream::next);
      assertEquals(2, e.problem().line());
      assertEquals(file + ":2: malformed record: not JSON: ", e.getMessage().substring(0, (file + ":2: malformed record: not JSON: ").length()));
    }
  }

  @Test
  void strictReadingRefusesEvenAProblemThatWouldKeepTheRecord() throws IOException {
    Path file = lines(record(", \"announced\": \"June 2025\""));

    try (PaperStream stream = new JsonlReader().openStrict(file)) {
      InvalidRecordException e = assertThrows(InvalidRecordException.class, stream::next);
      assertEquals(RecordProblem.Reason.UNPARSEABLE_DATE, e.problem().reason());
    }
  }

  @Test
  void idsAndSemanticScholarExternalIdsAreTheOtherIds() throws IOException {
    Result result = CorpusTestSupport.readAll(new JsonlReader(), lines(record(
        ", \"ids\": [\"DOI:10.18653/v1/P19-1001\", \"arXiv:2506.01001v2\"], \"externalIds\": {\"CorpusId\": 215416146,"
            + " \"PubMed\": \"19872477\", \"PubMedCentral\": \"2323569\", \"ACL\": \"P19-1001\", \"DBLP\": \"conf/acl/X19\","
            + " \"MAG\": null}")));

    assertEquals(List.of(), result.problems());
    assertEquals(
        List.of("acl:p19-1001", "corpusid:215416146", "doi:10.18653/v1/p19-1001", "pmcid:pmc2323569", "pmid:19872477"),
        result.paper("2506.01001").aliases());
  }

  @Test
  void aRecordWithoutIdIsKeyedByItsPreferredOtherId() throws IOException {
    Result result = CorpusTestSupport.readAll(new JsonlReader(), lines(
        "{\"title\": \"A bioRxiv paper\", \"abstract\": \"An abstract.\", \"externalIds\": {\"PubMed\": \"19872477\","
            + " \"DOI\": \"10.1101/2024.01.02.573001\"}}",
        "{\"title\": \"An ACL paper\", \"abstract\": \"An abstract.\", \"ids\": [\"ACL:2020.acl-main.1\"]}",
        "{\"title\": \"No ID at all\", \"abstract\": \"An abstract.\"}"));

    assertEquals(List.of("doi:10.1101/2024.01.02.573001", "acl:2020.acl-main.1"), result.ids());
    assertEquals(List.of("pmid:19872477"), result.paper("doi:10.1101/2024.01.02.573001").aliases());
    assertEquals(List.of(RecordProblem.Reason.MISSING_FIELD), result.problemReasons());
  }

  @Test
  void anInvalidOtherIdOrAWrongShapeSkipsTheRecordNamingIt() throws IOException {
    Result result = CorpusTestSupport.readAll(new JsonlReader(), lines(
        record(", \"ids\": [\"PMID:12x\"]"),
        record(", \"externalIds\": {\"PubMed\": \"PMC5\"}"),
        record(", \"externalIds\": [\"DOI\"]"),
        record(", \"externalIds\": {\"DOI\": {\"x\": 1}}"),
        record(", \"ids\": \"doi:10.1000/x\"")));

    assertEquals(List.of(), result.papers());
    assertEquals(
        List.of(RecordProblem.Reason.INVALID_ID, RecordProblem.Reason.INVALID_ID, RecordProblem.Reason.MALFORMED_RECORD,
            RecordProblem.Reason.MALFORMED_RECORD, RecordProblem.Reason.MALFORMED_RECORD),
        result.problemReasons());
    assertTrue(result.problems().get(0).detail().startsWith("ids[0]: 'PMID:12x' is not a PubMed ID"),
        result.problems().get(0).detail());
    assertTrue(result.problems().get(1).detail().startsWith("externalIds.PubMed: "), result.problems().get(1).detail());
  }

  @Test
  void writtenPapersReadBackEqual() throws IOException {
    List<Paper> papers = List.of(
        new Paper("2506.01001", "Attention, \"quoted\" and ünïcode ✓", "Line one. Line two\\with a backslash.",
            List.of("Tomasz Zieliński", "B. Two"), 5, LocalDate.of(2025, 6, 2), List.of("cs.SE", "cs.LG"), 42,
            List.of("doi:10.1000/x", "pmid:19872477")),
        Paper.of("title:a-paper-without-an-id", "A paper without an ID", "Abstract.", List.of(), null, List.of(), null),
        new Paper("hep-ph/0307015", "Old style", "Old abstract.", List.of(), 3, LocalDate.of(2003, 7, 1), List.of("hep-ph"), 0));
    Path file = dir.resolve("written.jsonl");
    try (OutputStream out = Files.newOutputStream(file); JsonlWriter writer = new JsonlWriter(out)) {
      for (Paper paper : papers) {
        writer.write(paper);
      }
    }

    List<Paper> read = new ArrayList<>();
    try (PaperStream stream = new JsonlReader().openStrict(file)) {
      for (Paper p = stream.next(); p != null; p = stream.next()) {
        read.add(p);
      }
    }
    assertEquals(papers, read);
    assertEquals(3, Files.readAllLines(file).size());
  }
}
