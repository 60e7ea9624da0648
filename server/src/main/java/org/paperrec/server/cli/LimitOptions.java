package org.paperrec.server.cli;

import org.paperrec.recommend.profile.ProfileLimits;
import org.paperrec.server.http.RateLimitSettings;
import picocli.CommandLine.Option;

/**
 * The server's limits against abuse: rate limits per client, who may create users, and what one
 * user may store. docs/RELIABILITY.md ("Limits and abuse") says why each default is what it is.
 */
final class LimitOptions {

  @Option(
      names = "--rate-signups",
      paramLabel = "N",
      defaultValue = "${env:PAPERREC_RATE_SIGNUPS:-" + RateLimitSettings.DEFAULT_SIGNUPS_PER_MINUTE + "}",
      description = "Users one client address may create a minute (POST /v1/users); 0: no limit."
          + " Env PAPERREC_RATE_SIGNUPS. Default: ${DEFAULT-VALUE}.")
  int signupsPerMinute;

  @Option(
      names = "--rate-writes",
      paramLabel = "N",
      defaultValue = "${env:PAPERREC_RATE_WRITES:-" + RateLimitSettings.DEFAULT_WRITES_PER_SECOND + "}",
      description = "Writes (likes, dislikes, seen, user deletion, paper upserts and deletes, backups) a second per client"
          + " address and per token; 0: no limit. Env PAPERREC_RATE_WRITES. Default: ${DEFAULT-VALUE}.")
  int writesPerSecond;

  @Option(
      names = "--rate-queries",
      paramLabel = "N",
      defaultValue = "${env:PAPERREC_RATE_QUERIES:-" + RateLimitSettings.DEFAULT_QUERIES_PER_SECOND + "}",
      description = "Queries (search, similar papers, recommendations) a second per client address and per token;"
          + " 0: no limit. Env PAPERREC_RATE_QUERIES. Default: ${DEFAULT-VALUE}.")
  int queriesPerSecond;

  @Option(
      names = "--rate-admin-failures",
      paramLabel = "N",
      defaultValue = "${env:PAPERREC_RATE_ADMIN_FAILURES:-" + RateLimitSettings.DEFAULT_ADMIN_FAILURES_PER_MINUTE + "}",
      description = "Wrong admin tokens one client address may send a minute; past it its admin requests get 429."
          + " 0: no limit. Env PAPERREC_RATE_ADMIN_FAILURES. Default: ${DEFAULT-VALUE}.")
  int adminFailuresPerMinute;

  @Option(
      names = "--open-signup",
      paramLabel = "true|false",
      arity = "1",
      defaultValue = "${env:PAPERREC_OPEN_SIGNUP:-true}",
      description = "Whether anyone may create a user with POST /v1/users; false: only with the admin token."
          + " Env PAPERREC_OPEN_SIGNUP. Default: ${DEFAULT-VALUE}.")
  boolean openSignup;

  @Option(
      names = "--max-feedback",
      paramLabel = "N",
      defaultValue = "${env:PAPERREC_MAX_FEEDBACK:-" + ProfileLimits.DEFAULT_MAX_FEEDBACK + "}",
      description = "Likes and dislikes one user may keep; one more is refused with 409 until some are removed."
          + " Env PAPERREC_MAX_FEEDBACK. Default: ${DEFAULT-VALUE}.")
  int maxFeedback;

  @Option(
      names = "--max-seen",
      paramLabel = "N",
      defaultValue = "${env:PAPERREC_MAX_SEEN:-" + ProfileLimits.DEFAULT_MAX_SEEN + "}",
      description = "Seen papers one user keeps; beyond it the oldest are dropped. Env PAPERREC_MAX_SEEN."
          + " Default: ${DEFAULT-VALUE}.")
  int maxSeen;

  RateLimitSettings rateLimits() {
    notNegative("--rate-signups", signupsPerMinute);
    notNegative("--rate-writes", writesPerSecond);
    notNegative("--rate-queries", queriesPerSecond);
    notNegative("--rate-admin-failures", adminFailuresPerMinute);
    return new RateLimitSettings(signupsPerMinute, writesPerSecond, queriesPerSecond, adminFailuresPerMinute);
  }

  ProfileLimits profileLimits() {
    if (maxFeedback < 1) {
      throw new IllegalArgumentException("--max-feedback must be at least 1; --max-feedback=" + maxFeedback);
    }
    if (maxSeen < 1) {
      throw new IllegalArgumentException("--max-seen must be at least 1; --max-seen=" + maxSeen);
    }
    return ProfileLimits.of(maxFeedback, maxSeen);
  }

  private static void notNegative(String option, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(option + " must be 0 (no limit) or more; " + option + "=" + value);
    }
  }
}
