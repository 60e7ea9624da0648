package org.paperrec.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One paper as paperrec knows it: the text that is embedded plus the metadata that results and
 * filters show.
 *
 * @param id normalised paper ID, see {@link PaperIds}
 * @param title title, never blank
 * @param abstractText abstract, never blank
 * @param authors author names in order; may be empty when a source gives only a count
 * @param authorCount number of authors; equals {@code authors.size()} when names are known
 * @param date publication (or announcement) date, or {@code null} when the source has none
 * @param categories subject categories, primary first (arXiv style, e.g. {@code cs.LG}); may be empty
 * @param upvotes community upvotes where the source has them (Hugging Face), otherwise {@code null}
 */
public record Paper(
    String id,
    String title,
    String abstractText,
    List<String> authors,
    int authorCount,
    LocalDate date,
    List<String> categories,
    Integer upvotes) {

  /**
   * Validates and copies: {@code null} lists become empty lists, lists are immutable copies.
   *
   * @throws NullPointerException when {@code id} is null
   * @throws IllegalArgumentException when {@code id}, {@code title} or {@code abstractText} is
   *     blank, a list holds a null, {@code authorCount} is less than the number of named authors,
   *     or {@code upvotes} is negative
   */
  public Paper {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("paper id must not be blank; id='" + id + "'");
    }
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("paper " + id + " has no title");
    }
    if (abstractText == null || abstractText.isBlank()) {
      throw new IllegalArgumentException("paper " + id + " has no abstract");
    }
    authors = copyWithoutNulls(id, "authors", authors);
    categories = copyWithoutNulls(id, "categories", categories);
    if (authorCount < authors.size()) {
      throw new IllegalArgumentException(
          "authorCount must be at least the number of named authors; authorCount=" + authorCount
              + ", authors=" + authors.size());
    }
    if (upvotes != null && upvotes < 0) {
      throw new IllegalArgumentException("upvotes must not be negative; upvotes=" + upvotes);
    }
  }

  private static List<String> copyWithoutNulls(String id, String name, List<String> list) {
    if (list == null) {
      return List.of();
    }
    // Not list.indexOf(null): immutable lists (List.of) throw on a null argument.
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        throw new IllegalArgumentException(
            "paper " + id + ": " + name + " must not contain null; null at index " + i);
      }
    }
    return List.copyOf(list);
  }

  /** A paper whose authors are all named: {@code authorCount} is their number. */
  public static Paper of(
      String id, String title, String abstractText, List<String> authors, LocalDate date,
      List<String> categories, Integer upvotes) {
    int count = authors == null ? 0 : authors.size();
    return new Paper(id, title, abstractText, authors, count, date, categories, upvotes);
  }

  /** The primary category, or {@code null} when the paper has none. */
  public String primaryCategory() {
    return categories.isEmpty() ? null : categories.get(0);
  }

  /** Where a person reads the paper: its arXiv abstract page, or {@code null} for non-arXiv IDs. */
  public String url() {
    return PaperIds.url(id);
  }

  /** True when the embedded text (title and abstract) of the two papers is the same. */
  public boolean sameText(Paper other) {
    return title.equals(other.title) && abstractText.equals(other.abstractText);
  }
}
