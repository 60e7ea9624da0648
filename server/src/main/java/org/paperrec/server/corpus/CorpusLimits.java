package org.paperrec.server.corpus;

/**
 * Size limits every reader enforces. A record over a limit is skipped and reported, never
 * truncated: a value that large is damage, not data.
 */
public final class CorpusLimits {

  /**
   * Longest line read, in bytes, without its line break (4 MiB). Longer lines are skipped without
   * being held in memory and reading resumes after the next newline. The largest real records, OAI
   * entries of collaboration papers that list thousands of authors twice plus affiliations, stay
   * well below this. For Hugging Face JSON it bounds every single string value instead.
   */
  public static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

  /** Longest title, in characters after whitespace is collapsed. */
  public static final int MAX_TITLE_CHARS = 1_000;

  /** Longest abstract, in characters after whitespace is collapsed (arXiv itself allows 1,920). */
  public static final int MAX_ABSTRACT_CHARS = 20_000;

  /** Most authors per paper; the largest real author lists (collaboration papers) have about 5,200. */
  public static final int MAX_AUTHORS = 10_000;

  /** Longest author name, in characters. */
  public static final int MAX_AUTHOR_CHARS = 1_000;

  /** Most categories per paper. */
  public static final int MAX_CATEGORIES = 100;

  private CorpusLimits() {}
}
