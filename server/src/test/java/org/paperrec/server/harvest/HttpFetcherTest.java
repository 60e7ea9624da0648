package org.paperrec.server.harvest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.paperrec.server.harvest.RemoteStub.Reply;

/** {@link HttpFetcher} against a real local HTTP server; the sleeper records waits instead of waiting them out. */
class HttpFetcherTest {

  private final List<Duration> sleeps = new ArrayList<>();

  private HttpFetcher fetcher(Duration politeness, Duration readTimeout) {
    HttpFetcher.Settings settings = new HttpFetcher.Settings(Duration.ofSeconds(2), readTimeout, politeness, 3,
        Duration.ofSeconds(5), Duration.ofMinutes(10), 1024);
    return new HttpFetcher(settings, Clock.systemUTC(), sleeps::add);
  }

  @Test
  void a503WithRetryAfterIsWaitedOutThenTheBodyReturned() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (RemoteStub remote = new RemoteStub(q -> calls.incrementAndGet() == 1
        ? Reply.status(503, Map.of("Retry-After", "7"))
        : Reply.xml("<ok/>"))) {
      byte[] body = fetcher(Duration.ZERO, Duration.ofSeconds(5)).get(remote.uri("/oai"));
      assertArrayEquals("<ok/>".getBytes(StandardCharsets.UTF_8), body);
      assertEquals(List.of(Duration.ofSeconds(7)), sleeps, "the Retry-After, not the backoff");
    }
  }

  @Test
  void serverErrorsAreRetriedWithDoublingBackoffAndThenFail() throws Exception {
    try (RemoteStub remote = new RemoteStub(q -> Reply.status(500, Map.of()))) {
      var e = assertThrows(HttpFetcher.FetchException.class,
          () -> fetcher(Duration.ZERO, Duration.ofSeconds(5)).get(remote.uri("/oai")));
      assertEquals(3, remote.requests().size());
      assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(10)), sleeps);
      assertTrue(e.getMessage().endsWith("HTTP 500 after 3 tries"), e.getMessage());
    }
  }

  @Test
  void aClientErrorIsNotRetriedAndALongRetryAfterIsRefused() throws Exception {
    try (RemoteStub remote = new RemoteStub(q -> Reply.status(404, Map.of()))) {
      assertThrows(HttpFetcher.FetchException.class, () -> fetcher(Duration.ZERO, Duration.ofSeconds(5)).get(remote.uri("/x")));
      assertEquals(1, remote.requests().size());
    }
    try (RemoteStub remote = new RemoteStub(q -> Reply.status(503, Map.of("Retry-After", "86400")))) {
      var e = assertThrows(HttpFetcher.FetchException.class,
          () -> fetcher(Duration.ZERO, Duration.ofSeconds(5)).get(remote.uri("/x")));
      assertTrue(e.getMessage().contains("Retry-After 86400 s"), e.getMessage());
      assertEquals(1, remote.requests().size());
    }
  }

  @Test
  void aRemoteThatDoesNotAnswerTimesOutOnEachTry() throws Exception {
    try (RemoteStub remote = new RemoteStub(q -> new Reply(200, Map.of(), new byte[] {1}, 3_000))) {
      var e = assertThrows(HttpFetcher.FetchException.class,
          () -> fetcher(Duration.ZERO, Duration.ofMillis(300)).get(remote.uri("/slow")));
      assertTrue(e.getMessage().contains("timed out"), e.getMessage());
      assertEquals(3, remote.requests().size());
    }
  }

  @Test
  void aBodyOverTheLimitIsRefused() throws Exception {
    try (RemoteStub remote = new RemoteStub(q -> Reply.xml("x".repeat(2000)))) {
      var e = assertThrows(HttpFetcher.FetchException.class,
          () -> fetcher(Duration.ZERO, Duration.ofSeconds(5)).get(remote.uri("/big")));
      assertTrue(e.getMessage().contains("larger than 1024 bytes"), e.getMessage());
    }
  }

  @Test
  void requestsAreSpacedByThePolitenessDelay() throws Exception {
    try (RemoteStub remote = new RemoteStub(q -> Reply.xml("<ok/>"))) {
      HttpFetcher fetcher = fetcher(Duration.ofSeconds(3), Duration.ofSeconds(5));
      fetcher.get(remote.uri("/a"));
      assertEquals(List.of(), sleeps, "the first request goes at once");
      fetcher.get(remote.uri("/b"));
      assertEquals(1, sleeps.size());
      Duration waited = sleeps.get(0);
      assertTrue(waited.compareTo(Duration.ofSeconds(2)) > 0 && waited.compareTo(Duration.ofSeconds(3)) <= 0,
          "about 3 s less the time the first request took: " + waited);
    }
  }

  @Test
  void retryAfterAsAnHttpDate() {
    HttpFetcher fetcher = new HttpFetcher(HttpFetcher.Settings.DEFAULTS,
        Clock.fixed(java.time.Instant.parse("2026-12-02T21:00:00Z"), java.time.ZoneOffset.UTC), sleeps::add);
    assertEquals(Duration.ofSeconds(90), fetcher.retryAfter("Wed, 02 Dec 2026 21:01:30 GMT").orElseThrow());
    assertTrue(fetcher.retryAfter("soon").isEmpty());
  }
}
