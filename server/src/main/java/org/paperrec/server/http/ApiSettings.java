package org.paperrec.server.http;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Settings of the HTTP API, read once at start-up.
 *
 * @param adminToken the bearer token that admin routes ({@code POST /v1/papers}, {@code DELETE
 *     /v1/papers/{id}}) require, at least {@value #MIN_ADMIN_TOKEN_CHARS} characters; {@code null} or
 *     blank turns admin routes off (they answer 403 and never run unauthenticated)
 * @param allowedOrigins browser origins allowed by CORS besides browser extensions, matched exactly,
 *     e.g. {@code https://lab.example.org} (scheme, host and optional port; no path, no trailing
 *     slash)
 * @param rateLimits requests per client and period, see {@link RateLimitSettings}
 * @param openSignup whether anyone may create a user with {@code POST /v1/users}; when false it
 *     needs the admin token
 * @param transport deadlines for slow clients, worker threads and allowed Host names ({@link
 *     Transport#DEFAULTS} when null)
 */
public record ApiSettings(String adminToken, List<String> allowedOrigins, RateLimitSettings rateLimits,
    boolean openSignup, Transport transport) {

  /**
   * Shortest admin token: 32 characters, e.g. {@code openssl rand -hex 32} (64). The admin token is
   * a password that a script sends; with wrong guesses limited per address too, a random token this
   * long cannot be guessed, while a short word can.
   */
  public static final int MIN_ADMIN_TOKEN_CHARS = 32;

  private static final Pattern ORIGIN = Pattern.compile("[a-z][a-z0-9+.\\-]*://[^/\\s?#]+");

  public ApiSettings {
    // Environment values often end in a newline (a secret file, an .env line): compare without it.
    adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken.strip();
    if (adminToken != null && adminToken.length() < MIN_ADMIN_TOKEN_CHARS) {
      throw new IllegalArgumentException("PAPERREC_ADMIN_TOKEN must be at least " + MIN_ADMIN_TOKEN_CHARS
          + " characters; it has " + adminToken.length() + ": make one with 'openssl rand -hex 32'");
    }
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    rateLimits = rateLimits == null ? RateLimitSettings.DEFAULTS : rateLimits;
    transport = transport == null ? Transport.DEFAULTS : transport;
    for (String origin : allowedOrigins) {
      if (!ORIGIN.matcher(origin).matches()) {
        throw new IllegalArgumentException(
            "allowed origin must be scheme://host[:port] without path or trailing slash, e.g."
                + " https://lab.example.org; origin=" + origin);
      }
    }
  }

  /** The default rate limits ({@link RateLimitSettings#DEFAULTS}), open sign-up and the default {@link Transport}. */
  public ApiSettings(String adminToken, List<String> allowedOrigins) {
    this(adminToken, allowedOrigins, RateLimitSettings.DEFAULTS, true, Transport.DEFAULTS);
  }

  /** {@code rateLimits} and {@code openSignup} with the default {@link Transport}. */
  public ApiSettings(String adminToken, List<String> allowedOrigins, RateLimitSettings rateLimits, boolean openSignup) {
    this(adminToken, allowedOrigins, rateLimits, openSignup, Transport.DEFAULTS);
  }

  /** {@code transport} with the default rate limits and open sign-up. */
  public ApiSettings(String adminToken, List<String> allowedOrigins, Transport transport) {
    this(adminToken, allowedOrigins, RateLimitSettings.DEFAULTS, true, transport);
  }

  /** No admin token and no extra origins: read-only API for browser extensions and scripts. */
  public static ApiSettings readOnly() {
    return new ApiSettings(null, List.of());
  }

  public boolean adminEnabled() {
    return adminToken != null;
  }

  /** Never prints the token itself. */
  @Override
  public String toString() {
    return "ApiSettings[adminToken=" + (adminEnabled() ? "<set>" : "<none: admin routes off>")
        + ", allowedOrigins=" + allowedOrigins + ", rateLimits=" + rateLimits + ", openSignup=" + openSignup
        + ", transport=" + transport + "]";
  }
}
