package org.paperrec.server.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npy reader and writer: round trips, NumPy's own header bytes, and every refused header. */
class NpyTest {

  @TempDir Path dir;

  /** The bytes np.save writes for a (3, 4) float32 array (numpy 1.x and 2.x alike), before the data. */
  private static final String NUMPY_HEADER_3x4_F4 =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }";

  private static byte[] numpyFile(int major, String dict, int align, ByteBuffer data) {
    int lengthBytes = major == 1 ? 2 : 4;
    int prefix = 6 + 2 + lengthBytes;
    int total = prefix + dict.length() + 1;
    int padded = (total + align - 1) / align * align;
    String header = dict + " ".repeat(padded - total) + "\n";
    ByteBuffer out = ByteBuffer.allocate(padded + data.remaining()).order(ByteOrder.LITTLE_ENDIAN);
    out.put(NpyHeader.MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) {
      out.putShort((short) header.length());
    } else {
      out.putInt(header.length());
    }
    out.put(header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1)).put(data);
    return out.array();
  }

  private static ByteBuffer floats(float... values) {
    ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      data.putFloat(v);
    }
    return data.flip();
  }

  private Path file(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private static float[][] readAll(Path file) throws IOException {
    try (NpyReader reader = NpyReader.open(file)) {
      float[][] rows = new float[(int) reader.header().rows()][reader.header().columns()];
      for (float[] row : rows) {
        assertTrue(reader.next(row));
      }
      assertFalse(reader.next(new float[reader.header().columns()]));
      return rows;
    }
  }

  private static final float[] TWELVE = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

  @Test
  void readsTheBytesNumpySaveWritesForA3x4Float32Array() throws IOException {
    byte[] bytes = numpyFile(1, NUMPY_HEADER_3x4_F4, 64, floats(TWELVE));
    // np.save: magic, version 1.0, header length 118 ('v'), the dict padded to 128 bytes in all.
    assertEquals(128 + 48, bytes.length);
    assertEquals('v', bytes[8]);
    assertEquals(0, bytes[9]);

    float[][] rows = readAll(file("numpy.npy", bytes));

    assertArrayEquals(new float[] {4, 5, 6, 7}, rows[1]);
    assertArrayEquals(new float[] {8, 9, 10, 11}, rows[2]);
  }

  @Test
  void writtenHeaderIsByteForByteWhatNumpyWrites() throws IOException {
    Path file = dir.resolve("written.npy");
    try (NpyWriter writer = new NpyWriter(file, NpyDtype.FLOAT32, 4)) {
      for (int r = 0; r < 3; r++) {
        writer.write(Arrays.copyOfRange(TWELVE, 4 * r, 4 * r + 4));
      }
    }

    assertArrayEquals(numpyFile(1, NUMPY_HEADER_3x4_F4, 64, floats(TWELVE)), Files.readAllBytes(file));
  }

  @Test
  void acceptsVersions2And3AndOtherAlignmentsKeyOrderAndSpacing() throws IOException {
    String reordered = "{ \"shape\" : (3,4,) , 'fortran_order':False,'descr':'<f4'}";
    for (byte[] bytes : new byte[][] {
        numpyFile(2, NUMPY_HEADER_3x4_F4, 64, floats(TWELVE)),
        numpyFile(3, NUMPY_HEADER_3x4_F4, 64, floats(TWELVE)),
        numpyFile(1, NUMPY_HEADER_3x4_F4, 16, floats(TWELVE)),
        numpyFile(1, reordered, 64, floats(TWELVE))}) {
      float[][] rows = readAll(file("variant.npy", bytes));
      assertArrayEquals(new float[] {8, 9, 10, 11}, rows[2]);
    }
  }

  @Test
  void float32RoundTripsBitForBit() throws IOException {
    float[][] rows = randomRows(1000, 384, 7);
    Path file = write("f4.npy", NpyDtype.FLOAT32, rows);

    float[][] read = readAll(file);

    for (int r = 0; r < rows.length; r++) {
      assertArrayEquals(rows[r], read[r]);
    }
    assertEquals(128 + 1000L * 384 * 4, Files.size(file));
  }

  @Test
  void float16RoundTripsToTheNearestHalf() throws IOException {
    float[][] rows = randomRows(700, 384, 8);
    Path file = write("f2.npy", NpyDtype.FLOAT16, rows);

    float[][] read = readAll(file);

    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < rows[r].length; c++) {
        assertEquals(Float16.toFloat(Float16.fromFloat(rows[r][c])), read[r][c]);
        // Relative error 2^-11 for normal halves, absolute 2^-25 for subnormal ones.
        assertEquals(rows[r][c], read[r][c], Math.max(Math.abs(rows[r][c]) * 0x1p-11f, 0x1p-25f));
      }
    }
    assertEquals(128 + 700L * 384 * 2, Files.size(file));
  }

  @Test
  void readsAcrossBufferRefills() throws IOException {
    // 3,000 rows of 384 float32 are 4.6 MB: the 1 MiB buffer is refilled mid-file several times.
    float[][] rows = randomRows(3000, 384, 9);
    float[][] read = readAll(write("big.npy", NpyDtype.FLOAT32, rows));
    assertArrayEquals(rows[2999], read[2999]);
    assertArrayEquals(rows[683], read[683]);
  }

  @Test
  void truncatedFileIsRefusedNamingTheFileAndBothSizes() throws IOException {
    byte[] bytes = numpyFile(1, NUMPY_HEADER_3x4_F4, 64, floats(TWELVE));
    Path file = file("cut.npy", Arrays.copyOf(bytes, bytes.length - 5));

    TransferFormatException e = assertThrows(TransferFormatException.class, () -> NpyReader.open(file));

    assertEquals(file + " is truncated: 171 bytes, but its header (shape (3, 4), <f4) needs 176", e.getMessage());
  }

  @Test
  void trailingBytesAreRefused() throws IOException {
    byte[] bytes = numpyFile(1, NUMPY_HEADER_3x4_F4, 64, floats(TWELVE));
    Path file = file("long.npy", Arrays.copyOf(bytes, bytes.length + 4));

    assertTrue(assertThrows(TransferFormatException.class, () -> NpyReader.open(file)).getMessage()
        .contains("has bytes after its data"));
  }

  @Test
  void unsupportedHeadersAreRefusedSayingWhatToDo() throws IOException {
    assertRefused("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }", "astype('<f4')");
    assertRefused("{'descr': '>f4', 'fortran_order': False, 'shape': (3, 4), }", "little-endian");
    assertRefused("{'descr': '<f4', 'fortran_order': True, 'shape': (3, 4), }", "Fortran order");
    assertRefused("{'descr': '<f4', 'fortran_order': False, 'shape': (12,), }", "two dimensions");
    assertRefused("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 4), }", "two dimensions");
    assertRefused("{'descr': '<f4', 'shape': (3, 4), }", "expected exactly descr, fortran_order and shape");
    assertRefused("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), 'extra': 1}", "not a dict literal");
    assertRefused("descr=<f4", "not a dict literal");

    Path notNpy = file("text.npy", "id,vector\n".getBytes(StandardCharsets.US_ASCII));
    assertTrue(assertThrows(TransferFormatException.class, () -> NpyReader.open(notNpy)).getMessage()
        .contains("is not a NumPy .npy file"));
    byte[] version4 = numpyFile(1, NUMPY_HEADER_3x4_F4, 64, floats(TWELVE));
    version4[6] = 4;
    Path v4 = file("v4.npy", version4);
    assertTrue(assertThrows(TransferFormatException.class, () -> NpyReader.open(v4)).getMessage()
        .contains("format version 4.0"));
  }

  private void assertRefused(String dict, String expected) throws IOException {
    Path file = file("refused.npy", numpyFile(1, dict, 64, floats(TWELVE)));
    TransferFormatException e = assertThrows(TransferFormatException.class, () -> NpyReader.open(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), dict + " -> " + e.getMessage());
  }

  @Test
  void emptyMatrixIsValid() throws IOException {
    Path file = dir.resolve("empty.npy");
    new NpyWriter(file, NpyDtype.FLOAT16, 384).close();

    try (NpyReader reader = NpyReader.open(file)) {
      assertEquals(0, reader.header().rows());
      assertFalse(reader.next(new float[384]));
    }
  }

  private Path write(String name, NpyDtype dtype, float[][] rows) throws IOException {
    Path file = dir.resolve(name);
    try (NpyWriter writer = new NpyWriter(file, dtype, rows[0].length)) {
      for (float[] row : rows) {
        writer.write(row);
      }
    }
    return file;
  }

  static float[][] randomRows(int n, int dimension, long seed) {
    Random random = new Random(seed);
    float[][] rows = new float[n][dimension];
    for (float[] row : rows) {
      double sum = 0;
      for (int i = 0; i < dimension; i++) {
        row[i] = (float) random.nextGaussian();
        sum += row[i] * row[i];
      }
      for (int i = 0; i < dimension; i++) {
        row[i] /= (float) Math.sqrt(sum);
      }
    }
    return rows;
  }
}
