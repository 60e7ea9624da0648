package org.paperrec.recommend;

/**
 * Which slice of a ranking to return.
 *
 * @param limit number of results, 1 to {@link #MAX_LIMIT}
 * @param offset results to skip first, 0 to {@link #MAX_OFFSET}
 */
public record Page(int limit, int offset) {

  public static final int DEFAULT_LIMIT = 10;
  public static final int MAX_LIMIT = 100;
  public static final int MAX_OFFSET = 1000;
  public static final Page DEFAULT = new Page(DEFAULT_LIMIT, 0);

  public Page {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + "; limit=" + limit);
    }
    if (offset < 0 || offset > MAX_OFFSET) {
      throw new IllegalArgumentException("offset must be between 0 and " + MAX_OFFSET + "; offset=" + offset);
    }
  }

  int end() {
    return offset + limit;
  }
}
