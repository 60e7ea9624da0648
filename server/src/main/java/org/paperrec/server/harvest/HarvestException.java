package org.paperrec.server.harvest;

/**
 * A page that could not be harvested: a request that failed for good, a response that is not
 * readable, or a protocol error. The message is one line, for the log and {@code GET /v1/sources}.
 */
public final class HarvestException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean cursorExpired;

  HarvestException(String message) {
    this(message, false);
  }

  private HarvestException(String message, boolean cursorExpired) {
    super(message, null, false, false);
    this.cursorExpired = cursorExpired;
  }

  /** The remote no longer knows the run's position (OAI-PMH {@code badResumptionToken}). */
  static HarvestException cursorExpired(String message) {
    return new HarvestException(message, true);
  }

  /** True when the run must start its range again, because the remote forgot the cursor. */
  public boolean cursorExpired() {
    return cursorExpired;
  }
}
