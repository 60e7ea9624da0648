package org.paperrec.recommend;

/**
 * Recommendations were asked for, but none of the liked papers is in the corpus (or nothing is
 * liked at all), so there is nothing to rank from. A reader who liked only papers the corpus does
 * not have yet (one published an hour ago, say) meets this; clients tell it apart from a malformed
 * request to say "like a paper of the corpus" instead of showing an error.
 */
public final class NoKnownLikesException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public NoKnownLikesException(String message) {
    super(message);
  }
}
