package org.paperrec.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The vector encoding of the {@code vectors} column family: IEEE-754 float32, little-endian,
 * component 0 first, exactly {@code 4 * dimension} bytes, no header (see {@link PaperStore}).
 *
 * <p>Thread-safe: stateless.
 */
final class VectorBytes {

  private VectorBytes() {}

  static byte[] encode(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * vector.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    return bytes.array();
  }

  /**
   * @throws IllegalArgumentException when {@code bytes} is not {@code 4 * dimension} long
   */
  static float[] decode(byte[] bytes, int dimension) {
    if (bytes.length != Float.BYTES * dimension) {
      throw new IllegalArgumentException(
          "vector bytes: expected " + Float.BYTES * dimension + " (dimension " + dimension + "), but got "
              + bytes.length);
    }
    float[] vector = new float[dimension];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }
}
