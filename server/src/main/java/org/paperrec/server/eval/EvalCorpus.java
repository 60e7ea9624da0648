package org.paperrec.server.eval;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paperrec.recommend.Filter;
import org.paperrec.store.PaperStore;

/**
 * The papers an evaluation runs on: every dated paper of a store, optionally restricted to some
 * categories, in memory with their vectors. The restriction follows {@link Filter}'s rule (a paper
 * counts when any of its categories, cross-lists included, is listed; an entry without a dot names a
 * whole archive), so that passing {@link #filter()} to the recommender makes it rank exactly these
 * papers. A store that holds more papers than the subset therefore evaluates the subset exactly as
 * a store built from the subset alone would: same papers, same vectors.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class EvalCorpus {

  private final List<EvalPaper> papers;
  private final Map<String, EvalPaper> byId;
  private final Set<String> categories;
  private final long undated;

  private EvalCorpus(List<EvalPaper> papers, Set<String> categories, long undated) {
    List<EvalPaper> sorted = new ArrayList<>(papers);
    // A fixed order (by ID) whatever order the store or the caller gave: sampling depends on it.
    sorted.sort(Comparator.comparing(EvalPaper::id));
    this.papers = List.copyOf(sorted);
    this.byId = new HashMap<>();
    for (EvalPaper p : this.papers) {
      if (byId.put(p.id(), p) != null) {
        throw new IllegalArgumentException("paper " + p.id() + " is listed twice");
      }
    }
    this.categories = Set.copyOf(categories);
    this.undated = undated;
  }

  /**
   * Reads every paper and vector of {@code store} that has a date, a category and (when
   * {@code categories} is not empty) one of {@code categories}.
   */
  public static EvalCorpus load(PaperStore store, Set<String> categories) {
    List<EvalPaper> papers = new ArrayList<>();
    long[] undated = new long[1];
    store.forEach((paper, vector) -> {
      if (!inCategories(paper.categories(), categories)) {
        return;
      }
      EvalPaper p = EvalPaper.of(paper, vector);
      if (p == null) {
        undated[0]++;
      } else {
        papers.add(p);
      }
    });
    return new EvalCorpus(papers, categories, undated[0]);
  }

  /** A corpus of the given papers (for tests and callers that already hold them). */
  public static EvalCorpus of(Collection<EvalPaper> papers, Set<String> categories) {
    return new EvalCorpus(new ArrayList<>(papers), categories, 0);
  }

  /**
   * True when {@code categories} is empty or one of {@code paperCategories} is in it, directly or
   * through its archive ({@code cs} for {@code cs.CL}): {@link Filter}'s rule.
   */
  public static boolean inCategories(Collection<String> paperCategories, Set<String> categories) {
    if (categories.isEmpty()) {
      return true;
    }
    for (String category : paperCategories) {
      int dot = category.indexOf('.');
      if (categories.contains(category) || (dot > 0 && categories.contains(category.substring(0, dot)))) {
        return true;
      }
    }
    return false;
  }

  /** Papers sorted by ID. */
  public List<EvalPaper> papers() {
    return papers;
  }

  public int size() {
    return papers.size();
  }

  public EvalPaper paper(String id) {
    return byId.get(id);
  }

  /** The restriction, empty for the whole store. */
  public Set<String> categories() {
    return categories;
  }

  /** Papers of the subset left out because they have no date or no category. */
  public long undated() {
    return undated;
  }

  /** The recommender filter that ranks only this corpus's papers announced on or after {@code since}. */
  public Filter filter(LocalDate since) {
    return new Filter(since, null, categories, Set.of());
  }

  /** The recommender filter that ranks only this corpus's papers. */
  public Filter filter() {
    return filter(null);
  }

  /** Papers announced on or after {@code since}, sorted by ID. */
  public List<EvalPaper> since(LocalDate since) {
    return papers.stream().filter(p -> !p.date().isBefore(since)).toList();
  }

  /** Papers per primary category. */
  public Map<String, Long> primaryCategoryCounts() {
    Map<String, Long> counts = new HashMap<>();
    papers.forEach(p -> counts.merge(p.primaryCategory(), 1L, Long::sum));
    return counts;
  }

  /** Papers per distinct category set. */
  public Map<Set<String>, Long> categorySetCounts() {
    Map<Set<String>, Long> counts = new HashMap<>();
    papers.forEach(p -> counts.merge(p.categories(), 1L, Long::sum));
    return counts;
  }

  /** The earliest announcement date, or null for an empty corpus. */
  public LocalDate firstDate() {
    return papers.stream().map(EvalPaper::date).min(Comparator.naturalOrder()).orElse(null);
  }

  /** The latest announcement date, or null for an empty corpus. */
  public LocalDate lastDate() {
    return papers.stream().map(EvalPaper::date).max(Comparator.naturalOrder()).orElse(null);
  }

  /** Paper IDs by author name, each author's papers sorted by ID. */
  Map<String, List<EvalPaper>> papersByAuthor() {
    Map<String, List<EvalPaper>> byAuthor = new HashMap<>();
    for (EvalPaper p : papers) {
      for (String author : new LinkedHashSet<>(p.authors())) {
        byAuthor.computeIfAbsent(author, a -> new ArrayList<>()).add(p);
      }
    }
    return byAuthor;
  }
}
