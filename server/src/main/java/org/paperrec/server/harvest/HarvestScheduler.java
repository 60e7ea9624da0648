package org.paperrec.server.harvest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.paperrec.server.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Harvests the configured sources on a {@link Schedule}, one after another, on one background
 * thread ({@code paperrec-harvest}) while the server answers queries: writes go through the
 * library, which readers never wait for. On start it runs at once when a source missed its last
 * scheduled time (never harvested, or its last run ended before that time), so a server that was
 * down overnight catches up. A run that throws is logged in one line; the next one runs on time.
 */
public final class HarvestScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HarvestScheduler.class);

  private final Harvester harvester;
  private final List<HarvestSource> sources;
  private final Schedule schedule;
  private final Clock clock;
  private final ScheduledExecutorService thread;
  private final Map<String, Instant> nextRuns = new LinkedHashMap<>();

  public HarvestScheduler(Harvester harvester, List<HarvestSource> sources, Schedule schedule, Clock clock) {
    this.harvester = harvester;
    this.sources = List.copyOf(sources);
    this.schedule = schedule;
    this.clock = clock;
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, Engine.named("paperrec-harvest"));
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.thread = executor;
  }

  /** Schedules the first round: now if a source missed its last time, else at the next time. */
  public void start() {
    Instant now = clock.instant();
    Instant missed = schedule.previous(now);
    boolean catchUp = sources.stream().anyMatch(source -> {
      HarvestState state = harvester.state(source.name());
      return state.lastRun() == null || state.lastRun().ended() == null || state.lastRun().ended().isBefore(missed)
          || state.cursor() != null;
    });
    Instant first = catchUp ? now : schedule.next(now);
    LOG.info("harvesting {} {}; first run {}", sources.stream().map(HarvestSource::name).toList(), schedule,
        catchUp ? "now (a scheduled run was missed)" : "at " + first);
    scheduleAt(first);
  }

  /** The sources and their next run times, for {@code GET /v1/sources}. */
  public synchronized Map<String, Instant> nextRuns() {
    return Map.copyOf(nextRuns);
  }

  public Schedule schedule() {
    return schedule;
  }

  private synchronized void scheduleAt(Instant at) {
    for (HarvestSource source : sources) {
      nextRuns.put(source.name(), at);
    }
    long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
    thread.schedule(this::round, delay, TimeUnit.MILLISECONDS);
  }

  private void round() {
    for (HarvestSource source : sources) {
      try {
        harvester.run(source, null, null, Harvester.Listener.NONE);
      } catch (RuntimeException e) {
        LOG.error("{}: harvest run failed: {}", source.name(), e.toString(), e);
      }
      if (thread.isShutdown()) {
        return;
      }
    }
    scheduleAt(schedule.next(clock.instant()));
  }

  /** Stops a running harvest after its current page and waits for it (up to a minute). */
  @Override
  public void close() {
    harvester.requestStop();
    thread.shutdown();
    try {
      if (!thread.awaitTermination(60, TimeUnit.SECONDS)) {
        LOG.warn("a harvest did not stop within 60 s; closing anyway");
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
