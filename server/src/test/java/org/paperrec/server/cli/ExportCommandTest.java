package org.paperrec.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.cli.CliTest.paperrec;
import static org.paperrec.server.cli.TransferFixtures.DIMENSION;
import static org.paperrec.server.cli.TransferFixtures.INT8;
import static org.paperrec.server.cli.TransferFixtures.contents;
import static org.paperrec.server.cli.TransferFixtures.entries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.server.cli.CliTest.Run;
import org.paperrec.store.PaperStore;

/** {@code paperrec export}, and export followed by import, on real data folders. */
class ExportCommandTest {

  @TempDir Path tmp;

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void exportThenImportIntoAFreshFolderGivesTheSamePapersAndBitExactVectors() throws IOException {
    Path data = tmp.resolve("data");
    TransferFixtures.store(data, entries(0, 23));
    Path out = tmp.resolve("export");

    Run export = paperrec("export", out.toString(), "--data", data.toString(), "--shard-size", "10");
    assertEquals(0, export.code(), export.err());
    assertTrue(export.out().contains("exported 23 papers (float32)"), export.out());
    assertEquals(
        List.of("manifest.json", "part-00000.jsonl", "part-00000.npy", "part-00001.jsonl", "part-00001.npy",
            "part-00002.jsonl", "part-00002.npy"),
        names(out));

    Path copy = tmp.resolve("copy");
    Run imported = paperrec("import", out.toString(), "--data", copy.toString());
    assertEquals(0, imported.code(), imported.err());

    TransferFixtures.assertSameContents(contents(data), contents(copy));
  }

  @Test
  void theManifestNamesModelDimensionAndPapers() throws IOException {
    Path data = tmp.resolve("data");
    TransferFixtures.store(data, entries(0, 3));
    Path out = tmp.resolve("export");

    assertEquals(0, paperrec("export", out.toString(), "--data", data.toString()).code());

    JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    assertEquals("paperrec-vectors", manifest.get("format").textValue());
    assertEquals(1, manifest.get("version").intValue());
    assertEquals(INT8, manifest.get("model").textValue());
    assertEquals(DIMENSION, manifest.get("dimension").intValue());
    assertEquals(3, manifest.get("papers").longValue());
    assertFalse(Files.exists(out.resolve("manifest.json.tmp")));
  }

  @Test
  void float16ExportImportsAsUnitVectorsCloseToTheOriginals() throws IOException {
    Path data = tmp.resolve("data");
    TransferFixtures.store(data, entries(0, 12));
    Path out = tmp.resolve("export");
    assertEquals(0, paperrec("export", out.toString(), "--data", data.toString(), "--dtype", "float16").code());
    assertEquals(128 + 12L * DIMENSION * 2, Files.size(out.resolve("part-00000.npy")));

    Path copy = tmp.resolve("copy");
    Run imported = paperrec("import", out.toString(), "--data", copy.toString());
    assertEquals(0, imported.code(), imported.err());

    Map<String, PaperStore.Entry> original = contents(data);
    for (PaperStore.Entry e : contents(copy).values()) {
      float[] a = original.get(e.paper().id()).vector();
      float[] b = e.vector();
      double dot = 0;
      double norm = 0;
      for (int i = 0; i < DIMENSION; i++) {
        dot += a[i] * b[i];
        norm += b[i] * b[i];
      }
      assertEquals(1.0, Math.sqrt(norm), 1e-4, "unit length");
      // Measured: about 0.99998; half precision keeps 11 significant bits a component.
      assertTrue(dot > 0.9999, "cosine to the original " + dot);
      assertEquals(original.get(e.paper().id()).paper(), e.paper());
    }
  }

  @Test
  void anEmptyFolderExportsToAManifestAloneWhichImports() throws IOException {
    Path data = tmp.resolve("data");
    TransferFixtures.store(data, List.of());
    Path out = tmp.resolve("export");

    assertEquals(0, paperrec("export", out.toString(), "--data", data.toString()).code());
    assertEquals(List.of("manifest.json"), names(out));

    Run imported = paperrec("import", out.toString(), "--data", tmp.resolve("copy").toString());
    assertEquals(0, imported.code(), imported.err());
    assertTrue(imported.out().contains("imported 0 papers"), imported.out());
  }

  @Test
  void aFolderThatIsNotEmptyIsRefusedAndLeftAlone() throws IOException {
    Path data = tmp.resolve("data");
    TransferFixtures.store(data, entries(0, 3));
    Path out = Files.createDirectories(tmp.resolve("export"));
    Files.writeString(out.resolve("part-00000.jsonl"), "from an earlier export\n");

    Run run = paperrec("export", out.toString(), "--data", data.toString());

    assertEquals(2, run.code(), run.err());
    assertEquals("paperrec: " + out + " is not an empty folder; export into a new or empty one, so that no file of an"
        + " earlier export mixes in", run.err().strip());
    assertEquals(List.of("part-00000.jsonl"), names(out));
  }

  @Test
  void aMissingDataFolderIsRefused() {
    Run run = paperrec("export", tmp.resolve("export").toString(), "--data", tmp.resolve("nothing").toString());

    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains("no paperrec data folder at"), run.err());
    assertFalse(Files.exists(tmp.resolve("export")));
  }

  @Test
  void aFolderInUseIsAOneLineFailure() {
    Path data = tmp.resolve("data");
    TransferFixtures.store(data, entries(0, 3));
    try (PaperStore open = PaperStore.open(data, INT8, DIMENSION)) {
      Run run = paperrec("export", tmp.resolve("export").toString(), "--data", data.toString());

      assertEquals(1, run.code(), run.err());
      assertEquals(1, run.err().strip().lines().count(), run.err());
      assertTrue(run.err().startsWith("paperrec: ") && run.err().contains("is in use"), run.err());
    }
    assertFalse(Files.exists(tmp.resolve("export")), "nothing written");
  }

  @Test
  void badOptionValuesAreUsageErrors() {
    Path data = tmp.resolve("data");
    TransferFixtures.store(data, entries(0, 1));
    assertEquals(2, paperrec("export", tmp.resolve("a").toString(), "--data", data.toString(), "--dtype", "float64").code());
    assertEquals(2, paperrec("export", tmp.resolve("b").toString(), "--data", data.toString(), "--shard-size", "0").code());
  }
}
