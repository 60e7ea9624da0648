package org.paperrec.server.http;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * Reads JSON request bodies within a size limit. Refuses a body that is not declared as JSON (415)
 * or is larger than the route's limit (413), before parsing it; parse errors propagate as Jackson
 * exceptions for {@link ProblemMapper} to describe. Thread-safe.
 */
final class RequestBodies {

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

  /** The raw body, possibly empty; 413 when it is longer than {@code maxBytes}. */
  private static byte[] readAtMost(Context ctx, long maxBytes) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(ctx, maxBytes, declared);
    }
    byte[] body;
    try (InputStream in = ctx.bodyInputStream()) {
      body = in.readNBytes((int) maxBytes + 1);
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

  private static void checkJsonContentType(Context ctx) {
    String contentType = ctx.contentType();
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json") && !(mediaType.startsWith("application/") && mediaType.endsWith("+json"))) {
      throw new ProblemException(
          ProblemType.UNSUPPORTED_MEDIA_TYPE,
          "the request body must be JSON sent with 'Content-Type: application/json'; Content-Type="
              + (contentType == null ? "(none)" : contentType));
    }
  }

  private static ProblemException tooLarge(Context ctx, long maxBytes, long declared) {
    return new ProblemException(
        ProblemType.BODY_TOO_LARGE,
        ctx.method() + " " + ctx.path() + " accepts bodies of at most " + (maxBytes >> 20) + " MiB ("
            + maxBytes + " bytes)" + (declared > 0 ? "; this one has " + declared + " bytes" : "")
            + ": send fewer or shorter items per request");
  }
}
