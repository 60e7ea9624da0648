package org.paperrec.recommend.profile;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of a stored profile. {@link #DEFAULTS} are what the server uses and the API documents.
 *
 * @param maxFeedback most likes and dislikes together per user; one more is refused with {@link
 *     ProfileFullException} (switching a like to a dislike or back is always allowed)
 * @param maxSeenPerCall most paper IDs in one {@link Profiles#seen} call
 * @param maxSeen most seen papers kept per user; beyond it the oldest are dropped
 * @param seenTtl how long a paper counts as seen: entries older than this are ignored (not shown,
 *     not excluded from recommendations) and deleted by the user's next {@link Profiles#seen} call
 */
public record ProfileLimits(int maxFeedback, int maxSeenPerCall, int maxSeen, Duration seenTtl) {

  /** Most likes and dislikes together per user by default. */
  public static final int DEFAULT_MAX_FEEDBACK = 10_000;

  /** Most seen papers kept per user by default. */
  public static final int DEFAULT_MAX_SEEN = 10_000;

  /** Most IDs in one seen call by default. */
  public static final int DEFAULT_MAX_SEEN_PER_CALL = 1_000;

  /** 10,000 likes and dislikes, 1,000 IDs per seen call, 10,000 seen papers kept for 30 days. */
  public static final ProfileLimits DEFAULTS =
      new ProfileLimits(DEFAULT_MAX_FEEDBACK, DEFAULT_MAX_SEEN_PER_CALL, DEFAULT_MAX_SEEN, Duration.ofDays(30));

  /**
   * The defaults with other totals per user: at most {@code maxFeedback} likes and dislikes and
   * {@code maxSeen} seen papers, so at most their sum of paper IDs in all.
   */
  public static ProfileLimits of(int maxFeedback, int maxSeen) {
    return new ProfileLimits(
        maxFeedback, Math.min(DEFAULT_MAX_SEEN_PER_CALL, Math.max(1, maxSeen)), maxSeen, DEFAULTS.seenTtl());
  }

  public ProfileLimits {
    Objects.requireNonNull(seenTtl, "seenTtl");
    if (maxFeedback < 1) {
      throw new IllegalArgumentException("maxFeedback must be positive; maxFeedback=" + maxFeedback);
    }
    if (maxSeenPerCall < 1 || maxSeenPerCall > maxSeen) {
      throw new IllegalArgumentException(
          "maxSeenPerCall must be between 1 and maxSeen=" + maxSeen + "; maxSeenPerCall=" + maxSeenPerCall);
    }
    if (seenTtl.isNegative() || seenTtl.isZero()) {
      throw new IllegalArgumentException("seenTtl must be positive; seenTtl=" + seenTtl);
    }
  }
}
