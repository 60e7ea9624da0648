package org.paperrec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.server.transfer.NpyDtype;
import org.paperrec.server.transfer.ShardFolderWriter;
import org.paperrec.embed.ModelBuild;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperStore;

/**
 * kill -9 of a real {@code paperrec} process in the middle of writes: a bulk upsert over HTTP, a
 * stream of likes from several users, an import. After each, {@code paperrec check} finds the
 * folder sound (the index may be behind by logged changes, nothing else), and after a restart
 * every write the client saw acknowledged is there, every paper with its vector and its search
 * document.
 */
class CrashSafetyTest {

  @TempDir Path tmp;

  private static void assertSound(Path data, String when) {
    ServedFolder.Check check = ServedFolder.check(data);
    assertEquals(0, check.code(), when + ": " + check);
    assertTrue(check.out().lines().noneMatch(l -> l.startsWith("violation")), when + ": " + check);
  }

  @Test
  void killDuringABulkUpsertLosesNoAcknowledgedPaper() throws Exception {
    Path data = tmp.resolve("data");
    List<String> acknowledged = new ArrayList<>();
    List<String> inFlight = new ArrayList<>();
    try (ServedFolder server = ServedFolder.start(data, tmp.resolve("serve1.log"), Map.of())) {
      int next = 0;
      for (int batch = 0; batch < 3; batch++) {
        List<String> ids = ids(next, 10);
        next += 10;
        HttpResponse<String> r = server.send("POST", "/v1/papers", ServedFolder.ADMIN_TOKEN, body(ids));
        assertEquals(200, r.statusCode(), r.body());
        acknowledged.addAll(ids);
      }
      // A big batch is being embedded and written paper by paper when the process dies.
      inFlight.addAll(ids(next, 300));
      ExecutorService client = Executors.newSingleThreadExecutor();
      Future<HttpResponse<String>> pending =
          client.submit(() -> server.send("POST", "/v1/papers", ServedFolder.ADMIN_TOKEN, body(inFlight)));
      awaitStored(data, acknowledged.size() + 48 + 20);
      server.kill();
      assertTrue(pending.isDone() || waitFailed(pending), "the cut request got no 2xx");
      client.shutdownNow();
    }
    assertSound(data, "after the kill");
    long stored;
    try (PaperStore store = PaperStore.openReadOnly(data)) {
      for (String id : acknowledged) {
        assertTrue(store.paper(id).isPresent() && store.vector(id).isPresent(), id + " was acknowledged");
      }
      stored = store.count();
    }
    assertTrue(stored > 48 + acknowledged.size() && stored < 48 + acknowledged.size() + inFlight.size(),
        "killed in the middle of the big batch: " + stored + " papers");

    try (ServedFolder server = ServedFolder.start(data, tmp.resolve("serve2.log"), Map.of())) {
      for (String id : acknowledged) {
        HttpResponse<String> similar = server.send("GET", "/v1/papers/" + id + "/similar?limit=1", null, null);
        assertEquals(200, similar.statusCode(), id + ": " + similar.body());
      }
      assertSound(data, "beside the restarted server");
    }
    assertSound(data, "after the restart");
  }

  @Test
  void killDuringLikesOfSeveralUsersLosesNoAcknowledgedLike() throws Exception {
    Path data = tmp.resolve("data");
    int users = 4;
    Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
    try (ServedFolder server = ServedFolder.start(data, tmp.resolve("serve1.log"), Map.of())) {
      List<String> tokens = new ArrayList<>();
      for (int u = 0; u < users; u++) {
        String token = server.createUser();
        tokens.add(token);
        acknowledged.put(token, ConcurrentHashMap.newKeySet());
      }
      AtomicInteger total = new AtomicInteger();
      AtomicBoolean dead = new AtomicBoolean();
      CountDownLatch enough = new CountDownLatch(1);
      ExecutorService clients = Executors.newFixedThreadPool(users);
      for (int u = 0; u < users; u++) {
        String token = tokens.get(u);
        int user = u;
        clients.submit(() -> {
          for (int i = 0; !dead.get(); i++) {
            String id = String.format("2612.%d%04d", user, i);
            try {
              HttpResponse<String> r = server.send("PUT", "/v1/users/me/likes/" + id, token, null);
              if (r.statusCode() / 100 == 2) {
                acknowledged.get(token).add(id);
                if (total.incrementAndGet() >= 200) {
                  enough.countDown();
                }
              }
            } catch (Exception killed) {
              return null;
            }
          }
          return null;
        });
      }
      assertTrue(enough.await(300, java.util.concurrent.TimeUnit.SECONDS), "200 likes acknowledged");
      server.kill();
      dead.set(true);
      clients.shutdown();
      assertTrue(clients.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS));

      assertSound(data, "after the kill");
      try (ServedFolder restarted = ServedFolder.start(data, tmp.resolve("serve2.log"), Map.of())) {
        for (String token : tokens) {
          Set<String> liked = new HashSet<>();
          for (JsonNode like : restarted.me(token).get("likes")) {
            liked.add(like.get("id").asText());
          }
          assertTrue(liked.containsAll(acknowledged.get(token)),
              "every acknowledged like survived: missing " + missing(acknowledged.get(token), liked));
        }
        assertSound(data, "beside the restarted server");
      }
    }
  }

  @Test
  void killDuringAnImportLeavesWholeBatchesAndTheNextImportCompletesIt() throws Exception {
    Path shards = tmp.resolve("shards");
    int papers = 8_000;
    try (ShardFolderWriter writer = ShardFolderWriter.create(shards, ModelBuild.INT8.fingerprint().toString(), 384,
        NpyDtype.FLOAT32, 2_000)) {
      java.util.Random random = new java.util.Random(3);
      for (int i = 0; i < papers; i++) {
        float[] v = new float[384];
        for (int d = 0; d < v.length; d++) {
          v[d] = (float) random.nextGaussian();
        }
        writer.write(Paper.of(String.format("2613.%05d", i), "Imported paper " + i, "Abstract " + i, List.of("A"),
            null, List.of("cs.DB"), null), org.paperrec.recommend.index.VectorMath.normalizeInPlace(v));
      }
      writer.finish();
    }
    Path data = tmp.resolve("data");
    String[] importArgs = {"import", shards.toString(), "--data", data.toString()};
    try (ChildProcess child = new ChildProcess(tmp.resolve("import1.log"), Map.of(), importArgs)) {
      awaitStored(data, 1);
      child.kill();
    }
    long stored;
    try (PaperStore store = PaperStore.openReadOnly(data)) {
      stored = store.count();
    }
    assertTrue(stored % 1_000 == 0 || stored == papers, "whole batches of 1000 only: " + stored);
    assertSound(data, "after the kill (" + stored + " papers)");

    try (ChildProcess again = new ChildProcess(tmp.resolve("import2.log"), Map.of(), importArgs)) {
      assertEquals(0, again.waitFor(600), again.logTail());
    }
    ServedFolder.Check check = ServedFolder.check(data);
    assertEquals(0, check.code(), check.toString());
    assertTrue(check.out().contains("clean; papers " + papers + ", users 0, index documents " + papers
        + ", index changes behind 0"), check.toString());
  }

  private static List<String> ids(int from, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      ids.add(String.format("2611.%05d", i));
    }
    return ids;
  }

  private static String body(List<String> ids) throws Exception {
    return ServedFolder.JSON.writeValueAsString(ids.stream().map(ServedFolder::paperJson).toList());
  }

  /** Polls the folder read-only, beside its writer, until it holds {@code n} papers. */
  private static void awaitStored(Path data, long n) throws InterruptedException {
    for (int i = 0; i < 6000; i++) {
      try (PaperStore store = PaperStore.openReadOnly(data)) {
        if (store.count() >= n) {
          return;
        }
      } catch (RuntimeException notYet) {
        // no store yet, or a file went away while opening
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the folder never held " + n + " papers");
  }

  private static boolean waitFailed(Future<HttpResponse<String>> pending) {
    try {
      return pending.get(60, java.util.concurrent.TimeUnit.SECONDS).statusCode() / 100 != 2;
    } catch (Exception e) {
      return true;
    }
  }

  private static Set<String> missing(Set<String> expected, Set<String> actual) {
    Set<String> m = new HashSet<>(expected);
    m.removeAll(actual);
    return m;
  }
}
