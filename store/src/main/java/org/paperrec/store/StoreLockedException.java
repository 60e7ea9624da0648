package org.paperrec.store;

import java.nio.file.Path;

/**
 * A data folder that another process, or another open store in this one, has open for writing:
 * RocksDB holds its {@code LOCK} file. A command that only reads can use {@link
 * PaperStore#openReadOnly} instead; one that writes must wait for the other to close.
 */
public final class StoreLockedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final transient Path dir;

  StoreLockedException(Path dir, Throwable cause) {
    super("the data folder " + dir + " is in use by another paperrec process (a running server?)", cause);
    this.dir = dir;
  }

  /** The data folder, absolute. */
  public Path dir() {
    return dir;
  }
}
