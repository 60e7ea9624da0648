package org.paperrec.recommend.profile;

/** A like or dislike was refused because the profile holds the most allowed ({@link ProfileLimits#maxFeedback()}). */
public final class ProfileFullException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ProfileFullException(String message) {
    super(message);
  }
}
