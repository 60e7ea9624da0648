package org.paperrec.store;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A write failed because the disk of the data folder is full. Nothing of that write was stored;
 * reads go on, and writes work again by themselves once space is freed (see {@link
 * PaperStore#writeFailure}). The message says what to do.
 */
public final class StorageFullException extends UncheckedIOException {

  public StorageFullException(String message, Throwable cause) {
    super(message, cause instanceof IOException io ? io : new IOException(cause));
  }
}
