package org.paperrec.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * A write failed because the disk of the data folder is full. Nothing of that write was stored;
 * reads go on, and writes work again by themselves once space is freed (see {@link
 * PaperStore#writeFailure}). The message says what to do.
 */
public final class StorageFullException extends UncheckedIOException {

  /** How the operating system's "no space" (ENOSPC) reaches Java and RocksDB messages. */
  private static final String NO_SPACE = "No space left on device";

  public StorageFullException(String message, Throwable cause) {
    super(message, cause instanceof IOException io ? io : new IOException(cause));
  }

  /** Whether {@code message} (of any exception, RocksDB's included) reports a full disk. */
  public static boolean saysNoSpace(String message) {
    return message != null && message.contains(NO_SPACE);
  }

  /**
   * The first of {@code e} and its causes (20 deep at most) that is a full disk: a {@code
   * StorageFullException}, or an exception whose message says so. A Lucene writer that a full disk
   * closed answers later writes with "this IndexWriter is closed", whose cause is the full disk.
   */
  public static Optional<Throwable> fullDiskCause(Throwable e) {
    for (int depth = 0; e != null && depth < 20; depth++, e = e.getCause()) {
      if (e instanceof StorageFullException || saysNoSpace(e.getMessage())) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
