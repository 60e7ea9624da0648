package org.paperrec.server.http;

/**
 * How many requests one client may make, read once at start-up. A client is the socket's remote
 * address (an IPv6 address counts by its /64 prefix), and also the bearer token when the request
 * sends one: a request must fit the limit of both. {@code X-Forwarded-For} and similar headers are
 * never trusted, because any client can send them; behind a reverse proxy every request comes from
 * the proxy's address, so limit there instead or raise these. Each limit is a token bucket that holds
 * one period's worth of requests (the burst) and refills evenly over the period. {@code 0} turns a
 * limit off.
 *
 * @param signupsPerMinute {@code POST /v1/users} per address, per minute
 * @param writesPerSecond likes, dislikes, seen papers, deleting a user, paper upserts and deletes,
 *     backups: per address and per token, per second
 * @param queriesPerSecond search, similar papers, recommendations: per address and per token, per
 *     second
 * @param adminFailuresPerMinute requests with a wrong admin token per address, per minute; past it
 *     every admin request from that address is refused, the right token included, until the bucket
 *     refills
 */
public record RateLimitSettings(int signupsPerMinute, int writesPerSecond, int queriesPerSecond, int adminFailuresPerMinute) {

  /**
   * Ten sign-ups a minute: the extension and the web page create one user per browser, and a lab
   * behind one address can still sign everyone up within minutes.
   */
  public static final int DEFAULT_SIGNUPS_PER_MINUTE = 10;
  /** Twenty writes a second: far above clicking like, enough for a script's batch of upserts. */
  public static final int DEFAULT_WRITES_PER_SECOND = 20;
  /**
   * Twenty queries a second: a page shows one to three lists; one client gets about a third of what
   * two cores answer when every query embeds text.
   */
  public static final int DEFAULT_QUERIES_PER_SECOND = 20;
  /** Ten wrong admin tokens a minute: a person mistyping is not locked out, a guesser gets nowhere. */
  public static final int DEFAULT_ADMIN_FAILURES_PER_MINUTE = 10;

  /** The defaults above. */
  public static final RateLimitSettings DEFAULTS = new RateLimitSettings(DEFAULT_SIGNUPS_PER_MINUTE,
      DEFAULT_WRITES_PER_SECOND, DEFAULT_QUERIES_PER_SECOND, DEFAULT_ADMIN_FAILURES_PER_MINUTE);

  /** No limit at all: for tests and benchmarks that are not about limits. */
  public static final RateLimitSettings OFF = new RateLimitSettings(0, 0, 0, 0);

  public RateLimitSettings {
    requireNotNegative("signupsPerMinute", signupsPerMinute);
    requireNotNegative("writesPerSecond", writesPerSecond);
    requireNotNegative("queriesPerSecond", queriesPerSecond);
    requireNotNegative("adminFailuresPerMinute", adminFailuresPerMinute);
  }

  private static void requireNotNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be 0 (no limit) or more; " + name + "=" + value);
    }
  }
}
