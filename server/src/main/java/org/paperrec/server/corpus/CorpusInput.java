package org.paperrec.server.corpus;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The decoded bytes of a corpus source, gunzipped when they start with the gzip magic bytes
 * {@code 1f 8b} (whatever the name says), with a count of the stored bytes consumed for progress.
 * Not thread-safe, except {@link #bytesRead()}.
 */
final class CorpusInput implements Closeable {

  static final int BUFFER_BYTES = 64 * 1024;

  private final String name;
  private final CountingInputStream counting;
  private final InputStream data;
  private final long totalBytes;

  private CorpusInput(String name, CountingInputStream counting, InputStream data, long totalBytes) {
    this.name = name;
    this.counting = counting;
    this.data = data;
    this.totalBytes = totalBytes;
  }

  static CorpusInput open(Path file) throws IOException {
    long size = Files.size(file);
    InputStream raw = Files.newInputStream(file);
    try {
      return wrap(raw, file.toString(), size);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * Wraps a stream that this input then owns and closes.
   *
   * @param totalBytes its stored size, or -1 when unknown
   */
  static CorpusInput wrap(InputStream raw, String name, long totalBytes) throws IOException {
    CountingInputStream counting = new CountingInputStream(raw);
    BufferedInputStream buffered = new BufferedInputStream(counting, BUFFER_BYTES);
    buffered.mark(2);
    boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
    buffered.reset();
    if (!gzip) {
      return new CorpusInput(name, counting, buffered, totalBytes);
    }
    try {
      return new CorpusInput(name, counting, new GZIPInputStream(buffered, BUFFER_BYTES), totalBytes);
    } catch (EOFException e) {
      throw new IOException(name + ": gzip header is truncated", e);
    } catch (ZipException e) {
      throw new IOException(name + ": starts with the gzip magic bytes but is not gzip (" + e.getMessage() + ")", e);
    }
  }

  String name() {
    return name;
  }

  /** The decoded bytes (gunzipped if needed), buffered. */
  InputStream data() {
    return data;
  }

  /** Stored (compressed, for gzip) bytes consumed so far. */
  long bytesRead() {
    return counting.count;
  }

  long totalBytes() {
    return totalBytes;
  }

  @Override
  public void close() throws IOException {
    data.close(); // closes the whole chain; a second close is a no-op for every stream in it
  }

  private static final class CountingInputStream extends FilterInputStream {
    // Written by the reading thread only; volatile so that a progress display may poll it.
    private volatile long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(n);
      count += skipped;
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
