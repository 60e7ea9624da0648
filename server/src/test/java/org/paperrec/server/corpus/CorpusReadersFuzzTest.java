package org.paperrec.server.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.fuzz.JsonShapes.array;
import static org.paperrec.server.fuzz.JsonShapes.mostly;
import static org.paperrec.server.fuzz.JsonShapes.object;
import static org.paperrec.server.fuzz.JsonShapes.oneOf;
import static org.paperrec.server.fuzz.JsonShapes.pick;
import static org.paperrec.server.fuzz.JsonShapes.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.paperrec.server.fuzz.Bounded;
import org.paperrec.server.fuzz.JsonShapes;
import org.paperrec.server.fuzz.JsonShapes.Gen;
import org.paperrec.server.fuzz.Mutations;
import org.paperrec.server.fuzz.Mutations.Input;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperIds;

/**
 * Fuzzes every corpus reader and the OAI-PMH page reader with mutations of valid documents (issue
 * 10, point 5). The property of each: reading ends within a time bound, without an exception the
 * reader's contract does not name; every paper it gives is keyed by a normal-form ID; everything
 * else is a reported problem (a skipped record with a reason). Tries: {@code jqwik.tries.default}.
 */
class CorpusReadersFuzzTest {

  private static Bounded bounded;
  private static Path dir;

  @BeforeContainer
  static void start() throws IOException {
    bounded = new Bounded("corpus", Duration.ofSeconds(10));
    dir = Files.createTempDirectory("corpus-fuzz");
  }

  @AfterContainer
  static void stop() throws IOException {
    bounded.close();
    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.delete(file);
      }
    }
    Files.delete(dir);
  }

  @Property
  void oaiSnapshotReaderKeepsOrSkipsEveryRecord(@ForAll("oaiLines") Input file) throws Exception {
    readFile(new OaiReader(), "oai.jsonl", file.bytes());
  }

  @Property
  void jsonlReaderKeepsOrSkipsEveryRecord(@ForAll("jsonlLines") Input file) throws Exception {
    readFile(new JsonlReader(), "papers.jsonl", file.bytes());
  }

  @Property
  void strictJsonlReaderReadsOrStopsWithInvalidRecord(@ForAll("jsonlLines") Input input) throws Exception {
    byte[] file = input.bytes();
    Path path = write("strict.jsonl", file);
    bounded.call(() -> {
      try (PaperStream stream = new JsonlReader().openStrict(path)) {
        for (Paper paper = stream.next(); paper != null; paper = stream.next()) {
          checkPaper(paper);
        }
      } catch (InvalidRecordException expected) {
        assertTrue(expected.getMessage().startsWith(path + ":"), expected.getMessage());
      } catch (IOException e) {
        allowGzipHeaderProblem(e, file);
      }
      return null;
    });
  }

  @Property
  void hfReaderKeepsOrSkipsEveryEntry(@ForAll("hfArrays") Input input) throws Exception {
    byte[] body = input.bytes();
    List<RecordProblem> problems = new ArrayList<>();
    drain(() -> new HfReader().open(body, "https://huggingface.co/api/daily_papers", problems::add), body);
  }

  @Property
  void seedReaderKeepsOrSkipsEveryPaper(@ForAll("seedPages") Input pageInput, @ForAll("seedTables") Input tableInput)
      throws Exception {
    byte[] page = pageInput.bytes();
    byte[] table = tableInput.bytes();
    List<RecordProblem> problems = new ArrayList<>();
    drain(() -> new SeedReader().open(
        new ByteArrayInputStream(page), "page.txt", new ByteArrayInputStream(table), "page.arxiv-ids.tsv",
        problems::add), page, table);
  }

  @Property
  void formatDetectionNamesAFormatOrSaysToNameOne(@ForAll("anyCorpus") Input input) throws Exception {
    byte[] file = input.bytes();
    Path path = write("detect", file);
    bounded.call(() -> {
      try {
        CorpusFormat.detect(path);
      } catch (IllegalArgumentException expected) {
        assertTrue(expected.getMessage().contains(path.toString()), expected.getMessage());
      } catch (IOException e) {
        allowGzipHeaderProblem(e, file);
      }
      return null;
    });
  }

  @Property
  void oaiPmhReaderReadsAPageOrRefusesIt(@ForAll("oaiPmhPages") Input input) throws Exception {
    byte[] body = input.bytes();
    bounded.call(() -> {
      try {
        OaiPmhPage page = new OaiPmhReader().read(body, "https://oaipmh.arxiv.org/oai?verb=ListRecords", problem -> { });
        for (OaiPmhPage.Entry entry : page.entries()) {
          assertEquals(entry.id(), PaperIds.normalize(entry.id()));
          if (entry.paper() != null) {
            checkPaper(entry.paper());
          }
        }
      } catch (OaiPmhReader.MalformedPageException expected) {
        assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
      }
      return null;
    });
  }

  // What a reader must do with any input.

  private void readFile(CorpusReader reader, String name, byte[] content) throws Exception {
    Path path = write(name, content);
    List<RecordProblem> problems = new ArrayList<>();
    drain(() -> reader.open(path, problems::add), content);
  }

  /** Reads every paper; only a gzip header that cannot be read may throw, and only from opening. */
  private static void drain(Callable<PaperStream> open, byte[]... contents) throws Exception {
    bounded.call(() -> {
      PaperStream stream;
      try {
        stream = open.call();
      } catch (IOException e) {
        allowGzipHeaderProblem(e, contents);
        return null;
      }
      try (stream) {
        for (Paper paper = stream.next(); paper != null; paper = stream.next()) {
          checkPaper(paper);
        }
      }
      return null;
    });
  }

  private static void checkPaper(Paper paper) {
    assertEquals(paper.id(), PaperIds.normalize(paper.id()), "a paper's key is in normal form");
    for (String alias : paper.aliases()) {
      assertEquals(alias, PaperIds.normalize(alias), "an alias is in normal form");
    }
  }

  /**
   * Opening a source that starts with the gzip magic bytes but has no readable gzip header is an
   * I/O failure of the whole file, and the message names the file.
   */
  private static void allowGzipHeaderProblem(IOException e, byte[]... contents) throws IOException {
    for (byte[] content : contents) {
      if (content.length >= 2 && (content[0] & 0xff) == 0x1f && (content[1] & 0xff) == 0x8b
          && e.getMessage() != null && e.getMessage().contains(": ") && e.getMessage().contains("gzip")) {
        return;
      }
    }
    throw e;
  }

  private static Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  // Generators: valid documents of each format, then mutated.

  private static final List<String> JSON_PIECES = Mutations.pieces(Mutations.COMMON_PIECES, Mutations.JSON_PIECES);

  private static final Gen<String> IDS = mostly(oneOf(
      "2405.01234", "2501.06842v2", "cond-mat/0412345", "arXiv:2501.06842", "https://arxiv.org/abs/2501.06842",
      "doi:10.1145/3292500.3330701", "PMID:19872477", "title:kernel-density", "", " ", "junk", "2501.068"));

  private static final Gen<String> PROSE = mostly(oneOf(
      "Sparse Mixtures of Graph Experts", "Glassy relaxation in a driven\n  lattice gas",
      "We route each molecule to a small subset of graph experts.", "Γ-convergence of Erdős graphs \\'e $x^2$"));

  private static final Gen<String> DATES = mostly(oneOf(
      "2024-09-04", "2025-02-29", "2024-02-29", "+999999999-12-31", "-999999999-01-01", "20240904"));

  private static final Gen<String> RFC_1123 = mostly(oneOf(
      "Thu, 2 May 2024 17:59:58 GMT", "Mon, 10 Jun 2024 08:01:12 GMT", "Tue, 3 Sep 2024 23:40:00 +0100",
      "Sat, 31 Dec 9999 23:59:59 GMT", "Mon, 1 Jan 0001 00:00:00 -1800"));

  private static Map<String, Gen<? extends JsonNode>> fields(Object... namesAndGens) {
    Map<String, Gen<? extends JsonNode>> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndGens.length; i += 2) {
      @SuppressWarnings("unchecked")
      Gen<? extends JsonNode> gen = (Gen<? extends JsonNode>) namesAndGens[i + 1];
      fields.put((String) namesAndGens[i], gen);
    }
    return fields;
  }

  /** Files of one to four lines, each a record of {@code records}, sometimes with a blank line. */
  private static Arbitrary<Input> lines(Gen<? extends JsonNode> records) {
    return Mutations.ofText(r -> {
      StringBuilder file = new StringBuilder();
      for (int n = 1 + r.nextInt(4); n > 0; n--) {
        file.append(records.apply(r)).append(r.nextInt(8) == 0 ? "\n\n" : "\n");
      }
      return file.toString();
    }, JSON_PIECES, 4, 300);
  }

  private static final Gen<ObjectNode> OAI_RECORD = object(fields(
      "id", text(IDS),
      "submitter", text(PROSE),
      "authors", text(mostly(oneOf("Adaeze Okafor, Jonas Lindqvist and Luc\\'ia Ram\\'irez", "A (Inst. (Dept)), B and C",
          "((", ")) and , and"))),
      "title", text(PROSE),
      "doi", text(mostly(oneOf("10.1103/PhysRevE.71.011234", "10.1/a 10.2/b;10.3/c, junk", "10.1234/" + "İ".repeat(150)))),
      "categories", text(mostly(oneOf("cs.LG stat.ML q-bio.BM", "  ", "a ".repeat(150)))),
      "abstract", text(PROSE),
      "versions", array(object(fields("version", text(oneOf("v1", "v2")), "created", text(RFC_1123))), 3),
      "update_date", text(DATES),
      "authors_parsed", array(array(text(PROSE), 4), 3)));

  private static final Gen<ObjectNode> JSONL_RECORD = object(fields(
      "id", text(IDS),
      "ids", array(text(IDS), 3),
      "externalIds", object(fields(
          "DOI", text(oneOf("10.18653/v1/P19-1001", "junk", "")), "CorpusId", (Gen<JsonNode>) JsonShapes::number,
          "PubMed", text(oneOf("19872477", "0", "x")), "ArXiv", text(IDS), "DBLP", text(PROSE))),
      "title", text(PROSE),
      "abstract", text(PROSE),
      "authors", array(text(PROSE), 4),
      "categories", array(text(oneOf("cs.SE", "cs.LG", "", " x ")), 4),
      "primary_category", text(oneOf("cs.SE", "")),
      "announced", text(DATES),
      "author_count", (Gen<JsonNode>) JsonShapes::number,
      "upvotes", (Gen<JsonNode>) JsonShapes::number));

  private static final Gen<ObjectNode> HF_ENTRY = object(fields(
      "paper", object(fields(
          "id", text(IDS),
          "authors", array(object(fields("name", text(PROSE), "_id", text(oneOf("a1")))), 3),
          "publishedAt", text(mostly(oneOf("2025-02-06T18:59:01.000Z", "+1000000000-12-31T23:59:59Z",
              "-1000000000-01-01T00:00:00Z", "2025-02-06", "+999999999-12-31T23:59:59Z"))),
          "title", text(PROSE),
          "summary", text(PROSE),
          "upvotes", (Gen<JsonNode>) JsonShapes::number)),
      "title", text(PROSE)));

  @Provide
  Arbitrary<Input> oaiLines() {
    return lines(OAI_RECORD);
  }

  @Provide
  Arbitrary<Input> jsonlLines() {
    return lines(JSONL_RECORD);
  }

  @Provide
  Arbitrary<Input> hfArrays() {
    return Mutations.ofText(r -> {
      List<JsonNode> entries = new ArrayList<>();
      for (int n = r.nextInt(5); n > 0; n--) {
        entries.add(r.nextInt(5) > 0 ? HF_ENTRY.apply(r) : JsonShapes.value(r, 1));
      }
      return new ObjectMapper().createArrayNode().addAll(entries).toPrettyString();
    }, JSON_PIECES, 4, 300);
  }

  private static final Gen<String> SEED_TITLE = mostly(oneOf(
      "Graph Sparsification for Streaming Retrieval", "Ω-Nets: Scaling Laws", "new", "Subscribe", "·"));
  private static final Gen<String> SEED_DATE = oneOf(
      "Mar 4, 2025 12", "Dec 30", "Sept 31", "Feb 29", "Jan 6, 0000", "Foo 1", "May 99, 9999 999999999", "Jun 1 7", "");
  private static final Gen<String> SEED_AUTHORS = oneOf("  • 3 authors", "• 1 author", "• 999999999 authors", "• 0 authors", "");

  @Provide
  Arbitrary<Input> seedPages() {
    return Mutations.ofText(r -> {
      StringBuilder page = new StringBuilder("new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
          + "byAK and the research community\n\nMar 10\n\n");
      for (int n = r.nextInt(5); n > 0; n--) {
        page.append(String.join("\n\n", SEED_TITLE.apply(r), PROSE.apply(r).replace('\n', ' '), SEED_AUTHORS.apply(r),
            r.nextBoolean() ? "·" : "", SEED_DATE.apply(r))).append("\n\n");
      }
      return page.toString();
    }, Mutations.COMMON_PIECES, 4, 300);
  }

  @Provide
  Arbitrary<Input> seedTables() {
    return Mutations.ofText(r -> {
      StringBuilder table = new StringBuilder("index\ttitle\tarxiv_id\n");
      for (int n = r.nextInt(6); n > 0; n--) {
        table.append(r.nextInt(4) > 0 ? String.valueOf(r.nextInt(6)) : pick(r, List.of("x", "", "99999999999")))
            .append('\t').append(SEED_TITLE.apply(r)).append('\t').append(IDS.apply(r)).append('\n');
      }
      return table.toString();
    }, Mutations.COMMON_PIECES, 2, 50);
  }

  @Provide
  Arbitrary<Input> anyCorpus() {
    return Arbitraries.oneOf(oaiLines(), jsonlLines(), hfArrays(), seedPages());
  }

  private static final Gen<String> OAI_PMH_RECORD = r -> {
    String id = xml(mostly(oneOf("2501.06842", "hep-ph/0307015", "junk", "")).apply(r));
    String stamp = pick(r, List.of("2026-11-20", "2026-02-30", "", "+999999999-12-31"));
    if (r.nextInt(5) == 0) {
      return "<record><header status=\"deleted\"><identifier>oai:arXiv.org:" + id + "</identifier><datestamp>" + stamp
          + "</datestamp></header></record>";
    }
    return "<record><header><identifier>oai:arXiv.org:" + id + "</identifier><datestamp>" + stamp
        + "</datestamp><setSpec>cs</setSpec></header><metadata><arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\"><id>"
        + id + "</id><created>" + stamp + "</created><updated>" + stamp + "</updated><authors><author>"
        + "<keyname>Lovelace</keyname><forenames>" + xml(PROSE.apply(r)) + "</forenames></author></authors><title>"
        + xml(PROSE.apply(r)) + "</title><categories>" + pick(r, List.of("cs.LG stat.ML", "", "cs.AI"))
        + "</categories><doi>" + xml(pick(r, List.of("10.1145/x", "", "10.1/a;junk"))) + "</doi><abstract>"
        + xml(PROSE.apply(r)) + "</abstract></arXiv></metadata></record>";
  };

  @Provide
  Arbitrary<Input> oaiPmhPages() {
    return Mutations.ofText(r -> {
      StringBuilder records = new StringBuilder();
      for (int n = r.nextInt(4); n > 0; n--) {
        records.append(OAI_PMH_RECORD.apply(r)).append('\n');
      }
      String token = pick(r, List.of("", "<resumptionToken cursor=\"0\" completeListSize=\"12\">tok|1</resumptionToken>",
          "<resumptionToken completeListSize=\"x\"></resumptionToken>"));
      String error = pick(r, List.of("", "", "<error code=\"noRecordsMatch\">none</error>",
          "<error code=\"badResumptionToken\">bad</error>"));
      return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          + "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><responseDate>2026-12-02T21:10:00Z</responseDate>"
          + error + "<ListRecords>" + records + token + "</ListRecords></OAI-PMH>\n";
    }, Mutations.pieces(Mutations.COMMON_PIECES, Mutations.XML_PIECES), 4, 300);
  }

  private static String xml(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints().forEach(c -> {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> {
          // XML 1.0 cannot hold most control characters at all, not even escaped.
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.toString();
  }
}
