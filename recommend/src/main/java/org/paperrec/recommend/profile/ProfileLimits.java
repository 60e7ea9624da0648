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

  /** 10,000 likes and dislikes, 1,000 IDs per seen call, 10,000 seen papers kept for 30 days. */
  public static final ProfileLimits DEFAULTS = new ProfileLimits(10_000, 1_000, 10_000, Duration.ofDays(30));

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
