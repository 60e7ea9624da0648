package org.paperrec.server.transfer;

import java.util.Locale;

/** The element types a vector shard may hold: little-endian float32 or float16. */
public enum NpyDtype {
  /** {@code <f4}: what paperrec stores; an export in this type imports bit for bit. */
  FLOAT32("<f4", 4, "float32"),
  /** {@code <f2}: half the size, about 3 significant digits; vectors are re-normalised on import. */
  FLOAT16("<f2", 2, "float16");

  private final String descr;
  private final int bytes;
  private final String cliName;

  NpyDtype(String descr, int bytes, String cliName) {
    this.descr = descr;
    this.bytes = bytes;
    this.cliName = cliName;
  }

  /** NumPy's type string in the {@code .npy} header, e.g. {@code <f4}. */
  public String descr() {
    return descr;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /** NumPy's name: {@code float32} or {@code float16}. */
  @Override
  public String toString() {
    return cliName;
  }

  /**
   * The type named {@code name}, NumPy's way ({@code float32}, {@code float16}) or by type string.
   *
   * @throws IllegalArgumentException when {@code name} names neither
   */
  public static NpyDtype parse(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (NpyDtype type : values()) {
      if (type.cliName.equals(wanted) || type.descr.equals(wanted)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown vector type; expected float32 or float16, but dtype=" + name);
  }

  /** The type with {@code descr} as its header type string, or {@code null}. */
  static NpyDtype ofDescr(String descr) {
    for (NpyDtype type : values()) {
      if (type.descr.equals(descr)) {
        return type;
      }
    }
    return null;
  }
}
