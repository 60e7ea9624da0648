package org.paperrec.recommend;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.paperrec.store.Paper;

/**
 * The few fields of a paper that filters look at, kept in memory for every paper so that a filter
 * never reads the store; abstracts stay on disk.
 */
record PaperFacets(LocalDate date, List<String> categories, List<String> archives) {

  /** {@link #epochDay} of a paper without a date. */
  static final int NO_DATE = Integer.MIN_VALUE;

  /**
   * The facets of {@code paper}; {@code archives} are the parts before the dot of its dotted
   * categories ({@code cs} of {@code cs.LG}), which a filter entry without a dot matches.
   */
  static PaperFacets of(Paper paper) {
    List<String> archives = new ArrayList<>(paper.categories().size());
    for (String category : paper.categories()) {
      int dot = category.indexOf('.');
      if (dot > 0) {
        archives.add(category.substring(0, dot));
      }
    }
    return new PaperFacets(paper.date(), paper.categories(), List.copyOf(archives));
  }

  /**
   * The date as days since 1970-01-01, or {@link #NO_DATE}: the vector index keeps it per vector
   * so that a scan can blend in recency without a map lookup.
   */
  int epochDay() {
    return epochDay(date);
  }

  static int epochDay(LocalDate date) {
    if (date == null) {
      return NO_DATE;
    }
    // Paper dates are centuries from the int limits; clamp rather than fail on absurd input.
    return (int) Math.max(NO_DATE + 1L, Math.min(Integer.MAX_VALUE, date.toEpochDay()));
  }
}
