package org.paperrec.server.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The token of an {@code Authorization: Bearer <token>} header (RFC 6750), and its digest. */
final class BearerToken {

  private static final String SCHEME = "Bearer ";

  private BearerToken() {}

  /** The token of {@code header} when it uses the Bearer scheme (in any case), stripped; else null. */
  static String of(String header) {
    if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    return header.substring(SCHEME.length()).strip();
  }

  /** SHA-256 of the token's UTF-8 bytes: what is compared or kept instead of the token itself. */
  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
