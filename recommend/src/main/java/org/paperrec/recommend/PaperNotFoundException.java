package org.paperrec.recommend;

/** A query named a paper that is not in the corpus. */
public final class PaperNotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final String id;

  public PaperNotFoundException(String id) {
    super("paper " + id + " is not in the corpus");
    this.id = id;
  }

  public String id() {
    return id;
  }
}
