package org.paperrec.server.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format names and content sniffing. */
class CorpusFormatTest {

  @TempDir Path dir;

  @Test
  void detectsEachFormatFromItsContent() throws IOException {
    assertEquals(CorpusFormat.SEED, CorpusFormat.detect(CorpusTestSupport.fixture("seed-page.txt")));
    assertEquals(CorpusFormat.OAI, CorpusFormat.detect(CorpusTestSupport.fixture("oai-snapshot.jsonl")));
    assertEquals(CorpusFormat.JSONL, CorpusFormat.detect(CorpusTestSupport.fixture("arxiv-cs.jsonl")));
    assertEquals(CorpusFormat.HF, CorpusFormat.detect(CorpusTestSupport.fixture("hf-daily-papers.json")));
  }

  @Test
  void detectsTheBundledDemoPageAsSeed() throws IOException {
    assertEquals(CorpusFormat.SEED, CorpusFormat.detect(CorpusTestSupport.resourcePath("/" + DemoCorpus.PAGE_RESOURCE)));
  }

  @Test
  void detectsThroughGzip() throws IOException {
    Path gz = CorpusTestSupport.gzip(CorpusTestSupport.fixture("oai-snapshot.jsonl"), dir.resolve("oai.gz"));

    assertEquals(CorpusFormat.OAI, CorpusFormat.detect(gz));
  }

  @Test
  void detectionLooksPastABrokenFirstLine() throws IOException {
    Path file = CorpusTestSupport.copy("arxiv-cs-broken.jsonl", dir.resolve("broken.jsonl"));
    Files.writeString(file, "{\"id\": \"2507.99999\", \"title\": \n" + Files.readString(file), StandardCharsets.UTF_8);

    assertEquals(CorpusFormat.JSONL, CorpusFormat.detect(file));
  }

  @Test
  void jsonLinesOfNeitherKindAreRefusedWithAdvice() throws IOException {
    Path file = Files.writeString(dir.resolve("other.jsonl"), "{\"name\": \"x\"}\n{\"name\": \"y\"}\n", StandardCharsets.UTF_8);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorpusFormat.detect(file));
    assertTrue(e.getMessage().contains("seed, oai, jsonl, hf"), e.getMessage());
  }

  @Test
  void binaryFilesAreRefused() throws IOException {
    Path file = Files.write(dir.resolve("data.bin"), new byte[] {'P', 'K', 3, 4, 0, 0, 0});

    assertThrows(IllegalArgumentException.class, () -> CorpusFormat.detect(file));
  }

  @Test
  void parseAcceptsTheCommandLineNamesInAnyCase() {
    assertEquals(CorpusFormat.SEED, CorpusFormat.parse("seed"));
    assertEquals(CorpusFormat.OAI, CorpusFormat.parse("OAI"));
    assertEquals(CorpusFormat.JSONL, CorpusFormat.parse(" jsonl "));
    assertEquals(CorpusFormat.HF, CorpusFormat.parse("hf"));
  }

  @Test
  void parseRejectsUnknownNamesNamingTheValueAndTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorpusFormat.parse("csv"));
    assertEquals("unknown corpus format 'csv'; expected one of seed, oai, jsonl, hf", e.getMessage());
  }

  @Test
  void eachFormatGivesItsReader() {
    assertInstanceOf(SeedReader.class, CorpusFormat.SEED.reader());
    assertInstanceOf(OaiReader.class, CorpusFormat.OAI.reader());
    assertInstanceOf(JsonlReader.class, CorpusFormat.JSONL.reader());
    assertInstanceOf(HfReader.class, CorpusFormat.HF.reader());
  }
}
