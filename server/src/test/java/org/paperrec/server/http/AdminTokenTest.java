package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.http.ApiFixture.assertProblem;
import static org.paperrec.server.http.ApiFixture.bearer;
import static org.paperrec.server.http.ApiFixture.get;
import static org.paperrec.server.http.ApiFixture.header;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.Recommender;
import org.paperrec.server.ChildProcess;

/**
 * The admin token: at least 32 characters or {@code serve} does not start, and wrong tokens are
 * limited per address, after which every admin request from there gets 429 until the minute refills.
 */
class AdminTokenTest {

  private static final String AUTHORIZATION = "Authorization";
  private static final String ADMIN_ROUTE = "/v1/sources";

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

  @Test
  void serveRefusesAShortAdminTokenInOneLineThatSaysHowToMakeOne() throws Exception {
    String shortToken = "letmein-0123456789abcdef-012345"; // 31 characters
    Path log = tmp.resolve("serve.log");
    try (ChildProcess server = new ChildProcess(log, Map.of("PAPERREC_ADMIN_TOKEN", shortToken),
        "serve", "--data", tmp.resolve("data").toString(), "--port", "0", "--threads", "1")) {
      assertNull(server.awaitLine("paperrec listening on ", 120), "a server with a short token must not listen");
      assertEquals(1, server.waitFor(60), server.logTail());
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), String.join("\n", lines));
    String line = lines.get(0);
    assertTrue(line.contains("PAPERREC_ADMIN_TOKEN must be at least 32 characters; it has 31")
        && line.contains("openssl rand -hex 32"), line);
    assertFalse(line.contains(shortToken), "the message must not repeat the token: " + line);
  }

  @Test
  void settingsRefuseATokenOf31CharactersAndTakeOneOf32() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ApiSettings("a".repeat(31), List.of()));
    assertTrue(e.getMessage().contains("at least 32"), e.getMessage());
    assertTrue(new ApiSettings("a".repeat(32), List.of()).adminEnabled());
    // Surrounding whitespace (an .env line's newline) does not count.
    assertThrows(IllegalArgumentException.class, () -> new ApiSettings(" " + "a".repeat(31) + "\n", List.of()));
    assertTrue(new ApiSettings(null, List.of()).toString().contains("admin routes off"));
  }

  private static Javalin app(int failuresPerMinute, MutableClock clock) {
    return HttpApi.create(fixture.library, new Recommender(fixture.library, clock), fixture.profiles,
        new ApiSettings(ApiFixture.ADMIN_TOKEN, List.of(), new RateLimitSettings(0, 0, 0, failuresPerMinute), true),
        () -> true);
  }

  @Test
  void wrongTokensBeyondTheLimitLockTheAddressOutEvenForTheRightToken() {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    JavalinTest.test(app(3, clock), (server, client) -> {
      String wrong = bearer(ApiFixture.ADMIN_TOKEN + "x");
      String right = bearer(ApiFixture.ADMIN_TOKEN);
      for (int i = 0; i < 3; i++) {
        assertProblem(get(client, ADMIN_ROUTE, AUTHORIZATION, wrong), 403, "forbidden");
      }
      Response locked = get(client, ADMIN_ROUTE, AUTHORIZATION, wrong);
      String detail = assertProblem(locked, 429, "admin-locked-out").path("detail").asText();
      assertEquals("20", header(locked, "Retry-After"), "three a minute refill one every 20 s");
      assertTrue(detail.contains("wrong admin tokens") && detail.contains("--rate-admin-failures"), detail);
      // Locked out means locked out: the right token gets no answer that tells it apart.
      assertProblem(get(client, ADMIN_ROUTE, AUTHORIZATION, right), 429, "admin-locked-out");

      clock.advance(Duration.ofSeconds(20));
      assertEquals(200, get(client, ADMIN_ROUTE, AUTHORIZATION, right).code());
    });
  }

  @Test
  void rightTokensAndMissingTokensDoNotCountAsFailures() {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    JavalinTest.test(app(2, clock), (server, client) -> {
      for (int i = 0; i < 5; i++) {
        assertEquals(200, get(client, ADMIN_ROUTE, AUTHORIZATION, bearer(ApiFixture.ADMIN_TOKEN)).code());
        assertProblem(get(client, ADMIN_ROUTE), 401, "unauthorized");
      }
      String wrong = bearer(ApiFixture.ADMIN_TOKEN + "x");
      assertProblem(get(client, ADMIN_ROUTE, AUTHORIZATION, wrong), 403, "forbidden");
      assertProblem(get(client, ADMIN_ROUTE, AUTHORIZATION, wrong), 403, "forbidden");
      assertProblem(get(client, ADMIN_ROUTE, AUTHORIZATION, wrong), 429, "admin-locked-out");
    });
  }

  @Test
  void aLockedOutAddressDoesNotLockOutAnother() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    JavalinTest.test(app(1, clock), (server, client) -> {
      String wrong = bearer(ApiFixture.ADMIN_TOKEN + "x");
      int port = server.port();
      assertEquals(403, LoopbackClient.send("127.0.0.6", port, "GET", ADMIN_ROUTE, AUTHORIZATION, wrong).status());
      assertEquals(429, LoopbackClient.send("127.0.0.6", port, "GET", ADMIN_ROUTE, AUTHORIZATION, wrong).status());
      assertEquals(200, LoopbackClient.send("127.0.0.7", port, "GET", ADMIN_ROUTE, AUTHORIZATION,
          bearer(ApiFixture.ADMIN_TOKEN)).status());
    });
  }
}
