package org.paperrec.server.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paperrec.server.corpus.LineReader.Line;
import org.paperrec.server.corpus.RecordProblem.Reason;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperIds;

/**
 * Reads a plain-text copy of a Hugging Face "Daily Papers" page: after the page header, each paper
 * is a title line, its abstract (one paragraph), then optionally an author-count line
 * ({@code • 6 authors}), a {@code ·} line and a date line ({@code Jan 12, 2025}, or a bare
 * {@code Jan 6}, either followed by an upvote count). Blank lines do not matter.
 *
 * <ul>
 *   <li>Header: before the first paper, the lines {@code new}, "Get trending papers in your email
 *       inbox!", {@code Subscribe}, {@code Daily Papers}, "byAK and the research community" and a
 *       date line are skipped.
 *   <li>Papers without author and date lines (the next title follows the abstract) are kept with
 *       no authors and no date.
 *   <li>IDs: from the table {@code <name>.arxiv-ids.tsv} next to {@code <name>.txt} (see
 *       {@link SeedIdTable}: position on the page, 0-based, counting skipped records too), else
 *       {@link PaperIds#fromTitle}.
 *   <li>A bare date ({@code Jan 6}) takes its year from the paper's arXiv ID: of the years around
 *       the ID's {@code yymm}, the one that puts the date nearest that month (a {@code 2601} paper
 *       dated {@code Dec 31} is from 2025). Without an arXiv ID, the reference year given to the
 *       constructor, else the newest explicit year met so far on the page. With none of these, or
 *       for an impossible date, the paper is kept without a date and
 *       {@link Reason#UNPARSEABLE_DATE} is reported.
 *   <li>A record with a line that is not UTF-8 or over {@link CorpusLimits#MAX_LINE_BYTES} is
 *       skipped as a whole.
 * </ul>
 *
 * <p>The papers carry an author count but no names, no categories, and the upvotes if the page
 * shows them. Thread-safe.
 */
public final class SeedReader implements CorpusReader {

  /** Suffix of the ID table that sits next to a page: {@code page.txt} -> {@code page.arxiv-ids.tsv}. */
  public static final String ID_TABLE_SUFFIX = ".arxiv-ids.tsv";

  private static final Set<String> HEADER_LINES =
      Set.of("new", "get trending papers in your email inbox!", "subscribe", "daily papers",
          "byak and the research community");
  private static final String SEPARATOR = "·";
  private static final Pattern AUTHORS = Pattern.compile("•\\s*(\\d{1,9})\\s+authors?", Pattern.CASE_INSENSITIVE);
  private static final Pattern DATE = Pattern.compile("([A-Za-z]{3,9})\\.? (\\d{1,2})(?:, (\\d{4}))?(?:\\s+(\\d{1,9}))?");

  private final Year referenceYear;

  /** A reader that dates bare {@code Jan 6} dates by arXiv ID or earlier years on the page. */
  public SeedReader() {
    this(null);
  }

  /**
   * @param referenceYear the year of bare dates of papers without an arXiv ID, or {@code null} for
   *     the newest explicit year met so far on the page
   */
  public SeedReader(Year referenceYear) {
    this.referenceYear = referenceYear;
  }

  /** Reads {@code file}, with IDs from {@link #idTableFor(Path) its ID table} when there is one. */
  @Override
  public PaperStream open(Path file, Consumer<RecordProblem> problems) throws IOException {
    ProblemReporter reporter = new ProblemReporter(file.toString(), problems);
    Path table = idTableFor(file);
    SeedIdTable ids =
        Files.isRegularFile(table) ? SeedIdTable.read(Files.newInputStream(table), table.toString(), reporter) : SeedIdTable.EMPTY;
    return new SeedStream(CorpusInput.open(file), ids, reporter);
  }

  /**
   * Reads a page from a stream, for pages that are not files (classpath resources, see
   * {@link DemoCorpus}).
   *
   * @param page the page, plain or gzip; closed by the returned stream's {@code close()}
   * @param pageName names the page in problems, e.g. {@code classpath:org/.../page.txt}
   * @param idTable the ID table, or {@code null}; read and closed before this method returns
   * @param idTableName names the ID table in problems
   */
  public PaperStream open(
      InputStream page, String pageName, InputStream idTable, String idTableName, Consumer<RecordProblem> problems)
      throws IOException {
    Objects.requireNonNull(page, "page");
    Objects.requireNonNull(pageName, "pageName");
    try {
      ProblemReporter reporter = new ProblemReporter(pageName, problems);
      SeedIdTable ids =
          idTable == null ? SeedIdTable.EMPTY : SeedIdTable.read(idTable, Objects.requireNonNull(idTableName, "idTableName"), reporter);
      return new SeedStream(CorpusInput.wrap(page, pageName, -1), ids, reporter);
    } catch (IOException | RuntimeException e) {
      page.close();
      throw e;
    }
  }

  /** Where the ID table of a page is: {@code name.txt} or {@code name.txt.gz} -> {@code name.arxiv-ids.tsv}. */
  public static Path idTableFor(Path page) {
    String name = page.getFileName().toString();
    if (name.toLowerCase(Locale.ROOT).endsWith(".gz")) {
      name = name.substring(0, name.length() - ".gz".length());
    }
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    return page.resolveSibling(base + ID_TABLE_SUFFIX);
  }

  /** What is known of one paper while its lines are read. */
  private static final class Entry {
    final long line;
    final int position;
    String title;
    String abstractText;
    int textLines;
    Integer authorCount;
    Month month;
    int day;
    Integer year;
    Integer upvotes;
    String dateText;
    Reason flaw;
    long flawLine;

    Entry(long line, int position) {
      this.line = line;
      this.position = position;
    }

    boolean hasAbstract() {
      return textLines >= 2;
    }

    void flag(Line source) {
      if (flaw == null && source.flaw() != null) {
        flaw = source.flaw();
        flawLine = source.number();
      }
    }
  }

  private final class SeedStream extends InputPaperStream {
    private final LineReader lines;
    private final SeedIdTable ids;
    private final ProblemReporter problems;
    private Entry pending;
    private int nextPosition;
    private Integer newestYear;
    private boolean ended;

    SeedStream(CorpusInput input, SeedIdTable ids, ProblemReporter problems) {
      super(input);
      this.lines = new LineReader(input.data());
      this.ids = ids;
      this.problems = problems;
    }

    @Override
    public Paper next() throws IOException {
      while (!ended) {
        Line line = lines.next();
        if (line == null) {
          ended = true;
        } else if (line.flaw() == Reason.TRUNCATED_INPUT) {
          ended = true;
          problems.report(line.number(), Reason.TRUNCATED_INPUT,
              "input ends abruptly (" + lines.truncation() + "); a partial last line is dropped");
        } else {
          Paper paper = accept(line);
          if (paper != null) {
            return paper;
          }
        }
      }
      Entry last = pending;
      pending = null;
      return last == null ? null : emit(last);
    }

    /** Takes in one line; returns a paper when the line completes one. */
    private Paper accept(Line line) {
      if (line.isBlank()) {
        return null;
      }
      String text = line.text() == null ? null : line.text().strip();
      if (text != null) {
        if (pending == null && nextPosition == 0 && HEADER_LINES.contains(text.toLowerCase(Locale.ROOT))) {
          return null;
        }
        if (text.equals(SEPARATOR)) {
          return null;
        }
        Matcher authors = AUTHORS.matcher(text);
        if (authors.matches()) {
          authorsLine(line, Integer.parseInt(authors.group(1)));
          return null;
        }
        Matcher date = DATE.matcher(text);
        if (date.matches() && month(date.group(1)) != null) {
          return dateLine(line, text, date);
        }
      }
      return textLine(line, text);
    }

    private Paper textLine(Line line, String text) {
      if (pending != null && pending.hasAbstract()) {
        Entry complete = pending;
        startEntry(line, text);
        return emit(complete);
      }
      if (pending == null) {
        startEntry(line, text);
      } else {
        pending.abstractText = text;
        pending.textLines++;
        pending.flag(line);
      }
      return null;
    }

    private void startEntry(Line line, String title) {
      pending = new Entry(line.number(), nextPosition++);
      pending.title = title;
      pending.textLines = 1;
      pending.flag(line);
    }

    private void authorsLine(Line line, int count) {
      if (pending == null || pending.authorCount != null) {
        problems.report(line.number(), Reason.UNEXPECTED_LINE, "an author count that belongs to no paper");
      } else if (!pending.hasAbstract()) {
        dropWithoutAbstract();
      } else {
        pending.authorCount = count;
        pending.flag(line);
      }
    }

    private Paper dateLine(Line line, String text, Matcher date) {
      Integer year = date.group(3) == null ? null : Integer.valueOf(date.group(3));
      if (year != null && (newestYear == null || year > newestYear)) {
        newestYear = year;
      }
      if (pending == null) {
        if (nextPosition > 0) {
          problems.report(line.number(), Reason.UNEXPECTED_LINE, "a date that belongs to no paper: '" + text + "'");
        } // else: the page header's date
        return null;
      }
      if (!pending.hasAbstract()) {
        dropWithoutAbstract();
        return null;
      }
      Entry complete = pending;
      pending = null;
      complete.month = month(date.group(1));
      complete.day = Integer.parseInt(date.group(2));
      complete.year = year;
      complete.upvotes = date.group(4) == null ? null : Integer.valueOf(date.group(4));
      complete.dateText = text;
      complete.flag(line);
      return emit(complete);
    }

    private void dropWithoutAbstract() {
      problems.report(pending.line, Reason.MISSING_FIELD, "no abstract after the title");
      pending = null;
    }

    /** The paper of a complete entry, or {@code null} when it is skipped (and reported). */
    private Paper emit(Entry entry) {
      if (entry.flaw != null) {
        problems.report(entry.line, entry.flaw, "line " + entry.flawLine + " of this paper: "
            + (entry.flaw == Reason.LINE_TOO_LONG ? "over " + CorpusLimits.MAX_LINE_BYTES + " bytes" : "not valid UTF-8"));
        return null;
      }
      try {
        String title = RecordFields.title(entry.title);
        String abstractText = RecordFields.abstractText(entry.abstractText, "abstract");
        String id = id(entry, title);
        LocalDate date = RecordFields.dateInRange(date(entry, id), "date line");
        int authorCount = entry.authorCount == null ? 0 : entry.authorCount;
        return new Paper(id, title, abstractText, List.of(), authorCount, date, List.of(), entry.upvotes);
      } catch (RejectedRecord rejected) {
        problems.report(entry.line, rejected);
        return null;
      }
    }

    private String id(Entry entry, String title) throws RejectedRecord {
      if (ids.disagrees(entry.position, title)) {
        problems.report(entry.line, Reason.ID_TABLE_ENTRY,
            "the ID table row for position " + entry.position + " has another title; looked up by title instead");
      }
      String id = ids.idFor(entry.position, title);
      if (id != null) {
        return id;
      }
      try {
        return PaperIds.fromTitle(title);
      } catch (IllegalArgumentException e) {
        throw new RejectedRecord(Reason.INVALID_ID, e.getMessage());
      }
    }

    private LocalDate date(Entry entry, String id) {
      if (entry.month == null) {
        return null;
      }
      Integer year = entry.year;
      if (year == null) {
        year = yearFromArxivId(id, entry.month, entry.day);
      }
      if (year == null) {
        year = referenceYear != null ? Integer.valueOf(referenceYear.getValue()) : newestYear;
      }
      if (year == null) {
        problems.report(entry.line, Reason.UNPARSEABLE_DATE,
            "'" + entry.dateText + "' has no year, and neither an arXiv ID nor an earlier date on the page gives one");
        return null;
      }
      try {
        return LocalDate.of(year, entry.month, entry.day);
      } catch (DateTimeException e) {
        problems.report(entry.line, Reason.UNPARSEABLE_DATE, "'" + entry.dateText + "': " + e.getMessage());
        return null;
      }
    }
  }

  /**
   * The year that puts {@code month}/{@code day} nearest the month of an arXiv ID's {@code yymm}
   * (one of the ID's year and its two neighbours), or {@code null} for other IDs.
   */
  static Integer yearFromArxivId(String id, Month month, int day) {
    if (!PaperIds.isArxiv(id)) {
      return null;
    }
    int slash = id.indexOf('/');
    String yymm = slash < 0 ? id.substring(0, 4) : id.substring(slash + 1, slash + 5);
    int yy = Integer.parseInt(yymm.substring(0, 2));
    int mm = Integer.parseInt(yymm.substring(2, 4));
    if (mm < 1 || mm > 12) {
      return null;
    }
    // New-style IDs began in 2007; old-style ones ran from 1991 to 2007.
    int idYear = slash < 0 || yy < 91 ? 2000 + yy : 1900 + yy;
    LocalDate idMonth = LocalDate.of(idYear, mm, 15);
    Integer best = null;
    long bestDistance = Long.MAX_VALUE;
    for (int year = idYear - 1; year <= idYear + 1; year++) {
      int clampedDay = Math.min(Math.max(day, 1), YearMonth.of(year, month).lengthOfMonth());
      long distance = Math.abs(ChronoUnit.DAYS.between(idMonth, LocalDate.of(year, month, clampedDay)));
      if (distance < bestDistance) {
        best = year;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** The month a page names, in English, abbreviated ({@code Sep}, {@code Sept}) or in full. */
  static Month month(String word) {
    for (Month m : Month.values()) {
      if (word.equalsIgnoreCase(m.getDisplayName(TextStyle.SHORT, Locale.ENGLISH))
          || word.equalsIgnoreCase(m.getDisplayName(TextStyle.FULL, Locale.ENGLISH))) {
        return m;
      }
    }
    return word.equalsIgnoreCase("Sept") ? Month.SEPTEMBER : null;
  }
}
