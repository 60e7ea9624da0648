package org.paperrec.server.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.server.corpus.CorpusTestSupport.Result;
import org.paperrec.server.corpus.RecordProblem.Reason;

/**
 * Bad records in a JSON-lines file are skipped and reported with their line, and every good record
 * around them is kept. The fixture holds the text-only faults; invalid UTF-8 and an over-long line
 * are appended here.
 */
class BrokenRecordsTest {

  @TempDir Path dir;

  private Path brokenFile() throws IOException {
    Path file = CorpusTestSupport.copy("arxiv-cs-broken.jsonl", dir.resolve("broken.jsonl"));
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
      // line 8: a complete record whose title holds a byte that is not UTF-8 (0xC3 0x28)
      out.write("{\"id\": \"2507.00008\", \"title\": \"Bad ".getBytes(StandardCharsets.UTF_8));
      out.write(new byte[] {(byte) 0xc3, 0x28});
      out.write("\", \"abstract\": \"x\", \"authors\": [], \"categories\": [], \"primary_category\": \"cs.LG\", \"announced\": \"2025-07-03\"}\n"
          .getBytes(StandardCharsets.UTF_8));
      // line 9: one line over the limit, then a newline
      byte[] padding = new byte[64 * 1024];
      Arrays.fill(padding, (byte) 'x');
      long written = 0;
      out.write("{\"id\": \"2507.00009\", \"title\": \"".getBytes(StandardCharsets.UTF_8));
      while (written <= CorpusLimits.MAX_LINE_BYTES) {
        out.write(padding);
        written += padding.length;
      }
      out.write("\"}\n".getBytes(StandardCharsets.UTF_8));
      // line 10: good again
      out.write(("{\"id\": \"2507.00010\", \"title\": \"Good Record Ten\", \"abstract\": \"After the long line.\","
          + " \"authors\": [\"E. Five\"], \"categories\": [\"cs.LG\"], \"primary_category\": \"cs.LG\","
          + " \"announced\": \"2025-07-04\", \"comment\": null}").getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  @Test
  void everyGoodRecordIsKept() throws IOException {
    Result result = CorpusTestSupport.readAll(new JsonlReader(), brokenFile());

    assertEquals(List.of("2507.00001", "2507.00004", "2507.00007", "2507.00010"), result.ids());
  }

  @Test
  void everyBadRecordIsReportedWithItsLine() throws IOException {
    Result result = CorpusTestSupport.readAll(new JsonlReader(), brokenFile());

    assertEquals(
        List.of(Reason.MALFORMED_RECORD, Reason.MISSING_FIELD, Reason.INVALID_ID, Reason.UNPARSEABLE_DATE,
            Reason.INVALID_UTF8, Reason.LINE_TOO_LONG),
        result.problemReasons());
    assertEquals(List.of(2L, 3L, 5L, 7L, 8L, 9L), result.problemLines());
    result.problems().forEach(p -> assertEquals(dir.resolve("broken.jsonl").toString(), p.source()));
    assertTrue(result.problems().get(1).detail().contains("abstract"), result.problems().get(1).detail());
  }

  @Test
  void unparseableDateKeepsThePaperWithoutDate() throws IOException {
    Result result = CorpusTestSupport.readAll(new JsonlReader(), brokenFile());

    assertNull(result.paper("2507.00007").date());
  }

  @Test
  void summaryCountsSkippedRecordsByReason() throws IOException {
    CorpusSummary summary = new CorpusSummary();
    try (PaperStream stream = new JsonlReader().open(brokenFile(), summary)) {
      while (stream.next() != null) {
        summary.paperRead();
      }
    }

    assertEquals(4, summary.papersRead());
    assertEquals(5, summary.recordsSkipped());
    assertEquals(1, summary.count(Reason.UNPARSEABLE_DATE));
    assertEquals(
        "4 papers read, 5 records skipped (malformed record: 1, missing field: 1, line too long: 1,"
            + " invalid UTF-8: 1, invalid ID: 1), 1 other problem (unparseable date: 1)",
        summary.toString());
  }

  @Test
  void oversizedFieldsAreSkipped() throws IOException {
    String longTitle = "T".repeat(CorpusLimits.MAX_TITLE_CHARS + 1);
    String longAbstract = "word ".repeat(CorpusLimits.MAX_ABSTRACT_CHARS / 4);
    Path file = Files.writeString(dir.resolve("large.jsonl"),
        "{\"id\": \"2507.00101\", \"title\": \"" + longTitle + "\", \"abstract\": \"a\"}\n"
            + "{\"id\": \"2507.00102\", \"title\": \"t\", \"abstract\": \"" + longAbstract + "\"}\n"
            + "{\"id\": \"2507.00103\", \"title\": \"t\", \"abstract\": \"a\", \"authors\": 7}\n"
            + "[1, 2]\n"
            + "{\"id\": \"2507.00105\", \"title\": \"t\", \"abstract\": \"a\"} trailing\n",
        StandardCharsets.UTF_8);

    Result result = CorpusTestSupport.readAll(new JsonlReader(), file);

    assertEquals(List.of(), result.papers());
    assertEquals(
        List.of(Reason.FIELD_TOO_LARGE, Reason.FIELD_TOO_LARGE, Reason.MALFORMED_RECORD, Reason.MALFORMED_RECORD,
            Reason.MALFORMED_RECORD),
        result.problemReasons());
  }

  @Test
  void everyProblemReachesTheConsumerEvenPastTheLogLimit() throws IOException {
    int bad = ProblemReporter.MAX_LOGGED + 50;
    Path file = Files.writeString(dir.resolve("noise.jsonl"), "{not json\n".repeat(bad), StandardCharsets.UTF_8);

    Result result = CorpusTestSupport.readAll(new JsonlReader(), file);

    assertEquals(bad, result.problems().size());
    assertEquals(bad, result.problems().get(bad - 1).line());
  }
}
