package org.paperrec.server.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.paperrec.server.corpus.LineReader.Line;
import org.paperrec.server.corpus.RecordProblem.Reason;
import org.paperrec.store.PaperIds;

/**
 * The arXiv IDs of a seed page's papers, from a tab-separated table of {@code position, title,
 * arxiv_id} rows (0-based position on the page; an empty ID means unknown; a first row whose
 * position is not a number is a header). A two-column table {@code position, arxiv_id} also works.
 *
 * <p>The title column guards against a table that no longer lines up with the page: a row is used
 * for a position only when its title matches the page's (ignoring case and whitespace); otherwise
 * the row with that title, wherever it is, is used. Immutable once read.
 */
final class SeedIdTable {

  static final SeedIdTable EMPTY = new SeedIdTable(Map.of(), Map.of());

  private record Row(String title, String id) {}

  private final Map<Integer, Row> byPosition;
  private final Map<String, Row> byTitle;

  private SeedIdTable(Map<Integer, Row> byPosition, Map<String, Row> byTitle) {
    this.byPosition = byPosition;
    this.byTitle = byTitle;
  }

  /** Reads and closes {@code in}; rows that cannot be used are reported and left out. */
  static SeedIdTable read(InputStream in, String name, ProblemReporter problems) throws IOException {
    Map<Integer, Row> byPosition = new HashMap<>();
    Map<String, Row> byTitle = new HashMap<>();
    try (CorpusInput input = CorpusInput.wrap(in, name, -1)) {
      LineReader lines = new LineReader(input.data());
      for (Line line = lines.next(); line != null; line = lines.next()) {
        if (line.flaw() != null) {
          problems.report(name, line.number(), Reason.ID_TABLE_ENTRY, line.flaw().label());
          continue;
        }
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.text().split("\t", -1);
        Integer position = parsePosition(cells[0]);
        if (position == null) {
          if (line.number() != 1) {
            problems.report(name, line.number(), Reason.ID_TABLE_ENTRY, "position '" + RecordFields.abbreviate(cells[0]) + "' is not a number");
          }
          continue;
        }
        String title = cells.length >= 3 ? RecordFields.collapseWhitespace(cells[1]) : null;
        String rawId = cells.length >= 2 ? cells[cells.length - 1].strip() : "";
        String id = null;
        if (!rawId.isEmpty()) {
          try {
            id = PaperIds.normalize(rawId);
          } catch (IllegalArgumentException e) {
            problems.report(name, line.number(), Reason.ID_TABLE_ENTRY, e.getMessage());
            continue;
          }
        }
        Row row = new Row(title == null || title.isEmpty() ? null : title, id);
        if (byPosition.putIfAbsent(position, row) != null) {
          problems.report(name, line.number(), Reason.ID_TABLE_ENTRY, "position " + position + " is listed twice; the first row wins");
          continue;
        }
        if (row.title() != null) {
          byTitle.putIfAbsent(titleKey(row.title()), row);
        }
      }
    }
    return new SeedIdTable(Map.copyOf(byPosition), Map.copyOf(byTitle));
  }

  /**
   * The normalised arXiv ID of the paper at {@code position} titled {@code title}, or {@code null}
   * when the table does not know it.
   */
  String idFor(int position, String title) {
    Row row = byPosition.get(position);
    if (row != null && (row.title() == null || titleKey(row.title()).equals(titleKey(title)))) {
      return row.id();
    }
    Row byName = byTitle.get(titleKey(title));
    return byName == null ? null : byName.id();
  }

  /** True when the row at {@code position} has a title other than {@code title}. */
  boolean disagrees(int position, String title) {
    Row row = byPosition.get(position);
    return row != null && row.title() != null && !titleKey(row.title()).equals(titleKey(title));
  }

  private static Integer parsePosition(String cell) {
    String s = cell.strip();
    if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    return Integer.valueOf(s);
  }

  private static String titleKey(String title) {
    return RecordFields.collapseWhitespace(title).toLowerCase(Locale.ROOT);
  }
}
