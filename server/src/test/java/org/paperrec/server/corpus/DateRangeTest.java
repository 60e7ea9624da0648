package org.paperrec.server.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.server.corpus.CorpusTestSupport.Result;
import org.paperrec.server.corpus.RecordProblem.Reason;
import org.paperrec.store.Paper;

/**
 * Every reader skips a record whose date is outside {@link Paper#EARLIEST_DATE} to {@link
 * Paper#LATEST_DATE} with {@link Reason#DATE_OUT_OF_RANGE} naming the field, and keeps the dates at
 * both ends of the range.
 */
class DateRangeTest {

  @TempDir Path dir;

  @Test
  void jsonLinesRecordWithAFarFutureOrAncientDateIsSkippedNamingTheField() throws IOException {
    Result result = CorpusTestSupport.readAll(new JsonlReader(), file("papers.jsonl",
        jsonl("2506.01001", "+999999999-12-31"),
        jsonl("2506.01002", "0999-12-31"),
        jsonl("2506.01003", "1000-01-01"),
        jsonl("2506.01004", "9999-12-31")));

    assertEquals(List.of("2506.01003", "2506.01004"), result.ids());
    assertEquals(List.of(Reason.DATE_OUT_OF_RANGE, Reason.DATE_OUT_OF_RANGE), result.problemReasons());
    assertEquals(List.of(1L, 2L), result.problemLines());
    String detail = result.problems().get(0).detail();
    assertTrue(detail.contains("announced") && detail.contains("+999999999-12-31") && detail.contains("9999-12-31"), detail);
    assertEquals(LocalDate.of(9999, 12, 31), result.paper("2506.01004").date());
  }

  @Test
  void strictReadingOfAnImportStopsAtADateOutOfRange() throws IOException {
    try (PaperStream stream = new JsonlReader().openStrict(file("shard.jsonl", jsonl("2506.01001", "+10000-01-01")))) {
      InvalidRecordException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidRecordException.class, stream::next);
      assertEquals(Reason.DATE_OUT_OF_RANGE, e.problem().reason());
    }
  }

  @Test
  void huggingFaceEntryPublishedOutOfRangeIsSkipped() throws IOException {
    Result result = CorpusTestSupport.readAll(new HfReader(), file("daily.json",
        "[" + hf("2502.04001", "+999999999-12-31T00:00:00Z") + ",\n" + hf("2502.04002", "2025-02-03T10:00:00.000Z") + "]"));

    assertEquals(List.of("2502.04002"), result.ids());
    assertEquals(List.of(Reason.DATE_OUT_OF_RANGE), result.problemReasons());
    assertTrue(result.problems().get(0).detail().contains("publishedAt"), result.problems().toString());
  }

  @Test
  void arxivSnapshotRecordUpdatedOutOfRangeIsSkipped() throws IOException {
    Result result = CorpusTestSupport.readAll(new OaiReader(), file("snapshot.json",
        oai("2405.01234", "+999999999-12-31"), oai("2405.01235", "2024-05-02")));

    assertEquals(List.of("2405.01235"), result.ids());
    assertEquals(List.of(Reason.DATE_OUT_OF_RANGE), result.problemReasons());
  }

  @Test
  void seedPagePaperDatedBeforeTheYear1000IsSkipped() throws IOException {
    Result result = CorpusTestSupport.readAll(new SeedReader(), file("page.txt",
        "An Ancient Paper\n\nIts abstract.\n\n  • 2 authors\n·\nJan 3, 0999\n",
        "A Recent Paper\n\nIts abstract.\n\n  • 2 authors\n·\nJan 3, 2025\n"));

    assertEquals(List.of("title:a-recent-paper"), result.ids());
    assertEquals(List.of(Reason.DATE_OUT_OF_RANGE), result.problemReasons());
  }

  private Path file(String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  private static String jsonl(String id, String announced) {
    return "{\"id\": \"" + id + "\", \"title\": \"A title\", \"abstract\": \"An abstract.\", \"announced\": \"" + announced + "\"}";
  }

  private static String hf(String id, String publishedAt) {
    return "{\"paper\": {\"id\": \"" + id + "\", \"title\": \"A title\", \"summary\": \"An abstract.\", \"authors\": [],"
        + " \"publishedAt\": \"" + publishedAt + "\"}}";
  }

  private static String oai(String id, String updated) {
    return "{\"id\": \"" + id + "\", \"title\": \"A title\", \"abstract\": \"An abstract.\", \"authors\": \"A. One\","
        + " \"categories\": \"cs.LG\", \"versions\": [], \"update_date\": \"" + updated + "\"}";
  }
}
