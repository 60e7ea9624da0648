package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.Library;
import org.paperrec.recommend.Recommender;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperStore;

/**
 * ETags, 304 answers and {@code Cache-Control} of {@code GET /v1/papers/{id}} and {@code GET
 * /v1/papers/{id}/similar}, and gzip compression of responses. Requests go through a plain {@link
 * java.net.http.HttpClient}, which neither adds conditional headers nor decompresses. Some tests
 * change the corpus, so this class has its own.
 */
class CachingRoutesTest {

  private static final String SIMILAR = "/v1/papers/" + TestCorpus.SPARSE_ATTENTION + "/similar";
  private static final String PAPER = "/v1/papers/" + TestCorpus.SPARSE_ATTENTION;

  @TempDir static Path data;
  static ApiFixture fixture;

  @BeforeAll
  static void openCorpus() {
    fixture = ApiFixture.open(data.resolve("corpus"));
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  /** A GET with header name/value pairs (a name may repeat); the body as sent, never decompressed. */
  private static HttpResponse<byte[]> send(HttpClient client, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.getOrigin() + path)).GET();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  private static String etag(HttpClient client, String path) throws Exception {
    HttpResponse<byte[]> response = send(client, path);
    assertEquals(200, response.statusCode(), new String(response.body()));
    return header(response, "ETag");
  }

  @Test
  void similarAndGetPaperCarryAStrongETagAndPublicCacheControl() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      for (String path : List.of(SIMILAR, PAPER)) {
        HttpResponse<byte[]> response = send(client, path);
        assertEquals(200, response.statusCode(), path);
        String etag = header(response, "ETag");
        assertNotNull(etag, path);
        assertTrue(etag.matches("\"[A-Za-z0-9_-]{16}\""), path + ": " + etag);
        assertEquals("public, max-age=300", header(response, "Cache-Control"), path);
      }
      assertNotEquals(etag(client, SIMILAR), etag(client, PAPER));
    });
  }

  @Test
  void aMatchingIfNoneMatchGives304WithTheETagAndNoBody() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      for (String path : List.of(SIMILAR + "?limit=3", PAPER)) {
        String etag = etag(client, path);

        HttpResponse<byte[]> response = send(client, path, "If-None-Match", etag);

        assertEquals(304, response.statusCode(), path);
        assertEquals(0, response.body().length, path);
        assertEquals(etag, header(response, "ETag"), path);
        assertEquals("public, max-age=300", header(response, "Cache-Control"), path);
      }
    });
  }

  @Test
  void ifNoneMatchMatchesAStarAListOrAWeakFormOfTheETag() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String etag = etag(client, SIMILAR);
      for (String condition : List.of("*", "\"other\", " + etag, "W/" + etag, "W/\"other\",W/" + etag)) {
        assertEquals(304, send(client, SIMILAR, "If-None-Match", condition).statusCode(), condition);
      }
      assertEquals(304, send(client, SIMILAR, "If-None-Match", "\"other\"", "If-None-Match", etag).statusCode(),
          "a second If-None-Match field line continues the list");
      for (String condition : List.of("\"other\"", "W/\"other\"", etag.replace("\"", ""), "\"\"")) {
        HttpResponse<byte[]> response = send(client, SIMILAR, "If-None-Match", condition);
        assertEquals(200, response.statusCode(), condition);
        assertEquals(etag, header(response, "ETag"), condition);
      }
    });
  }

  @Test
  void aMatchingIfNoneMatchIsAnsweredBeforeTheNeighbourSearchRuns() throws Exception {
    // The routes check the ETag on the fixture's library but search with a recommender over an
    // empty one: a search that runs answers 404.
    try (PaperStore emptyStore = PaperStore.open(
        data.resolve("empty"), fixture.embedder.fingerprint().toString(), fixture.embedder.dimension())) {
      Recommender overEmpty = new Recommender(Library.open(emptyStore, fixture.embedder));
      Javalin app = HttpApi.create(fixture.library, overEmpty, fixture.profiles, ApiSettings.readOnly(), () -> true);
      JavalinTest.test(app, (server, client) -> {
        assertEquals(404, send(client, SIMILAR).statusCode(), "the search ran");
        assertEquals(304, send(client, SIMILAR, "If-None-Match", "*").statusCode());
      });
    }
  }

  @Test
  void theETagChangesWithTheCorpusAndAnOlderOneGetsTheNewAnswer() {
    Paper added = Paper.of("2504.07777", "Sparse Mixture-of-Experts Language Models",
        "We route each token of a transformer language model to two of sixty-four expert feed-forward layers.",
        List.of("Ines Duarte"), LocalDate.of(2025, 4, 2), List.of("cs.CL"), null);
    JavalinTest.test(fixture.app(), (server, client) -> {
      String before = etag(client, SIMILAR);
      assertEquals(before, etag(client, SIMILAR), "stable while the corpus is");

      assertEquals(Library.Change.ADDED, fixture.library.upsert(added));
      HttpResponse<byte[]> after = send(client, SIMILAR, "If-None-Match", before);
      assertEquals(200, after.statusCode());
      String afterAdd = header(after, "ETag");
      assertNotEquals(before, afterAdd);
      assertTrue(new String(after.body()).contains(added.id()), "the answer holds the new paper");

      assertEquals(Library.Change.UNCHANGED, fixture.library.upsert(added));
      assertEquals(afterAdd, etag(client, SIMILAR), "an upsert that changes nothing keeps the ETag");

      assertTrue(fixture.library.delete(added.id()));
      assertNotEquals(afterAdd, etag(client, SIMILAR));
    });
  }

  @Test
  void theETagIsTheSameForEverySpellingOfARequestAndDiffersForAnotherRequest() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String etag = etag(client, SIMILAR + "?limit=5&category=cs.CL");
      assertEquals(etag, etag(client, "/v1/papers/arXiv:" + TestCorpus.SPARSE_ATTENTION + "v3/similar?category=cs.CL&limit=5"));
      assertNotEquals(etag, etag(client, SIMILAR + "?limit=6&category=cs.CL"));
      assertNotEquals(etag, etag(client, SIMILAR + "?limit=5"));
      assertNotEquals(etag, etag(client, "/v1/papers/" + TestCorpus.HALLUCINATION + "/similar?limit=5&category=cs.CL"));
    });
  }

  @Test
  void theETagDiffersBetweenServerInstancesOverTheSameCorpus() {
    AtomicReference<String> first = new AtomicReference<>();
    JavalinTest.test(fixture.app(), (server, client) -> first.set(etag(client, SIMILAR)));
    JavalinTest.test(fixture.app(), (server, client) -> assertNotEquals(first.get(), etag(client, SIMILAR)));
  }

  @Test
  void errorsCarryNoETagAndNoPublicCacheControl() {
    Map<String, Integer> statuses = Map.of(
        "/v1/papers/2599.99999", 404,
        "/v1/papers/2599.99999/similar", 404,
        SIMILAR + "?limit=0", 400,
        SIMILAR + "?lmit=5", 400,
        "/v1/papers/not-an-id", 400);
    JavalinTest.test(fixture.app(), (server, client) -> {
      for (Map.Entry<String, Integer> error : statuses.entrySet()) {
        String path = error.getKey();
        HttpResponse<byte[]> response = send(client, path, "If-None-Match", "*");
        assertEquals(error.getValue(), response.statusCode(), path);
        assertEquals("application/problem+json", header(response, "Content-Type"), path);
        assertNull(header(response, "ETag"), path);
        String cacheControl = header(response, "Cache-Control");
        assertTrue(cacheControl == null || !cacheControl.contains("public"), path + ": " + cacheControl);
      }
    });
  }

  @Test
  void a304CarriesTheContentTypeAndVaryOfTheAnswerItRevalidates() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      HttpResponse<byte[]> ok = send(client, PAPER, "Accept-Encoding", "gzip");
      String etag = header(ok, "ETag");

      HttpResponse<byte[]> response = send(client, PAPER, "Accept-Encoding", "gzip", "If-None-Match", etag);

      assertEquals(304, response.statusCode());
      assertEquals(header(ok, "Content-Type"), header(response, "Content-Type"), "a cache may copy it onto the answer");
      assertEquals(ETags.CONTENT_TYPE, header(response, "Content-Type"));
      String vary = String.join(", ", response.headers().allValues("Vary"));
      assertTrue(vary.contains("Origin") && vary.contains("Accept-Encoding"), vary);
    });
  }

  @Test
  void theETagChangesWhenTheRecommendersDayDoes() {
    MutableClock clock = new MutableClock(Instant.parse("2025-03-01T09:00:00Z"));
    Recommender recommender = new Recommender(fixture.library, clock);
    Javalin app = HttpApi.create(fixture.library, recommender, fixture.profiles, ApiSettings.readOnly(), () -> true);
    JavalinTest.test(app, (server, client) -> {
      String morning = etag(client, SIMILAR);
      clock.advance(Duration.ofHours(14));
      assertEquals(morning, etag(client, SIMILAR), "23:00 UTC, same day");
      clock.advance(Duration.ofHours(2));
      assertNotEquals(morning, etag(client, SIMILAR), "01:00 UTC, the next day: recency scores aged by a day");
    });
  }

  @Test
  void aMatchingIfNoneMatchOfAPaperIsAnsweredWithoutReadingIt() throws Exception {
    // The library answers contains() and changeCount() from memory, but reads a paper from the
    // store: once the store is closed, a read fails with 500.
    PaperStore store = PaperStore.open(
        data.resolve("closing"), fixture.embedder.fingerprint().toString(), fixture.embedder.dimension());
    try (store) {
      Library library = Library.open(store, fixture.embedder);
      assertEquals(Library.Change.ADDED, library.upsert(TestCorpus.PAPERS.get(0)));
      String path = "/v1/papers/" + TestCorpus.PAPERS.get(0).id();
      Javalin app = HttpApi.create(library, new Recommender(library), fixture.profiles, ApiSettings.readOnly(), () -> true);
      JavalinTest.test(app, (server, client) -> {
        String etag = etag(client, path);
        store.close();
        assertEquals(500, send(client, path).statusCode(), "the paper is read");

        HttpResponse<byte[]> response = send(client, path, "If-None-Match", etag);

        assertEquals(304, response.statusCode());
        assertEquals(etag, header(response, "ETag"));
      });
    }
  }

  @Test
  void headOfAPaperHasTheHeadersOfItsGetAndNoBody() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      for (String accept : List.of("identity", "gzip")) {
        HttpResponse<byte[]> get = send(client, SIMILAR + "?limit=10", "Accept-Encoding", accept);

        HttpResponse<byte[]> head = ApiFixture.head(client, SIMILAR + "?limit=10", "Accept-Encoding", accept);

        assertEquals(200, head.statusCode(), accept);
        assertEquals(0, head.body().length, accept);
        for (String name : List.of("Content-Type", "Content-Encoding", "ETag", "Cache-Control")) {
          assertEquals(header(get, name), header(head, name), accept + ": " + name);
        }
        if (accept.equals("identity")) {
          assertEquals(String.valueOf(get.body().length), header(head, "Content-Length"));
        }
        assertEquals(304, ApiFixture.head(client, SIMILAR + "?limit=10", "Accept-Encoding", accept,
            "If-None-Match", header(get, "ETag")).statusCode(), accept);
      }
    });
  }

  @Test
  void headOfAnUnknownPaperGives404() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      for (String path : List.of("/v1/papers/2599.99999", "/v1/papers/2599.99999/similar")) {
        HttpResponse<byte[]> response = ApiFixture.head(client, path);
        assertEquals(404, response.statusCode(), path);
        assertEquals("application/problem+json", header(response, "Content-Type"), path);
        assertEquals(0, response.body().length, path);
      }
    });
  }

  @Test
  void similarPapersAreGzipCompressedForAClientThatAcceptsGzip() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      HttpResponse<byte[]> response = send(client, SIMILAR + "?limit=10", "Accept-Encoding", "gzip");

      assertEquals(200, response.statusCode());
      assertEquals("gzip", header(response, "Content-Encoding"));
      assertTrue(response.headers().allValues("Vary").stream().anyMatch(v -> v.contains("Accept-Encoding")),
          response.headers().allValues("Vary").toString());
      JsonNode body = ApiFixture.JSON.readTree(gunzip(response.body()));
      assertEquals(10, body.path("results").size());
      assertTrue(gunzip(response.body()).length >= HttpApi.COMPRESS_MIN_BYTES);

      HttpResponse<byte[]> identity = send(client, SIMILAR + "?limit=10");
      assertNull(header(identity, "Content-Encoding"));
      assertEquals(body, ApiFixture.JSON.readTree(identity.body()));
      assertNotEquals(header(identity, "ETag"), header(response, "ETag"), "two representations, two strong ETags");
    });
  }

  @Test
  void aResponseOfAtLeastOneKibibyteIsCompressedAndAShorterOneIsNot() {
    // Javalin's own minimum is 1500 bytes: 1024 to 1499 is the range that HttpApi's setting decides.
    JavalinTest.test(fixture.app(), (server, client) -> {
      try {
        Map<Integer, String> expected = Map.of(
            HttpApi.COMPRESS_MIN_BYTES - 1, "identity",
            HttpApi.COMPRESS_MIN_BYTES, "gzip",
            1400, "gzip");
        for (Map.Entry<Integer, String> size : expected.entrySet()) {
          String path = paperOfJsonSize(client, size.getKey());

          HttpResponse<byte[]> response = send(client, path, "Accept-Encoding", "gzip");

          assertEquals(200, response.statusCode(), path);
          String coding = header(response, "Content-Encoding");
          assertEquals(size.getValue(), coding == null ? "identity" : coding, size.getKey() + " bytes");
          byte[] body = coding == null ? response.body() : gunzip(response.body());
          assertEquals(size.getKey(), body.length);
        }
      } finally {
        fixture.library.delete(SIZED);
      }
    });
  }

  private static final String SIZED = "2504.09999";

  /**
   * Upserts paper {@link #SIZED} with an abstract that makes its {@code GET /v1/papers/{id}} body
   * exactly {@code bytes} long, and returns that path.
   */
  private static String paperOfJsonSize(HttpClient client, int bytes) throws Exception {
    String path = "/v1/papers/" + SIZED;
    String abstractText = "Padding words for a response of a chosen size.";
    fixture.library.upsert(sized(abstractText));
    int length = send(client, path).body().length;
    StringBuilder longer = new StringBuilder(abstractText);
    longer.append("x".repeat(bytes - length));
    fixture.library.upsert(sized(longer.toString()));
    return path;
  }

  private static Paper sized(String abstractText) {
    return Paper.of(SIZED, "A paper of a chosen size", abstractText, List.of("Ines Duarte"), LocalDate.of(2025, 4, 2),
        List.of("cs.CL"), null);
  }

  private static byte[] gunzip(byte[] gzip) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return in.readAllBytes();
    }
  }
}
