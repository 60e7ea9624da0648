package org.paperrec.server.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.embed.ModelBuild;
import org.paperrec.server.Engine;
import org.paperrec.server.harvest.HarvestState.Outcome;
import org.paperrec.server.harvest.RemoteStub.Reply;
import org.paperrec.store.Paper;

/**
 * Harvests from a local OAI-PMH and daily-papers server into a real store with the real model:
 * pages followed to the end, deletions, a changed abstract, a second run, an interrupted run, an
 * expired token, a 503, an empty day.
 */
class HarvesterTest {

  /** "Today" for every run here. */
  static final Instant NOW = Instant.parse("2026-12-02T22:00:00Z");

  @TempDir Path dir;
  private Engine engine;
  private Harvester harvester;
  private RemoteStub remote;

  @BeforeEach
  void open() throws Exception {
    engine = Engine.open(dir.resolve("data"), ModelBuild.INT8, 2);
    harvester = new Harvester(engine.library(), engine.store(), engine.embedPool(), Clock.fixed(NOW, ZoneOffset.UTC));
    remote = new RemoteStub(q -> Reply.status(500, Map.of()));
  }

  @AfterEach
  void close() {
    remote.close();
    engine.close();
  }

  private HarvestSource arxiv() {
    HttpFetcher fetcher = new HttpFetcher(new HttpFetcher.Settings(Duration.ofSeconds(2), Duration.ofSeconds(10),
        Duration.ZERO, 2, Duration.ofMillis(10), Duration.ofMinutes(1), 1 << 20), Clock.systemUTC(), d -> { });
    return new OaiPmhSource(remote.uri("/oai"), "cs", fetcher);
  }

  private static String paper(String id, String datestamp, String abstractText) {
    return OaiXml.record(id, datestamp, "Paper " + id, abstractText, "cs.LG", null, null);
  }

  /**
   * Three pages: two papers, then a paper and a deletion of a paper of page one, then the last
   * paper; from the last day on, only that paper.
   */
  private static Function<Map<String, String>, Reply> threePages() {
    return q -> {
      String token = q.get("resumptionToken");
      if (token == null && "2026-12-02".equals(q.get("from"))) {
        // As a repository does: only the records whose datestamp is in the range.
        return Reply.xml(OaiXml.listRecords(List.of(paper("2611.00004", "2026-12-02", "Diffusion models for audio.")),
            null, 0, 1));
      }
      if (token == null) {
        return Reply.xml(OaiXml.listRecords(List.of(
            paper("2611.00001", "2026-11-30", "Graph neural networks for molecules."),
            paper("2611.00002", "2026-11-30", "A study of optimisers.")), "page-2", 0, 5));
      }
      return switch (token) {
        case "page-2" -> Reply.xml(OaiXml.listRecords(List.of(
            paper("2611.00003", "2026-12-01", "Retrieval-augmented generation for code."),
            OaiXml.deleted("2611.00002", "2026-12-01")), "page-3", 2, 5));
        case "page-3" -> Reply.xml(OaiXml.listRecords(List.of(
            paper("2611.00004", "2026-12-02", "Diffusion models for audio.")), "", 4, 5));
        default -> Reply.xml(OaiXml.error("badResumptionToken", "unknown token"));
      };
    };
  }

  @Test
  void followsTokensToTheEndAppliesDeletionsAndASecondRunAddsNothing() {
    remote.respondWith(threePages());
    HarvestState state = harvester.run(arxiv(), LocalDate.of(2026, 11, 30), null, Harvester.Listener.NONE);

    assertEquals(Outcome.SUCCEEDED, state.lastRun().outcome());
    assertEquals(3, state.lastRun().pages());
    assertEquals(4, state.lastRun().added());
    assertEquals(1, state.lastRun().deleted());
    assertEquals(LocalDate.of(2026, 12, 2), state.watermark(), "the latest datestamp harvested");
    assertNull(state.cursor());
    assertTrue(engine.library().paper("2611.00001").isPresent());
    assertTrue(engine.library().paper("2611.00002").isEmpty(), "the deleted record removed the paper");
    assertTrue(engine.library().paper("arXiv:2611.00004v1").isPresent());
    assertEquals(3, engine.library().size());
    Map<String, String> first = remote.requests().get(0);
    assertEquals("ListRecords", first.get("verb"));
    assertEquals("arXiv", first.get("metadataPrefix"));
    assertEquals("cs", first.get("set"));
    assertEquals("2026-11-30", first.get("from"));
    assertEquals("2026-12-02", first.get("until"), "until today");

    // The next run starts at the watermark and finds the same records: nothing new, nothing re-embedded.
    int before = remote.requests().size();
    HarvestState second = harvester.run(arxiv(), null, null, Harvester.Listener.NONE);
    assertEquals("2026-12-02", remote.requests().get(before).get("from"));
    assertEquals(0, second.lastRun().added());
    assertEquals(0, second.lastRun().updated());
    assertEquals(3, engine.library().size());
    assertEquals(2, second.runs());
  }

  @Test
  void aNewVersionThatChangesTheAbstractUpdatesThePaperAndItsVector() {
    AtomicInteger version = new AtomicInteger(1);
    remote.respondWith(q -> Reply.xml(OaiXml.listRecords(List.of(version.get() == 1
        ? paper("2611.00010", "2026-12-01", "Version one studies transformers on tabular data.")
        : OaiXml.record("2611.00010", "2026-12-02", "Paper 2611.00010", "Version two studies protein folding instead.",
            "cs.LG q-bio.BM", null, "2026-12-02")), null, 0, 1)));
    harvester.run(arxiv(), LocalDate.of(2026, 12, 1), null, Harvester.Listener.NONE);
    float[] v1 = engine.store().vector("2611.00010").orElseThrow();

    version.set(2);
    HarvestState state = harvester.run(arxiv(), null, null, Harvester.Listener.NONE);
    assertEquals(1, state.lastRun().updated());
    Paper paper = engine.library().paper("2611.00010").orElseThrow();
    assertEquals("Version two studies protein folding instead.", paper.abstractText());
    assertEquals(LocalDate.of(2026, 12, 2), paper.date());
    assertFalse(java.util.Arrays.equals(v1, engine.store().vector("2611.00010").orElseThrow()), "re-embedded");
    assertEquals(1, engine.library().size(), "versions are one paper");
  }

  @Test
  void anInterruptedRunResumesAtItsCursorWithoutLossOrDuplicates() {
    AtomicInteger page2Calls = new AtomicInteger();
    Function<Map<String, String>, Reply> pages = threePages();
    remote.respondWith(q -> "page-2".equals(q.get("resumptionToken")) && page2Calls.incrementAndGet() == 1
        ? Reply.xml("<OAI-PMH><ListRecords><record><header>") // a page cut off mid-way: malformed
        : pages.apply(q));
    HarvestState failed = harvester.run(arxiv(), LocalDate.of(2026, 11, 30), null, Harvester.Listener.NONE);
    assertEquals(Outcome.FAILED, failed.lastRun().outcome());
    assertEquals(1, failed.errors());
    assertTrue(failed.lastError().contains("not well-formed XML"), failed.lastError());
    assertEquals("page-2", failed.cursor().position());
    assertNull(failed.watermark(), "the watermark moves only at the end of a run");
    assertEquals(2, engine.library().size(), "page one is in");

    int before = remote.requests().size();
    HarvestState resumed = harvester.run(arxiv(), null, null, Harvester.Listener.NONE);
    assertEquals("page-2", remote.requests().get(before).get("resumptionToken"), "resumed, not restarted");
    assertEquals(Outcome.SUCCEEDED, resumed.lastRun().outcome());
    assertEquals(LocalDate.of(2026, 12, 2), resumed.watermark());
    assertEquals(3, engine.library().size());
  }

  @Test
  void anExpiredTokenRestartsTheRangeOnceAndA503IsWaitedOut() {
    AtomicInteger expired = new AtomicInteger();
    AtomicInteger busy = new AtomicInteger();
    Function<Map<String, String>, Reply> pages = threePages();
    remote.respondWith(q -> {
      if (q.get("resumptionToken") == null && busy.incrementAndGet() == 1) {
        return Reply.status(503, Map.of("Retry-After", "1"));
      }
      if ("page-3".equals(q.get("resumptionToken")) && expired.incrementAndGet() == 1) {
        return Reply.xml(OaiXml.error("badResumptionToken", "The value of the resumptionToken argument is invalid or expired."));
      }
      return pages.apply(q);
    });
    HarvestState state = harvester.run(arxiv(), LocalDate.of(2026, 11, 30), null, Harvester.Listener.NONE);
    assertEquals(Outcome.SUCCEEDED, state.lastRun().outcome());
    assertEquals(1, state.errors(), "the expired token is counted");
    assertTrue(state.lastError().contains("badResumptionToken"), state.lastError());
    assertEquals(3, engine.library().size());
    long firstPages = remote.requests().stream().filter(q -> q.get("resumptionToken") == null).count();
    assertEquals(3, firstPages, "a 503, the first page, the first page again after the expired token");
  }

  @Test
  void anOaiErrorFailsTheRunWithoutTouchingTheWatermark() {
    remote.respondWith(q -> Reply.xml(OaiXml.error("noSetHierarchy", "This repository does not support sets")));
    HarvestState state = harvester.run(arxiv(), LocalDate.of(2026, 11, 30), null, Harvester.Listener.NONE);
    assertEquals(Outcome.FAILED, state.lastRun().outcome());
    assertTrue(state.lastError().contains("noSetHierarchy"), state.lastError());
    assertNull(state.watermark());
    remote.respondWith(q -> Reply.xml(OaiXml.error("noRecordsMatch", "")));
    HarvestState empty = harvester.run(arxiv(), LocalDate.of(2026, 11, 30), null, Harvester.Listener.NONE);
    assertEquals(Outcome.SUCCEEDED, empty.lastRun().outcome(), "nothing changed is not an error");
    assertEquals(1, empty.errors());
  }

  @Test
  void dailyPapersDayByDayWithUpvotesAndAnEmptyDay() {
    remote.respondWith(q -> switch (q.get("date")) {
      case "2026-11-30" -> Reply.json(HfJson.day(List.of(HfJson.paper("2611.00020", "Agents that plan", 42))));
      case "2026-12-01" -> Reply.json("[]");
      case "2026-12-02" -> Reply.json(HfJson.day(List.of(HfJson.paper("2611.00021", "Small vision models", 7),
          HfJson.paper("2611.00022", "Long-context evaluation", 0))));
      default -> Reply.status(404, Map.of());
    });
    HttpFetcher fetcher = new HttpFetcher(new HttpFetcher.Settings(Duration.ofSeconds(2), Duration.ofSeconds(10),
        Duration.ZERO, 1, Duration.ZERO, Duration.ofMinutes(1), 1 << 20), Clock.systemUTC(), d -> { });
    HfDailySource hf = new HfDailySource(remote.uri("/api/daily_papers"), fetcher);
    HarvestState state = harvester.run(hf, LocalDate.of(2026, 11, 30), null, Harvester.Listener.NONE);
    assertEquals(Outcome.SUCCEEDED, state.lastRun().outcome());
    assertEquals(3, state.lastRun().pages());
    assertEquals(3, state.lastRun().added());
    assertEquals(LocalDate.of(2026, 12, 2), state.watermark());
    assertEquals(42, engine.library().paper("2611.00020").orElseThrow().upvotes());
    assertEquals(List.of("2026-11-30", "2026-12-01", "2026-12-02"),
        remote.requests().stream().map(q -> q.get("date")).toList());
    assertEquals("100", remote.requests().get(0).get("limit"));

    HarvestState again = harvester.run(hf, null, null, Harvester.Listener.NONE);
    assertEquals(0, again.lastRun().added());
    assertEquals("2026-12-02", remote.requests().get(3).get("date"), "the next run starts at the watermark");
  }

  @Test
  void malformedDailyJsonFailsTheRunAndTheNextRunFetchesThatDayAgain() {
    AtomicInteger calls = new AtomicInteger();
    remote.respondWith(q -> calls.incrementAndGet() == 2
        ? Reply.json("[" + HfJson.paper("2611.00030", "Half a page", 1) + ", {\"paper\": ") // cut off
        : Reply.json(HfJson.day(List.of(HfJson.paper("2611.0003" + calls.get(), "Paper of call " + calls.get(), 1)))));
    HttpFetcher fetcher = new HttpFetcher(new HttpFetcher.Settings(Duration.ofSeconds(2), Duration.ofSeconds(10),
        Duration.ZERO, 1, Duration.ZERO, Duration.ofMinutes(1), 1 << 20), Clock.systemUTC(), d -> { });
    HfDailySource hf = new HfDailySource(remote.uri("/api/daily_papers"), fetcher);
    HarvestState failed = harvester.run(hf, LocalDate.of(2026, 12, 1), null, Harvester.Listener.NONE);
    assertEquals(Outcome.FAILED, failed.lastRun().outcome());
    assertTrue(failed.lastError().contains("not well-formed JSON"), failed.lastError());
    assertEquals("2026-12-02/0", failed.cursor().position());
    assertEquals(1, engine.library().size(), "nothing of the half page was applied");

    HarvestState resumed = harvester.run(hf, null, null, Harvester.Listener.NONE);
    assertEquals(Outcome.SUCCEEDED, resumed.lastRun().outcome());
    assertEquals("2026-12-02", remote.requests().get(2).get("date"));
    assertEquals(2, engine.library().size());
  }
}
