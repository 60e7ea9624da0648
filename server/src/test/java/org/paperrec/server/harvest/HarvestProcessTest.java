package org.paperrec.server.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.server.ChildProcess;
import org.paperrec.server.cli.PaperrecCli;
import org.paperrec.server.harvest.RemoteStub.Reply;
import org.paperrec.store.PaperStore;

/**
 * Harvests in a real {@code paperrec} process: killed with SIGKILL in the middle of a run and
 * after one, and harvesting on a schedule inside {@code serve} while it answers queries; and the
 * default {@code serve} fetches nothing.
 */
class HarvestProcessTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Model load and, for serve, the demo corpus on two shared cores: generous, it only bounds a hang. */
  private static final long START_SECONDS = 300;
  private static final String ADMIN_TOKEN = "harvest-test-admin-token-0123456789abcdef";

  @TempDir Path tmp;

  private static String paper(String id, String datestamp) {
    return OaiXml.record(id, datestamp, "Paper " + id, "An abstract of paper " + id + " about sparse models.", "cs.LG",
        null, null);
  }

  /** Page one (two papers), then page two, which hangs the first {@code hangs} times it is asked for. */
  private static java.util.function.Function<Map<String, String>, Reply> twoPages(AtomicInteger hangs) {
    return q -> {
      if (q.get("resumptionToken") == null) {
        return Reply.xml(OaiXml.listRecords(List.of(paper("2611.00101", "2026-12-01"), paper("2611.00102", "2026-12-01")),
            "page-2", 0, 3));
      }
      if (hangs.getAndDecrement() > 0) {
        return new Reply(200, Map.of(), "<OAI-PMH/>".getBytes(), 600_000);
      }
      return Reply.xml(OaiXml.listRecords(List.of(paper("2611.00103", "2026-12-02")), "", 2, 3));
    };
  }

  private static HarvestState state(Path data, String source) {
    try (PaperStore store = PaperStore.openReadOnly(data)) {
      return HarvestState.fromJson(store.harvestState(source).orElseThrow());
    }
  }

  private static void awaitRequests(RemoteStub remote, int n) throws InterruptedException {
    for (int i = 0; i < 3000 && remote.requests().size() < n; i++) {
      Thread.sleep(100);
    }
    assertTrue(remote.requests().size() >= n, "the harvester made " + remote.requests().size() + " requests, not " + n);
  }

  @Test
  void aHarvestKilledMidRunResumesWithoutLossAndItsWatermarkSurvivesAKill() throws Exception {
    Path data = tmp.resolve("data");
    AtomicInteger hangs = new AtomicInteger(1);
    try (RemoteStub remote = new RemoteStub(twoPages(hangs))) {
      String[] harvest = {"harvest", "arxiv", "--set", "cs", "--data", data.toString(), "--threads", "1",
          "--oai-url", remote.uri("/oai").toString(), "--request-delay", "0"};
      String[] firstRun = concat(harvest, "--from", "2026-12-01");
      try (ChildProcess child = new ChildProcess(tmp.resolve("run1.log"), Map.of(), firstRun)) {
        // Page two is asked for only after page one is applied and the cursor saved.
        awaitRequests(remote, 2);
        child.kill();
      }
      HarvestState killed = state(data, "arxiv:cs");
      assertEquals("page-2", killed.cursor().position(), "the cursor after page one");
      assertEquals(HarvestState.Outcome.RUNNING, killed.lastRun().outcome(), "killed: nobody wrote an end");
      try (PaperStore store = PaperStore.openReadOnly(data)) {
        assertTrue(store.vector("2611.00101").isPresent() && store.vector("2611.00102").isPresent(),
            "page one's papers and vectors survived the kill");
      }

      // The next run resumes at page two, in this JVM, through the command line.
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = PaperrecCli.run(new PrintWriter(out, true), new PrintWriter(err, true), harvest);
      assertEquals(0, code, err.toString());
      assertEquals("page-2", remote.requests().get(2).get("resumptionToken"), "resumed, not restarted");
      HarvestState done = state(data, "arxiv:cs");
      assertEquals(LocalDate.of(2026, 12, 2), done.watermark());
      try (PaperStore store = PaperStore.openReadOnly(data)) {
        assertEquals(3, store.count(), "every paper once");
      }

      // A run killed before its first page leaves the watermark as it was.
      hangs.set(1);
      remote.respondWith(q -> new Reply(200, Map.of(), "<OAI-PMH/>".getBytes(), 600_000));
      int before = remote.requests().size();
      try (ChildProcess child = new ChildProcess(tmp.resolve("run3.log"), Map.of(), harvest)) {
        awaitRequests(remote, before + 1);
        child.kill();
      }
      HarvestState after = state(data, "arxiv:cs");
      assertEquals(LocalDate.of(2026, 12, 2), after.watermark(), "the watermark survives a kill -9");
      assertEquals("2026-12-02", remote.requests().get(before).get("from"), "the run started at the watermark");
    }
  }

  @Test
  void serveHarvestsOnItsScheduleWhileAnsweringQueriesAndShowsItsSources() throws Exception {
    Path data = tmp.resolve("data");
    try (RemoteStub remote = new RemoteStub(twoPages(new AtomicInteger(0)));
        ChildProcess server = new ChildProcess(tmp.resolve("serve.log"), Map.of("PAPERREC_ADMIN_TOKEN", ADMIN_TOKEN,
            "PAPERREC_HARVEST", "arxiv:cs"), "serve", "--data", data.toString(), "--port", "0", "--threads", "1",
            "--harvest-schedule", "every 2s", "--oai-url", remote.uri("/oai").toString(), "--request-delay", "0")) {
      String listening = server.awaitLine("paperrec listening on ", START_SECONDS);
      assertNotNull(listening, server.logTail());
      String base = listening.substring("paperrec listening on ".length()).split(" ")[0];
      HttpClient http = HttpClient.newHttpClient();
      assertNotNull(server.awaitLine("ready: ", START_SECONDS), server.logTail());

      // Queries are answered while the harvester runs every two seconds.
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      int harvested = 404;
      while (System.nanoTime() < deadline && (harvested != 200 || remote.requests().size() < 4)) {
        assertEquals(200, get(http, base + "/v1/papers/2501.06842/similar?limit=3", null).statusCode());
        harvested = get(http, base + "/v1/papers/2611.00103", null).statusCode();
        Thread.sleep(200);
      }
      assertEquals(200, harvested, "the last page's paper arrived; " + server.logTail());
      assertTrue(remote.requests().size() >= 4, "a second scheduled run: " + remote.requests().size() + " requests");

      HttpResponse<String> sources = get(http, base + "/v1/sources", ADMIN_TOKEN);
      assertEquals(200, sources.statusCode(), sources.body());
      JsonNode source = JSON.readTree(sources.body()).get("sources").get(0);
      assertEquals("arxiv:cs", source.get("name").asText());
      assertTrue(source.get("scheduled").asBoolean());
      assertEquals("every 2s", source.get("schedule").asText());
      assertEquals("2026-12-02", source.get("state").get("watermark").asText());
      assertEquals(403, get(http, base + "/v1/sources", "wrong-token-wrong-token-wrong-token").statusCode());
    }
  }

  @Test
  void theDefaultServeMakesNoRequestToAnyRemote() throws Exception {
    Path data = tmp.resolve("data");
    try (RemoteStub remote = new RemoteStub(q -> Reply.status(500, Map.of()))) {
      // The remotes' URLs are configured (as an operator's environment might have them), no harvest is.
      Map<String, String> env = Map.of("PAPERREC_OAI_URL", remote.uri("/oai").toString(),
          "PAPERREC_HF_URL", remote.uri("/api/daily_papers").toString());
      try (ChildProcess server = new ChildProcess(tmp.resolve("serve.log"), env, "serve", "--data", data.toString(),
          "--port", "0", "--threads", "1", "--harvest-schedule", "every 1s")) {
        assertNotNull(server.awaitLine("ready: ", START_SECONDS), server.logTail());
        Thread.sleep(3_000); // three scheduled times, had anything been scheduled
      }
      assertEquals(List.of(), remote.requests());
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
