package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile request bodies on every route that reads a JSON body: each gets a 4xx problem+json whose
 * detail says in a person's terms what to change, never a 500, never a Jackson class or feature
 * name, and never a stack trace in the server's log (slf4j-simple writes to {@code System.err},
 * which this class captures). {@code POST /v1/users} reads no body, so it is not among them.
 */
class HostileBodiesTest {

  @TempDir static Path data;
  static ApiFixture fixture;
  static Javalin app;
  static String userToken;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  private static PrintStream originalErr;
  private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();

  /** A route that reads a JSON body, with a valid body in which {@code %s} marks one value. */
  enum JsonRoute {
    PAPERS("/v1/papers", "{\"id\": \"2501.99991\", \"title\": \"A title\", \"abstract\": \"An abstract.\", \"upvotes\": %s}"),
    SIMILAR("/v1/similar", "{\"title\": \"A title\", \"abstract\": \"An abstract.\", \"limit\": %s}"),
    RECOMMENDATIONS("/v1/recommendations", "{\"positive\": [\"" + TestCorpus.SPARSE_ATTENTION + "\"], \"limit\": %s}"),
    SEEN("/v1/users/me/seen", "[%s]"),
    MY_RECOMMENDATIONS("/v1/users/me/recommendations", "{\"limit\": %s}"),
    BACKUP("/v1/admin/backup", "{\"dir\": %s}");

    final String path;
    final String template;

    JsonRoute(String path, String template) {
      this.path = path;
      this.template = template;
    }

    String with(String value) {
      return template.replace("%s", value);
    }

    /** The route's credentials: the admin token, a user's token or none. */
    String authorization() {
      switch (this) {
        case PAPERS:
        case BACKUP:
          return "Bearer " + ApiFixture.ADMIN_TOKEN;
        case SEEN:
        case MY_RECOMMENDATIONS:
          return "Bearer " + userToken;
        default:
          return null;
      }
    }
  }

  /** A body beyond one of the documented JSON limits, and the words of the limit the detail must name. */
  enum OverLimit {
    LONG_INTEGER(route -> route.with("9".repeat(Json.MAX_NUMBER_CHARS + 1)), "digits"),
    LONG_FRACTION(route -> route.with("0." + "1".repeat(Json.MAX_NUMBER_CHARS + 1)), "digits"),
    NUMBER_OF_2000_DIGITS(route -> route.with("1".repeat(2000)), "digits"),
    DEEP_NESTING(route -> "[".repeat(Json.MAX_NESTING_DEPTH + 1) + "]".repeat(Json.MAX_NESTING_DEPTH + 1), "nest"),
    NESTING_OF_1001(route -> route.with("[".repeat(1001) + "]".repeat(1001)), "nest"),
    DEEP_NESTING_IN_AN_OBJECT(route -> "{\"a\":".repeat(1001) + "1" + "}".repeat(1001), "nest"),
    KEY_OF_50000(route -> "{\"" + "k".repeat(50_000) + "\": 1}", "name"),
    LONG_KEY(route -> route == JsonRoute.SEEN
        ? "{\"" + "k".repeat(50_000) + "\": 1}"
        : "{\"" + "k".repeat(Json.MAX_NAME_CHARS + 1) + "\": 1}", "name");

    final java.util.function.Function<JsonRoute, String> body;
    final String limitWord;

    OverLimit(java.util.function.Function<JsonRoute, String> body, String limitWord) {
      this.body = body;
      this.limitWord = limitWord;
    }
  }

  /** Values that are not finite JSON numbers. */
  static final List<String> NON_FINITE = List.of("NaN", "Infinity", "-Infinity", "+Infinity", "-NaN");

  /** Bad bodies of many kinds, for the check that no detail speaks Jackson. */
  static final List<String> BAD_VALUES = List.of(
      "'x'", "01", "+1", ".5", "1.", "0x10", "1e", "tru", "nul", "\"\u0001\"", "\"\\q\"", "\"unterminated",
      "[1,]", "[1 2]", "{\"a\" 1}", "{a: 1}", "{\"a\": 1,}", "/* comment */ 1", "# comment\n1", "99999999999999999999",
      "[\"x\"]", "{}", "true", "5.5", "\"5\"", "\"\\ud800\"", "1} x", "{\"a\"", "{", "[", "\"\\u12\"");

  @BeforeAll
  static void start() {
    fixture = ApiFixture.open(data.resolve("corpus"));
    userToken = fixture.profiles.create().token();
    originalErr = System.err;
    System.setErr(new PrintStream(new Tee(originalErr, LOG), true, StandardCharsets.UTF_8));
    app = fixture.app().start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
    System.setErr(originalErr);
    fixture.close();
  }

  static Stream<Arguments> routesAndLimits() {
    List<Arguments> cases = new ArrayList<>();
    for (JsonRoute route : JsonRoute.values()) {
      for (OverLimit body : OverLimit.values()) {
        cases.add(Arguments.of(route, body));
      }
    }
    return cases.stream();
  }

  static Stream<Arguments> routesAndNonFinite() {
    return Stream.of(JsonRoute.values()).flatMap(route -> NON_FINITE.stream().map(value -> Arguments.of(route, value)));
  }

  static Stream<Arguments> routesAndBadValues() {
    return Stream.of(JsonRoute.values()).flatMap(route -> BAD_VALUES.stream().map(value -> Arguments.of(route, value)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routesAndLimits")
  void bodyBeyondAJsonLimitGives400NamingTheLimit(JsonRoute route, OverLimit body) throws Exception {
    String json = body.body.apply(route);
    HttpResponse<String> response = send(route, json);
    if (json.length() > AdminHandlers.BACKUP_BODY_BYTES && route == JsonRoute.BACKUP) {
      // Over that route's 8 KiB body limit, refused before it is parsed.
      String detail = assertQuietProblem(response, 413, "body-too-large");
      assertTrue(detail.contains("at most 8 KiB (8192 bytes)"), detail);
      return;
    }
    String detail = assertQuietProblem(response, 400, "json-limit-exceeded", "malformed-json");
    // Where binding fails before the parser reaches the limit (an array where a number goes), the
    // body is refused as malformed instead; either way a 400 that says what to change.
    if (response.body().contains("json-limit-exceeded")) {
      assertTrue(detail.contains(body.limitWord), detail);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routesAndNonFinite")
  void nonFiniteNumberIsRefusedInUserTerms(JsonRoute route, String value) throws Exception {
    String detail = assertQuietProblem(send(route, route.with(value)), 400, "malformed-json");
    assertTrue(detail.contains("finite JSON number"), detail);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routesAndBadValues")
  void noDetailNamesJacksonInternals(JsonRoute route, String value) throws Exception {
    assertQuietProblem(send(route, route.with(value)), 400, "malformed-json", "invalid-request");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void gzipEncodedBodyGives415AskingForAnUncompressedBody(JsonRoute route) throws Exception {
    byte[] gzipped = gzip(route.with("5").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response = send(route, gzipped, "gzip");
    String detail = assertQuietProblem(response, 415, "unsupported-media-type");
    assertTrue(detail.contains("uncompressed"), detail);
    assertEquals("identity", response.headers().firstValue("Accept-Encoding").orElse(null), "RFC 7694");
    assertTrue(detail.contains("gzip"), detail);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routesAndEncodings")
  void anyContentEncodingGives415(JsonRoute route, String encoding) throws Exception {
    String detail = assertQuietProblem(
        send(route, route.with("5").getBytes(StandardCharsets.UTF_8), encoding), 415, "unsupported-media-type");
    assertTrue(detail.contains("uncompressed"), detail);
  }

  static Stream<JsonRoute> routes() {
    return Stream.of(JsonRoute.values());
  }

  static Stream<Arguments> routesAndEncodings() {
    return Stream.of(JsonRoute.values())
        .flatMap(route -> Stream.of("deflate", "br", "zstd", "gzip, identity").map(e -> Arguments.of(route, e)));
  }

  @Test
  void identityContentEncodingIsAccepted() throws Exception {
    HttpResponse<String> response = send(JsonRoute.SIMILAR, JsonRoute.SIMILAR.with("5").getBytes(StandardCharsets.UTF_8),
        "identity");
    assertEquals(200, response.statusCode(), response.body());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void clientAbortingItsBodyLogsNoStackTrace(JsonRoute route) throws Exception {
    LOG.reset();
    String auth = route.authorization();
    String head = "POST " + route.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + (auth == null ? "" : "Authorization: " + auth + "\r\n") + "Content-Length: 100000\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write("{\"title\": \"A ti".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      socket.shutdownOutput();
      // The server has handled the request once it closes its side: whatever it answered is read here.
      InputStream in = socket.getInputStream();
      in.readAllBytes();
    }
    String log = LOG.toString(StandardCharsets.UTF_8);
    assertNoStackTrace(log);
    assertTrue(log.lines().count() <= 1, log);
    assertFalse(log.contains("ERROR"), log);
  }

  @Test
  void theLimitsAreTighterThanJacksonsDefaults() {
    var defaults = com.fasterxml.jackson.core.StreamReadConstraints.defaults();
    var ours = Json.newMapper().getFactory().streamReadConstraints();
    assertTrue(ours.getMaxNestingDepth() < defaults.getMaxNestingDepth(), "nesting");
    assertTrue(ours.getMaxNumberLength() < defaults.getMaxNumberLength(), "number");
    assertTrue(ours.getMaxNameLength() < defaults.getMaxNameLength(), "name");
    assertEquals(Json.MAX_NESTING_DEPTH, ours.getMaxNestingDepth());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("datesOutOfRange")
  void adminUpsertRefusesADateOutOfRangeNamingTheField(String date) throws Exception {
    String body = "{\"id\": \"2501.99992\", \"title\": \"A title\", \"abstract\": \"An abstract.\", \"date\": \"" + date + "\"}";
    String detail = assertQuietProblem(send(JsonRoute.PAPERS, body), 400, "invalid-request");
    assertTrue(detail.startsWith("date must be a date from 1000-01-01 to 9999-12-31"), detail);
    assertTrue(fixture.library.paper("2501.99992").isEmpty(), "nothing stored");
  }

  @Test
  void adminUpsertKeepsTheDatesAtBothEndsOfTheRange() throws Exception {
    for (String date : List.of("1000-01-01", "9999-12-31")) {
      String body = "{\"id\": \"2501.99993\", \"title\": \"A title\", \"abstract\": \"An abstract.\", \"date\": \"" + date + "\"}";
      HttpResponse<String> response = send(JsonRoute.PAPERS, body);
      assertEquals(200, response.statusCode(), response.body());
      assertEquals(date, fixture.library.paper("2501.99993").orElseThrow().date().toString());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("datesOutOfRange")
  void sinceAndUntilOutOfRangeAreRefusedNamingTheParameter(String date) throws Exception {
    for (String name : List.of("since", "until")) {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
          + "/v1/papers/" + TestCorpus.SPARSE_ATTENTION + "/similar?" + name + "="
          + java.net.URLEncoder.encode(date, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
      String detail = assertQuietProblem(response, 400, "invalid-request");
      assertTrue(detail.startsWith(name + " must be a date from 1000-01-01"), detail);
    }
    String body = "{\"positive\": [\"" + TestCorpus.SPARSE_ATTENTION + "\"], \"filter\": {\"since\": \"" + date + "\"}}";
    String detail = assertQuietProblem(send(JsonRoute.RECOMMENDATIONS, body), 400, "invalid-request");
    assertTrue(detail.startsWith("filter.since must be a date from 1000-01-01"), detail);
  }

  static Stream<String> datesOutOfRange() {
    return Stream.of("+999999999-12-31", "-999999999-01-01", "+10000-01-01", "0999-12-31", "0000-01-01");
  }

  // Helpers.

  private static HttpResponse<String> send(JsonRoute route, String body) throws Exception {
    return send(route, body.getBytes(StandardCharsets.UTF_8), null);
  }

  private static HttpResponse<String> send(JsonRoute route, byte[] body, String contentEncoding) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + route.path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (route.authorization() != null) {
      request.header("Authorization", route.authorization());
    }
    if (contentEncoding != null) {
      request.header("Content-Encoding", contentEncoding);
    }
    LOG.reset();
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Asserts a problem of {@code status} and one of {@code slugs}, with a detail free of Jackson's
   * words, and no stack trace logged; returns the detail.
   */
  private static String assertQuietProblem(HttpResponse<String> response, int status, String... slugs) throws IOException {
    String body = response.body();
    assertEquals(status, response.statusCode(), body);
    assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), body);
    JsonNode problem = ApiFixture.JSON.readTree(body);
    assertTrue(List.of(slugs).stream().anyMatch(s -> problem.path("type").asText().equals("urn:paperrec:problem:" + s)), body);
    String detail = problem.path("detail").asText();
    assertFalse(detail.isBlank(), body);
    for (String internal : List.of("com.fasterxml", "jackson", "Feature", "JsonParser", "JsonToken", "Exception",
        "Source:", "REDACTED", "`", "java.", "VALUE_", "START_", "END_", "FIELD_NAME")) {
      assertFalse(detail.toLowerCase(Locale.ROOT).contains(internal.toLowerCase(Locale.ROOT)),
          "detail names '" + internal + "': " + detail);
    }
    assertTrue(detail.length() < 600, detail);
    assertNoStackTrace(LOG.toString(StandardCharsets.UTF_8));
    return detail;
  }

  private static void assertNoStackTrace(String log) {
    assertFalse(log.contains("\tat ") || log.contains("Exception:") || log.contains("Caused by"), log);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  /** Writes to the real stream and to the captured log. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) throws IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}
