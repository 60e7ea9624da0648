package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The limiter's memory: a flood of clients (addresses or made-up tokens) keeps at most {@link
 * RateLimiter#MAX_CLIENTS} buckets per limit, and idle buckets go. Real Bucket4j and Caffeine; the
 * HTTP side is {@link RateLimitsTest}'s.
 */
class RateLimiterTest {

  @Test
  void aFloodOfClientsKeepsAtMostMaxClientsBuckets() {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    RateLimiter limiter = new RateLimiter(new RateLimitSettings(0, 0, 5, 0), clock);
    int flood = RateLimiter.MAX_CLIENTS * 3;
    for (int i = 0; i < flood; i++) {
      assertEquals(0, limiter.take(Routes.Limit.QUERY, "token:" + i), "a new client has a full bucket");
    }
    long kept = limiter.clients(Routes.Limit.QUERY);
    assertTrue(kept <= RateLimiter.MAX_CLIENTS, kept + " buckets kept after " + flood + " clients");
  }

  @Test
  void aBucketIdleForOnePeriodIsDroppedAndAClientFoundAgainStartsFull() {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    RateLimiter limiter = new RateLimiter(new RateLimitSettings(2, 0, 0, 0), clock);
    assertEquals(0, limiter.take(Routes.Limit.SIGNUP, "ip:127.0.0.1"));
    assertEquals(0, limiter.take(Routes.Limit.SIGNUP, "ip:127.0.0.1"));
    assertEquals(30, limiter.take(Routes.Limit.SIGNUP, "ip:127.0.0.1"), "two a minute: one every 30 s");
    assertEquals(1, limiter.clients(Routes.Limit.SIGNUP));
    clock.advance(Duration.ofMinutes(1).plusMillis(1));
    assertEquals(0, limiter.clients(Routes.Limit.SIGNUP), "an idle full bucket is not kept");
    assertEquals(0, limiter.take(Routes.Limit.SIGNUP, "ip:127.0.0.1"));
  }

  @Test
  void aLimitOfZeroKeepsNoBuckets() {
    RateLimiter limiter = new RateLimiter(RateLimitSettings.OFF, new MutableClock(Instant.EPOCH));
    for (int i = 0; i < 100; i++) {
      assertEquals(0, limiter.take(Routes.Limit.WRITE, "ip:127.0.0." + i));
    }
    assertEquals(0, limiter.clients(Routes.Limit.WRITE));
  }
}
