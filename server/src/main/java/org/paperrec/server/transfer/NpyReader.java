package org.paperrec.server.transfer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the rows of a {@code .npy} matrix ({@link NpyHeader}) one at a time as {@code float[]},
 * float16 widened exactly. Opening checks the header and that the file holds exactly the data it
 * announces, so a truncated file is refused before its first row is read. Reads through a 1 MiB
 * buffer, so memory does not grow with the file. Not thread-safe.
 */
final class NpyReader implements Closeable {

  private static final int BUFFER_BYTES = 1 << 20;

  private final Path file;
  private final FileChannel channel;
  private final NpyHeader header;
  private final int rowBytes;
  private final ByteBuffer buffer;
  private long rowsRead;

  private NpyReader(Path file, FileChannel channel, NpyHeader header) {
    this.file = file;
    this.channel = channel;
    this.header = header;
    this.rowBytes = header.columns() * header.dtype().bytes();
    this.buffer =
        ByteBuffer.allocateDirect(Math.max(BUFFER_BYTES, rowBytes)).order(ByteOrder.LITTLE_ENDIAN).limit(0);
  }

  /**
   * Opens {@code file} and checks it.
   *
   * @throws TransferFormatException when the header is not one {@link NpyHeader} reads, or the file
   *     is shorter (truncated) or longer than header plus rows × columns × element size
   */
  static NpyReader open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      NpyHeader header = NpyHeader.read(file, channel);
      long expected = header.dataOffset() + header.dataBytes();
      long size = channel.size();
      if (size != expected) {
        throw NpyHeader.refused(file, (size < expected ? "is truncated" : "has bytes after its data") + ": "
            + size + " bytes, but its header (shape (" + header.rows() + ", " + header.columns() + "), "
            + header.dtype().descr() + ") needs " + expected);
      }
      channel.position(header.dataOffset());
      return new NpyReader(file, channel, header);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  NpyHeader header() {
    return header;
  }

  Path file() {
    return file;
  }

  /** Rows read so far. */
  long rowsRead() {
    return rowsRead;
  }

  /**
   * Reads the next row into {@code row}, which must have {@link NpyHeader#columns()} elements.
   *
   * @return false at the end of the rows ({@code row} untouched)
   */
  boolean next(float[] row) throws IOException {
    if (row.length != header.columns()) {
      throw new IllegalArgumentException("row must have " + header.columns() + " elements; it has " + row.length);
    }
    if (rowsRead == header.rows()) {
      return false;
    }
    if (buffer.remaining() < rowBytes) {
      buffer.compact();
      while (buffer.position() < rowBytes) {
        if (channel.read(buffer) < 0) {
          // The size was checked at open: only a file changed while it is read ends early.
          throw NpyHeader.refused(file, "ended at row " + rowsRead + " of " + header.rows() + "; was it changed while being read?");
        }
      }
      buffer.flip();
    }
    if (header.dtype() == NpyDtype.FLOAT32) {
      buffer.asFloatBuffer().get(row);
      buffer.position(buffer.position() + rowBytes);
    } else {
      for (int i = 0; i < row.length; i++) {
        row[i] = Float16.toFloat(buffer.getShort());
      }
    }
    rowsRead++;
    return true;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
