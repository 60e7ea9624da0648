package org.paperrec.server.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.server.corpus.CorpusTestSupport.Result;
import org.paperrec.server.corpus.RecordProblem.Reason;
import org.paperrec.store.Paper;

/** The Hugging Face daily-papers reader on fixtures in the API's JSON shape. */
class HfReaderTest {

  @TempDir Path dir;

  @Test
  void readsThePaperObjectOfEveryEntry() throws IOException {
    Result result = CorpusTestSupport.readAll(new HfReader(), CorpusTestSupport.fixture("hf-daily-papers.json"));

    assertEquals(List.of("2502.04001", "2502.04002", "2502.04003"), result.ids());
    assertEquals(List.of(), result.problems());
    Paper first = result.paper("2502.04001");
    assertEquals("Speculative Decoding with Learned Draft Budgets", first.title());
    assertEquals(
        "Speculative decoding drafts several tokens with a small model and verifies them with a large one. We learn"
            + " how many tokens to draft per step from the verifier's recent acceptance rate, which speeds up"
            + " generation by 1.4x over a fixed budget.",
        first.abstractText());
    assertEquals(List.of("Sofia Marchetti", "Dmitri Volkov"), first.authors());
    assertEquals(42, first.upvotes());
    assertEquals(List.of(), first.categories());
  }

  @Test
  void dateIsThePublishedInstantAsAUtcDate() throws IOException {
    Result result = CorpusTestSupport.readAll(new HfReader(), CorpusTestSupport.fixture("hf-daily-papers.json"));

    assertEquals(LocalDate.of(2025, 2, 6), result.paper("2502.04001").date());
    assertEquals(LocalDate.of(2025, 3, 1), result.paper("2502.04002").date());
  }

  @Test
  void missingUpvotesAreNullAndZeroStaysZero() throws IOException {
    Result result = CorpusTestSupport.readAll(new HfReader(), CorpusTestSupport.fixture("hf-daily-papers.json"));

    assertEquals(0, result.paper("2502.04002").upvotes());
    assertNull(result.paper("2502.04003").upvotes());
    assertEquals(0, result.paper("2502.04003").authorCount());
  }

  /** Found by CorpusReadersFuzzTest: a negative count reached Paper's constructor, whose exception ended the read. */
  @Test
  void negativeUpvotesAreLeftOutAndThePaperKept() throws IOException {
    byte[] body = "[{\"paper\": {\"id\": \"2502.04001\", \"title\": \"T\", \"summary\": \"S\", \"upvotes\": -1}}]"
        .getBytes(StandardCharsets.UTF_8);
    List<RecordProblem> problems = new ArrayList<>();

    Result result = CorpusTestSupport.drain(new HfReader().open(body, "hf", problems::add), problems);

    assertEquals(List.of("2502.04001"), result.ids());
    assertNull(result.paper("2502.04001").upvotes());
  }

  /** Found by CorpusReadersFuzzTest: an instant whose year LocalDate cannot hold threw DateTimeException out of next(). */
  @Test
  void anInstantBeyondTheLastDateIsReportedAndThePaperKeptWithoutADate() throws IOException {
    byte[] body = ("[{\"paper\": {\"id\": \"2502.04001\", \"title\": \"T\", \"summary\": \"S\","
        + " \"publishedAt\": \"-1000000000-01-01T00:00:00Z\"}}]").getBytes(StandardCharsets.UTF_8);
    List<RecordProblem> problems = new ArrayList<>();

    Result result = CorpusTestSupport.drain(new HfReader().open(body, "hf", problems::add), problems);

    assertNull(result.paper("2502.04001").date());
    assertEquals(List.of(Reason.UNPARSEABLE_DATE), result.problemReasons());
  }

  /** Found by CorpusReadersFuzzTest: NUL bytes make Jackson read UTF-32, whose CharConversionException escaped next(). */
  @Test
  void bytesThatJacksonReadsAsBadUtf32EndTheStreamAsMalformed() throws IOException {
    byte[] body = {0, 0, 0, '[', 0, 0x11, 0, 0};
    List<RecordProblem> problems = new ArrayList<>();

    Result result = CorpusTestSupport.drain(new HfReader().open(body, "hf", problems::add), problems);

    assertEquals(List.of(), result.papers());
    assertEquals(List.of(Reason.MALFORMED_RECORD), result.problemReasons());
  }

  @Test
  void badEntriesAreReportedAtTheLineWhereTheyStart() throws IOException {
    Result result =
        CorpusTestSupport.readAll(new HfReader(), CorpusTestSupport.fixture("hf-daily-papers-broken.json"));

    assertEquals(List.of("2503.05001", "2503.05004"), result.ids());
    assertNull(result.paper("2503.05004").date());
    assertEquals(
        List.of(Reason.MISSING_FIELD, Reason.MALFORMED_RECORD, Reason.UNPARSEABLE_DATE, Reason.MALFORMED_RECORD),
        result.problemReasons());
    assertEquals(List.of(12L, 20L, 21L, 34L), result.problemLines());
  }

  @Test
  void aTopLevelObjectIsReportedAndGivesNoPapers() throws IOException {
    Path file = Files.writeString(dir.resolve("object.json"), "{\"papers\": []}\n", StandardCharsets.UTF_8);

    Result result = CorpusTestSupport.readAll(new HfReader(), file);

    assertEquals(List.of(), result.papers());
    assertEquals(List.of(Reason.MALFORMED_RECORD), result.problemReasons());
  }

  @Test
  void anEmptyFileGivesNoPapersAndNoProblems() throws IOException {
    Path file = Files.writeString(dir.resolve("empty.json"), "", StandardCharsets.UTF_8);

    Result result = CorpusTestSupport.readAll(new HfReader(), file);

    assertEquals(List.of(), result.papers());
    assertEquals(List.of(), result.problems());
  }
}
