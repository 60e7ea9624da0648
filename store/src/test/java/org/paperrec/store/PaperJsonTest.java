package org.paperrec.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored formats are a contract: these golden values must not change within a schema version. */
class PaperJsonTest {

  @Test
  void encodesTheDocumentedSchemaVersion3() {
    Paper p = new Paper("2501.06842", "Γ-convergence", "Erdős \"quoted\"", List.of("A. B"), 3,
        LocalDate.of(2025, 1, 2), List.of("cs.LG"), null, List.of("pmid:19872477", "doi:10.1145/abc"));
    assertEquals(
        "{\"id\":\"2501.06842\",\"title\":\"Γ-convergence\",\"abstract\":\"Erdős \\\"quoted\\\"\","
            + "\"authors\":[\"A. B\"],\"authorCount\":3,\"date\":\"2025-01-02\",\"categories\":[\"cs.LG\"],"
            + "\"upvotes\":null,\"aliases\":[\"doi:10.1145/abc\",\"pmid:19872477\"]}",
        new String(PaperJson.encode(p), StandardCharsets.UTF_8));
  }

  @Test
  void decodesJsonOfSchemaVersion1And2AsAPaperWithoutAliases() throws IOException {
    String json = "{\"id\":\"2501.06842\",\"title\":\"T\",\"abstract\":\"A\",\"authors\":[\"X\"],"
        + "\"authorCount\":1,\"date\":null,\"categories\":[],\"upvotes\":null}";
    Paper p = PaperJson.decode(json.getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(), p.aliases());
    assertEquals(new Paper("2501.06842", "T", "A", List.of("X"), 1, null, List.of(), null), p);
  }

  @Test
  void aliasesRoundTrip() throws IOException {
    Paper p = Fixtures.paper("doi:10.1000/x").withIds("doi:10.1000/x", List.of("corpusid:215416146", "acl:p19-1001"));
    assertEquals(p, PaperJson.decode(PaperJson.encode(p)));
  }

  @Test
  void decodeIgnoresUnknownFieldsAndReadsMissingOnesAsNullOrEmpty() throws IOException {
    String json = "{\"id\":\"2501.06842\",\"title\":\"T\",\"abstract\":\"A\",\"authors\":[\"X\",\"Y\"],"
        + "\"addedInVersion7\":{\"x\":1}}";
    Paper p = PaperJson.decode(json.getBytes(StandardCharsets.UTF_8));
    assertEquals(new Paper("2501.06842", "T", "A", List.of("X", "Y"), 2, null, List.of(), null), p);
  }

  @Test
  void decodeOfJsonThatIsNotAPaperFails() {
    assertThrows(IOException.class, () -> PaperJson.decode("[1,2]".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IllegalArgumentException.class,
        () -> PaperJson.decode("{\"id\":\"2501.06842\",\"title\":\"\"}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void vectorsAreLittleEndianFloat32WithoutHeader() {
    byte[] bytes = VectorBytes.encode(new float[] {1.0f, -2.5f});
    assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0x20, (byte) 0xc0}, bytes);
    assertArrayEquals(new float[] {1.0f, -2.5f}, VectorBytes.decode(bytes, 2));
  }

  @Test
  void vectorBytesOfTheWrongLengthAreRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> VectorBytes.decode(new byte[7], 2));
    assertEquals("vector bytes: expected 8 (dimension 2), but got 7", e.getMessage());
  }
}
