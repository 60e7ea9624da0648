package org.paperrec.server.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** manifest.json: what is read, and versions that are refused. */
class ManifestTest {

  @TempDir Path dir;

  private void write(String version) throws IOException {
    Files.writeString(dir.resolve(Manifest.FILE_NAME), "{\"format\": \"paperrec-vectors\", \"version\": " + version
        + ", \"model\": \"m b sha256:00 dim=3\", \"dimension\": 3, \"papers\": 2}");
  }

  @Test
  void versionOneIsRead() throws IOException {
    write("1");

    assertEquals(new Manifest("m b sha256:00 dim=3", 3, 2L), Manifest.read(dir));
  }

  /** Found by TransferFormatsFuzzTest: NUL bytes made Jackson read UTF-32 and throw a plain IOException. */
  @Test
  void bytesThatJacksonReadsAsBadUtf32AreRefusedAsNotJson() throws IOException {
    Files.write(dir.resolve(Manifest.FILE_NAME), new byte[] {0, 0, 0, '{', 0, 0x11, 0, 0});

    TransferFormatException e = assertThrows(TransferFormatException.class, () -> Manifest.read(dir));
    assertTrue(e.getMessage().contains("is not JSON in UTF-8"), e.getMessage());
  }

  /** Found by TransferFormatsFuzzTest: these are 1 in their low 64 bits, and were read as version 1. */
  @ParameterizedTest
  @ValueSource(strings = {"18446744073709551617", "-18446744073709551615"})
  void aVersionBeyondTheRangeOfLongIsRefusedNotTruncated(String version) throws IOException {
    write(version);

    TransferFormatException e = assertThrows(TransferFormatException.class, () -> Manifest.read(dir));
    assertTrue(e.getMessage().contains("has version " + version), e.getMessage());
  }
}
