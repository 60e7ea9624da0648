package org.paperrec.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files, format version 1.0, of little-endian float32 matrices ({@code descr
 * '<f4'}, {@code fortran_order False}, shape {@code (rows, columns)}): the vector shards of the
 * import format. Rows are written and read one at a time, so no file is ever held in memory.
 *
 * <p>Layout: the magic {@code \x93NUMPY}, the version bytes 1 and 0, a little-endian uint16 header
 * length, an ASCII Python dict padded with spaces and ended by {@code \n} so that the data starts
 * at a multiple of 64 bytes, then the rows, component 0 first.
 *
 * <p>Writers and readers are not thread-safe; use one per thread.
 */
final class Npy {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGN = 64;
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),\\s*(\\d+)\\)");

  private Npy() {}

  /** Writes exactly {@code rows} rows of {@code columns} floats; {@link #close} checks the count. */
  static final class Writer implements AutoCloseable {
    private final OutputStream out;
    private final long rows;
    private final int columns;
    private final ByteBuffer row;
    private long written;
    private boolean closed;

    Writer(Path file, long rows, int columns) throws IOException {
      this.rows = rows;
      this.columns = columns;
      this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
      this.row = ByteBuffer.allocate(columns * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      out.write(header(rows, columns));
    }

    void write(float[] vector) throws IOException {
      if (vector.length != columns) {
        throw new IllegalArgumentException("row length must be " + columns + "; length=" + vector.length);
      }
      if (written == rows) {
        throw new IllegalStateException("all " + rows + " rows are written already");
      }
      row.clear();
      row.asFloatBuffer().put(vector);
      out.write(row.array());
      written++;
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      out.close();
      if (written != rows) {
        throw new IllegalStateException("npy header says " + rows + " rows, but " + written + " were written");
      }
    }
  }

  /** Reads the rows of a file in order. */
  static final class Reader implements AutoCloseable {
    private final DataInputStream in;
    private final long rows;
    private final int columns;
    private final byte[] row;
    private final ByteBuffer rowBuffer;
    private long read;

    Reader(Path file) throws IOException {
      in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20));
      byte[] magic = in.readNBytes(MAGIC.length);
      int major = in.read();
      int minor = in.read();
      if (!java.util.Arrays.equals(magic, MAGIC) || major != 1 || minor != 0) {
        in.close();
        throw new IOException(file + " is not a NumPy file of format version 1.0");
      }
      int headerLength = in.read() | (in.read() << 8);
      String header = new String(in.readNBytes(headerLength), StandardCharsets.US_ASCII);
      Matcher shape = SHAPE.matcher(header);
      if (!header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False") || !shape.find()) {
        in.close();
        throw new IOException(file + ": expected a C-order little-endian float32 matrix; header=" + header.strip());
      }
      rows = Long.parseLong(shape.group(1));
      columns = Integer.parseInt(shape.group(2));
      row = new byte[columns * Float.BYTES];
      rowBuffer = ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN);
    }

    long rows() {
      return rows;
    }

    int columns() {
      return columns;
    }

    /** The next row into {@code into} (length {@link #columns}), or false after the last row. */
    boolean next(float[] into) throws IOException {
      if (read == rows) {
        return false;
      }
      in.readFully(row);
      rowBuffer.clear();
      rowBuffer.asFloatBuffer().get(into);
      read++;
      return true;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  static byte[] header(long rows, int columns) {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + columns + "), }";
    int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
    int padding = (ALIGN - unpadded % ALIGN) % ALIGN;
    String text = dict + " ".repeat(padding) + "\n";
    byte[] bytes = new byte[MAGIC.length + 4 + text.length()];
    System.arraycopy(MAGIC, 0, bytes, 0, MAGIC.length);
    bytes[6] = 1;
    bytes[7] = 0;
    bytes[8] = (byte) (text.length() & 0xff);
    bytes[9] = (byte) (text.length() >>> 8);
    System.arraycopy(text.getBytes(StandardCharsets.US_ASCII), 0, bytes, 10, text.length());
    return bytes;
  }
}
