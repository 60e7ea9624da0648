package org.paperrec.server.http;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Header;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads JSON request bodies within a size limit. Refuses a body that is not declared as JSON (415),
 * is sent with a {@code Content-Encoding} (415), or is larger than the route's limit (413), before
 * parsing it; parse errors propagate as Jackson exceptions for {@link ProblemMapper} to describe. A
 * body the client breaks off is answered 400 and logged in one line. Thread-safe.
 *
 * <p>Compressed bodies are refused rather than decoded: every body is small (at most {@link
 * Limits#PAPERS_BODY_BYTES}, queries 1 MiB), so gzip saves a client little, while decoding would
 * need a second limit on the decoded size (a 16 MiB gzip body can inflate to gigabytes) and a
 * second code path for every route. RFC 9110 (section 8.4.1) allows 415 for a content coding the
 * server does not accept, and RFC 7694 asks it to list what it accepts: {@code Accept-Encoding:
 * identity}.
 */
final class RequestBodies {

  private static final Logger LOG = LoggerFactory.getLogger(RequestBodies.class);

  private final ObjectMapper json;

  RequestBodies(ObjectMapper json) {
    this.json = json;
  }

  /** The body parsed as {@code type}. */
  <T> T read(Context ctx, Class<T> type, long maxBytes) throws IOException {
    return read(bytes(ctx, maxBytes), type);
  }

  /**
   * The body parsed as {@code type}, or {@code whenEmpty} when the request has no body: a body that
   * is all optional needs none, and then no Content-Type either.
   */
  <T> T readOrDefault(Context ctx, Class<T> type, long maxBytes, T whenEmpty) throws IOException {
    byte[] body = readAtMost(ctx, maxBytes);
    if (body.length == 0) {
      return whenEmpty;
    }
    checkJsonContentType(ctx);
    return read(body, type);
  }

  /**
   * The body of a route that takes no members: {@code {}} or nothing, but declared as JSON either
   * way. The declaration is the point: a web page can send a form or {@code text/plain} POST to any
   * site without asking, while {@code Content-Type: application/json} needs a CORS preflight, which
   * {@link Cors} grants only to browser extensions and the configured origins.
   */
  void readNoMembers(Context ctx, long maxBytes) throws IOException {
    // Read first, as bytes() does: a refusal over an unread body breaks a kept-alive connection.
    byte[] body = readAtMost(ctx, maxBytes);
    if (!isJson(ctx.contentType())) {
      throw new ProblemException(
          ProblemType.UNSUPPORTED_MEDIA_TYPE,
          ctx.method() + " " + ctx.path() + " needs 'Content-Type: application/json' (with {} or no body), so that"
              + " no web page can send it from a visitor's browser; Content-Type="
              + (ctx.contentType() == null ? "(none)" : ctx.contentType()));
    }
    if (firstToken(body) < 0) {
      return;
    }
    JsonNode node = parse(body, json.constructType(JsonNode.class));
    if (!node.isObject() || !node.isEmpty()) {
      throw new IllegalArgumentException(
          ctx.method() + " " + ctx.path() + " takes no members: send {} or no body");
    }
  }

  private <T> T read(byte[] body, Class<T> type) throws IOException {
    if (type.isArray() && firstToken(body) != '[') {
      // Jackson reports a scalar for an array type (String[]) as a bad class definition, a 500.
      throw new ProblemException(ProblemType.MALFORMED_JSON, "the request body must be a JSON array");
    }
    T value = parse(body, json.constructType(type));
    if (value == null) {
      throw new ProblemException(ProblemType.MALFORMED_JSON, "the request body is null; send a JSON object");
    }
    return value;
  }

  /**
   * The body as a list: a JSON array of {@code type}, or a single object of it (then {@code
   * single()} is true). Elements are never null.
   */
  <T> Items<T> readOneOrMany(Context ctx, Class<T> type, long maxBytes) throws IOException {
    byte[] body = bytes(ctx, maxBytes);
    if (firstToken(body) != '[') {
      return new Items<>(List.of(read(body, type)), true);
    }
    List<T> items = parse(body, json.getTypeFactory().constructCollectionType(List.class, type));
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) == null) {
        throw new ProblemException(ProblemType.MALFORMED_JSON, "element [" + i + "] is null; send a JSON object");
      }
    }
    return new Items<>(items, false);
  }

  private <T> T parse(byte[] body, JavaType type) throws IOException {
    try {
      return json.readValue(body, type);
    } catch (CharConversionException e) {
      // NUL bytes at the start make Jackson read UTF-16 or UTF-32, whose decoder throws this I/O error.
      throw new ProblemException(ProblemType.MALFORMED_JSON, "the request body is not JSON in UTF-8: " + e.getMessage());
    }
  }

  /** What {@link #readOneOrMany} read; {@code single} when the body was one object, not an array. */
  record Items<T>(List<T> items, boolean single) {}

  /** The raw body: JSON by its Content-Type, not empty, at most {@code maxBytes} long. */
  byte[] bytes(Context ctx, long maxBytes) throws IOException {
    // Read first: answering 415 over an unread body left a kept-alive connection that the next
    // request on it found closed, without an answer.
    byte[] body = readAtMost(ctx, maxBytes);
    checkJsonContentType(ctx);
    if (body.length == 0) {
      throw new ProblemException(ProblemType.MALFORMED_JSON, "the request body is empty; send a JSON object");
    }
    return body;
  }

  /**
   * The raw body, possibly empty; 413 when it is longer than {@code maxBytes}, 415 when it has a
   * content coding, 400 when the client breaks it off.
   */
  private static byte[] readAtMost(Context ctx, long maxBytes) {
    checkNoContentEncoding(ctx);
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(ctx, maxBytes, declared);
    }
    byte[] body;
    try (InputStream in = ctx.bodyInputStream()) {
      body = in.readNBytes((int) maxBytes + 1);
    } catch (IOException e) {
      // The client closed or broke the connection mid-body (Jetty: "Early EOF"), or sent a broken
      // chunk: its mistake or its network's, never a server error, and anyone can repeat it, so one
      // line without a stack trace. The answer most likely reaches no one.
      LOG.info("{} {}: the request body broke off before its end: {}", ctx.method(), ctx.path(), e.getMessage());
      throw new ProblemException(
          ProblemType.INVALID_REQUEST,
          "the request body broke off before its end (" + (declared >= 0 ? "Content-Length: " + declared : "chunked")
              + "); send the whole body");
    }
    if (body.length > maxBytes) {
      throw tooLarge(ctx, maxBytes, -1);
    }
    return body;
  }

  private static int firstToken(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return b;
      }
    }
    return -1;
  }

  /** Whether {@code contentType} is {@code application/json} or {@code application/*+json}, any parameters. */
  private static boolean isJson(String contentType) {
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
  }

  /** Any {@code Content-Encoding} other than {@code identity} is refused; see the class comment. */
  private static void checkNoContentEncoding(Context ctx) {
    String encoding = ctx.header(Header.CONTENT_ENCODING);
    if (encoding == null || encoding.isBlank() || encoding.strip().equalsIgnoreCase("identity")) {
      return;
    }
    ctx.header(Header.ACCEPT_ENCODING, "identity");
    throw new ProblemException(
        ProblemType.UNSUPPORTED_MEDIA_TYPE,
        "the request body must be sent uncompressed: this server does not decode 'Content-Encoding: "
            + Validation.abbreviate(encoding.strip()) + "'; send the JSON as it is, without a Content-Encoding header");
  }

  private static void checkJsonContentType(Context ctx) {
    String contentType = ctx.contentType();
    if (!isJson(contentType)) {
      throw new ProblemException(
          ProblemType.UNSUPPORTED_MEDIA_TYPE,
          "the request body must be JSON sent with 'Content-Type: application/json'; Content-Type="
              + (contentType == null ? "(none)" : contentType));
    }
  }

  /** {@code 16 MiB} or {@code 8 KiB}: a limit of less than a MiB is not "0 MiB". */
  private static String size(long bytes) {
    return bytes >= 1L << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
  }

  private static ProblemException tooLarge(Context ctx, long maxBytes, long declared) {
    return new ProblemException(
        ProblemType.BODY_TOO_LARGE,
        ctx.method() + " " + ctx.path() + " accepts bodies of at most " + size(maxBytes) + " ("
            + maxBytes + " bytes)" + (declared > 0 ? "; this one has " + declared + " bytes" : "")
            + ": send fewer or shorter items per request");
  }
}
