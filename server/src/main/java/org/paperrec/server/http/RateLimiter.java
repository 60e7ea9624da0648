package org.paperrec.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.Header;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The rate limits of {@link RateLimitSettings}: one Bucket4j token bucket per client and limit,
 * kept in a Caffeine cache of at most {@value #MAX_CLIENTS} clients per limit, so that a flood of
 * addresses or made-up tokens cannot grow memory without bound (an evicted client starts again with
 * a full bucket, which only ever loosens its limit). A bucket that has been idle for one period is
 * full again and is dropped. A refused request gets 429 with {@code Retry-After} in whole seconds.
 *
 * <p>Clients are told apart by the socket's remote address, never by {@code X-Forwarded-For} (see
 * {@link RateLimitSettings}); an IPv6 address counts by its /64, the block one host usually has.
 * Thread-safe.
 */
final class RateLimiter {

  /**
   * Most clients (addresses and tokens together) remembered per limit: about 400 bytes each with
   * key, bucket and cache entry (measured on Java 17), so at most about 8 MiB per limit.
   */
  static final int MAX_CLIENTS = 20_000;

  /**
   * The request attribute that names the limit a refused request ran into ({@code sign-ups},
   * {@code writes}, {@code queries}, {@code wrong admin tokens}), for the metrics of {@link RequestLog}.
   */
  static final String REFUSED_BY = "paperrec.rate-limit";

  private final Map<Routes.Limit, Rule> rules = new EnumMap<>(Routes.Limit.class);
  private final Rule adminFailures;

  /**
   * @param clock the time buckets refill by; tests pass one they move
   */
  RateLimiter(RateLimitSettings settings, Clock clock) {
    TimeMeter time = timeMeter(clock);
    put(Routes.Limit.SIGNUP, Rule.of(ProblemType.RATE_LIMITED, "sign-ups", settings.signupsPerMinute(), Duration.ofMinutes(1), "--rate-signups",
        "PAPERREC_RATE_SIGNUPS", time));
    put(Routes.Limit.WRITE, Rule.of(ProblemType.RATE_LIMITED, "writes", settings.writesPerSecond(), Duration.ofSeconds(1), "--rate-writes",
        "PAPERREC_RATE_WRITES", time));
    put(Routes.Limit.QUERY, Rule.of(ProblemType.RATE_LIMITED, "queries", settings.queriesPerSecond(), Duration.ofSeconds(1), "--rate-queries",
        "PAPERREC_RATE_QUERIES", time));
    adminFailures = Rule.of(ProblemType.ADMIN_LOCKED_OUT, "wrong admin tokens", settings.adminFailuresPerMinute(), Duration.ofMinutes(1),
        "--rate-admin-failures", "PAPERREC_RATE_ADMIN_FAILURES", time);
  }

  /** No limits. */
  static RateLimiter off() {
    return new RateLimiter(RateLimitSettings.OFF, Clock.systemUTC());
  }

  private void put(Routes.Limit limit, Rule rule) {
    if (rule != null) {
      rules.put(limit, rule);
    }
  }

  /**
   * {@code handler}, run only when the request fits {@code limit} for its address and, if it sends
   * a bearer token, for that token too. Runs before authentication, so requests with wrong tokens
   * count as well.
   */
  Handler guard(Routes.Limit limit, Handler handler) {
    Rule rule = rules.get(limit);
    if (rule == null) {
      return handler;
    }
    return ctx -> {
      rule.take(ctx, clientAddress(ctx), "from this address");
      String token = tokenKey(ctx);
      if (token != null) {
        rule.take(ctx, token, "with this token");
      }
      handler.handle(ctx);
    };
  }

  /**
   * Counts an attempt with an admin token from the request's address, or refuses it with 429 when
   * the address has used up its wrong attempts; call {@link #adminTokenAccepted} when the token is
   * right. Counting before the comparison means parallel guesses cannot slip past the limit.
   */
  void adminAttempt(Context ctx) {
    if (adminFailures != null) {
      adminFailures.take(ctx, clientAddress(ctx), "from this address");
    }
  }

  /** Gives back the attempt {@link #adminAttempt} counted: only wrong tokens use up the allowance. */
  void adminTokenAccepted(Context ctx) {
    if (adminFailures != null) {
      Bucket bucket = adminFailures.buckets.getIfPresent(clientAddress(ctx));
      if (bucket != null) {
        bucket.addTokens(1);
      }
    }
  }

  /**
   * For tests: takes one request of {@code limit} from {@code client} (a key as {@link #clientAddress}
   * makes them) and returns 0, or the seconds until the client may send again.
   */
  long take(Routes.Limit limit, String client) {
    Rule rule = rules.get(limit);
    return rule == null ? 0 : rule.take(client);
  }

  /** For tests: how many clients {@code limit} remembers now. */
  long clients(Routes.Limit limit) {
    Rule rule = rules.get(limit);
    if (rule == null) {
      return 0;
    }
    rule.buckets.cleanUp();
    return rule.buckets.estimatedSize();
  }

  /** One limit: its bucket shape, the setting that changes it, and the buckets of its clients. */
  private static final class Rule {
    final String what;
    final int perPeriod;
    final Duration period;
    final String option;
    final String env;
    final Bandwidth bandwidth;
    final TimeMeter time;
    final Cache<String, Bucket> buckets;
    final ProblemType type;

    private Rule(ProblemType type, String what, int perPeriod, Duration period, String option, String env, TimeMeter time) {
      this.type = type;
      this.what = what;
      this.perPeriod = perPeriod;
      this.period = period;
      this.option = option;
      this.env = env;
      this.time = time;
      // The burst is one period's worth; greedy refill spreads the period's requests evenly.
      this.bandwidth = Bandwidth.builder().capacity(perPeriod).refillGreedy(perPeriod, period).build();
      this.buckets = Caffeine.newBuilder()
          .maximumSize(MAX_CLIENTS)
          .expireAfterAccess(period)
          .ticker(time::currentTimeNanos)
          .build();
    }

    /** The rule, or null when {@code perPeriod} is 0 (no limit). */
    static Rule of(
        ProblemType type, String what, int perPeriod, Duration period, String option, String env, TimeMeter time) {
      return perPeriod == 0 ? null : new Rule(type, what, perPeriod, period, option, env, time);
    }

    /** Takes one request from {@code client}'s bucket: 0 if there was one, else the seconds until one refills. */
    long take(String client) {
      Bucket bucket = buckets.get(client, k -> Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(time).build());
      ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
      if (probe.isConsumed()) {
        return 0;
      }
      return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }

    /** {@link #take(String)}, or a 429 problem with {@code Retry-After} when there was none. */
    void take(Context ctx, String client, String whose) {
      long seconds = take(client);
      if (seconds == 0) {
        return;
      }
      ctx.header(Header.RETRY_AFTER, Long.toString(seconds));
      ctx.attribute(REFUSED_BY, what);
      String unit = period.equals(Duration.ofMinutes(1)) ? "a minute" : "a second";
      throw new ProblemException(
          type,
          "too many " + what + " " + whose + ": at most " + perPeriod + " " + unit + "; retry in " + seconds + " s"
              + " (Retry-After). The server's operator sets this limit with " + option + " or " + env);
    }
  }

  /**
   * The client as the socket sees it: an IPv4 address as it is, an IPv6 address by its first 64
   * bits (one host's usual block, of which it can use any address).
   */
  static String clientAddress(Context ctx) {
    String address = ctx.req().getRemoteAddr();
    if (address == null || address.indexOf(':') < 0) {
      return "ip:" + address;
    }
    String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    try {
      // A numeric literal: getByName parses it and never asks DNS.
      InetAddress parsed = InetAddress.getByName(literal);
      if (parsed instanceof Inet6Address) {
        byte[] prefix = new byte[8];
        System.arraycopy(parsed.getAddress(), 0, prefix, 0, 8);
        return "ip6/64:" + HexFormat.of().formatHex(prefix);
      }
      return "ip:" + parsed.getHostAddress();
    } catch (UnknownHostException e) {
      return "ip:" + address;
    }
  }

  /** A key for the request's bearer token (a hash: tokens are not kept in memory), or null. */
  private static String tokenKey(Context ctx) {
    String token = BearerToken.of(ctx.header(Header.AUTHORIZATION));
    return token == null ? null : "token:" + Base64.getEncoder().encodeToString(BearerToken.sha256(token));
  }

  /** Bucket4j's time source over {@code clock}, in nanoseconds since the epoch. */
  private static TimeMeter timeMeter(Clock clock) {
    return new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }
}
