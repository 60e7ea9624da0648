package org.paperrec.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelFingerprintTest {

  @Test
  void parseReadsBackWhatToStringWrites() {
    ModelFingerprint full =
        new ModelFingerprint("sentence-transformers/all-MiniLM-L6-v2", "int8", "0123456789abcdef0123", 384);

    ModelFingerprint parsed = ModelFingerprint.parse(full.toString());

    assertEquals(full.toString(), parsed.toString());
    assertEquals(new ModelFingerprint("sentence-transformers/all-MiniLM-L6-v2", "int8", "0123456789ab", 384), parsed);
  }

  @Test
  void parseRefusesALineThatIsNotAFingerprintNamingWhereToFindOne() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelFingerprint.parse("all-MiniLM-L6-v2 dim=384"));
    assertTrue(e.getMessage().contains("'paperrec stats'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ModelFingerprint.parse("m int8 sha256:XYZ dim=384"));
    assertThrows(IllegalArgumentException.class, () -> ModelFingerprint.parse("m int8 sha256:abc dim=0"));
    assertThrows(IllegalArgumentException.class, () -> ModelFingerprint.parse(null));
  }
}
