package org.paperrec.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One paper as paperrec knows it: the text that is embedded plus the metadata that results and
 * filters show.
 *
 * @param id normalised paper ID, see {@link PaperIds}
 * @param title title, never blank
 * @param abstractText abstract, never blank
 * @param authors author names in order; may be empty when a source gives only a count
 * @param authorCount number of authors; equals {@code authors.size()} when names are known
 * @param date publication (or announcement) date, or {@code null} when the source has none; from
 *     {@link #EARLIEST_DATE} to {@link #LATEST_DATE} when read from outside ({@link #isDateInRange})
 * @param categories subject categories, primary first (arXiv style, e.g. {@code cs.LG}); may be empty
 * @param upvotes community upvotes where the source has them (Hugging Face), otherwise {@code null}
 * @param aliases the paper's other IDs (its DOI, PubMed ID, an arXiv ID when the key is another,
 *     a former key, ...), each normalised ({@link PaperIds#normalize}), sorted, each once, never
 *     the key itself; at most {@value #MAX_ALIASES}; may be empty. The store finds the paper by
 *     every one of them
 */
public record Paper(
    String id,
    String title,
    String abstractText,
    List<String> authors,
    int authorCount,
    LocalDate date,
    List<String> categories,
    Integer upvotes,
    List<String> aliases) {

  /**
   * Earliest date a paper may have when it comes from outside (an HTTP body, a corpus file, a
   * harvest): every reader and the API refuse a date before it, naming the field. Together with
   * {@link #LATEST_DATE} it keeps dates to four-digit years, which is what the store's JSON documents
   * ({@code yyyy-MM-dd}), what sorts the same as text and as a day number (the search index keeps
   * days since the epoch as an {@code int}, clamping beyond), and what recency scores can use: a
   * year of +999999999 parses, but ranks and filters as nonsense.
   */
  public static final LocalDate EARLIEST_DATE = LocalDate.of(1000, 1, 1);

  /** Latest date a paper may have when it comes from outside; see {@link #EARLIEST_DATE}. */
  public static final LocalDate LATEST_DATE = LocalDate.of(9999, 12, 31);

  /** Most other IDs a paper may have; real papers have a handful, more is a broken source. */
  public static final int MAX_ALIASES = 64;

  /**
   * Validates and copies: {@code null} lists become empty lists, lists are immutable copies;
   * aliases are sorted, with repeats and the key itself dropped.
   *
   * @throws NullPointerException when {@code id} is null
   * @throws IllegalArgumentException when {@code id}, {@code title} or {@code abstractText} is
   *     blank, a list holds a null, {@code authorCount} is less than the number of named authors,
   *     {@code upvotes} is negative, an alias is not a normalised paper ID, or there are more than
   *     {@value #MAX_ALIASES} aliases
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
    aliases = aliases(id, aliases);
  }

  /**
   * True when {@code date} is from {@link #EARLIEST_DATE} to {@link #LATEST_DATE}, both included.
   * Not checked by the constructor, so that a store written before the range existed still opens.
   */
  public static boolean isDateInRange(LocalDate date) {
    return !date.isBefore(EARLIEST_DATE) && !date.isAfter(LATEST_DATE);
  }

  /** A paper without other IDs. */
  public Paper(
      String id, String title, String abstractText, List<String> authors, int authorCount, LocalDate date,
      List<String> categories, Integer upvotes) {
    this(id, title, abstractText, authors, authorCount, date, categories, upvotes, null);
  }

  private static List<String> aliases(String id, Collection<String> aliases) {
    if (aliases == null) {
      return List.of();
    }
    TreeSet<String> sorted = new TreeSet<>();
    int i = 0;
    for (String alias : aliases) {
      if (alias == null) {
        throw new IllegalArgumentException("paper " + id + ": aliases must not contain null; null at index " + i);
      }
      String normal;
      try {
        normal = PaperIds.normalize(alias);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("paper " + id + ": alias " + e.getMessage(), e);
      }
      if (!normal.equals(alias)) {
        throw new IllegalArgumentException(
            "paper " + id + ": aliases must be in normal form; alias=" + alias + ", normal form " + normal);
      }
      if (!alias.equals(id)) {
        sorted.add(alias);
      }
      i++;
    }
    if (sorted.size() > MAX_ALIASES) {
      throw new IllegalArgumentException(
          "paper " + id + " has " + sorted.size() + " other IDs, more than the " + MAX_ALIASES + " a paper may have");
    }
    return List.copyOf(sorted);
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

  /** Every ID of the paper: its key first, then its aliases. */
  public List<String> ids() {
    List<String> ids = new ArrayList<>(1 + aliases.size());
    ids.add(id);
    ids.addAll(aliases);
    return ids;
  }

  /**
   * This paper under key {@code newId} with the other IDs {@code newAliases} (the key among them is
   * dropped), everything else the same.
   */
  public Paper withIds(String newId, Collection<String> newAliases) {
    return new Paper(newId, title, abstractText, authors, authorCount, date, categories, upvotes,
        newAliases == null ? null : new ArrayList<>(newAliases));
  }

  /** The primary category, or {@code null} when the paper has none. */
  public String primaryCategory() {
    return categories.isEmpty() ? null : categories.get(0);
  }

  /** Where a person reads the paper: the page {@link PaperIds#url} gives for its key, or {@code null}. */
  public String url() {
    return PaperIds.url(id);
  }

  /** True when the embedded text (title and abstract) of the two papers is the same. */
  public boolean sameText(Paper other) {
    return title.equals(other.title) && abstractText.equals(other.abstractText);
  }
}
