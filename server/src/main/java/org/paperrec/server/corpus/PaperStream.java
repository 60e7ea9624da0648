package org.paperrec.server.corpus;

import java.io.Closeable;
import java.io.IOException;
import org.paperrec.store.Paper;

/**
 * Papers of one corpus file, one at a time; the file is never held in memory as a whole.
 *
 * <p>Not thread-safe: read it from one thread. {@link #bytesRead()} alone may be polled from
 * another thread, for a progress display. {@link #close()} is safe to call twice.
 */
public interface PaperStream extends Closeable {

  /**
   * The next good paper, or {@code null} at the end. Bad records are skipped and reported, never
   * thrown.
   *
   * @throws IOException only for I/O failures of the underlying file (a truncated gzip file is not
   *     one: it is reported and ends the stream)
   */
  Paper next() throws IOException;

  /**
   * Bytes of the source consumed so far, as stored (compressed bytes for a gzip file), so that
   * {@code bytesRead() / totalBytes()} is the fraction done. Read-ahead buffering makes it run up to
   * a buffer (64 KiB) ahead of the papers returned.
   */
  long bytesRead();

  /** Size of the source as stored, in bytes, or {@code -1} when unknown (a classpath resource). */
  long totalBytes();
}
