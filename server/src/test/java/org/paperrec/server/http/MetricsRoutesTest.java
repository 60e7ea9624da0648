package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.http.ApiFixture.ADMIN_TOKEN;
import static org.paperrec.server.http.ApiFixture.assertProblem;
import static org.paperrec.server.http.ApiFixture.bearer;
import static org.paperrec.server.http.ApiFixture.get;
import static org.paperrec.server.http.ApiFixture.header;

import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.TestConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.lucene.IndexSync;
import org.paperrec.server.metrics.ServerMetrics;

/**
 * {@code GET /metrics} exports what the server did in Prometheus text format, behind the admin
 * token; and every request is one structured log line that names its route template and never a
 * token, a query or a body.
 */
class MetricsRoutesTest {

  private static final String AUTH = "Authorization";
  private static final String SIMILAR = "/v1/papers/" + TestCorpus.SPARSE_ATTENTION + "/similar?limit=3";

  @TempDir Path tmp;

  @Test
  void metricsCountRequestsPerRouteAndStatusAndShowTheCorpus() throws Exception {
    try (ApiFixture fixture = ApiFixture.open(tmp.resolve("data"));
        ServerMetrics metrics = new ServerMetrics()) {
      metrics.library(fixture.library, tmp.resolve("data").resolve(IndexSync.INDEX_FOLDER));
      JavalinTest.test(fixture.app(ApiFixture.unlimited(), metrics), (server, client) -> {
        assertEquals(200, get(client, SIMILAR).code());
        assertEquals(200, get(client, SIMILAR).code());
        assertProblem(get(client, "/v1/papers/2501.99999"), 404, "paper-not-found");
        assertProblem(get(client, "/no/such/route"), 404, "route-not-found");

        var response = get(client, "/metrics", AUTH, bearer(ADMIN_TOKEN));
        String text = response.body().string();
        assertEquals(200, response.code(), text);
        assertTrue(header(response, "Content-Type").startsWith("text/plain; version=0.0.4"), header(response, "Content-Type"));

        assertEquals(2.0, sample(text, "http_server_requests_seconds_count", "route=\"/v1/papers/<id>/similar\"",
            "status=\"200\""), text);
        assertEquals(1.0, sample(text, "http_server_requests_seconds_count", "route=\"/v1/papers/<id>\"",
            "status=\"404\""), text);
        assertEquals(1.0, sample(text, "http_server_requests_seconds_count", "route=\"unmatched\"", "status=\"404\""),
            text);
        // A histogram, so that Prometheus computes quantiles: buckets up to +Inf.
        assertEquals(2.0, sample(text, "http_server_requests_seconds_bucket", "route=\"/v1/papers/<id>/similar\"",
            "le=\"+Inf\""), text);
        assertEquals(TestCorpus.PAPERS.size(), sample(text, "paperrec_papers"), text);
        assertTrue(sample(text, "paperrec_index_size_bytes") > 0, text);
        assertTrue(sample(text, "jvm_memory_used_bytes", "area=\"heap\"") > 0, text);
      });
    }
  }

  @Test
  void requestsRefusedByARateLimitAreCountedByLimit() throws Exception {
    try (ApiFixture fixture = ApiFixture.open(tmp.resolve("data"));
        ServerMetrics metrics = new ServerMetrics()) {
      ApiSettings oneQueryASecond = new ApiSettings(ADMIN_TOKEN, List.of(), new RateLimitSettings(0, 0, 1, 0), true);
      JavalinTest.test(fixture.app(oneQueryASecond, metrics), (server, client) -> {
        int refused = 0;
        for (int i = 0; i < 5; i++) {
          refused += get(client, SIMILAR).code() == 429 ? 1 : 0;
        }
        assertTrue(refused > 0, "five queries in a row at one a second");
        String text = get(client, "/metrics", AUTH, bearer(ADMIN_TOKEN)).body().string();
        assertEquals(refused, sample(text, "paperrec_rate_limited_total", "limit=\"queries\""), text);
        assertEquals(refused, sample(text, "http_server_requests_seconds_count", "route=\"/v1/papers/<id>/similar\"",
            "status=\"429\""), text);
      });
    }
  }

  @Test
  void metricsNeedTheAdminToken() throws Exception {
    try (ApiFixture fixture = ApiFixture.open(tmp.resolve("data"))) {
      JavalinTest.test(fixture.app(), (server, client) -> {
        assertProblem(get(client, "/metrics"), 401, "unauthorized");
        assertProblem(get(client, "/metrics", AUTH, bearer("not-the-admin-token-at-all-0123456789")), 403,
            "forbidden");
      });
    }
  }

  @Test
  void everyRequestIsOneLogLineWithoutTokensQueriesOrPaths() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    // slf4j-simple writes to whatever System.err is at the time of each line (short logger names).
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (ApiFixture fixture = ApiFixture.open(tmp.resolve("data"))) {
      // JavalinTest captures the logs itself unless told not to.
      TestConfig keepLogs = new TestConfig(true, false, java.net.http.HttpClient.newHttpClient(), Map.of());
      JavalinTest.test(fixture.app(), keepLogs, (server, client) -> {
        assertEquals(200, get(client, "/v1/search?q=secretword&limit=2", AUTH, bearer(ADMIN_TOKEN)).code());
        assertEquals(200, get(client, SIMILAR).code());
        awaitLines(captured, 2);
      });
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("requests - method=GET route=/v1/search status=200 ms="), log);
    assertTrue(log.contains("requests - method=GET route=/v1/papers/<id>/similar status=200 ms="), log);
    assertFalse(log.contains("secretword"), log);
    assertFalse(log.contains(ADMIN_TOKEN), log);
    assertFalse(log.contains(TestCorpus.SPARSE_ATTENTION), log);
  }

  /** Javalin logs a request after its response has been sent: wait for the lines. */
  private static void awaitLines(ByteArrayOutputStream captured, int lines) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      long count = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(RequestLog.LOGGER)).count();
      if (count >= lines) {
        return;
      }
      Thread.sleep(50);
    }
  }

  /** The value of the first sample of {@code name} whose labels contain every one of {@code labels}. */
  static double sample(String exposition, String name, String... labels) {
    Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(exposition);
    while (m.find()) {
      String found = m.group(1) == null ? "" : m.group(1);
      boolean all = true;
      for (String label : labels) {
        all &= found.contains(label);
      }
      if (all) {
        return Double.parseDouble(m.group(2));
      }
    }
    throw new AssertionError("no sample " + name + " with " + String.join(",", labels));
  }
}
