package org.paperrec.server.transfer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a {@code .npy} matrix of {@link NpyDtype} rows, version 1.0, C order, the header padded
 * to {@value NpyHeader#WRITTEN_LENGTH} bytes as NumPy pads it (a multiple of 64). The number of
 * rows need not be known in advance: the header is written again, in place and of the same length,
 * when the writer is closed. Creates a new file; refuses to overwrite one. Not thread-safe.
 */
final class NpyWriter implements Closeable {

  private static final int BUFFER_BYTES = 1 << 20;

  private final FileChannel channel;
  private final NpyDtype dtype;
  private final int columns;
  private final ByteBuffer buffer;
  private long rows;
  private boolean closed;

  NpyWriter(Path file, NpyDtype dtype, int columns) throws IOException {
    this.dtype = dtype;
    this.columns = columns;
    this.buffer = ByteBuffer.allocateDirect(Math.max(BUFFER_BYTES, columns * dtype.bytes())).order(ByteOrder.LITTLE_ENDIAN);
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      writeFully(ByteBuffer.wrap(header().encode()), 0);
      channel.position(NpyHeader.WRITTEN_LENGTH);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Appends one row of {@code columns} elements; float16 rounds each to the nearest half. */
  void write(float[] row) throws IOException {
    if (row.length != columns) {
      throw new IllegalArgumentException("row must have " + columns + " elements; it has " + row.length);
    }
    if (buffer.remaining() < columns * dtype.bytes()) {
      drain();
    }
    if (dtype == NpyDtype.FLOAT32) {
      buffer.asFloatBuffer().put(row);
      buffer.position(buffer.position() + columns * Float.BYTES);
    } else {
      for (float value : row) {
        buffer.putShort(Float16.fromFloat(value));
      }
    }
    rows++;
  }

  long rows() {
    return rows;
  }

  /**
   * Writes what is buffered, the header with the final number of rows, and syncs the file to disk
   * (an export writes its manifest only after every shard is durable). Safe to call twice.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (channel) {
      drain();
      writeFully(ByteBuffer.wrap(header().encode()), 0);
      channel.force(true);
    }
  }

  private NpyHeader header() {
    return new NpyHeader(dtype, rows, columns, NpyHeader.WRITTEN_LENGTH);
  }

  private void drain() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  private void writeFully(ByteBuffer bytes, long position) throws IOException {
    while (bytes.hasRemaining()) {
      position += channel.write(bytes, position);
    }
  }
}
