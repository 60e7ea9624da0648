package org.paperrec.server.transfer;

/**
 * A vector exchange folder that breaks the format ({@link ShardFolder}): a missing or malformed
 * file, a gap in the shard numbers, rows that do not match records. The message is one line that
 * names the file and says what is wrong. Thrown before anything is written.
 */
public final class TransferFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public TransferFormatException(String message) {
    super(message);
  }

  public TransferFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
