package org.paperrec.recommend;

import java.time.LocalDate;
import java.util.List;
import org.paperrec.store.Paper;

/**
 * The few fields of a paper that filters look at, kept in memory for every paper so that a filter
 * never reads the store; abstracts stay on disk.
 */
record PaperFacets(LocalDate date, List<String> categories) {

  static PaperFacets of(Paper paper) {
    return new PaperFacets(paper.date(), paper.categories());
  }
}
