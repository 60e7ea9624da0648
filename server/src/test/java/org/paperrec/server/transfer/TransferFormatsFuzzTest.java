package org.paperrec.server.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.fuzz.JsonShapes.mostly;
import static org.paperrec.server.fuzz.JsonShapes.object;
import static org.paperrec.server.fuzz.JsonShapes.oneOf;
import static org.paperrec.server.fuzz.JsonShapes.pick;
import static org.paperrec.server.fuzz.JsonShapes.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/**
 * Fuzzes the import format's parsers (issue 10, point 5): {@code .npy} headers and data ({@link
 * NpyReader}) and {@code manifest.json} ({@link Manifest}), from mutations of valid files. Each
 * either reads, consistently with what it read, or refuses with a {@link TransferFormatException}
 * naming the file, within a time bound. Tries: {@code jqwik.tries.default}.
 */
class TransferFormatsFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Bounded bounded;
  private static Path dir;

  @BeforeContainer
  static void start() throws IOException {
    bounded = new Bounded("transfer", Duration.ofSeconds(10));
    dir = Files.createTempDirectory("transfer-fuzz");
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
  void npyReaderReadsEveryRowItAnnouncesOrRefusesTheFile(@ForAll("npyFiles") Input input) throws Exception {
    Path file = Files.write(dir.resolve("part-00000.npy"), input.bytes());
    bounded.call(() -> {
      try (NpyReader reader = NpyReader.open(file)) {
        NpyHeader header = reader.header();
        assertEquals(Files.size(file), header.dataOffset() + header.dataBytes(), "size checked at open");
        float[] row = new float[header.columns()];
        long rows = 0;
        while (reader.next(row)) {
          rows++;
        }
        assertEquals(header.rows(), rows);
      } catch (TransferFormatException expected) {
        assertTrue(expected.getMessage().startsWith(file.toString()), expected.getMessage());
      }
      return null;
    });
  }

  @Property
  void manifestReadsAsWrittenOrIsRefused(@ForAll("manifests") Input input) throws Exception {
    Path file = Files.write(dir.resolve(Manifest.FILE_NAME), input.bytes());
    bounded.call(() -> {
      Manifest manifest;
      try {
        manifest = Manifest.read(dir);
      } catch (TransferFormatException expected) {
        assertTrue(expected.getMessage().startsWith(file.toString()), expected.getMessage());
        return null;
      }
      // What was accepted says exactly what the manifest says: version 1, the same numbers.
      JsonNode json = JSON.readTree(input.bytes());
      assertEquals(BigInteger.ONE, json.get("version").bigIntegerValue(), "version " + json.get("version"));
      assertEquals(BigInteger.valueOf(manifest.dimension()), json.get("dimension").bigIntegerValue());
      return null;
    });
  }

  // Generators.

  /** A .npy file of the given header dict, NumPy's layout for format version {@code major}, and {@code data}. */
  static byte[] npy(int major, String dict, int align, byte[] data) {
    int lengthBytes = major == 1 ? 2 : 4;
    int prefix = 6 + 2 + lengthBytes;
    int total = prefix + dict.length() + 1;
    int padded = (total + align - 1) / align * align;
    byte[] header = (dict + " ".repeat(padded - total) + "\n")
        .getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    ByteBuffer out = ByteBuffer.allocate(prefix + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(NpyHeader.MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) {
      out.putShort((short) header.length);
    } else {
      out.putInt(header.length);
    }
    return out.put(header).put(data).array();
  }

  @Provide
  Arbitrary<Input> npyFiles() {
    Gen<byte[]> valid = r -> {
      int rows = r.nextInt(4);
      int columns = 1 + r.nextInt(8);
      String descr = pick(r, List.of("<f4", "<f2", "<f4", "<f8", ">f4", "|u1", "<f4\\x00"));
      String shape = r.nextInt(6) > 0 ? "(" + rows + ", " + columns + ")"
          : pick(r, List.of("(" + rows + ",)", "()", "(" + rows + ", " + columns + ", 2)", "(-1, 4)", "(3, 99999999999999999999)"));
      String fortran = r.nextInt(8) > 0 ? "False" : pick(r, List.of("True", "0", "None"));
      String dict = r.nextInt(2) == 0
          ? "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape + ", }"
          : "{\"shape\": " + shape + ",\"fortran_order\":" + fortran + ",  'descr' : \"" + descr + "\"}";
      int off = r.nextInt(8) == 0 ? r.nextInt(5) - 2 : 0; // a few bytes short or long
      byte[] data = new byte[Math.max(0, rows * columns * (descr.equals("<f2") ? 2 : 4) + off)];
      if (data.length > 0 && r.nextBoolean()) {
        r.nextBytes(data); // NaN, infinities and subnormals included
      }
      return npy(pick(r, List.of(1, 1, 2, 3, 4)), dict, pick(r, List.of(64, 16, 1)), data);
    };
    return Mutations.of(valid, List.of("(", ")", ",", "'", "\"", ":", "{", "}", "True", "False", "<f4", "<f2",
        " ", "\n", "\u0000", "99999999999999999999", "١٢", "３", "'descr': '<f4', ", "(1, 1)"), 3, 50);
  }

  @Provide
  Arbitrary<Input> manifests() {
    Map<String, Gen<? extends JsonNode>> fields = new LinkedHashMap<>();
    fields.put("format", text(mostly(oneOf("paperrec-vectors", "paperrec-vector", ""))));
    fields.put("version", (Gen<JsonNode>) r -> pick(r, List.of(
        JsonNodeFactory.instance.numberNode(1), JsonNodeFactory.instance.numberNode(2),
        JsonNodeFactory.instance.numberNode(0), JsonNodeFactory.instance.numberNode(1.0),
        JsonNodeFactory.instance.numberNode(new BigInteger("18446744073709551617")),
        JsonNodeFactory.instance.numberNode(new BigInteger("-18446744073709551615")),
        JsonNodeFactory.instance.textNode("1"), JsonShapes.number(r))));
    fields.put("model", text(mostly(oneOf("sentence-transformers/all-MiniLM-L6-v2 int8 sha256:0123456789ab dim=384",
        "m b sha256:00 dim=3", "x", " "))));
    fields.put("dimension", (Gen<JsonNode>) r -> r.nextInt(3) > 0
        ? JsonNodeFactory.instance.numberNode(pick(r, List.of(384, 3, 1, 0, 4097, 65536))) : JsonShapes.number(r));
    fields.put("papers", (Gen<JsonNode>) r -> r.nextInt(3) > 0
        ? JsonNodeFactory.instance.numberNode(r.nextInt(1000)) : JsonShapes.number(r));
    Gen<JsonNode> manifest = object(fields)::apply;
    return Mutations.ofText(r -> manifest.apply(r).toPrettyString(),
        Mutations.pieces(Mutations.COMMON_PIECES, Mutations.JSON_PIECES), 3, 300);
  }
}
