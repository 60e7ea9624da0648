package org.paperrec.server.harvest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET requests to a remote repository, the way a polite harvester makes them: one at a time, at
 * least {@link Settings#politeness} apart (arXiv asks for one request every 3 seconds), with a
 * connect and a read timeout, retried with exponential backoff on a network failure or a 5xx, and
 * waiting as long as a 503 or 429 {@code Retry-After} asks (up to {@link Settings#maxRetryAfter}).
 * A body larger than {@link Settings#maxBodyBytes} is refused rather than held.
 *
 * <p>Not thread-safe: one harvest run uses one fetcher. The clock and the sleeper are injected so
 * that tests against a local server need not wait out real delays.
 */
public final class HttpFetcher {

  private static final Logger LOG = LoggerFactory.getLogger(HttpFetcher.class);

  /**
   * @param connectTimeout for the TCP and TLS connection
   * @param readTimeout for the whole response, headers and body
   * @param politeness least time between the starts of two requests
   * @param attempts tries per request, at least 1
   * @param backoff wait before the second try; doubled before each further one
   * @param maxRetryAfter the longest {@code Retry-After} obeyed; a longer one fails the request
   * @param maxBodyBytes the largest body read
   */
  public record Settings(Duration connectTimeout, Duration readTimeout, Duration politeness, int attempts,
      Duration backoff, Duration maxRetryAfter, long maxBodyBytes) {

    /** An OAI-PMH page of arXiv is a few MB; 64 MiB leaves room without letting a remote fill the heap. */
    public static final long DEFAULT_MAX_BODY_BYTES = 64L << 20;

    public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(20), Duration.ofSeconds(120),
        Duration.ofSeconds(3), 5, Duration.ofSeconds(5), Duration.ofMinutes(10), DEFAULT_MAX_BODY_BYTES);

    public Settings {
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(readTimeout, "readTimeout");
      Objects.requireNonNull(politeness, "politeness");
      Objects.requireNonNull(backoff, "backoff");
      Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
      if (attempts < 1 || politeness.isNegative() || backoff.isNegative() || maxBodyBytes < 1) {
        throw new IllegalArgumentException("attempts and maxBodyBytes must be positive, delays not negative");
      }
    }

    public Settings withPoliteness(Duration delay) {
      return new Settings(connectTimeout, readTimeout, delay, attempts, backoff, maxRetryAfter, maxBodyBytes);
    }
  }

  /** Waits; {@code Thread::sleep} in production. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());
  }

  /** A request that failed for good: after its last try, or at once for a 4xx. The message is one line. */
  public static final class FetchException extends Exception {
    private static final long serialVersionUID = 1L;

    FetchException(String message) {
      super(message, null, false, false);
    }
  }

  private final Settings settings;
  private final HttpClient client;
  private final Clock clock;
  private final Sleeper sleeper;
  private final String userAgent;
  private Instant lastRequest;

  public HttpFetcher(Settings settings, Clock clock, Sleeper sleeper) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.client = HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    String version = HttpFetcher.class.getPackage().getImplementationVersion();
    this.userAgent = "paperrec-harvester/" + (version == null ? "dev" : version) + " (self-hosted paper recommender)";
  }

  public static HttpFetcher create(Settings settings) {
    return new HttpFetcher(settings, Clock.systemUTC(), Sleeper.REAL);
  }

  /**
   * The body of a 200 response to GET {@code uri}.
   *
   * @throws FetchException when every try failed, the remote answered another 4xx, a {@code
   *     Retry-After} asked for longer than the limit, or the body is too large
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  public byte[] get(URI uri) throws FetchException, InterruptedException {
    Duration backoff = settings.backoff();
    String lastFailure = null;
    for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
      waitPolitely();
      Duration wait = backoff;
      try {
        HttpResponse<InputStream> response = client.send(
            HttpRequest.newBuilder(uri).timeout(settings.readTimeout()).header("User-Agent", userAgent).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        if (status == 200) {
          return body(uri, response);
        }
        response.body().close();
        lastFailure = "HTTP " + status;
        if (status == 503 || status == 429) {
          Optional<Duration> asked = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
          if (asked.isPresent()) {
            if (asked.get().compareTo(settings.maxRetryAfter()) > 0) {
              throw new FetchException("GET " + uri + ": " + status + " with Retry-After " + asked.get().toSeconds()
                  + " s, longer than the " + settings.maxRetryAfter().toSeconds() + " s paperrec waits");
            }
            wait = asked.get();
          }
        } else if (status < 500) {
          throw new FetchException("GET " + uri + ": HTTP " + status);
        }
      } catch (HttpTimeoutException e) {
        lastFailure = "timed out (" + e.getMessage() + ")";
      } catch (IOException e) {
        lastFailure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
      if (attempt < settings.attempts()) {
        LOG.info("GET {}: {}; retry {} of {} in {} s", uri, lastFailure, attempt, settings.attempts() - 1, wait.toSeconds());
        sleeper.sleep(wait);
        backoff = backoff.multipliedBy(2);
      }
    }
    throw new FetchException("GET " + uri + ": " + lastFailure + " after " + settings.attempts() + " tries");
  }

  private void waitPolitely() throws InterruptedException {
    Instant now = clock.instant();
    if (lastRequest != null) {
      Duration since = Duration.between(lastRequest, now);
      if (since.compareTo(settings.politeness()) < 0) {
        sleeper.sleep(settings.politeness().minus(since));
      }
    }
    lastRequest = clock.instant();
  }

  private byte[] body(URI uri, HttpResponse<InputStream> response) throws IOException, FetchException {
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxBodyBytes() + 1));
      if (bytes.length > settings.maxBodyBytes()) {
        throw new FetchException("GET " + uri + ": the response is larger than " + settings.maxBodyBytes() + " bytes");
      }
      return bytes;
    }
  }

  /** A {@code Retry-After} value: delay seconds or an HTTP date; empty when absent or unreadable. */
  Optional<Duration> retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String text = value.strip();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration until = Duration.between(clock.instant(), at);
        return Optional.of(until.isNegative() ? Duration.ZERO : until);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }
}
