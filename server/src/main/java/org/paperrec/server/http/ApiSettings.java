package org.paperrec.server.http;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Settings of the HTTP API, read once at start-up.
 *
 * @param adminToken the bearer token that admin routes ({@code POST /v1/papers}, {@code DELETE
 *     /v1/papers/{id}}) require; {@code null} or blank turns admin routes off (they answer 403 and
 *     never run unauthenticated)
 * @param allowedOrigins browser origins allowed by CORS besides browser extensions, matched exactly,
 *     e.g. {@code https://lab.example.org} (scheme, host and optional port; no path, no trailing
 *     slash)
 * @param transport deadlines for slow clients, worker threads and allowed Host names ({@link
 *     Transport#DEFAULTS} when null)
 */
public record ApiSettings(String adminToken, List<String> allowedOrigins, Transport transport) {

  private static final Pattern ORIGIN = Pattern.compile("[a-z][a-z0-9+.\\-]*://[^/\\s?#]+");

  public ApiSettings {
    // Environment values often end in a newline (a secret file, an .env line): compare without it.
    adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken.strip();
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    transport = transport == null ? Transport.DEFAULTS : transport;
    for (String origin : allowedOrigins) {
      if (!ORIGIN.matcher(origin).matches()) {
        throw new IllegalArgumentException(
            "allowed origin must be scheme://host[:port] without path or trailing slash, e.g."
                + " https://lab.example.org; origin=" + origin);
      }
    }
  }

  /** Settings with the default {@link Transport}. */
  public ApiSettings(String adminToken, List<String> allowedOrigins) {
    this(adminToken, allowedOrigins, Transport.DEFAULTS);
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
        + ", allowedOrigins=" + allowedOrigins + ", transport=" + transport + "]";
  }
}
