package org.paperrec.server.http;

import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Compressor;
import io.javalin.http.Context;
import io.javalin.http.Header;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paperrec.recommend.Library;

/**
 * Strong ETags for the public GET routes whose answer depends on nothing but the corpus and the
 * request ({@code GET /v1/papers/{id}}, {@code GET /v1/papers/{id}/similar}), and the {@code
 * If-None-Match} check that lets a handler answer 304 before it does any work.
 *
 * <p>An ETag is {@code "} + 16 base64url characters + {@code "}: the first 96 bits of SHA-256 over
 * these parts, each URL-encoded, one per line:
 *
 * <ol>
 *   <li>this instance's random tag: the library's change counter starts at 0 on every load, and
 *       the CLI may change the store between two runs;
 *   <li>{@link org.paperrec.recommend.Library#changeCount}, read before the query runs, so that an
 *       answer is never labelled with a newer corpus state than the one it was computed from;
 *   <li>today's date (UTC) by the recommender's clock: recency scores age papers by the day;
 *   <li>the route ({@code paper}, {@code similar}) and the normalised paper ID;
 *   <li>the query parameters, sorted by name, each name's values in the order sent;
 *   <li>the content coding the request's {@code Accept-Encoding} asks for ({@code gzip} or {@code
 *       identity}): a strong ETag names one representation, and the compressed bytes are another
 *       (RFC 9110, section 8.8.3). A request that accepts gzip gets the {@code gzip} tag even when
 *       its answer is too small to be compressed: two tags for the same bytes cost a cache miss,
 *       never a wrong 304.
 * </ol>
 *
 * <p>Responses with an ETag carry {@value #CACHE_CONTROL}; errors carry neither. A 304 carries the
 * 200's {@code Content-Type} ({@value #CONTENT_TYPE}) rather than Javalin's default {@code
 * text/plain}, which a cache could copy onto the stored answer. Thread-safe.
 */
final class ETags {

  static final String CACHE_CONTROL = "public, max-age=300";

  /** The media type of every answer that has an ETag. */
  static final String CONTENT_TYPE = "application/json";

  /** One entity tag of an {@code If-None-Match} list, weak or strong; group 1 is the opaque tag. */
  private static final Pattern ENTITY_TAG = Pattern.compile("(?:W/)?\"([^\"]*)\"");

  private final String instance;
  private final Library library;
  private final Clock clock;
  private final CompressionStrategy compression;

  /**
   * @param instance a random tag of this server instance
   * @param library the corpus: its change counter, and which papers exist
   * @param clock for today's date, UTC: the recommender's, so that the date changes when its
   *     recency scores do
   * @param compression the app's compression, to know which content coding a request gets
   */
  ETags(String instance, Library library, Clock clock, CompressionStrategy compression) {
    this.instance = instance;
    this.library = library;
    this.clock = clock;
    this.compression = compression;
  }

  /**
   * The ETag of the answer to {@code ctx}, a request for {@code route} of paper {@code paperId}.
   * Call it after the request is validated and before the query runs.
   */
  String of(Context ctx, String route, String paperId) {
    StringBuilder canonical = new StringBuilder()
        .append(encode(instance)).append('\n')
        .append(library.changeCount()).append('\n')
        .append(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)).append('\n')
        .append(encode(route)).append('\n')
        .append(encode(paperId)).append('\n');
    for (Map.Entry<String, List<String>> parameter : new TreeMap<>(ctx.queryParamMap()).entrySet()) {
      for (String value : parameter.getValue()) {
        canonical.append(encode(parameter.getKey())).append('=').append(encode(value)).append('&');
      }
    }
    canonical.append('\n').append(contentCoding(ctx));
    return "\"" + hash(canonical.toString()) + "\"";
  }

  /**
   * Answers 304 (no body, with {@code etag}, the cache headers and {@value #CONTENT_TYPE}) when
   * paper {@code paperId} exists and the request's {@code If-None-Match} matches {@code etag}. Only
   * a paper that exists has a current answer to match: {@code If-None-Match: *} matches any, and an
   * unknown paper must get its 404.
   *
   * @return true when the request is answered
   */
  boolean notModified(Context ctx, String etag, String paperId) {
    List<String> conditions = Collections.list(ctx.req().getHeaders(Header.IF_NONE_MATCH));
    if (!matchesAny(conditions, etag) || !library.contains(paperId)) {
      return false;
    }
    cacheable(ctx, etag);
    ctx.status(304).contentType(CONTENT_TYPE);
    return true;
  }

  /** Marks a 200 answer as cacheable with {@code etag}. */
  void cacheable(Context ctx, String etag) {
    ctx.header(Header.ETAG, etag).header(Header.CACHE_CONTROL, CACHE_CONTROL);
  }

  /**
   * Whether {@code If-None-Match} field values match {@code etag}: {@code *}, or a list with an
   * entity tag whose opaque tag equals {@code etag}'s, weak ({@code W/"..."}) or not. RFC 9110,
   * section 13.1.2 asks for the weak comparison here.
   */
  static boolean matchesAny(List<String> ifNoneMatch, String etag) {
    String opaque = etag.substring(1, etag.length() - 1);
    for (String value : ifNoneMatch) {
      if (value.strip().equals("*")) {
        return true;
      }
      Matcher m = ENTITY_TAG.matcher(value);
      while (m.find()) {
        if (m.group(1).equals(opaque)) {
          return true;
        }
      }
    }
    return false;
  }

  private String contentCoding(Context ctx) {
    String acceptEncoding = ctx.header(Header.ACCEPT_ENCODING);
    Compressor compressor = compression.findMatchingCompressor(acceptEncoding == null ? "" : acceptEncoding);
    return compressor == null ? "identity" : compressor.encoding();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String hash(String canonical) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
