package org.paperrec.recommend;

import java.time.Instant;
import java.util.Objects;

/**
 * A liked paper and when it was liked, for time decay of likes (see {@link
 * RecommendRequest#likeHalfLifeDays()}).
 *
 * @param id normalised paper ID
 * @param at when the reader liked it, or {@code null} when unknown (it then counts as liked now)
 */
public record Liked(String id, Instant at) {

  public Liked {
    Objects.requireNonNull(id, "id");
  }
}
