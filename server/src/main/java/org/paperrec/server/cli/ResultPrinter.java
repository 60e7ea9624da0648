package org.paperrec.server.cli;

import java.io.PrintWriter;
import java.util.List;
import org.paperrec.recommend.ScoredPaper;

/** Prints ranked papers as a plain-text table for people. */
final class ResultPrinter {

  private ResultPrinter() {}

  static void print(PrintWriter out, List<ScoredPaper> results) {
    if (results.isEmpty()) {
      out.println("(no results)");
      return;
    }
    out.printf("%4s  %6s  %-18s  %s%n", "rank", "score", "id", "title");
    int rank = 1;
    for (ScoredPaper r : results) {
      out.printf("%4d  %6.3f  %-18s  %s%n", rank++, r.score(), r.paper().id(), abbreviate(r.paper().title(), 90));
      if (r.closestLiked() != null) {
        out.printf("%4s  %6s  %-18s  closest to liked %s (%.3f)%n", "", "", "", r.closestLiked().id(), r.closestLiked().score());
      }
    }
    out.flush();
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
