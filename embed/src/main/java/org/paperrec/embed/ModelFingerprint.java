package org.paperrec.embed;

import java.util.Arrays;
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

  /**
   * Reads the one line {@link #toString()} writes. That line keeps only the first 12 hex digits of
   * the SHA-256, so the result has those as {@link #sha256()} and its {@code toString()} gives
   * {@code line} back; compare lines, not parsed fingerprints, with full ones.
   *
   * @throws IllegalArgumentException when {@code line} is not in that form
   */
  public static ModelFingerprint parse(String line) {
    String[] parts = line == null ? new String[0] : line.strip().split(" +");
    int n = parts.length;
    if (n < 4 || !parts[n - 2].matches("sha256:[0-9a-f]{1,64}") || !parts[n - 1].matches("dim=[1-9][0-9]{0,8}")) {
      throw new IllegalArgumentException(
          "not a model fingerprint; expected 'MODEL BUILD sha256:HEX dim=N' as 'paperrec stats' prints it, but got '"
              + line + "'");
    }
    String model = String.join(" ", Arrays.copyOfRange(parts, 0, n - 3));
    return new ModelFingerprint(
        model, parts[n - 3], parts[n - 2].substring("sha256:".length()),
        Integer.parseInt(parts[n - 1].substring("dim=".length())));
  }

  /** One line for people and for the store's meta data: {@code model build sha256:0123456789ab dim=384}. */
  @Override
  public String toString() {
    return model + " " + build + " sha256:" + sha256.substring(0, Math.min(12, sha256.length())) + " dim=" + dimension;
  }
}
