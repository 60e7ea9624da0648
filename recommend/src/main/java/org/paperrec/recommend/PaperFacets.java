package org.paperrec.recommend;

import java.time.LocalDate;
import java.util.List;
import org.paperrec.store.Paper;

/**
 * The few fields of a paper that filters look at, kept in memory for every paper so that a filter
 * never reads the store; abstracts stay on disk.
 */
record PaperFacets(LocalDate date, List<String> categories) {

  /** {@link #epochDay} of a paper without a date. */
  static final int NO_DATE = Integer.MIN_VALUE;

  static PaperFacets of(Paper paper) {
    return new PaperFacets(paper.date(), paper.categories());
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
