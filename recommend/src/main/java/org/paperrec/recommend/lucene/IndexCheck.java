package org.paperrec.recommend.lucene;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.paperrec.store.CheckReport;
import org.paperrec.store.PaperStore;
import org.paperrec.store.StoreCheck;

/**
 * Checks that the search index of a data folder agrees with its store, and ({@link #checkFolder})
 * runs the store's own check before it: what {@code paperrec check} reports.
 *
 * <h2>What "agrees" means</h2>
 *
 * The index is allowed to be behind: a server writes the store first and commits the index after
 * each ingest and when it stops, so after a crash the index's last commit reflects an older store
 * change {@code S} ({@link CorpusIndex.Commit#storeSeq}), and the store's change log still lists
 * every key written or deleted after {@code S} (the log is pruned only up to a commit). Opening the
 * folder for writing applies those changes ({@link IndexSync}). So the index agrees with the store
 * when, for every key <em>not</em> changed after {@code S}, the index holds a document exactly when
 * the store holds the paper with its vector, once, with the stored vector; keys changed after
 * {@code S} are counted (figure {@code index changes behind}) but not compared. Breaches are
 * violations: {@value #INDEX_ENTRY_WITHOUT_PAPER}, {@value #PAPER_MISSING_FROM_INDEX}, {@value
 * #INDEX_DUPLICATE}, {@value #INDEX_VECTOR_DIFFERS}, {@value #INDEX_UNREADABLE} (an index whose
 * last commit names files that cannot be read: the server would not start).
 *
 * <p>An index that the next writing open rebuilds from the store is consistent by construction and
 * only a warning, {@value #INDEX_REBUILT_ON_OPEN}: none yet, one of another layout or model, one
 * whose commit point cannot be read, or one ahead of the store (after an operating-system crash
 * lost the store's last unsynced writes).
 *
 * <p>Works beside a running server: the store is opened read-only first, then the index as of its
 * last commit. If the server committed in between (the index then reflects changes the store view
 * does not have), both are opened again, up to {@value #ATTEMPTS} times.
 */
public final class IndexCheck {

  public static final String INDEX_ENTRY_WITHOUT_PAPER = "index-entry-without-paper";
  public static final String PAPER_MISSING_FROM_INDEX = "paper-missing-from-index";
  public static final String INDEX_DUPLICATE = "index-duplicate";
  public static final String INDEX_VECTOR_DIFFERS = "index-vector-differs";
  public static final String INDEX_UNREADABLE = "index-unreadable";
  public static final String INDEX_REBUILT_ON_OPEN = "index-rebuilt-on-open";

  /** Opens of store and index before an index ahead of the store is taken for what it is. */
  static final int ATTEMPTS = 3;

  private IndexCheck() {}

  /**
   * Checks the store ({@link StoreCheck}) and the search index of the data folder {@code dataDir},
   * opening both read-only.
   *
   * @throws org.paperrec.store.StoreMismatchException when the folder holds no paperrec store
   */
  public static CheckReport checkFolder(Path dataDir) {
    for (int attempt = 1; ; attempt++) {
      try (PaperStore store = openStore(dataDir)) {
        CheckReport report = new CheckReport();
        StoreCheck.run(store, report);
        if (check(store, report, attempt == ATTEMPTS)) {
          return report;
        }
      }
    }
  }

  private static PaperStore openStore(Path dataDir) {
    try {
      return PaperStore.openReadOnly(dataDir);
    } catch (UncheckedIOException e) {
      // A writer that deletes a file (flush, compaction) while this opens fails the open; again succeeds.
      return PaperStore.openReadOnly(dataDir);
    }
  }

  /**
   * Compares the search index in {@code store}'s folder with {@code store}, adding findings and the
   * figures {@code index documents} and {@code index changes behind} to {@code report}.
   *
   * @param last whether an index ahead of the store is reported (else false is returned, to open
   *     both again)
   * @return false when the index's commit is ahead of this store view and {@code last} is false
   */
  public static boolean check(PaperStore store, CheckReport report, boolean last) {
    Path dir = store.dir().resolve(IndexSync.INDEX_FOLDER);
    Optional<CorpusIndex.Commit> found;
    try {
      found = CorpusIndex.lastCommit(dir);
    } catch (UncheckedIOException e) {
      report.warning(INDEX_REBUILT_ON_OPEN, e.getMessage() + "; the next `paperrec serve` rebuilds it");
      return true;
    }
    if (found.isEmpty()) {
      report.warning(INDEX_REBUILT_ON_OPEN, "there is no search index in " + dir + " yet; the next `paperrec serve` builds it");
      return true;
    }
    CorpusIndex index;
    try {
      index = CorpusIndex.openReadOnly(dir, store.dimension(), CorpusIndex.Settings.DEFAULTS);
    } catch (UncheckedIOException e) {
      report.violation(INDEX_UNREADABLE, e.getMessage() + "; delete " + dir + " and start `paperrec serve` to rebuild it");
      return true;
    }
    try (index; View view = index.acquire()) {
      return compare(store, view, report, last);
    } catch (UncheckedIOException | IllegalStateException e) {
      report.violation(INDEX_UNREADABLE, "the search index in " + dir + " cannot be read: " + e.getMessage()
          + "; delete it and start `paperrec serve` to rebuild it");
      return true;
    }
  }

  private static boolean compare(PaperStore store, View view, CheckReport report, boolean last) {
    Map<String, String> data = view.commitData();
    String why = whyRebuilt(data, store);
    long seq = Long.parseLong(data.getOrDefault(CorpusIndex.COMMIT_STORE_SEQ, "0"));
    if (why == null && seq > store.lastChange()) {
      if (!last) {
        return false;
      }
      why = "it is ahead of the store (change " + seq + " > " + store.lastChange() + ")";
    }
    if (why != null) {
      report.warning(INDEX_REBUILT_ON_OPEN, "the search index " + why + "; the next `paperrec serve` rebuilds it");
      return true;
    }
    Set<String> behind = new HashSet<>();
    try {
      store.forEachChangeSince(seq, (id, s) -> behind.add(id));
    } catch (IllegalStateException prunedPastIt) {
      report.warning(INDEX_REBUILT_ON_OPEN, "the store no longer has the changes since the index's commit ("
          + seq + "); the next `paperrec serve` rebuilds it");
      return true;
    }
    Set<String> indexed = new HashSet<>();
    long[] docs = {0};
    view.forEachDoc((id, doc) -> {
      docs[0]++;
      if (!indexed.add(id)) {
        report.violation(INDEX_DUPLICATE, "the search index holds paper " + id + " more than once");
        return;
      }
      if (behind.contains(id)) {
        return;
      }
      Optional<float[]> vector = store.vector(id);
      if (vector.isEmpty() || store.paper(id).isEmpty()) {
        report.violation(INDEX_ENTRY_WITHOUT_PAPER, "the search index has paper " + id
            + ", which the store does not hold (with its vector)");
      } else if (!Arrays.equals(vector.get(), view.vector(doc))) {
        report.violation(INDEX_VECTOR_DIFFERS, "the search index holds another vector for paper " + id
            + " than the store");
      }
    });
    store.forEachAt((paper, vector) -> {
      if (!indexed.contains(paper.id()) && !behind.contains(paper.id())) {
        report.violation(PAPER_MISSING_FROM_INDEX, "paper " + paper.id() + " is stored but not in the search index");
      }
    });
    report.figure("index documents", docs[0]);
    report.figure("index changes behind", behind.size());
    return true;
  }

  /** Why {@link IndexSync} would rebuild an index with this commit data, or null when it would not. */
  private static String whyRebuilt(Map<String, String> data, PaperStore store) {
    String layout = data.get(CorpusIndex.COMMIT_LAYOUT);
    if (!Integer.toString(CorpusIndex.LAYOUT_VERSION).equals(layout)) {
      return "has layout version " + layout + ", this build writes " + CorpusIndex.LAYOUT_VERSION;
    }
    if (!store.model().equals(data.get(CorpusIndex.COMMIT_MODEL))
        || !Integer.toString(store.dimension()).equals(data.get(CorpusIndex.COMMIT_DIMENSION))) {
      return "was built for model '" + data.get(CorpusIndex.COMMIT_MODEL) + "', the store has '" + store.model() + "'";
    }
    return null;
  }
}
