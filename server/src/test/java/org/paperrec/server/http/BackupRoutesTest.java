package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.http.ApiFixture.ADMIN_TOKEN;
import static org.paperrec.server.http.ApiFixture.assertProblem;
import static org.paperrec.server.http.ApiFixture.bearer;
import static org.paperrec.server.http.ApiFixture.delete;
import static org.paperrec.server.http.ApiFixture.get;
import static org.paperrec.server.http.ApiFixture.json;
import static org.paperrec.server.http.ApiFixture.paperJson;
import static org.paperrec.server.http.ApiFixture.postJson;
import static org.paperrec.server.http.ApiFixture.put;
import static org.paperrec.server.http.ApiFixture.toJson;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.Library;
import org.paperrec.recommend.Recommender;
import org.paperrec.recommend.profile.Profiles;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperStore;

/**
 * {@code POST /v1/admin/backup}: an online backup, taken while the server serves, restores to a
 * data folder that gives the same answers to the same queries as the server gave when it was taken,
 * whatever was written after.
 */
class BackupRoutesTest {

  private static final String AUTH = "Authorization";

  @TempDir Path tmp;

  private static final List<String> QUERIES = List.of(
      "/v1/papers/" + TestCorpus.SPARSE_ATTENTION + "/similar?limit=5",
      "/v1/papers/" + TestCorpus.HALLUCINATION + "/similar?limit=5",
      "/v1/search?q=language%20model%20reasoning&limit=5",
      "/v1/papers/" + TestCorpus.BYTE_LEVEL);

  @Test
  void aBackupTakenWhileServingRestoresToTheSameAnswers() throws Exception {
    Path backupDir = tmp.resolve("backup-1");
    Map<String, String> answersAtBackup = new LinkedHashMap<>();
    String[] user = new String[2];
    try (ApiFixture fixture = ApiFixture.open(tmp.resolve("data"))) {
      JavalinTest.test(fixture.app(), (server, client) -> {
        JsonNode created = json(postJson(client, "/v1/users", "{}"));
        user[0] = created.get("token").asText();
        assertEquals(200, put(client, "/v1/users/me/likes/" + TestCorpus.SPARSE_ATTENTION, AUTH, bearer(user[0])).code());
        for (String q : QUERIES) {
          answersAtBackup.put(q, get(client, q).body().string());
        }
        user[1] = get(client, "/v1/users/me", AUTH, bearer(user[0])).body().string();

        var response = postJson(client, "/v1/admin/backup", toJson(Map.of("dir", backupDir.toString())),
            AUTH, bearer(ADMIN_TOKEN));
        assertEquals(201, response.code());
        JsonNode backup = json(response);
        assertEquals(TestCorpus.PAPERS.size(), backup.get("papers").asLong());
        assertTrue(backup.get("indexBytes").asLong() > 0);

        // Writes after the backup are not in it.
        assertEquals(200, postJson(client, "/v1/papers", toJson(paperJson("2506.09999", "A paper after the backup",
            "Written after the backup was taken, about sparse attention in language models.")),
            AUTH, bearer(ADMIN_TOKEN)).code());
        assertEquals(204, delete(client, "/v1/papers/" + TestCorpus.HALLUCINATION, AUTH, bearer(ADMIN_TOKEN)).code());

        assertProblem(postJson(client, "/v1/admin/backup", toJson(Map.of("dir", backupDir.toString())),
            AUTH, bearer(ADMIN_TOKEN)), 400, "invalid-request");
        assertProblem(postJson(client, "/v1/admin/backup", toJson(Map.of("dir", "relative/dir")), AUTH, bearer(ADMIN_TOKEN)),
            400, "invalid-request");
        assertEquals(401, postJson(client, "/v1/admin/backup", toJson(Map.of("dir", tmp.resolve("b2").toString()))).code());
        assertTrue(Files.notExists(tmp.resolve("b2")));
      });

      // Restore: a server on the backup folder, with the same model.
      try (PaperStore restored = PaperStore.open(backupDir, fixture.store.model(), fixture.store.dimension());
          Library library = Library.open(restored, fixture.embedder)) {
        Recommender recommender = new Recommender(library);
        Profiles profiles = new Profiles(restored.users(), library, Clock.systemUTC());
        JavalinTest.test(HttpApi.create(library, recommender, profiles, new ApiSettings(ADMIN_TOKEN, List.of()), () -> true),
            (server, client) -> {
              for (String q : QUERIES) {
                assertEquals(answersAtBackup.get(q), get(client, q).body().string(), q);
              }
              assertEquals(user[1], get(client, "/v1/users/me", AUTH, bearer(user[0])).body().string(), "the user and likes");
              assertEquals(404, get(client, "/v1/papers/2506.09999").code());
            });
        assertEquals(TestCorpus.PAPERS.size(), library.size());
      }
    }
  }
  /** Found by JsonBodiesFuzzTest: RocksDB's checkpoint failed on the long name, answered 500. */
  @Test
  void aFolderNameLongerThan200BytesIsA400NotA500() throws Exception {
    try (ApiFixture fixture = ApiFixture.open(tmp.resolve("data"))) {
      JavalinTest.test(fixture.app(), (server, client) -> {
        String tooLong = tmp.resolve("b" + "x".repeat(255)).toString(); // over NAME_MAX: was a 500
        JsonNode problem = assertProblem(postJson(client, "/v1/admin/backup", toJson(Map.of("dir", tooLong)),
            AUTH, bearer(ADMIN_TOKEN)), 400, "invalid-request");
        assertTrue(problem.path("detail").asText().contains("more than 200 bytes"), problem.toString());
        String fits = tmp.resolve("b" + "x".repeat(199)).toString();
        assertEquals(201, postJson(client, "/v1/admin/backup", toJson(Map.of("dir", fits)), AUTH, bearer(ADMIN_TOKEN)).code());
      });
    }
  }
}
