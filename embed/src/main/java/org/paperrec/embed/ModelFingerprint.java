package org.paperrec.embed;

import java.util.Objects;

/**
 * Identifies the model behind a set of vectors: vectors are comparable only when their
 * fingerprints are equal.
 *
 * @param model model name, e.g. {@code sentence-transformers/all-MiniLM-L6-v2}
 * @param build model build, e.g. {@code int8} or {@code fp32}
 * @param sha256 hex SHA-256 of the model file
 * @param dimension number of vector components
 */
public record ModelFingerprint(String model, String build, String sha256, int dimension) {

  public ModelFingerprint {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(build, "build");
    Objects.requireNonNull(sha256, "sha256");
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive; dimension=" + dimension);
    }
  }

  /** One line for people and for the store's meta data: {@code model build sha256:0123456789ab dim=384}. */
  @Override
  public String toString() {
    return model + " " + build + " sha256:" + sha256.substring(0, Math.min(12, sha256.length())) + " dim=" + dimension;
  }
}
