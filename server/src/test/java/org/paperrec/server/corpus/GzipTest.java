package org.paperrec.server.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.server.corpus.CorpusTestSupport.Result;
import org.paperrec.server.corpus.RecordProblem.Reason;
import org.paperrec.server.fuzz.Mutations;

/** Gzip files are read transparently, found by their magic bytes; a truncated or corrupt one keeps what it had. */
class GzipTest {

  @TempDir Path dir;

  @Test
  void everyFormatReadsTheSamePapersFromGzip() throws IOException {
    CorpusTestSupport.copy("seed-page.arxiv-ids.tsv", dir.resolve("seed-page.arxiv-ids.tsv"));
    for (String fixture : List.of("seed-page.txt", "oai-snapshot.jsonl", "arxiv-cs.jsonl", "hf-daily-papers.json")) {
      CorpusReader reader = CorpusFormat.detect(CorpusTestSupport.fixture(fixture)).reader();
      Path gz = CorpusTestSupport.gzip(CorpusTestSupport.fixture(fixture), dir.resolve(fixture + ".gz"));

      Result plain = CorpusTestSupport.readAll(reader, CorpusTestSupport.fixture(fixture));
      Result compressed = CorpusTestSupport.readAll(reader, gz);

      assertEquals(plain.papers(), compressed.papers(), fixture);
      assertEquals(plain.problemLines(), compressed.problemLines(), fixture);
    }
  }

  @Test
  void gzipIsFoundByMagicBytesNotByName() throws IOException {
    Path disguised = CorpusTestSupport.gzip(CorpusTestSupport.fixture("arxiv-cs.jsonl"), dir.resolve("arxiv-cs.jsonl"));

    Result result = CorpusTestSupport.readAll(new JsonlReader(), disguised);

    assertEquals(3, result.papers().size());
    assertEquals(List.of(), result.problems());
  }

  @Test
  void progressCountsCompressedBytes() throws IOException {
    Path gz = CorpusTestSupport.gzip(CorpusTestSupport.fixture("oai-snapshot.jsonl"), dir.resolve("oai.jsonl.gz"));

    Result result = CorpusTestSupport.readAll(new OaiReader(), gz);

    assertEquals(Files.size(gz), result.totalBytes());
    assertEquals(Files.size(gz), result.bytesRead());
  }

  @Test
  void truncatedGzipKeepsTheRecordsBeforeTheCutAndReportsIt() throws IOException {
    Path whole = writeGzippedRecords(dir.resolve("many.jsonl.gz"), 3000);
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.jsonl.gz"), Arrays.copyOf(bytes, bytes.length / 2));

    Result result = CorpusTestSupport.readAll(new JsonlReader(), cut);

    assertTrue(result.papers().size() > 100 && result.papers().size() < 3000, "papers=" + result.papers().size());
    assertEquals(List.of(Reason.TRUNCATED_INPUT), result.problemReasons());
    assertEquals(result.papers().size() + 1, result.problems().get(0).line());
  }

  @Test
  void truncatedGzipOfHfJsonKeepsTheEntriesBeforeTheCut() throws IOException {
    Path whole = dir.resolve("hf.json.gz");
    try (Writer out = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(whole)), StandardCharsets.UTF_8)) {
      out.write("[\n");
      for (int i = 0; i < 3000; i++) {
        out.write((i == 0 ? "" : ",\n") + "{\"paper\": {\"id\": \"2508." + String.format("%05d", i)
            + "\", \"title\": \"Paper " + i + " on varied matters " + Integer.toHexString(i * 7919) + "\","
            + " \"summary\": \"Abstract number " + i + " with some words " + Integer.toHexString(i * 104729) + ".\"}}");
      }
      out.write("\n]\n");
    }
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("hf-cut.json.gz"), Arrays.copyOf(bytes, bytes.length / 2));

    Result result = CorpusTestSupport.readAll(new HfReader(), cut);

    assertTrue(result.papers().size() > 100 && result.papers().size() < 3000, "papers=" + result.papers().size());
    assertEquals(List.of(Reason.TRUNCATED_INPUT), result.problemReasons());
  }

  /** Found by CorpusReadersFuzzTest: the decompressor's ZipException escaped next() instead of being reported. */
  @Test
  void corruptGzipKeepsTheRecordsBeforeTheDamageAndReportsIt() throws IOException {
    byte[] bytes = Files.readAllBytes(writeGzippedRecords(dir.resolve("many.jsonl.gz"), 3000));
    Arrays.fill(bytes, bytes.length / 2, bytes.length / 2 + 64, (byte) 0xff);
    Path corrupt = Files.write(dir.resolve("corrupt.jsonl.gz"), bytes);

    for (CorpusReader reader : List.of(new JsonlReader(), new OaiReader(), new SeedReader())) {
      Result result = CorpusTestSupport.readAll(reader, corrupt);

      assertTrue(result.papers().size() < 3000, "papers=" + result.papers().size());
      assertTrue(result.problemReasons().contains(Reason.TRUNCATED_INPUT), result.problemReasons().toString());
    }
  }

  @Test
  void corruptGzipOfHfJsonEndsTheStreamWithAProblem() throws IOException {
    byte[] bytes = Mutations.gzip(("[" + "{\"paper\": {\"id\": \"2508.00001\"}},".repeat(5000) + "{}]")
        .getBytes(StandardCharsets.UTF_8));
    Arrays.fill(bytes, 20, 30, (byte) 0xff);
    Path corrupt = Files.write(dir.resolve("corrupt.json.gz"), bytes);

    Result result = CorpusTestSupport.readAll(new HfReader(), corrupt);

    assertEquals(List.of(Reason.TRUNCATED_INPUT), result.problemReasons());
  }

  @Test
  void gzipMagicBytesWithoutAGzipHeaderFailOpeningNamingTheFile() throws IOException {
    Path notGzip = Files.write(dir.resolve("fake.jsonl"), new byte[] {0x1f, (byte) 0x8b, 0x07, 0, 0, 0, 0, 0, 0, 0, 0, 0});

    IOException e = assertThrows(IOException.class, () -> CorpusTestSupport.readAll(new JsonlReader(), notGzip));

    assertEquals(notGzip + ": starts with the gzip magic bytes but is not gzip (Unsupported compression method)",
        e.getMessage());
  }

  private static Path writeGzippedRecords(Path file, int count) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      for (int i = 0; i < count; i++) {
        // Varied text, so that the compressed file is long enough to cut in the middle.
        String line = "{\"id\": \"2508." + String.format("%05d", i) + "\", \"title\": \"Paper " + i + " "
            + Integer.toHexString(i * 7919) + "\", \"abstract\": \"Abstract " + Integer.toHexString(i * 104729)
            + " " + Integer.toHexString(i * 1299709) + ".\", \"announced\": \"2025-08-01\"}\n";
        out.write(line.getBytes(StandardCharsets.UTF_8));
      }
    }
    return file;
  }
}
