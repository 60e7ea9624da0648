package org.paperrec.recommend.profile;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A stored user's data as of one read.
 *
 * @param userId 32 lowercase hex digits
 * @param created when the user was created
 * @param likes liked papers, newest first
 * @param dislikes disliked papers, newest first; a paper is never both liked and disliked
 * @param seen papers reported seen, newest first: from {@link Profiles#profile} only those seen
 *     within {@link ProfileLimits#seenTtl()}, from {@link Profiles#export} every stored one
 */
public record Profile(String userId, Instant created, List<Entry> likes, List<Entry> dislikes, List<Entry> seen) {

  /**
   * A liked, disliked or seen paper.
   *
   * @param paperId normalised paper ID
   * @param time when the feedback was given (a like's first time; the last time a paper was seen),
   *     to the millisecond
   * @param inCorpus whether the paper was in the corpus when the profile was read; feedback on a
   *     paper that is not (yet) is kept, and counts once the paper arrives
   */
  public record Entry(String paperId, Instant time, boolean inCorpus) {

    public Entry {
      Objects.requireNonNull(paperId, "paperId");
      Objects.requireNonNull(time, "time");
    }
  }

  public Profile {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(created, "created");
    likes = List.copyOf(likes);
    dislikes = List.copyOf(dislikes);
    seen = List.copyOf(seen);
  }
}
