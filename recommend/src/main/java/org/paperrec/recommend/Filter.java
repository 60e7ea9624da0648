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
}
