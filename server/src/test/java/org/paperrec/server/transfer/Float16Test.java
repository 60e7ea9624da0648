package org.paperrec.server.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Known bit patterns of IEEE binary16, and NumPy's rounding of float32 to float16. */
class Float16Test {

  private static short bits(int b) {
    return (short) b;
  }

  @Test
  void knownHalfBitPatternsWidenToTheirExactValues() {
    assertEquals(1.0f, Float16.toFloat(bits(0x3c00)));
    assertEquals(-2.0f, Float16.toFloat(bits(0xc000)));
    assertEquals(65504.0f, Float16.toFloat(bits(0x7bff)), "largest half");
    assertEquals(0x1p-14f, Float16.toFloat(bits(0x0400)), "smallest normal");
    assertEquals(0x1p-24f, Float16.toFloat(bits(0x0001)), "smallest subnormal");
    assertEquals(0x3ffp-24f, Float16.toFloat(bits(0x03ff)), "largest subnormal");
    assertEquals(0.333251953125f, Float16.toFloat(bits(0x3555)));
    assertEquals(0.0999755859375f, Float16.toFloat(bits(0x2e66)));
    assertEquals(Float.floatToRawIntBits(0.0f), Float.floatToRawIntBits(Float16.toFloat(bits(0x0000))));
    assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(Float16.toFloat(bits(0x8000))));
    assertEquals(Float.POSITIVE_INFINITY, Float16.toFloat(bits(0x7c00)));
    assertEquals(Float.NEGATIVE_INFINITY, Float16.toFloat(bits(0xfc00)));
    assertTrue(Float.isNaN(Float16.toFloat(bits(0x7e00))));
    assertTrue(Float.isNaN(Float16.toFloat(bits(0x7c01))), "a signalling NaN is still NaN");
  }

  @Test
  void everyHalfSurvivesWideningAndNarrowing() {
    for (int b = 0; b <= 0xffff; b++) {
      float wide = Float16.toFloat(bits(b));
      if (Float.isNaN(wide)) {
        assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(wide))), Integer.toHexString(b));
      } else {
        assertEquals(b, Float16.fromFloat(wide) & 0xffff, Integer.toHexString(b));
      }
    }
  }

  @Test
  void narrowingRoundsToNearestTiesToEvenAsNumpyDoes() {
    // Expected bits from numpy: np.array([v], np.float32).astype(np.float16).view(np.uint16)
    assertEquals(0x3555, Float16.fromFloat(1f / 3) & 0xffff);
    assertEquals(0x2e66, Float16.fromFloat(0.1f) & 0xffff);
    assertEquals(0x3c00, Float16.fromFloat(1 + 0x1p-11f) & 0xffff, "tie goes to the even mantissa 0");
    assertEquals(0x3c02, Float16.fromFloat(1 + 3 * 0x1p-11f) & 0xffff, "tie goes to the even mantissa 2");
    assertEquals(0x3c00, Float16.fromFloat(0.999755859375f) & 0xffff, "rounding up carries into the exponent");
    assertEquals(0x7bff, Float16.fromFloat(65519f) & 0xffff);
    assertEquals(0x7c00, Float16.fromFloat(65520f) & 0xffff, "halfway to 2^16 overflows");
    assertEquals(0xfc00, Float16.fromFloat(-1e10f) & 0xffff);
    assertEquals(0x0000, Float16.fromFloat(0x1p-25f) & 0xffff, "half the smallest subnormal ties to zero");
    assertEquals(0x0001, Float16.fromFloat(Math.nextUp(0x1p-25f)) & 0xffff);
    assertEquals(0x0002, Float16.fromFloat(3 * 0x1p-25f) & 0xffff, "1.5 units ties to 2");
    assertEquals(0x03ff, Float16.fromFloat(6.1e-5f) & 0xffff);
    assertEquals(0x8000, Float16.fromFloat(-0.0f) & 0xffff);
    assertEquals(0x0000, Float16.fromFloat(1e-8f) & 0xffff);
    assertEquals(0x7c00, Float16.fromFloat(Float.POSITIVE_INFINITY) & 0xffff);
    assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(Float.NaN))));
  }
}
