package org.paperrec.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line end to end: real model, real RocksDB in a temp folder, exit codes and messages
 * as a person sees them.
 */
class CliTest {

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run paperrec(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = PaperrecCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path corpus(String... lines) throws Exception {
    Path file = dir.resolve("corpus.jsonl");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static String paper(String id, String title, String abstractText) {
    return "{\"id\": \"" + id + "\", \"title\": \"" + title + "\", \"abstract\": \"" + abstractText + "\","
        + " \"authors\": [\"A. Author\"], \"categories\": [\"cs.LG\"], \"primary_category\": \"cs.LG\","
        + " \"announced\": \"2025-06-02\", \"comment\": null}";
  }

  @Test
  void ingestWithBrokenLinesKeepsTheGoodOnesAndCountsTheBadOnes() throws Exception {
    Path file =
        corpus(
            paper("2506.00001", "Sparse attention for long documents", "We make attention sparse so long documents fit in memory."),
            "{\"id\": \"2506.00002\", \"title\": \"broken json",
            paper("2506.00003", "Graph neural networks for molecules", "Message passing networks predict molecular properties."),
            "{\"id\": \"2506.00004\", \"title\": \"No abstract here\", \"authors\": [], \"categories\": [\"cs.LG\"], \"announced\": \"2025-06-02\"}",
            paper("2506.00005", "Diffusion models for audio", "A diffusion model generates speech from noise."));
    Path data = dir.resolve("data");

    Run run = paperrec("ingest", file.toString(), "--data", data.toString(), "--threads", "2");

    assertEquals(0, run.code(), run.err());
    // Each skipped line is logged with file and line by the reader (see BrokenRecordsTest); the
    // command's summary counts them by reason.
    assertTrue(run.err().contains("3 papers read, 2 records skipped (malformed record: 1, missing field: 1)"), run.err());
    assertTrue(run.err().contains("3 added"), run.err());
    assertTrue(run.out().contains("3 papers in"), run.out());

    Run similar = paperrec("similar", "arXiv:2506.00001v2", "--data", data.toString());
    assertEquals(0, similar.code(), similar.err());
    assertTrue(similar.out().contains("2506.00003"), similar.out());
    assertFalse(similar.out().contains("2506.00001 "), similar.out());
  }

  @Test
  void dataSurvivesARestartAndReingestEmbedsNothing() throws Exception {
    Path file =
        corpus(
            paper("2506.00011", "Protein folding with transformers", "Attention models predict protein structure."),
            paper("2506.00012", "Reinforcement learning for robots", "Robots learn to walk with policy gradients."));
    Path data = dir.resolve("data");
    Run first = paperrec("ingest", file.toString(), "--data", data.toString());
    assertEquals(0, first.code(), first.err());

    Run again = paperrec("ingest", file.toString(), "--data", data.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.err().contains("0 added, 0 re-embedded, 0 metadata updated, 2 unchanged"), again.err());

    Run stats = paperrec("stats", "--data", data.toString());
    assertEquals(0, stats.code(), stats.err());
    assertTrue(stats.out().contains("papers        2"), stats.out());
  }

  @Test
  void openingAStoreMadeWithAnotherModelFailsWithOneLineNamingTheFix() throws Exception {
    Path file = corpus(paper("2506.00021", "Quantum error correction", "Surface codes protect logical qubits."));
    Path data = dir.resolve("data");
    assertEquals(0, paperrec("ingest", file.toString(), "--data", data.toString(), "--model", "int8").code());

    // A writing command: the read-only ones use the folder's own vectors and load no model.
    Run run = paperrec("ingest", file.toString(), "--data", data.toString(), "--model", "fp32");

    assertEquals(1, run.code());
    String message = run.err().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains("int8") && message.contains("fp32"), message);
    assertTrue(message.contains("paperrec reembed"), message);
    assertFalse(message.contains("\tat "), "no stack trace without --verbose: " + message);
  }

  @Test
  void unknownPaperIsAOneLineFailure() throws Exception {
    Path data = dir.resolve("data");
    assertEquals(0, paperrec("ingest", corpus(paper("2506.00031", "Some title", "Some abstract.")).toString(), "--data", data.toString()).code());

    Run run = paperrec("similar", "2599.99999", "--data", data.toString());

    assertEquals(1, run.code());
    assertEquals("paperrec: paper 2599.99999 is not in the corpus", run.err().strip());
  }

  @Test
  void junkIdIsAOneLineFailureSayingWhatWasExpected() {
    Run run = paperrec("similar", "not-an-id", "--data", dir.resolve("data").toString());
    assertEquals(1, run.code());
    assertTrue(run.err().startsWith("paperrec: 'not-an-id' is not a paper ID; expected"), run.err());
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertEquals(2, paperrec().code());
    assertEquals(2, paperrec("frobnicate").code());
    assertEquals(2, paperrec("similar").code());
    assertEquals(2, paperrec("ingest", "x.jsonl", "--model", "fp16").code());
    assertEquals(2, paperrec("recommend").code());
  }

  @Test
  void badTransportSettingsOfServeAreOneLineFailuresNamingTheOption() {
    Run zero = paperrec("serve", "--port", "0", "--data", dir.resolve("data").toString(), "--body-timeout", "0s");
    assertEquals(1, zero.code());
    assertEquals("paperrec: --body-timeout must be positive, e.g. 30s; --body-timeout=0s", zero.err().strip());
    Run threads = paperrec("serve", "--port", "0", "--data", dir.resolve("data").toString(), "--http-threads", "2");
    assertEquals(1, threads.code());
    assertTrue(threads.err().strip().startsWith("paperrec: --http-threads must be at least 8"), threads.err());
    Run host = paperrec("serve", "--port", "0", "--data", dir.resolve("data").toString(), "--allowed-hosts", "http://x/");
    assertEquals(1, host.code());
    assertTrue(host.err().strip().startsWith("paperrec: allowed host must be a name"), host.err());
  }

  @Test
  void missingCorpusFileIsAOneLineFailure() {
    Run run = paperrec("ingest", dir.resolve("nope.jsonl").toString(), "--data", dir.resolve("data").toString());
    assertEquals(1, run.code());
    assertTrue(run.err().contains("cannot read corpus file"), run.err());
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"serve", "ingest", "similar", "recommend", "stats", "reembed", "import", "export"}) {
      Run run = paperrec(command, "--help");
      assertEquals(0, run.code(), command);
      assertTrue(run.out().contains("Usage: paperrec " + command), run.out());
    }
    assertTrue(paperrec("--help").out().contains("serve"));
  }
}
