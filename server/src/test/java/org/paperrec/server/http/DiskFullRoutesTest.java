package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.paperrec.server.http.ApiFixture.ADMIN_TOKEN;
import static org.paperrec.server.http.ApiFixture.assertProblem;
import static org.paperrec.server.http.ApiFixture.bearer;
import static org.paperrec.server.http.ApiFixture.get;
import static org.paperrec.server.http.ApiFixture.json;
import static org.paperrec.server.http.ApiFixture.paperJson;
import static org.paperrec.server.http.ApiFixture.postJson;
import static org.paperrec.server.http.ApiFixture.toJson;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.lucene.IndexCheck;
import org.paperrec.store.CheckReport;

/**
 * The API on a data folder whose disk fills up (a 64 MiB tmpfs, mounted as root; skipped with the
 * reason where that is not possible): writes answer 507 problems, reads go on, {@code /health}
 * says {@code degraded} and why, and once a filler file is deleted writes work again, without a
 * restart, with store and search index in agreement.
 */
class DiskFullRoutesTest {

  @TempDir Path tmp;
  private Path mount;

  @BeforeEach
  void mountTmpfs() throws Exception {
    mount = tmp.resolve("small-disk");
    Files.createDirectories(mount);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", mount.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN): " + out.strip());
  }

  @AfterEach
  void unmount() throws Exception {
    new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor();
  }

  private static String batch(int from, int n) {
    List<Map<String, Object>> papers = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      String id = String.format("2615.%05d", i);
      papers.add(paperJson(id, "Disk pressure study " + i, "How a server behaves when its disk fills, part " + i + "."));
    }
    return toJson(papers);
  }

  @Test
  void writesAnswer507WhileTheDiskIsFullAndRecoverOnceSpaceIsFreed() throws Exception {
    Path data = mount.resolve("data");
    try (ApiFixture fixture = ApiFixture.open(data)) {
      JavalinTest.test(fixture.app(), (server, client) -> {
        Path filler = mount.resolve("filler");
        Files.write(filler, new byte[(int) (Files.getFileStore(mount).getUsableSpace() - (1 << 20))]);
        int next = 0;
        Response refused = null;
        for (int i = 0; i < 2_000 && refused == null; i++) {
          Response r = postJson(client, "/v1/papers", batch(next, 10), "Authorization", bearer(ADMIN_TOKEN));
          if (r.code() == 200) {
            next += 10;
          } else {
            refused = r;
          }
        }
        assertTrue(refused != null, "the disk never filled");
        JsonNode problem = assertProblem(refused, 507, "insufficient-storage");
        assertTrue(problem.get("detail").asText().contains("is full") && problem.get("detail").asText().contains("Free space"), problem.toString());

        // Reads go on.
        assertEquals(200, get(client, "/v1/papers/2615.00000").code());
        assertEquals(200, get(client, "/v1/papers/2615.00000/similar?limit=3").code());
        assertEquals(200, get(client, "/v1/search?q=disk+pressure&limit=3").code());
        Response health = get(client, "/health");
        assertEquals(200, health.code());
        JsonNode h = json(health);
        assertEquals("degraded", h.get("status").asText(), h.toString());
        assertTrue(h.get("reason").asText().contains("No space left on device"), h.toString());

        // Space comes back: writes work again by themselves.
        Files.delete(filler);
        Response again = null;
        for (int i = 0; i < 100 && (again == null || again.code() != 200); i++) {
          if (again != null) {
            Thread.sleep(200);
          }
          again = postJson(client, "/v1/papers", batch(next, 10), "Authorization", bearer(ADMIN_TOKEN));
        }
        assertEquals(200, again.code(), again.body().string());
        assertEquals("ready", json(get(client, "/health")).get("status").asText());
        for (int i = 0; i < next + 10; i += 10) {
          assertEquals(200, get(client, String.format("/v1/papers/2615.%05d/similar?limit=1", i)).code(), "paper " + i);
        }
        fixture.library.commit();
      });
    }
    CheckReport report = IndexCheck.checkFolder(data);
    assertTrue(report.isClean() && report.figures().get("index changes behind") == 0, report.findings() + " " + report.summary());
  }
}
