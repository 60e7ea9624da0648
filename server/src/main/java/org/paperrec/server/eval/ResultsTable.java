package org.paperrec.server.eval;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Writes a {@link Evaluation.Report} as markdown: a few lines on what was run, then one table per task. */
public final class ResultsTable {

  private ResultsTable() {}

  /**
   * The report as markdown.
   *
   * @param setup lines the caller knows and the report does not (store, model, machine), each
   *     printed as a list item before the report's own
   */
  public static String markdown(Evaluation.Report r, List<String> setup) {
    StringBuilder md = new StringBuilder();
    Evaluation.Config c = r.config();
    AuthorUsers.Rules rules = c.rules();
    for (String line : setup) {
      md.append("- ").append(line).append('\n');
    }
    md.append(String.format(Locale.ROOT, "- corpus: %,d papers announced %s .. %s%s%n", r.corpusPapers(), r.firstDate(), r.lastDate(),
        r.categories().isEmpty() ? "" : " (the papers with a category in " + String.join(", ", new TreeSet<>(r.categories())) + ")"));
    md.append(String.format(Locale.ROOT,
        "- author continuation: split %s, %,d candidate papers announced on or after it; %,d eligible authors"
            + " (at least %d papers before and %d after, at most %d in all, names of two or more tokens);"
            + " %,d users drawn with seed %d%n",
        c.split(), r.candidates(), r.eligibleUsers(), rules.minLikes(), rules.minTargets(), rules.maxPapers(), r.users(), c.seed()));
    md.append(String.format(Locale.ROOT,
        "- similar papers: %,d query papers drawn with seed %d; a random other paper shares the primary category with"
            + " probability %.4f, and two random papers' category sets have expected Jaccard %.4f%n",
        r.queries(), c.seed(), r.baseline().samePrimaryRate(), r.baseline().expectedJaccard()));
    md.append("- ± is the half-width of a 95% confidence interval over users or query papers\n\n");

    md.append("### Author continuation\n\n");
    md.append("| system | recall@10 | recall@50 | nDCG@10 | MRR@50 | ILD@10 | coverage@10 | time (s) |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (AuthorContinuation.Scores s : r.authorScores()) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.3f | %.1f |%n", s.system(), ci(s.recall10()),
          ci(s.recall50()), ci(s.ndcg10()), ci(s.mrr()), plain(s.ild10()), s.coverage10(), s.seconds()));
    }
    md.append("\n### Similar papers\n\n");
    md.append("| system | P@10 same primary | primary lift | category Jaccard@10 | Jaccard lift | ILD@10 | coverage@10 | time (s) |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (SimilarPapers.Scores s : r.similarScores()) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.3f | %.1f |%n", s.system(),
          ci(s.primaryPrecision10()), lift(s.primaryLift()), ci(s.jaccard10()), lift(s.jaccardLift()), plain(s.ild10()),
          s.coverage10(), s.seconds()));
    }
    return md.toString();
  }

  private static String ci(MeanCi m) {
    return String.format(Locale.ROOT, "%.3f ±%.3f", m.mean(), m.halfWidth95());
  }

  private static String lift(MeanCi m) {
    return String.format(Locale.ROOT, "%.2f× ±%.2f", m.mean(), m.halfWidth95());
  }

  private static String plain(MeanCi m) {
    return String.format(Locale.ROOT, "%.3f", m.mean());
  }
}
