package org.paperrec.server.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paperrec.server.corpus.RecordProblem.Reason;

class CorpusSummaryTest {

  @Test
  void cleanReadSaysSoBriefly() {
    CorpusSummary summary = new CorpusSummary();
    summary.paperRead();

    assertEquals("1 paper read, 0 records skipped", summary.toString());
  }

  @Test
  void countsProblemsByReasonSeparatingSkippedRecords() {
    CorpusSummary summary = new CorpusSummary();
    summary.accept(new RecordProblem("f.jsonl", 3, Reason.MISSING_FIELD, "no abstract"));
    summary.accept(new RecordProblem("f.jsonl", 9, Reason.MISSING_FIELD, "no title"));
    summary.accept(new RecordProblem("f.jsonl", 4, Reason.TRUNCATED_INPUT, "cut"));

    assertEquals(2, summary.recordsSkipped());
    assertEquals(Map.of(Reason.MISSING_FIELD, 2L, Reason.TRUNCATED_INPUT, 1L), summary.problemsByReason());
    assertEquals("0 papers read, 2 records skipped (missing field: 2), 1 other problem (truncated input: 1)",
        summary.toString());
  }

  @Test
  void problemMessageNamesFileLineAndWhetherTheRecordWasSkipped() {
    assertEquals("f.jsonl:3: missing field (record skipped): no abstract",
        new RecordProblem("f.jsonl", 3, Reason.MISSING_FIELD, "no abstract").message());
    assertEquals("f.jsonl:7: unparseable date: announced '2025-13-45'",
        new RecordProblem("f.jsonl", 7, Reason.UNPARSEABLE_DATE, "announced '2025-13-45'").message());
  }
}
