package org.paperrec.embed;

/**
 * The model failed to embed a text for a reason other than a caller mistake or a closed embedder:
 * a native runtime error, or the calling thread was interrupted while waiting for a free predictor
 * (its interrupt flag is then set again).
 */
public final class EmbeddingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what was being done
   * @param cause the underlying failure
   */
  public EmbeddingException(String message, Throwable cause) {
    super(message, cause);
  }
}
