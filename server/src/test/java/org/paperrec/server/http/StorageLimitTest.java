package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.http.ApiFixture.assertProblem;
import static org.paperrec.server.http.ApiFixture.bearer;
import static org.paperrec.server.http.ApiFixture.delete;
import static org.paperrec.server.http.ApiFixture.get;
import static org.paperrec.server.http.ApiFixture.json;
import static org.paperrec.server.http.ApiFixture.post;
import static org.paperrec.server.http.ApiFixture.postJson;
import static org.paperrec.server.http.ApiFixture.put;
import static org.paperrec.server.http.ApiFixture.toJson;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.profile.ProfileLimits;
import org.paperrec.recommend.profile.Profiles;
import org.paperrec.server.ChildProcess;
import org.paperrec.server.cli.PaperrecCli;

/**
 * What one stored user may keep: at most {@code maxFeedback} likes and dislikes (one more is a 409
 * that says to remove some, and removing always works) and {@code maxSeen} seen papers (the oldest
 * dropped), each a {@code serve} setting.
 */
class StorageLimitTest {

  private static final String AUTHORIZATION = "Authorization";
  private static final String ADMIN_TOKEN = "storage-limit-test-admin-token-0123456789";
  /** A paper of the demo corpus, which serve ingests into an empty data folder. */
  private static final String DEMO_PAPER = "2501.06842";

  @TempDir static Path data;
  @TempDir Path tmp;
  static ApiFixture fixture;

  @BeforeAll
  static void openCorpus() {
    fixture = ApiFixture.open(data);
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  private static String newUser(HttpClient client) {
    Response created = postJson(client, "/v1/users", "{}");
    assertEquals(201, created.code(), created.body().string());
    return bearer(json(created).path("token").asText());
  }

  @Test
  void aUserAtTheLimitCanStillUnlikeUndislikeAndSwitchAndThenAddAgain() {
    Profiles small = new Profiles(fixture.store.users(), fixture.library, Clock.systemUTC(), ProfileLimits.of(2, 10));
    JavalinTest.test(fixture.app(small), (server, client) -> {
      String auth = newUser(client);
      assertEquals(200, put(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, AUTHORIZATION, auth).code());
      assertEquals(200, put(client, "/v1/users/me/dislikes/" + TestCorpus.QUENCHING, AUTHORIZATION, auth).code());
      JsonNode full = assertProblem(put(client, "/v1/users/me/dislikes/" + TestCorpus.HALO_SHAPES, AUTHORIZATION, auth),
          409, "profile-full");
      String detail = full.path("detail").asText();
      assertTrue(detail.contains("2 likes and dislikes") && detail.contains("remove some"), detail);

      assertEquals(200, put(client, "/v1/users/me/likes/" + TestCorpus.QUENCHING, AUTHORIZATION, auth).code(),
          "switching a dislike to a like adds nothing");
      assertEquals(204, delete(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, AUTHORIZATION, auth).code());
      assertEquals(200, put(client, "/v1/users/me/dislikes/" + TestCorpus.HALO_SHAPES, AUTHORIZATION, auth).code());
      assertEquals(204, delete(client, "/v1/users/me/dislikes/" + TestCorpus.HALO_SHAPES, AUTHORIZATION, auth).code());
      JsonNode me = json(get(client, "/v1/users/me", AUTHORIZATION, auth));
      assertEquals(1, me.path("likes").size(), me.toString());
      assertEquals(0, me.path("dislikes").size(), me.toString());
    });
  }

  @Test
  void seenPapersBeyondTheLimitDropTheOldest() {
    Profiles small = new Profiles(fixture.store.users(), fixture.library, Clock.systemUTC(), ProfileLimits.of(10, 3));
    JavalinTest.test(fixture.app(small), (server, client) -> {
      String auth = newUser(client);
      List<String> first = List.of(TestCorpus.CAT_CODES, TestCorpus.QUENCHING, TestCorpus.HALO_SHAPES);
      assertEquals(200, post(client, "/v1/users/me/seen", "application/json", toJson(first), AUTHORIZATION, auth).code());
      List<String> then = List.of(TestCorpus.DUSTY_GALAXIES, TestCorpus.HALLUCINATION);
      assertEquals(200, post(client, "/v1/users/me/seen", "application/json", toJson(then), AUTHORIZATION, auth).code());
      JsonNode seen = json(get(client, "/v1/users/me", AUTHORIZATION, auth)).path("seen");
      assertEquals(3, seen.size(), seen.toString());
      assertTrue(seen.toString().contains(TestCorpus.DUSTY_GALAXIES) && seen.toString().contains(TestCorpus.HALLUCINATION),
          seen.toString());
    });
  }

  @Test
  void serveRefusesALimitBelowOneInOneLine() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = PaperrecCli.run(new PrintWriter(out), new PrintWriter(err),
        "serve", "--data", tmp.resolve("data").toString(), "--port", "0", "--max-feedback", "0");
    assertEquals(1, code, err.toString());
    assertEquals("paperrec: --max-feedback must be at least 1; --max-feedback=0", err.toString().strip());
    assertTrue(out.toString().isEmpty(), "nothing listened: " + out);
  }

  @Test
  void serveTakesItsLimitsFromTheEnvironment() throws Exception {
    Map<String, String> env = Map.of(
        "PAPERREC_ADMIN_TOKEN", ADMIN_TOKEN,
        "PAPERREC_OPEN_SIGNUP", "false",
        "PAPERREC_RATE_SIGNUPS", "2",
        "PAPERREC_MAX_FEEDBACK", "1");
    try (ChildProcess server = new ChildProcess(tmp.resolve("serve.log"), env,
        "serve", "--data", tmp.resolve("data").toString(), "--port", "0", "--threads", "1")) {
      String listening = server.awaitLine("paperrec listening on ", 300);
      assertNotNull(listening, server.logTail());
      String base = listening.substring("paperrec listening on ".length()).split(" ")[0];
      assertNotNull(server.awaitLine("ready: ", 300), server.logTail());
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

      HttpResponse<String> created = http.send(signup(base, ADMIN_TOKEN), HttpResponse.BodyHandlers.ofString());
      assertEquals(201, created.statusCode(), created.body());
      HttpResponse<String> anonymous = http.send(signup(base, null), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, anonymous.statusCode(), "PAPERREC_OPEN_SIGNUP=false: " + anonymous.body());
      HttpResponse<String> third = http.send(signup(base, ADMIN_TOKEN), HttpResponse.BodyHandlers.ofString());
      assertEquals(429, third.statusCode(), "PAPERREC_RATE_SIGNUPS=2: " + third.body());
      assertEquals("30", third.headers().firstValue("Retry-After").orElse(null));

      String token = ApiFixture.JSON.readTree(created.body()).path("token").asText();
      assertEquals(200, http.send(like(base, token, DEMO_PAPER), HttpResponse.BodyHandlers.ofString()).statusCode());
      HttpResponse<String> full = http.send(like(base, token, "2501.00001"), HttpResponse.BodyHandlers.ofString());
      assertEquals(409, full.statusCode(), "PAPERREC_MAX_FEEDBACK=1: " + full.body());
    }
  }

  private static HttpRequest signup(String base, String adminToken) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v1/users"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
    if (adminToken != null) {
      b.header(AUTHORIZATION, bearer(adminToken));
    }
    return b.build();
  }

  private static HttpRequest like(String base, String token, String id) {
    return HttpRequest.newBuilder(URI.create(base + "/v1/users/me/likes/" + id))
        .header(AUTHORIZATION, bearer(token)).PUT(HttpRequest.BodyPublishers.noBody()).build();
  }
}
