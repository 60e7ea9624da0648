package org.paperrec.server.eval;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.paperrec.store.Paper;

/**
 * What the evaluation needs of one paper: who wrote it, when it was announced, its categories and
 * its stored vector. Abstracts stay in the store.
 *
 * @param id normalised paper ID
 * @param authors author names as the corpus spells them, duplicates removed, in order
 * @param date announcement date, never null (undated papers are left out of the evaluation)
 * @param primaryCategory the first category
 * @param categories every category, primary included
 * @param vector the stored unit vector (not copied: the corpus owns it and never changes it)
 */
public record EvalPaper(
    String id, List<String> authors, LocalDate date, String primaryCategory, Set<String> categories, float[] vector) {

  public EvalPaper {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(primaryCategory, "primaryCategory");
    authors = authors.stream().distinct().toList();
    categories = Set.copyOf(categories);
  }

  /** The evaluation view of a stored paper, or null when it has no date or no category. */
  static EvalPaper of(Paper paper, float[] vector) {
    if (paper.date() == null || paper.primaryCategory() == null) {
      return null;
    }
    return new EvalPaper(paper.id(), paper.authors(), paper.date(), paper.primaryCategory(), Set.copyOf(paper.categories()), vector);
  }
}
