package org.paperrec.server.transfer;

/**
 * IEEE 754 binary16 ("half", NumPy's {@code float16}) to and from {@code float}. Java 20 has
 * {@code Float.float16ToFloat} and {@code Float.floatToFloat16}; this project targets Java 17, so
 * the conversions are written out here, exactly: every half value (subnormals, signed zeros,
 * infinities, NaN) becomes the float of the same value, and a float becomes the nearest half, ties
 * to even, as NumPy's {@code astype(np.float16)} rounds. Stateless.
 */
final class Float16 {

  private Float16() {}

  /** The float of exactly the value of the half whose bits are {@code half}. */
  static float toFloat(short half) {
    int bits = half & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      // Infinity (mantissa 0) or NaN, its payload kept in the top mantissa bits.
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      // Zero or subnormal: mantissa * 2^-24, exact in float (10 bits times a power of two).
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    // Normal: rebias the exponent from 15 to 127; the 10 mantissa bits become the top of 23.
    return Float.intBitsToFloat(sign | ((exponent + (127 - 15)) << 23) | (mantissa << 13));
  }

  /** The bits of the half nearest to {@code value}, ties to even; beyond the half range, infinity. */
  static short fromFloat(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int magnitude = bits & 0x7fffffff;
    if (magnitude >= 0x7f800000) {
      // Infinity stays infinity; NaN stays a (quiet) NaN with the top of its payload.
      return (short) (sign | 0x7c00 | (magnitude > 0x7f800000 ? 0x200 | ((magnitude >>> 13) & 0x3ff) : 0));
    }
    if (magnitude >= 0x477ff000) {
      // 65520 and up: halfway between the largest half (65504) and 2^16 or beyond, rounds to infinity.
      return (short) (sign | 0x7c00);
    }
    if (magnitude < 0x38800000) {
      // Below 2^-14, the smallest normal half: count units of 2^-24 (exact: a power-of-two
      // scaling), round half to even; 1024 units is the smallest normal, whose bits are 1024 too.
      float units = Float.intBitsToFloat(magnitude) * 0x1p24f;
      return (short) (sign | (int) Math.rint(units));
    }
    int half = (((magnitude >>> 23) - (127 - 15)) << 10) | ((magnitude >>> 13) & 0x3ff);
    int dropped = magnitude & 0x1fff;
    if (dropped > 0x1000 || (dropped == 0x1000 && (half & 1) == 1)) {
      half++; // a carry out of the mantissa moves to the next exponent, as it should
    }
    return (short) (sign | half);
  }
}
