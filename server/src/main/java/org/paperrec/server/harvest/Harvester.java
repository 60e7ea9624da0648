package org.paperrec.server.harvest;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.paperrec.recommend.Library;
import org.paperrec.recommend.Library.IngestCounts;
import org.paperrec.server.harvest.HarvestSource.Page;
import org.paperrec.server.harvest.HarvestState.Cursor;
import org.paperrec.server.harvest.HarvestState.Outcome;
import org.paperrec.server.harvest.HarvestState.Run;
import org.paperrec.store.PaperStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs harvests into the library: fetches a source's pages in order, applies each (papers
 * upserted through {@link Library#ingest}, so that a paper is re-embedded only when its title or
 * abstract changed; withdrawn papers deleted), then saves the run's cursor with a synced write.
 * That order is what makes a run safe to interrupt anywhere: a page applied but not recorded is
 * fetched and applied again on resume, which changes nothing; a page recorded was applied first.
 *
 * <p>A run covers {@code [from, until]}: by default from the source's watermark (inclusive, since
 * datestamps are days) to today, or resumes an unfinished run's cursor. The watermark moves only
 * when a run reaches the end of its range, to the latest datestamp it saw. A remote that forgot the
 * cursor ({@code badResumptionToken}) makes the run start its range again, once; any other error
 * ends the run as {@link Outcome#FAILED} with the cursor kept, counted and logged in one line.
 *
 * <p>One run at a time per harvester; {@link #requestStop} may be called from any thread.
 */
public final class Harvester {

  private static final Logger LOG = LoggerFactory.getLogger(Harvester.class);

  /** Told after each page applied. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param run the run's counts so far
     * @param total records in the whole range when the source says, else null
     */
    void page(Run run, Long total);

    Listener NONE = (run, total) -> { };
  }

  private final Library library;
  private final PaperStore store;
  private final ExecutorService embedPool;
  private final Clock clock;
  private volatile boolean stopRequested;

  public Harvester(Library library, PaperStore store, ExecutorService embedPool, Clock clock) {
    this.library = Objects.requireNonNull(library, "library");
    this.store = Objects.requireNonNull(store, "store");
    this.embedPool = Objects.requireNonNull(embedPool, "embedPool");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The stored state of {@code source}, or its initial state. */
  public HarvestState state(String source) {
    return store.harvestState(source).map(HarvestState::fromJson).orElse(HarvestState.initial(source));
  }

  /** Asks a running harvest to stop after the page it is applying; later runs stop at once. */
  public void requestStop() {
    stopRequested = true;
  }

  /**
   * Harvests {@code source} once.
   *
   * @param from first day, or null for the watermark (or the unfinished run's range)
   * @param until last day, or null for today (UTC)
   * @return the state stored at the end
   * @throws IllegalArgumentException when {@code from} is after {@code until}
   */
  public HarvestState run(HarvestSource source, LocalDate from, LocalDate until, Listener listener) {
    HarvestState state = state(source.name());
    Cursor cursor = startingCursor(source, state, from, until);
    Run run = new Run(clock.instant(), null, Outcome.RUNNING, cursor.from(), cursor.until(), 0, 0, 0, 0, 0, 0, 0, 0);
    state = save(state.with(state.watermark(), cursor, run, state.runs()));
    boolean restarted = false;
    while (true) {
      if (stopRequested) {
        LOG.info("{}: harvest stopped on request; the next run resumes where it stopped", source.name());
        return save(end(state, Outcome.STOPPED));
      }
      Page page;
      try {
        page = source.fetch(cursor.from(), cursor.until(), cursor.position());
      } catch (HarvestException e) {
        state = state.withError(e.getMessage(), clock.instant());
        if (e.cursorExpired() && !restarted && cursor.position() != null) {
          restarted = true;
          LOG.warn("{}: {}; the run starts its range {}..{} again", source.name(), e.getMessage(), cursor.from(),
              cursor.until());
          cursor = new Cursor(cursor.from(), cursor.until(), null, cursor.latest());
          state = save(state.with(state.watermark(), cursor, state.lastRun(), state.runs()));
          continue;
        }
        LOG.warn("{}: harvest failed: {}; the next run resumes here", source.name(), e.getMessage());
        return save(end(state, Outcome.FAILED));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return save(end(state, Outcome.STOPPED));
      }
      run = apply(page, state.lastRun());
      cursor = new Cursor(cursor.from(), cursor.until(), page.next(), later(cursor.latest(), page.latest()));
      listener.page(run, page.total());
      if (page.next() == null) {
        LocalDate watermark = later(state.watermark(), cursor.latest());
        state = state.with(watermark, null, run.ended(clock.instant(), Outcome.SUCCEEDED), state.runs() + 1);
        library.commit();
        LOG.info("{}: harvested {}..{}: {} records, {} added, {} updated, {} unchanged, {} deleted, {} skipped;"
                + " watermark {}", source.name(), cursor.from(), cursor.until(), run.fetched(), run.added(),
            run.updated(), run.unchanged(), run.deleted(), run.skipped(), watermark);
        return save(state);
      }
      state = save(state.with(state.watermark(), cursor, run, state.runs()));
    }
  }

  private Cursor startingCursor(HarvestSource source, HarvestState state, LocalDate from, LocalDate until) {
    if (from == null && until == null && state.cursor() != null) {
      Cursor resumed = state.cursor();
      LOG.info("{}: resuming the unfinished run over {}..{}", source.name(), resumed.from(), resumed.until());
      return resumed;
    }
    LocalDate today = LocalDate.now(clock);
    LocalDate start = from != null ? from : state.watermark() != null ? state.watermark() : source.defaultFrom(today);
    LocalDate end = until != null ? until : today;
    if (start.isAfter(end)) {
      throw new IllegalArgumentException("the harvest range is empty: from " + start + " is after until " + end);
    }
    return new Cursor(start, end, null, null);
  }

  /** Writes one page into the library and returns the run's counts with it. */
  private Run apply(Page page, Run run) {
    IngestCounts counts = page.papers().isEmpty()
        ? new IngestCounts(0, 0, 0, 0, 0)
        : library.ingest(page.papers().iterator(), embedPool, soFar -> { });
    long deleted = 0;
    for (String id : page.deleted()) {
      if (library.delete(id)) {
        deleted++;
      }
    }
    return run.plus(1, page.records(), counts.added(), counts.reembedded() + counts.metadataUpdated(),
        counts.unchanged(), deleted, page.skipped() + counts.failed());
  }

  private HarvestState end(HarvestState state, Outcome outcome) {
    library.commit();
    return state.with(state.watermark(), state.cursor(), state.lastRun().ended(clock.instant(), outcome), state.runs());
  }

  private HarvestState save(HarvestState state) {
    store.putHarvestState(state.source(), state.toJson());
    return state;
  }

  private static LocalDate later(LocalDate a, LocalDate b) {
    if (a == null) {
      return b;
    }
    return b == null || !b.isAfter(a) ? a : b;
  }

}
