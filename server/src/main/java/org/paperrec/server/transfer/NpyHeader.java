package org.paperrec.server.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of a NumPy {@code .npy} file holding a C-order matrix of {@link NpyDtype} elements,
 * and its reading and writing. Written here rather than taken from a library because no small,
 * maintained {@code .npy} library for the JVM is on Maven Central, and the format is short: it is
 * NumPy's {@code numpy.lib.format}, summarised in docs/IMPORT-FORMAT.md.
 *
 * <p>Layout: the magic bytes {@code \x93NUMPY}, a major and a minor version byte, the header
 * length (version 1: 2 bytes, versions 2 and 3: 4 bytes, little-endian), then the header: a Python
 * dict literal (ASCII; UTF-8 in version 3) such as {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (3, 4), }}, padded with spaces and ended by a newline; then the data, rows one after
 * another. Reading is strict: exactly the keys {@code descr}, {@code fortran_order} and {@code
 * shape}, a type of {@code <f4} or {@code <f2}, C order, a two-dimensional shape. The header may
 * have any length (NumPy pads to 64 bytes, older releases to 16).
 *
 * @param dtype element type
 * @param rows number of rows (the first dimension)
 * @param columns number of columns (the second dimension, the vector dimension)
 * @param dataOffset where the data starts: the length of magic, versions, length field and header
 */
public record NpyHeader(NpyDtype dtype, long rows, int columns, int dataOffset) {

  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /**
   * Bytes of the header this project writes, magic to newline: NumPy's 64-byte alignment, and room
   * for any shape, so that a writer can fill in the number of rows at the end in place.
   */
  static final int WRITTEN_LENGTH = 128;

  private static final int MAX_COLUMNS = 1 << 20;

  /** Longest header read: NumPy itself refuses headers over 10,000 bytes unless told otherwise. */
  private static final int MAX_HEADER_BYTES = 10_000;

  public NpyHeader {
    if (rows < 0 || columns < 1 || dataOffset < 10) {
      throw new IllegalArgumentException(
          "rows, columns and dataOffset out of range; rows=" + rows + ", columns=" + columns + ", dataOffset="
              + dataOffset);
    }
  }

  /** Bytes of data the header announces: rows × columns × element size. */
  public long dataBytes() {
    return rows * columns * dtype.bytes();
  }

  /**
   * Reads and checks the header of {@code file}.
   *
   * @throws TransferFormatException when it is not a {@code .npy} header this class reads, naming
   *     the file
   */
  static NpyHeader read(Path file, FileChannel channel) throws IOException {
    byte[] magic = new byte[MAGIC.length];
    ByteBuffer start = ByteBuffer.wrap(magic);
    while (start.hasRemaining() && channel.read(start, start.position()) >= 0) {
      // a short file leaves the magic incomplete, which the comparison refuses
    }
    if (!Arrays.equals(magic, MAGIC)) {
      throw refused(file, "is not a NumPy .npy file (it does not start with \\x93NUMPY); write it with numpy.save");
    }
    ByteBuffer version = readFully(file, channel, MAGIC.length, 2);
    int major = version.get() & 0xff;
    int minor = version.get() & 0xff;
    int lengthBytes;
    if (major == 1) {
      lengthBytes = 2;
    } else if (major == 2 || major == 3) {
      lengthBytes = 4;
    } else {
      throw refused(file, "has .npy format version " + major + "." + minor + "; versions 1.0, 2.0 and 3.0 are read");
    }
    ByteBuffer length = readFully(file, channel, MAGIC.length + 2, lengthBytes);
    long headerLength = lengthBytes == 2 ? length.getShort() & 0xffff : length.getInt() & 0xffffffffL;
    if (headerLength > MAX_HEADER_BYTES) {
      throw refused(file, "has a .npy header of " + headerLength + " bytes, more than " + MAX_HEADER_BYTES);
    }
    int offset = MAGIC.length + 2 + lengthBytes;
    ByteBuffer headerBytes = readFully(file, channel, offset, (int) headerLength);
    String header = (major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).decode(headerBytes).toString();
    return parse(file, header, offset + (int) headerLength);
  }

  /** The header of a file of {@code rows} rows, {@value #WRITTEN_LENGTH} bytes, version 1.0. */
  byte[] encode() {
    String dict = "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': (" + rows + ", " + columns + "), }";
    int headerLength = WRITTEN_LENGTH - MAGIC.length - 4;
    if (dict.length() + 1 > headerLength) {
      throw new AssertionError("a header for any shape fits in " + WRITTEN_LENGTH + " bytes: " + dict);
    }
    ByteBuffer out = ByteBuffer.allocate(WRITTEN_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLength);
    out.put((dict + " ".repeat(headerLength - dict.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII));
    return out.array();
  }

  private static NpyHeader parse(Path file, String header, int dataOffset) {
    Map<String, Object> dict;
    try {
      dict = new Literal(header).dict();
    } catch (IllegalArgumentException e) {
      throw refused(file, "has a .npy header that is not a dict literal (" + e.getMessage() + "): " + abbreviate(header));
    }
    if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
      throw refused(file, "has .npy header keys " + dict.keySet() + "; expected exactly descr, fortran_order and shape");
    }
    Object descr = dict.get("descr");
    NpyDtype dtype = descr instanceof String s ? NpyDtype.ofDescr(s) : null;
    if (dtype == null) {
      throw refused(file, "holds dtype " + describe(descr) + "; expected '<f4' (float32) or '<f2' (float16),"
          + " little-endian: convert with array.astype('<f4')");
    }
    if (!Boolean.FALSE.equals(dict.get("fortran_order"))) {
      throw refused(file, "is in Fortran order; write a C-order array (numpy.ascontiguousarray) before saving");
    }
    Object shape = dict.get("shape");
    if (!(shape instanceof List<?> dims) || dims.size() != 2) {
      throw refused(file, "has shape " + describe(shape) + "; expected two dimensions (rows, dimension)");
    }
    long rows = (Long) dims.get(0);
    long columns = (Long) dims.get(1);
    // Bounds that keep rows × columns × 4 far from overflow; real dimensions are in the hundreds.
    if (columns < 1 || columns > MAX_COLUMNS || rows > Integer.MAX_VALUE) {
      throw refused(file, "has shape " + describe(shape) + ", out of range");
    }
    return new NpyHeader(dtype, rows, (int) columns, dataOffset);
  }

  private static ByteBuffer readFully(Path file, FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw refused(file, "ends inside its .npy header (" + channel.size() + " bytes); the file is truncated");
      }
    }
    return buffer.flip();
  }

  private static String describe(Object value) {
    if (value instanceof String s) {
      return "'" + s + "'";
    }
    if (value instanceof List<?> list) {
      return list.size() == 1 ? "(" + list.get(0) + ",)" : list.toString().replace('[', '(').replace(']', ')');
    }
    return String.valueOf(value);
  }

  private static String abbreviate(String s) {
    String line = s.strip();
    return line.length() <= 80 ? line : line.substring(0, 77) + "...";
  }

  static TransferFormatException refused(Path file, String what) {
    return new TransferFormatException(file + " " + what);
  }

  /**
   * The subset of Python literals a {@code .npy} header uses: a dict with string keys, whose values
   * are strings, {@code True}/{@code False} or tuples of non-negative integers. Anything else is
   * refused rather than guessed at.
   */
  private static final class Literal {
    private final String text;
    private int at;

    Literal(String text) {
      this.text = text;
    }

    Map<String, Object> dict() {
      Map<String, Object> dict = new HashMap<>();
      expect('{');
      while (peek() != '}') {
        String key = string();
        expect(':');
        if (dict.put(key, value()) != null) {
          throw new IllegalArgumentException("key '" + key + "' twice");
        }
        if (peek() != '}') {
          expect(',');
        }
      }
      expect('}');
      if (peek() != 0) {
        throw new IllegalArgumentException("text after the dict at offset " + at);
      }
      return dict;
    }

    private Object value() {
      char c = peek();
      if (c == '\'' || c == '"') {
        return string();
      }
      if (c == '(') {
        return tuple();
      }
      if (text.startsWith("True", at)) {
        at += 4;
        return Boolean.TRUE;
      }
      if (text.startsWith("False", at)) {
        at += 5;
        return Boolean.FALSE;
      }
      throw new IllegalArgumentException("unexpected value at offset " + at);
    }

    private List<Long> tuple() {
      List<Long> values = new ArrayList<>();
      expect('(');
      while (peek() != ')') {
        values.add(integer());
        if (peek() != ')') {
          expect(',');
        }
      }
      expect(')');
      return values;
    }

    private long integer() {
      peek();
      int start = at;
      while (at < text.length() && Character.isDigit(text.charAt(at)) && at - start < 18) {
        at++;
      }
      if (at == start) {
        throw new IllegalArgumentException("expected a non-negative integer at offset " + at);
      }
      return Long.parseLong(text, start, at, 10);
    }

    private String string() {
      char quote = peek();
      if (quote != '\'' && quote != '"') {
        throw new IllegalArgumentException("expected a quoted string at offset " + at);
      }
      int end = text.indexOf(quote, at + 1);
      if (end < 0) {
        throw new IllegalArgumentException("unterminated string at offset " + at);
      }
      String s = text.substring(at + 1, end);
      at = end + 1;
      return s;
    }

    private void expect(char c) {
      if (peek() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at offset " + at);
      }
      at++;
    }

    /** The next character that is not white space, or 0 at the end; skips the white space. */
    private char peek() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
      return at < text.length() ? text.charAt(at) : 0;
    }
  }
}
