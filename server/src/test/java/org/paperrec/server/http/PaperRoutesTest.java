package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.http.ApiFixture.get;
import static org.paperrec.server.http.ApiFixture.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paperrec.store.Paper;

/** {@code GET /v1/papers/{id}} and {@code GET /v1/papers/{id}/similar} against a real corpus. */
class PaperRoutesTest {

  @TempDir static Path data;
  static ApiFixture fixture;

  @BeforeAll
  static void openCorpus() {
    fixture = ApiFixture.open(data);
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  @Test
  void getPaperReturnsEveryField() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = get(client, "/v1/papers/" + TestCorpus.SPARSE_ATTENTION);
      assertEquals(200, response.code());
      assertEquals("application/json", ApiFixture.header(response, "Content-Type"));
      JsonNode paper = json(response);
      assertEquals(TestCorpus.SPARSE_ATTENTION, paper.path("id").asText());
      assertEquals("Sparse Attention Patterns for Long-Document Language Modeling", paper.path("title").asText());
      assertTrue(paper.path("abstract").asText().startsWith("We study block-sparse attention"));
      assertEquals(List.of("Mira Castellanos", "Tobias Lindqvist"), strings(paper.path("authors")));
      assertEquals(2, paper.path("authorCount").asInt());
      assertEquals("2024-01-03", paper.path("date").asText());
      assertEquals(List.of("cs.CL", "cs.LG"), strings(paper.path("categories")));
      assertEquals("cs.CL", paper.path("primaryCategory").asText());
      assertEquals("https://arxiv.org/abs/2401.00101", paper.path("url").asText());
      assertEquals(41, paper.path("upvotes").asInt());
    });
  }

  @Test
  void getPaperLeavesOutAbsentFields() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      JsonNode paper = json(get(client, "/v1/papers/" + TestCorpus.HALLUCINATION));
      assertFalse(paper.has("upvotes"), paper.toString());
    });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2401.00101v3, 2401.00101",
    "arXiv:2401.00101, 2401.00101",
    "https%3A%2F%2Farxiv.org%2Fabs%2F2401.00101v2, 2401.00101",
    "https%3A%2F%2Farxiv.org%2Fpdf%2F2401.00101, 2401.00101",
    "https%3A%2F%2Fhuggingface.co%2Fpapers%2F2401.00101, 2401.00101",
    "astro-ph/0412345, astro-ph/0412345",
    "astro-ph%2F0412345, astro-ph/0412345",
    "astro-ph/0412345v1, astro-ph/0412345",
    "doi:10.5555/qec.2021.17, doi:10.5555/qec.2021.17",
    "DOI:10.5555%2FQEC.2021.17, doi:10.5555/qec.2021.17",
  })
  void getPaperAcceptsEveryIdSpellingInThePath(String pathId, String expectedId) {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = get(client, "/v1/papers/" + pathId);
      assertEquals(200, response.code(), response.body().string());
      assertEquals(expectedId, json(response).path("id").asText());
    });
  }

  @Test
  void similarNeverReturnsTheQueryPaper() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      JsonNode body = json(get(client, "/v1/papers/" + TestCorpus.CAT_CODES + "/similar?limit=100"));
      assertEquals(TestCorpus.CAT_CODES, body.path("paper").asText());
      List<String> ids = ids(body);
      assertEquals(TestCorpus.PAPERS.size() - 1, ids.size());
      assertFalse(ids.contains(TestCorpus.CAT_CODES));
    });
  }

  @Test
  void similarResultsAreOrderedByDescendingScoreInMinusOneToOne() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      JsonNode results = json(get(client, "/v1/papers/" + TestCorpus.QUENCHING + "/similar?limit=100")).path("results");
      double previous = Double.POSITIVE_INFINITY;
      for (JsonNode result : results) {
        double score = result.path("score").asDouble();
        assertTrue(score <= previous, "scores not descending: " + results);
        assertTrue(score >= -1 && score <= 1, "score outside [-1, 1]: " + score);
        previous = score;
      }
    });
  }

  @Test
  void similarRanksPapersOfTheSameTopicFirst() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      List<String> top3 = ids(json(get(client, "/v1/papers/" + TestCorpus.NEURAL_DECODERS + "/similar?limit=3")));
      assertTrue(TestCorpus.QUANTUM.containsAll(top3), "expected quantum error correction papers, got " + top3);
    });
  }

  @Test
  void similarResultsCarryTheListFields() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      JsonNode first = json(get(client, "/v1/papers/" + TestCorpus.HALO_SHAPES + "/similar?limit=1")).path("results").get(0);
      for (String field : List.of("id", "title", "authors", "authorCount", "categories", "url", "score", "date")) {
        assertTrue(first.has(field), "missing " + field + " in " + first);
      }
      assertFalse(first.has("abstract"), first.toString());
      assertFalse(first.has("closestLiked"), first.toString());
    });
  }

  @Test
  void similarAcceptsAnOldStyleIdWithASlash() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = get(client, "/v1/papers/" + TestCorpus.CLUSTER_MASS_FUNCTIONS + "/similar?limit=2");
      assertEquals(200, response.code(), response.body().string());
      JsonNode body = json(response);
      assertEquals(TestCorpus.CLUSTER_MASS_FUNCTIONS, body.path("paper").asText());
      assertTrue(TestCorpus.GALAXIES.containsAll(ids(body)), body.toString());
    });
  }

  @Test
  void similarAcceptsAUrlEncodedArxivUrl() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = get(client, "/v1/papers/https%3A%2F%2Farxiv.org%2Fabs%2F2305.01111v2/similar?limit=2");
      assertEquals(200, response.code(), response.body().string());
      assertEquals(TestCorpus.QUENCHING, json(response).path("paper").asText());
    });
  }

  @Test
  void similarFiltersByDateRange() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      JsonNode results = json(get(client,
          "/v1/papers/" + TestCorpus.QUENCHING + "/similar?limit=100&since=2024-01-01&until=2024-12-31")).path("results");
      assertFalse(results.isEmpty());
      for (JsonNode result : results) {
        LocalDate date = LocalDate.parse(result.path("date").asText());
        assertTrue(date.getYear() == 2024, "outside 2024: " + result);
      }
    });
  }

  @Test
  void similarFiltersByRepeatedOrCommaSeparatedCategories() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String base = "/v1/papers/" + TestCorpus.SPARSE_ATTENTION + "/similar?limit=100";
      List<String> repeated = ids(json(get(client, base + "&category=quant-ph&category=astro-ph.CO")));
      List<String> commas = ids(json(get(client, base + "&category=quant-ph,astro-ph.CO")));
      assertEquals(repeated, commas);
      List<String> expected = new ArrayList<>(TestCorpus.QUANTUM);
      expected.add(TestCorpus.HALO_SHAPES);
      assertEquals(expected.size(), repeated.size(), repeated.toString());
      assertTrue(repeated.containsAll(expected), repeated.toString());
    });
  }

  @Test
  void similarCategoryWithoutDotMatchesTheWholeArchive() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      List<String> ids = ids(json(get(client, "/v1/papers/" + TestCorpus.CAT_CODES + "/similar?limit=100&category=cs")));
      Set<String> inCs = TestCorpus.PAPERS.stream()
          .filter(p -> p.categories().stream().anyMatch(c -> c.startsWith("cs.")))
          .map(Paper::id)
          .collect(Collectors.toSet());
      assertEquals(inCs, Set.copyOf(ids));
    });
  }

  @Test
  void similarPagesWithLimitAndOffset() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String base = "/v1/papers/" + TestCorpus.DISTILLING_COT + "/similar";
      List<String> firstFour = ids(json(get(client, base + "?limit=4")));
      List<String> secondPair = ids(json(get(client, base + "?limit=2&offset=2")));
      assertEquals(firstFour.subList(2, 4), secondPair);
    });
  }

  static List<String> ids(JsonNode body) {
    List<String> ids = new ArrayList<>();
    body.path("results").forEach(r -> ids.add(r.path("id").asText()));
    return ids;
  }

  static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
