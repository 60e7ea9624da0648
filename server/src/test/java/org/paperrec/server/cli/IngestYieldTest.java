package org.paperrec.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.cli.CliTest.paperrec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperrec.server.cli.CliTest.Run;

/**
 * {@code paperrec ingest} of a file that yields no paper (random bytes, another format, every record
 * broken) exits 2 with one line naming the file and the format it was read as; a file of which
 * only some records are skipped, or one with no records at all, still exits 0.
 */
class IngestYieldTest {

  @TempDir Path dir;

  /** 64 KiB of seeded random bytes without NUL (with one, format detection refuses the file before reading). */
  private Path randomBytes() throws Exception {
    byte[] bytes = new byte[64 << 10];
    new Random(20261203L).nextBytes(bytes);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        bytes[i] = 1;
      }
    }
    return Files.write(dir.resolve("random.bin"), bytes);
  }

  private static String lastLine(String text) {
    List<String> lines = text.strip().lines().toList();
    return lines.get(lines.size() - 1);
  }

  @Test
  void randomBytesExitTwoNamingTheFileAndTheDetectedFormat() throws Exception {
    Path file = randomBytes();
    Run run = paperrec("ingest", file.toString(), "--data", dir.resolve("data").toString());

    assertEquals(2, run.code(), run.err());
    String line = lastLine(run.err());
    assertTrue(line.startsWith("paperrec: " + file + ": no paper could be read from it as seed"), line);
    assertTrue(line.contains("--format"), line);
  }

  @ParameterizedTest(name = "--format {0}")
  @ValueSource(strings = {"seed", "oai", "jsonl", "hf"})
  void randomBytesReadAsAnyFormatExitTwo(String format) throws Exception {
    Path file = randomBytes();
    Run run = paperrec("ingest", file.toString(), "--format", format, "--data", dir.resolve("data").toString());

    assertEquals(2, run.code(), run.err());
    assertTrue(lastLine(run.err()).startsWith("paperrec: " + file + ": no paper could be read from it as " + format),
        run.err());
  }

  @Test
  void aFileWhoseEveryRecordIsSkippedExitsTwoAfterTheFilesBeforeItWereIngested() throws Exception {
    Path good = Files.writeString(dir.resolve("good.jsonl"), "{\"id\": \"2506.00001\", \"title\": \"Sparse attention\","
        + " \"abstract\": \"We make attention sparse.\", \"announced\": \"2025-06-02\"}\n", StandardCharsets.UTF_8);
    Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"id\": \"2506.00002\", \"title\": \"No abstract\","
        + " \"announced\": \"2025-06-02\"}\n{\"id\": \"2506.00003\", \"announced\": \"2025-06-02\"}\n", StandardCharsets.UTF_8);
    Path data = dir.resolve("data");

    Run run = paperrec("ingest", good.toString(), bad.toString(), "--data", data.toString());

    assertEquals(2, run.code(), run.err());
    String line = lastLine(run.err());
    assertTrue(line.startsWith("paperrec: " + bad + ": no paper could be read from it as jsonl"), line);
    assertTrue(line.contains("2 records skipped (missing field: 2)"), line);
    Run stats = paperrec("stats", "--data", data.toString());
    assertTrue(stats.out().lines().anyMatch(l -> l.matches("papers\\s+1")), stats.out());
  }

  @Test
  void anEmptyDailyPapersArrayStillExitsZero() throws Exception {
    Path file = Files.writeString(dir.resolve("quiet-day.json"), "[]\n", StandardCharsets.UTF_8);
    Run run = paperrec("ingest", file.toString(), "--data", dir.resolve("data").toString());

    assertEquals(0, run.code(), run.err());
  }
}
