package org.paperrec.store;

/**
 * A data folder that this build of paperrec must not open as asked: made with another embedding
 * model or dimension, written by a newer schema, or not a paperrec store at all. The message says
 * what the folder holds and what to run or change; show it to the person as it is.
 */
public final class StoreMismatchException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public StoreMismatchException(String message) {
    super(message);
  }
}
