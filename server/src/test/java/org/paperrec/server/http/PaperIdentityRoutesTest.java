package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.http.ApiFixture.ADMIN_TOKEN;
import static org.paperrec.server.http.ApiFixture.assertProblem;
import static org.paperrec.server.http.ApiFixture.bearer;
import static org.paperrec.server.http.ApiFixture.delete;
import static org.paperrec.server.http.ApiFixture.get;
import static org.paperrec.server.http.ApiFixture.header;
import static org.paperrec.server.http.ApiFixture.json;
import static org.paperrec.server.http.ApiFixture.post;
import static org.paperrec.server.http.ApiFixture.postJson;
import static org.paperrec.server.http.ApiFixture.put;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.Library;
import org.paperrec.store.Paper;

/**
 * Every route takes any ID of a paper and answers with its key, over a real server: the test
 * corpus's DOI-keyed paper is re-keyed by an arXiv record of it (so its DOI is now a former key),
 * and another paper gains PubMed and Semantic Scholar IDs.
 */
class PaperIdentityRoutesTest {

  static final String AUTHORIZATION = "Authorization";
  /** The arXiv record of {@link TestCorpus#BP_OSD_DECODING}, which becomes its key. */
  static final String BP_OSD_ARXIV = "2106.00777";

  @TempDir static Path data;
  static ApiFixture fixture;

  @BeforeAll
  static void openCorpus() {
    fixture = ApiFixture.open(data);
    Paper bpOsd = fixture.library.paper(TestCorpus.BP_OSD_DECODING).orElseThrow();
    Library.Change rekeyed = fixture.library.upsert(bpOsd.withIds(BP_OSD_ARXIV, List.of(TestCorpus.BP_OSD_DECODING, "pmid:19872477")));
    Paper magic = fixture.library.paper(TestCorpus.MAGIC_STATES).orElseThrow();
    Library.Change aliased = fixture.library.upsert(magic.withIds(magic.id(), List.of("corpusid:215416146", "pmcid:pmc2323569")));
    if (rekeyed != Library.Change.METADATA_UPDATED || aliased != Library.Change.METADATA_UPDATED) {
      throw new IllegalStateException("same texts keep their vectors; got " + rekeyed + ", " + aliased);
    }
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> resultIds(JsonNode body) {
    List<String> ids = new ArrayList<>();
    body.path("results").forEach(r -> ids.add(r.path("id").asText()));
    return ids;
  }

  private static String[] newUser(HttpClient client) {
    JsonNode user = json(post(client, "/v1/users", "application/json", ""));
    return new String[] {AUTHORIZATION, bearer(user.path("token").asText())};
  }

  @Test
  void getPaperByAnyOfItsIdsAnswersWithItsKeyAndAllItsIds() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      for (String id : List.of("DOI:10.5555/qec.2021.17", "doi:10.5555%2Fqec.2021.17", "PMID:19872477", "pmid:19872477",
          "arXiv:2106.00777v2", BP_OSD_ARXIV)) {
        Response response = get(client, "/v1/papers/" + id);
        assertEquals(200, response.code(), id);
        JsonNode paper = json(response);
        assertEquals(BP_OSD_ARXIV, paper.path("id").asText(), id);
        assertEquals(List.of(BP_OSD_ARXIV, TestCorpus.BP_OSD_DECODING, "pmid:19872477"), strings(paper.path("ids")), id);
        assertEquals("https://arxiv.org/abs/2106.00777", paper.path("url").asText(), id);
      }
      JsonNode magic = json(get(client, "/v1/papers/CorpusId:215416146"));
      assertEquals(TestCorpus.MAGIC_STATES, magic.path("id").asText());
      assertEquals(TestCorpus.MAGIC_STATES, json(get(client, "/v1/papers/PMCID:PMC2323569")).path("id").asText());
    });
  }

  @Test
  void everyIdOfAPaperHasTheSameEtag() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String byKey = header(get(client, "/v1/papers/" + BP_OSD_ARXIV), "ETag");
      assertEquals(byKey, header(get(client, "/v1/papers/PMID:19872477"), "ETag"));
      assertEquals(304, get(client, "/v1/papers/DOI:10.5555/qec.2021.17", "If-None-Match", byKey).code());
    });
  }

  @Test
  void similarByAFormerKeyNamesThePaperByItsKeyAndLeavesItOut() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = get(client, "/v1/papers/" + TestCorpus.BP_OSD_DECODING + "/similar?limit=3");
      assertEquals(200, response.code(), response.body().string());
      JsonNode body = json(response);
      assertEquals(BP_OSD_ARXIV, body.path("paper").asText());
      List<String> ids = resultIds(body);
      assertFalse(ids.contains(BP_OSD_ARXIV) || ids.contains(TestCorpus.BP_OSD_DECODING), ids.toString());
      assertTrue(TestCorpus.QUANTUM.containsAll(ids), ids.toString());
      JsonNode first = body.path("results").get(0);
      assertEquals(first.path("id").asText(), first.path("ids").get(0).asText(), "results list their IDs, key first");
    });
  }

  @Test
  void statelessRecommendationsTakeLikedPapersByAnyId() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = postJson(client, "/v1/recommendations",
          "{\"positive\": [\"PMID:19872477\", \"CorpusId:215416146\", \"DOI:10.5555/qec.2021.17\"], \"limit\": 2,"
              + " \"filter\": {\"exclude\": [\"PMCID:PMC2323569\"]}}");
      assertEquals(200, response.code(), response.body().string());
      JsonNode body = json(response);
      List<String> ids = resultIds(body);
      assertEquals(2, ids.size(), ids.toString());
      assertTrue(TestCorpus.QUANTUM.containsAll(ids), ids.toString());
      assertFalse(ids.contains(BP_OSD_ARXIV) || ids.contains(TestCorpus.MAGIC_STATES), ids.toString());
      assertEquals(0, body.path("unknownIds").size(), body.toString());
      for (JsonNode result : body.path("results")) {
        String closest = result.path("reason").path("closestLiked").path("id").asText();
        assertTrue(closest.equals(BP_OSD_ARXIV) || closest.equals(TestCorpus.MAGIC_STATES), closest);
      }
    });
  }

  @Test
  void aLikeByDoiIsStoredUnderTheKeyAndDrivesTheUsersRecommendations() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String[] user = newUser(client);
      JsonNode liked = json(put(client, "/v1/users/me/likes/DOI:10.5555%2Fqec.2021.17", user));
      assertEquals(BP_OSD_ARXIV, liked.path("id").asText(), liked.toString());
      assertTrue(liked.path("inCorpus").asBoolean(), liked.toString());
      assertEquals("unchanged", json(put(client, "/v1/users/me/likes/PMID:19872477", user)).path("change").asText());

      JsonNode me = json(get(client, "/v1/users/me", user));
      assertEquals(1, me.path("likes").size(), me.toString());
      assertEquals(BP_OSD_ARXIV, me.path("likes").get(0).path("id").asText());

      Response recs = get(client, "/v1/users/me/recommendations?limit=3", user);
      assertEquals(200, recs.code(), recs.body().string());
      List<String> ids = resultIds(json(recs));
      assertFalse(ids.contains(BP_OSD_ARXIV), ids.toString());
      assertTrue(TestCorpus.QUANTUM.containsAll(ids), ids.toString());

      assertEquals(204, delete(client, "/v1/users/me/likes/pmid:19872477", user).code());
      assertEquals(0, json(get(client, "/v1/users/me", user)).path("likes").size());
    });
  }

  @Test
  void papersPostedWithTheirOwnIdsAndLaterAsArxivRecordsAreOnePaper() {
    String title = "Protein Language Models Predict Enzyme Thermostability";
    String abstractText = "We fine-tune a protein language model on melting temperatures of forty thousand enzymes"
        + " and predict thermostability of unseen families within two degrees.";
    String auth = bearer(ADMIN_TOKEN);
    JavalinTest.test(fixture.app(), (server, client) -> {
      int before = fixture.library.size();
      Response posted = postJson(client, "/v1/papers",
          "{\"externalIds\": {\"DOI\": \"10.1101/2024.05.06.592001\", \"PubMed\": 38700001, \"DBLP\": \"journals/x\"},"
              + " \"title\": \"" + title + "\", \"abstract\": \"" + abstractText + "\"}",
          AUTHORIZATION, auth);
      assertEquals(200, posted.code(), posted.body().string());
      JsonNode first = json(posted).path("results").get(0);
      assertEquals("doi:10.1101/2024.05.06.592001", first.path("id").asText(), "keyed by its DOI");
      assertEquals("added", first.path("change").asText());

      Response arxiv = postJson(client, "/v1/papers",
          "{\"id\": \"arXiv:2405.09999v1\", \"ids\": [\"https://doi.org/10.1101/2024.05.06.592001\"],"
              + " \"title\": \"" + title + "\", \"abstract\": \"" + abstractText + "\"}",
          AUTHORIZATION, auth);
      JsonNode second = json(arxiv).path("results").get(0);
      assertEquals("2405.09999", second.path("id").asText(), arxiv.body().string());
      assertEquals("metadata_updated", second.path("change").asText(), "one paper, its vector kept");

      assertEquals(before + 1, fixture.library.size(), "never two papers");
      JsonNode paper = json(get(client, "/v1/papers/PMID:38700001"));
      assertEquals(List.of("2405.09999", "doi:10.1101/2024.05.06.592001", "pmid:38700001"), strings(paper.path("ids")));
      assertFalse(fixture.library.contains("doi:10.1101/2024.05.06.592001"), "the DOI-keyed document is gone from the index");
    });
  }

  @Test
  void aBadIdOfAKnownNamespaceIsABadRequestNamingIt() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      JsonNode problem = assertProblem(get(client, "/v1/papers/PMID:12x"), 400, "invalid-request");
      assertTrue(problem.path("detail").asText().contains("'PMID:12x' is not a PubMed ID"), problem.toString());
      JsonNode posted = assertProblem(postJson(client, "/v1/papers",
          "{\"externalIds\": {\"PubMed\": \"PMC1\"}, \"title\": \"T\", \"abstract\": \"A\"}", AUTHORIZATION, bearer(ADMIN_TOKEN)),
          400, "invalid-request");
      assertTrue(posted.path("detail").asText().startsWith("externalIds.PubMed: "), posted.toString());
      assertProblem(get(client, "/v1/papers/PMID:1"), 404, "paper-not-found");
    });
  }
}
