package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.http.ApiFixture.ADMIN_TOKEN;
import static org.paperrec.server.http.ApiFixture.assertProblem;
import static org.paperrec.server.http.ApiFixture.bearer;
import static org.paperrec.server.http.ApiFixture.delete;
import static org.paperrec.server.http.ApiFixture.get;
import static org.paperrec.server.http.ApiFixture.header;
import static org.paperrec.server.http.ApiFixture.json;
import static org.paperrec.server.http.ApiFixture.paperJson;
import static org.paperrec.server.http.ApiFixture.postJson;
import static org.paperrec.server.http.ApiFixture.toJson;
import static org.paperrec.server.http.PaperRoutesTest.ids;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/papers} and {@code DELETE /v1/papers/{id}}: bearer-token protected upserts and
 * deletes. Each test removes what it added, so the corpus stays as {@link TestCorpus} has it.
 */
class AdminRoutesTest {

  private static final String AUTHORIZATION = "Authorization";
  private static final String NEW_ID = "2506.07777";
  private static final Map<String, Object> NEW_PAPER = paperJson(
      NEW_ID,
      "Coral Reef Bleaching Forecasts from Sea Surface Temperature Anomalies",
      "We forecast coral bleaching events weeks ahead from satellite sea surface temperature anomalies and"
          + " ocean heat content, using a gradient-boosted model trained on two decades of reef surveys.");

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
  void postPaperWithoutTokenGives401WithBearerChallenge() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = postJson(client, "/v1/papers", toJson(NEW_PAPER));
      assertProblem(response, 401, "unauthorized");
      assertTrue(header(response, "WWW-Authenticate").startsWith("Bearer"), header(response, "WWW-Authenticate"));
      assertEquals(404, get(client, "/v1/papers/" + NEW_ID).code(), "nothing may be written");
    });
  }

  @Test
  void postPaperWithAnotherAuthSchemeGives401() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      assertProblem(postJson(client, "/v1/papers", toJson(NEW_PAPER), AUTHORIZATION, "Basic YWRtaW46YWRtaW4="), 401, "unauthorized");
    });
  }

  @Test
  void postPaperWithWrongTokenGives403() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      assertProblem(postJson(client, "/v1/papers", toJson(NEW_PAPER), AUTHORIZATION, bearer("not-the-token")), 403, "forbidden");
      assertEquals(404, get(client, "/v1/papers/" + NEW_ID).code(), "nothing may be written");
    });
  }

  @Test
  void deleteWithoutTokenGives401AndKeepsThePaper() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      assertProblem(delete(client, "/v1/papers/" + TestCorpus.CAT_CODES), 401, "unauthorized");
      assertEquals(200, get(client, "/v1/papers/" + TestCorpus.CAT_CODES).code());
    });
  }

  @Test
  void deleteWithWrongTokenGives403() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      assertProblem(delete(client, "/v1/papers/" + TestCorpus.CAT_CODES, AUTHORIZATION, bearer(ADMIN_TOKEN + "x")), 403, "forbidden");
    });
  }

  @Test
  void adminRoutesWithoutConfiguredTokenGive403TellingTheOperatorWhatToSet() {
    Javalin noToken = fixture.app(ApiSettings.readOnly(), () -> true);
    JavalinTest.test(noToken, (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/papers", toJson(NEW_PAPER), AUTHORIZATION, bearer(ADMIN_TOKEN)), 403, "admin-disabled")
          .path("detail").asText();
      assertTrue(detail.contains("PAPERREC_ADMIN_TOKEN"), detail);
      assertProblem(delete(client, "/v1/papers/" + TestCorpus.CAT_CODES), 403, "admin-disabled");
      assertEquals(200, get(client, "/v1/papers/" + TestCorpus.CAT_CODES).code());
    });
  }

  @Test
  void postedPaperIsReadableAndSearchableAndDeleteRemovesIt() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response added = postJson(client, "/v1/papers", toJson(NEW_PAPER), AUTHORIZATION, bearer(ADMIN_TOKEN));
      assertEquals(200, added.code(), added.body().string());
      JsonNode result = json(added).path("results").get(0);
      assertEquals(NEW_ID, result.path("id").asText());
      assertEquals("added", result.path("change").asText());

      assertEquals(200, get(client, "/v1/papers/" + NEW_ID).code());
      List<String> found = ids(json(get(client, "/v1/search?q=coral+reef+bleaching&limit=1")));
      assertEquals(List.of(NEW_ID), found);

      Response deleted = delete(client, "/v1/papers/" + NEW_ID, AUTHORIZATION, bearer(ADMIN_TOKEN));
      assertEquals(204, deleted.code(), deleted.body().string());
      assertProblem(get(client, "/v1/papers/" + NEW_ID), 404, "paper-not-found");
      List<String> afterDelete = ids(json(get(client, "/v1/search?q=coral+reef+bleaching&limit=100")));
      assertTrue(!afterDelete.contains(NEW_ID), afterDelete.toString());
    });
  }

  @Test
  void deletingAnAbsentPaperGives404Problem() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      assertProblem(delete(client, "/v1/papers/2599.99999", AUTHORIZATION, bearer(ADMIN_TOKEN)), 404, "paper-not-found");
    });
  }

  @Test
  void postingAnArrayReportsWhatHappenedToEachPaperInOrder() {
    Map<String, Object> sameAgain = new HashMap<>(NEW_PAPER);
    Map<String, Object> moreUpvotes = new HashMap<>(NEW_PAPER);
    moreUpvotes.put("upvotes", 5);
    Map<String, Object> newAbstract = new HashMap<>(moreUpvotes);
    newAbstract.put("abstract", "A revised abstract about forecasting coral bleaching from ocean temperatures.");
    JavalinTest.test(fixture.app(), (server, client) -> {
      String token = bearer(ADMIN_TOKEN);
      Response response = postJson(client, "/v1/papers",
          toJson(List.of(NEW_PAPER, sameAgain, moreUpvotes, newAbstract)), AUTHORIZATION, token);
      assertEquals(200, response.code(), response.body().string());
      JsonNode body = json(response);
      List<String> changes = new ArrayList<>();
      body.path("results").forEach(r -> changes.add(r.path("change").asText()));
      assertEquals(List.of("added", "unchanged", "metadata_updated", "reembedded"), changes);
      assertEquals(1, body.path("counts").path("metadataUpdated").asInt());
      assertEquals(0, body.path("counts").path("failed").asInt());
      assertEquals(5, json(get(client, "/v1/papers/" + NEW_ID)).path("upvotes").asInt());
      assertEquals(204, delete(client, "/v1/papers/" + NEW_ID, AUTHORIZATION, token).code());
    });
  }

  @Test
  void postedPaperWithoutIdGetsATitleSlugId() {
    Map<String, Object> paper = Map.of("title", "Seagrass Meadows as Carbon Sinks", "abstract", "We measure carbon burial in seagrass meadows.");
    JavalinTest.test(fixture.app(), (server, client) -> {
      String token = bearer(ADMIN_TOKEN);
      JsonNode body = json(postJson(client, "/v1/papers", toJson(paper), AUTHORIZATION, token));
      String id = body.path("results").get(0).path("id").asText();
      assertEquals("title:seagrass-meadows-as-carbon-sinks", id);
      assertEquals(204, delete(client, "/v1/papers/" + id, AUTHORIZATION, token).code());
    });
  }

  @Test
  void invalidPaperInAnArrayGives400NamingItsIndexAndWritesNothing() {
    Map<String, Object> noTitle = Map.of("id", "2506.08888", "abstract", "An abstract without a title.");
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(
              postJson(client, "/v1/papers", toJson(List.of(NEW_PAPER, noTitle)), AUTHORIZATION, bearer(ADMIN_TOKEN)),
              400, "invalid-request")
          .path("detail").asText();
      assertTrue(detail.startsWith("[1].title is required"), detail);
      assertEquals(404, get(client, "/v1/papers/" + NEW_ID).code(), "the valid paper must not be written either");
    });
  }

  @Test
  void moreThanAThousandPapersInOneRequestGive400Problem() {
    List<Map<String, Object>> papers = new ArrayList<>();
    for (int i = 0; i <= Limits.PAPERS_PER_REQUEST; i++) {
      papers.add(Map.of("title", "Paper " + i, "abstract", "Abstract " + i));
    }
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/papers", toJson(papers), AUTHORIZATION, bearer(ADMIN_TOKEN)), 400, "invalid-request")
          .path("detail").asText();
      assertTrue(detail.contains("at most 1000 papers") && detail.contains("1001"), detail);
    });
  }
}
