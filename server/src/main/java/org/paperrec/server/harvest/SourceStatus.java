package org.paperrec.server.harvest;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.paperrec.store.PaperStore;

/**
 * One source as {@code GET /v1/sources} shows it: its stored state (watermark, last run, counts,
 * last error) and whether this server harvests it on a schedule, with the next run's time.
 *
 * @param nextRun null when the source is not scheduled here (harvested from the command line)
 */
public record SourceStatus(String name, boolean scheduled, String schedule, Instant nextRun, HarvestState state) {

  /** {@code {"sources": [...]}}, the body of {@code GET /v1/sources}. */
  public static String toJson(List<SourceStatus> sources) {
    try {
      return HarvestState.json().writeValueAsString(Map.of("sources", sources));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every source that has a stored state, or is scheduled, in name order.
   *
   * @param scheduled the sources this server harvests, with their next run times
   */
  public static List<SourceStatus> list(PaperStore store, Schedule schedule, Map<String, Instant> scheduled) {
    Map<String, HarvestState> states = new TreeMap<>();
    store.harvestStates().forEach((name, json) -> states.put(name, HarvestState.fromJson(json)));
    scheduled.keySet().forEach(name -> states.putIfAbsent(name, HarvestState.initial(name)));
    List<SourceStatus> out = new ArrayList<>();
    states.forEach((name, state) -> {
      boolean here = scheduled.containsKey(name);
      out.add(new SourceStatus(name, here, here ? schedule.toString() : null, here ? scheduled.get(name) : null, state));
    });
    return out;
  }
}
