package org.paperrec.server.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.cli.CliTest.paperrec;
import static org.paperrec.server.cli.TransferFixtures.DIMENSION;
import static org.paperrec.server.cli.TransferFixtures.INT8;
import static org.paperrec.server.cli.TransferFixtures.contents;
import static org.paperrec.server.cli.TransferFixtures.entries;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.embed.ModelBuild;
import org.paperrec.server.cli.CliTest.Run;
import org.paperrec.server.transfer.NpyDtype;
import org.paperrec.server.transfer.ShardFolderWriter;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperStore;

/**
 * {@code paperrec import} on real data folders: what it writes, and every refusal, each of which
 * must leave the folder as it was and name the file at fault.
 */
class ImportCommandTest {

  @TempDir Path tmp;

  private Path data;
  private Path shards;
  private Map<String, PaperStore.Entry> before;

  @BeforeEach
  void aDataFolderWithTwoPapers() {
    data = tmp.resolve("data");
    shards = tmp.resolve("shards");
    TransferFixtures.store(data, entries(900, 902));
    before = contents(data);
  }

  /** A valid folder: papers {@code from} until {@code to}, in shards of {@code shardSize}. */
  private Path writeShards(int from, int to, int shardSize) throws IOException {
    try (ShardFolderWriter writer = ShardFolderWriter.create(shards, INT8, DIMENSION, NpyDtype.FLOAT32, shardSize)) {
      for (PaperStore.Entry e : entries(from, to)) {
        writer.write(e.paper(), e.vector());
      }
      writer.finish();
    }
    return shards;
  }

  private Run importInto(Path folder, String... extra) {
    List<String> args = new ArrayList<>(List.of("import", shards.toString(), "--data", folder.toString()));
    args.addAll(List.of(extra));
    return paperrec(args.toArray(String[]::new));
  }

  /** Exit code 2, one line naming {@code file} and saying {@code what}, and the data folder as it was. */
  private void assertRefusedUnchanged(Run run, Path file, String what) {
    assertEquals(2, run.code(), run.err());
    // Progress lines of the check may come first; the refusal is one line of its own.
    List<String> messages = run.err().lines().filter(l -> l.startsWith("paperrec: ")).toList();
    assertEquals(1, messages.size(), run.err());
    assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    String message = messages.get(0);
    assertTrue(message.contains(file.toString()), "names " + file + ": " + message);
    assertTrue(message.contains(what), "says '" + what + "': " + message);
    TransferFixtures.assertSameContents(before, contents(data));
  }

  private Path shard(int n, String extension) {
    return shards.resolve(String.format("part-%05d.%s", n, extension));
  }

  @Test
  void importsEveryPaperWithItsVectorIntoANewFolder() throws IOException {
    writeShards(0, 25, 10);
    Path fresh = tmp.resolve("fresh");

    Run run = importInto(fresh);

    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("imported 25 papers (25 new, 0 replaced)"), run.out());
    Map<String, PaperStore.Entry> imported = contents(fresh);
    assertEquals(25, imported.size());
    for (PaperStore.Entry e : entries(0, 25)) {
      assertEquals(e.paper(), imported.get(e.paper().id()).paper());
      assertArrayEquals(e.vector(), imported.get(e.paper().id()).vector());
    }
    assertEquals(INT8, PaperStore.storedModel(fresh).orElseThrow());
  }

  @Test
  void importIntoAnExistingFolderAddsAndReplacesAndSaysWhich() throws IOException {
    writeShards(901, 904, 10);

    Run run = importInto(data);

    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("imported 3 papers (2 new, 1 replaced)"), run.out());
    assertTrue(run.out().contains("4 papers in the folder"), run.out());
  }

  @Test
  void ofTwoPapersWithOneIdTheLaterWinsAndIsReported() throws IOException {
    Paper first = TransferFixtures.paper(5);
    Paper later = new Paper(first.id(), "A later title", "A later abstract.", List.of(), 0, null, List.of(), null);
    try (ShardFolderWriter writer = ShardFolderWriter.create(shards, INT8, DIMENSION, NpyDtype.FLOAT32, 2)) {
      writer.write(first, TransferFixtures.vector(1));
      writer.write(TransferFixtures.paper(6), TransferFixtures.vector(2));
      writer.write(later, TransferFixtures.vector(3));
      writer.finish();
    }
    Path fresh = tmp.resolve("fresh");

    Run run = importInto(fresh);

    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("1 papers repeat an ID of an earlier one"), run.out());
    assertTrue(run.out().contains("imported 3 papers (2 new, 0 replaced)"), run.out());
    PaperStore.Entry stored = contents(fresh).get(first.id());
    assertEquals(later, stored.paper());
    assertArrayEquals(TransferFixtures.vector(3), stored.vector());
  }

  @Test
  void rowsThatAreNotUnitLengthAreNormalisedAndUnitRowsKeptBitForBit() throws IOException {
    writeShards(0, 2, 10);
    // Row 1 scaled by 3: same direction, norm 3.
    float[] scaled = TransferFixtures.vector(1).clone();
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] *= 3;
    }
    overwriteRow(shard(0, "npy"), 1, scaled);
    Path fresh = tmp.resolve("fresh");

    assertEquals(0, importInto(fresh).code());

    Map<String, PaperStore.Entry> imported = contents(fresh);
    assertArrayEquals(TransferFixtures.vector(0), imported.get("2501.00000").vector());
    float[] normalised = imported.get("2501.00001").vector();
    double norm = 0;
    for (int i = 0; i < normalised.length; i++) {
      norm += normalised[i] * normalised[i];
      assertEquals(TransferFixtures.vector(1)[i], normalised[i], 1e-6);
    }
    assertEquals(1.0, Math.sqrt(norm), 1e-6);
  }

  @Test
  void readsAFolderWrittenTheWayNumpyWritesIt() throws IOException {
    // What the Python example of docs/IMPORT-FORMAT.md writes: np.save's header bytes for a
    // (3, 384) float32 array, and json.dumps lines with only some fields.
    Files.createDirectories(shards);
    Files.writeString(shards.resolve("manifest.json"),
        "{\"format\": \"paperrec-vectors\", \"version\": 1, \"model\": \"" + INT8 + "\", \"dimension\": 384,"
            + " \"written_by\": \"a cluster job\"}");
    Files.writeString(shard(0, "jsonl"),
        "{\"id\": \"2506.00001\", \"title\": \"One\", \"abstract\": \"First.\", \"authors\": [\"A. B\"], \"announced\": \"2025-06-02\"}\n"
            + "{\"id\": \"arXiv:2506.00002v3\", \"title\": \"Two\", \"abstract\": \"Second.\", \"categories\": [\"cs.LG\"]}\n"
            + "{\"id\": \"2506.00003\", \"title\": \"Three\", \"abstract\": \"Third.\", \"upvotes\": 4, \"author_count\": 9}\n",
        StandardCharsets.UTF_8);
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 384), }";
    String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
    ByteBuffer npy = ByteBuffer.allocate(128 + 3 * DIMENSION * 4).order(ByteOrder.LITTLE_ENDIAN);
    npy.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
    npy.put(header.getBytes(StandardCharsets.US_ASCII));
    for (int row = 0; row < 3; row++) {
      for (float value : TransferFixtures.vector(row)) {
        npy.putFloat(value);
      }
    }
    Files.write(shard(0, "npy"), npy.array());
    Path fresh = tmp.resolve("fresh");

    Run run = importInto(fresh);

    assertEquals(0, run.code(), run.err());
    Map<String, PaperStore.Entry> imported = contents(fresh);
    assertEquals(List.of("2506.00001", "2506.00002", "2506.00003"), List.copyOf(imported.keySet()));
    assertArrayEquals(TransferFixtures.vector(1), imported.get("2506.00002").vector());
    assertEquals(9, imported.get("2506.00003").paper().authorCount());
    assertEquals(4, imported.get("2506.00003").paper().upvotes());
  }

  @Test
  void aManifestOfAnotherModelThanTheFoldersIsRefused() throws IOException {
    writeShards(0, 3, 10);
    rewriteManifest(INT8, ModelBuild.FP32.fingerprint().toString());

    assertRefusedUnchanged(importInto(data), shards.resolve("manifest.json"), "was made with '" + INT8 + "'");
  }

  @Test
  void aNewFolderIsRefusedWhenTheManifestIsNotTheSelectedBuildsModelAndNothingIsCreated() throws IOException {
    writeShards(0, 3, 10);
    Path fresh = tmp.resolve("fresh");

    Run run = importInto(fresh, "--model", "fp32");

    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains("but --model fp32 is '" + ModelBuild.FP32.fingerprint() + "'"), run.err());
    assertFalse(Files.exists(fresh), "nothing created");
  }

  @Test
  void aManifestDimensionOtherThanItsModelsIsRefused() throws IOException {
    writeShards(0, 3, 10);
    rewriteManifest("\"dimension\": 384", "\"dimension\": 128");

    assertRefusedUnchanged(importInto(data), shards.resolve("manifest.json"), "has dimension 128 but its model");
  }

  @Test
  void vectorsOfAnotherDimensionThanTheManifestsAreRefused() throws IOException {
    writeShards(0, 3, 10);
    Files.delete(shard(0, "npy"));
    try (var writer = Files.newOutputStream(shard(0, "npy"))) {
      writer.write(npyHeader("<f4", 3, 128));
      writer.write(new byte[3 * 128 * 4]);
    }

    assertRefusedUnchanged(importInto(data), shard(0, "npy"), "has vectors of dimension 128");
  }

  @Test
  void moreRecordsThanRowsIsRefusedNamingBothFilesAndBothCounts() throws IOException {
    writeShards(0, 3, 10);
    Files.writeString(shard(0, "jsonl"), Files.readAllLines(shard(0, "jsonl")).get(0) .replace("2501.00000", "2501.00099") + "\n",
        StandardOpenOption.APPEND);

    Run run = importInto(data);

    assertRefusedUnchanged(run, shard(0, "jsonl"), "has 4 records but " + shard(0, "npy") + " has 3 rows");
  }

  @Test
  void fewerRecordsThanRowsIsRefused() throws IOException {
    writeShards(0, 3, 10);
    List<String> lines = Files.readAllLines(shard(0, "jsonl"));
    Files.write(shard(0, "jsonl"), lines.subList(0, 2));

    assertRefusedUnchanged(importInto(data), shard(0, "jsonl"), "has 2 records but " + shard(0, "npy") + " has 3 rows");
  }

  @Test
  void aTruncatedNpyIsRefusedNamingIt() throws IOException {
    writeShards(0, 25, 10);
    Path npy = shard(1, "npy");
    try (var channel = java.nio.channels.FileChannel.open(npy, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - 100);
    }

    assertRefusedUnchanged(importInto(data), npy, "is truncated");
  }

  @Test
  void aMissingNpyIsRefusedNamingIt() throws IOException {
    writeShards(0, 25, 10);
    Files.delete(shard(2, "npy"));

    assertRefusedUnchanged(importInto(data), shard(2, "npy"), "missing");
  }

  @Test
  void aGapInTheShardNumbersIsRefused() throws IOException {
    writeShards(0, 25, 10);
    Files.move(shard(2, "jsonl"), shard(3, "jsonl"));
    Files.move(shard(2, "npy"), shard(3, "npy"));

    assertRefusedUnchanged(importInto(data), shards, "part-00002 is missing but part-00003 exists");
  }

  @Test
  void aMisnamedShardIsRefused() throws IOException {
    writeShards(0, 3, 10);
    Files.move(shard(0, "npy"), shards.resolve("part-0.npy"));

    assertRefusedUnchanged(importInto(data), shards.resolve("part-0.npy"), "five digits");
  }

  @Test
  void aBadJsonLineIsRefusedWithFileAndLine() throws IOException {
    writeShards(0, 25, 10);
    List<String> lines = new ArrayList<>(Files.readAllLines(shard(1, "jsonl")));
    lines.set(6, "{\"id\": \"2501.00016\", \"title\": \"broken");
    Files.write(shard(1, "jsonl"), lines);

    assertRefusedUnchanged(importInto(data), shard(1, "jsonl"), shard(1, "jsonl") + ":7: malformed record");
  }

  @Test
  void aRecordWithoutAnAbstractIsRefusedWithFileAndLine() throws IOException {
    writeShards(0, 3, 10);
    List<String> lines = new ArrayList<>(Files.readAllLines(shard(0, "jsonl")));
    lines.set(1, "{\"id\": \"2501.00001\", \"title\": \"No abstract\"}");
    Files.write(shard(0, "jsonl"), lines);

    assertRefusedUnchanged(importInto(data), shard(0, "jsonl"), ":2: missing field: no abstract");
  }

  @Test
  void aMissingManifestIsRefused() throws IOException {
    writeShards(0, 3, 10);
    Files.delete(shards.resolve("manifest.json"));

    assertRefusedUnchanged(importInto(data), shards.resolve("manifest.json"), "no ");
  }

  @Test
  void aManifestOfAnotherFormatOrANewerVersionIsRefused() throws IOException {
    writeShards(0, 3, 10);
    rewriteManifest("\"version\": 1", "\"version\": 2");
    assertRefusedUnchanged(importInto(data), shards.resolve("manifest.json"), "newer than this paperrec reads");

    rewriteManifest("\"version\": 2", "\"version\": 1");
    rewriteManifest("paperrec-vectors", "something-else");
    assertRefusedUnchanged(importInto(data), shards.resolve("manifest.json"), "expected \"paperrec-vectors\"");
  }

  @Test
  void aManifestPaperCountOtherThanTheRowsIsRefused() throws IOException {
    writeShards(0, 3, 10);
    rewriteManifest("\"papers\": 3", "\"papers\": 4");

    assertRefusedUnchanged(importInto(data), shards.resolve("manifest.json"), "says 4 papers");
  }

  @Test
  void aRowWithANaNOrOfZerosIsRefusedNamingTheRow() throws IOException {
    writeShards(0, 3, 10);
    float[] nan = TransferFixtures.vector(1).clone();
    nan[17] = Float.NaN;
    overwriteRow(shard(0, "npy"), 1, nan);
    assertRefusedUnchanged(importInto(data), shard(0, "npy"), "row 1 (the vector of record 2 of part-00000.jsonl) component 17 is NaN");

    overwriteRow(shard(0, "npy"), 1, new float[DIMENSION]);
    assertRefusedUnchanged(importInto(data), shard(0, "npy"), "row 1 (the vector of record 2 of part-00000.jsonl) is zero");
  }

  @Test
  void aBadRowInTheLastShardStillWritesNothing() throws IOException {
    // Validation is a pass of its own: a problem at the very end leaves even the first shards unwritten.
    writeShards(0, 25, 10);
    overwriteRow(shard(2, "npy"), 4, new float[DIMENSION]);

    assertRefusedUnchanged(importInto(data), shard(2, "npy"), "is zero");
  }

  @Test
  void aFolderInUseIsAOneLineFailure() throws IOException {
    writeShards(0, 3, 10);
    try (PaperStore open = PaperStore.open(data, INT8, DIMENSION)) {
      Run run = importInto(data);

      assertEquals(1, run.code(), run.err());
      assertEquals("paperrec: ", run.err().strip().substring(0, 10), run.err());
      assertEquals(1, run.err().strip().lines().count(), run.err());
      assertTrue(run.err().contains("is in use by a running paperrec server"), run.err());
    }
    TransferFixtures.assertSameContents(before, contents(data));
  }

  private void rewriteManifest(String from, String to) throws IOException {
    Path manifest = shards.resolve("manifest.json");
    String text = Files.readString(manifest);
    assertTrue(text.contains(from), text);
    Files.writeString(manifest, text.replace(from, to));
  }

  private static byte[] npyHeader(String descr, int rows, int columns) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + rows + ", " + columns + "), }";
    String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
    ByteBuffer b = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
    return b.put(header.getBytes(StandardCharsets.US_ASCII)).array();
  }

  /** Replaces row {@code row} of a float32 .npy written by this project (128-byte header). */
  private static void overwriteRow(Path npy, int row, float[] values) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      bytes.putFloat(v);
    }
    try (var channel = java.nio.channels.FileChannel.open(npy, StandardOpenOption.WRITE)) {
      channel.write(bytes.flip(), 128L + (long) row * values.length * 4);
    }
  }
}
