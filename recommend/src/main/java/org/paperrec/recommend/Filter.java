package org.paperrec.recommend;

import java.time.LocalDate;
import java.util.Set;

/**
 * Which papers a query may return. Every condition must hold.
 *
 * @param since earliest paper date, inclusive, or {@code null} for no bound; papers without a date
 *     are excluded once either date bound is set
 * @param until latest paper date, inclusive, or {@code null}
 * @param categories the paper must have at least one of these categories (cross-lists count); an
 *     entry without a dot, such as {@code cs}, matches a whole archive ({@code cs.LG}, {@code cs.CV},
 *     ...); empty for no condition
 * @param excludeIds normalised paper IDs never to return
 */
public record Filter(LocalDate since, LocalDate until, Set<String> categories, Set<String> excludeIds) {

  /** Accepts every paper. */
  public static final Filter NONE = new Filter(null, null, Set.of(), Set.of());

  public Filter {
    categories = categories == null ? Set.of() : Set.copyOf(categories);
    excludeIds = excludeIds == null ? Set.of() : Set.copyOf(excludeIds);
    if (since != null && until != null && since.isAfter(until)) {
      throw new IllegalArgumentException("since must not be after until; since=" + since + ", until=" + until);
    }
  }

  /** This filter with more IDs excluded. */
  public Filter excluding(Set<String> ids) {
    if (ids.isEmpty()) {
      return this;
    }
    Set<String> all = new java.util.HashSet<>(excludeIds);
    all.addAll(ids);
    return new Filter(since, until, categories, all);
  }

  boolean test(String id, PaperFacets facets) {
    if (excludeIds.contains(id)) {
      return false;
    }
    if (since != null || until != null) {
      LocalDate date = facets.date();
      if (date == null || (since != null && date.isBefore(since)) || (until != null && date.isAfter(until))) {
        return false;
      }
    }
    return categories.isEmpty() || matchesCategory(facets);
  }

  private boolean matchesCategory(PaperFacets facets) {
    // Runs inside index scans: the archives were cut from the categories once, in PaperFacets.of.
    for (String category : facets.categories()) {
      if (categories.contains(category)) {
        return true;
      }
    }
    for (String archive : facets.archives()) {
      if (categories.contains(archive)) {
        return true;
      }
    }
    return false;
  }
}
