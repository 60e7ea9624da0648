package org.paperrec.store;

/** A call named a user that is not stored (never created, or deleted). */
public final class UserNotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final String userId;

  public UserNotFoundException(String userId) {
    super("there is no user " + userId);
    this.userId = userId;
  }

  public String userId() {
    return userId;
  }
}
