package org.paperrec.server.harvest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What the store keeps for one harvest source (stored as JSON by {@link
 * org.paperrec.store.PaperStore#putHarvestState}): the watermark that the next run starts from,
 * the cursor of a run that has not finished, and the record of the last run, for {@code GET
 * /v1/sources}.
 *
 * @param source the source's name, {@code arxiv:cs} or {@code hf}
 * @param watermark the latest datestamp a finished run harvested; the next run starts there (the
 *     day is fetched again, which changes nothing that did not change); null before the first
 * @param cursor where an unfinished run stands; null when none is under way
 * @param lastRun the latest run, finished or not; null before the first
 * @param runs finished runs, all time
 * @param errors errors counted over all runs (failed requests, malformed pages, protocol errors)
 * @param lastError the latest error's one-line message, or null
 * @param lastErrorAt when it happened, or null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HarvestState(String source, LocalDate watermark, Cursor cursor, Run lastRun, long runs, long errors,
    String lastError, Instant lastErrorAt) {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  public HarvestState {
    Objects.requireNonNull(source, "source");
  }

  /**
   * An unfinished run's position: its date range and the source's position in it after the last
   * page applied (an OAI-PMH resumption token, or a day and page number of Hugging Face's).
   *
   * @param position null before the first page is applied
   * @param latest the latest datestamp of the pages applied so far, or null
   */
  public record Cursor(LocalDate from, LocalDate until, String position, LocalDate latest) {}

  /** A run: when it started and ended (null while it runs), its outcome and counts. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Run(Instant started, Instant ended, Outcome outcome, LocalDate from, LocalDate until, long pages,
      long fetched, long added, long updated, long unchanged, long deleted, long skipped, long errors) {

    Run plus(long pageCount, long fetchedCount, long addedCount, long updatedCount, long unchangedCount,
        long deletedCount, long skippedCount) {
      return new Run(started, ended, outcome, from, until, pages + pageCount, fetched + fetchedCount,
          added + addedCount, updated + updatedCount, unchanged + unchangedCount, deleted + deletedCount,
          skipped + skippedCount, errors);
    }

    Run withError() {
      return new Run(started, ended, outcome, from, until, pages, fetched, added, updated, unchanged, deleted, skipped,
          errors + 1);
    }

    Run ended(Instant at, Outcome how) {
      return new Run(started, at, how, from, until, pages, fetched, added, updated, unchanged, deleted, skipped, errors);
    }
  }

  /** How a run went. */
  public enum Outcome {
    RUNNING,
    /** Reached the end of the range. */
    SUCCEEDED,
    /** Stopped by an error; the cursor stays, so the next run resumes there. */
    FAILED,
    /** Asked to stop (shutdown, Ctrl-C) between pages; the cursor stays. */
    STOPPED
  }

  /** The state of a source that has never been harvested. */
  public static HarvestState initial(String source) {
    return new HarvestState(source, null, null, null, 0, 0, null, null);
  }

  HarvestState with(LocalDate newWatermark, Cursor newCursor, Run run, long runCount) {
    return new HarvestState(source, newWatermark, newCursor, run, runCount, errors, lastError, lastErrorAt);
  }

  HarvestState withError(String message, Instant at) {
    return new HarvestState(source, watermark, cursor, lastRun == null ? null : lastRun.withError(), runs, errors + 1,
        message, at);
  }

  /** The mapper of stored states and of {@code GET /v1/sources}: ISO dates and instants. */
  static ObjectMapper json() {
    return JSON;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a stored state.
   *
   * @throws UncheckedIOException when {@code json} is not one
   */
  public static HarvestState fromJson(String json) {
    try {
      return JSON.readValue(json, HarvestState.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a stored harvest state is not readable: " + e.getOriginalMessage(), e);
    }
  }
}
