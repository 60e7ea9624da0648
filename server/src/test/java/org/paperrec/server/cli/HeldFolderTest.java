package org.paperrec.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.cli.CliTest.paperrec;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.lucene.store.LockObtainFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.embed.ModelBuild;
import org.paperrec.recommend.profile.Profiles;
import org.paperrec.server.Engine;
import org.paperrec.server.cli.CliTest.Run;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperStore;
import org.paperrec.store.StoreLockedException;

/**
 * The command line beside a process that holds the data folder for writing, as a running server
 * does: here a writable {@link Engine} in this JVM (RocksDB refuses a second writable open within
 * a process too, so it holds the folder as a server would; {@link ServerProcessTest} runs the real
 * server). Read-only commands work; writing commands fail in one line that says what to do.
 */
class HeldFolderTest {

  @TempDir static Path tmp;
  static Path data;
  static Engine server;
  static Profiles.NewUser user;

  @BeforeAll
  static void holdTheFolder() {
    data = tmp.resolve("data");
    server = Engine.open(data, ModelBuild.INT8, 1);
    server.library().upsert(paper("2506.00001", "Sparse attention for long documents",
        "We make attention sparse so long documents fit in memory."));
    server.library().upsert(paper("2506.00002", "Sparse transformers for long sequences",
        "Sparse attention patterns let transformers read long sequences."));
    server.library().upsert(paper("2506.00003", "Graph neural networks for molecules",
        "Message passing networks predict molecular properties."));
    user = server.profiles().create();
    server.profiles().like(user.userId(), "2506.00001");
    // What a server does after an ingest; read-only commands see the index as of this commit.
    server.store().flush();
    server.library().commit();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Paper paper(String id, String title, String abstractText) {
    return Paper.of(id, title, abstractText, List.of("A. Author"), LocalDate.of(2025, 6, 2), List.of("cs.LG"), null);
  }

  private static String folder() {
    return data.toAbsolutePath().normalize().toString();
  }

  @Test
  void theFolderIsReallyHeld() {
    assertThrows(StoreLockedException.class,
        () -> PaperStore.open(data, server.embedder().fingerprint().toString(), server.embedder().dimension()));
  }

  @Test
  void statsWorksBesideTheServer() {
    Run run = paperrec("stats", "--data", data.toString());
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("papers        3"), run.out());
    assertTrue(run.out().contains("model         " + server.embedder().fingerprint()), run.out());
  }

  @Test
  void similarWorksBesideTheServer() {
    Run run = paperrec("similar", "2506.00001", "--data", data.toString(), "--limit", "1");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("2506.00002"), run.out());
  }

  @Test
  void recommendWorksBesideTheServer() {
    Run run = paperrec("recommend", "--like", "2506.00002", "--data", data.toString(), "--limit", "1");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("2506.00001"), run.out());
  }

  @Test
  void usersListWorksBesideTheServer() {
    Run run = paperrec("users", "list", "--data", data.toString());
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().lines().anyMatch(l -> l.matches(user.userId() + "\\s+\\S+\\s+1\\s+0\\s+0")), run.out());
  }

  @Test
  void ingestIntoAHeldFolderFailsInOneLineNamingTheFolderAndTheAdminRoute() throws Exception {
    Path corpus = tmp.resolve("corpus.jsonl");
    Files.writeString(corpus, "{\"id\": \"2506.00009\", \"title\": \"A title\", \"abstract\": \"An abstract.\","
        + " \"authors\": [], \"categories\": [\"cs.LG\"], \"announced\": \"2025-06-02\"}\n", StandardCharsets.UTF_8);

    Run run = paperrec("ingest", corpus.toString(), "--data", data.toString(), "--threads", "1");

    assertEquals(1, run.code());
    String line = run.err().strip();
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.startsWith("paperrec: the data folder " + folder() + " is in use by a running paperrec server"), line);
    assertTrue(line.contains("/v1/papers") && line.contains("PAPERREC_ADMIN_TOKEN"), line);
    assertFalse(server.library().contains("2506.00009"));
  }

  @Test
  void usersDeleteOnAHeldFolderFailsInOneLineAndDeletesNothing() {
    Run run = paperrec("users", "delete", user.userId(), "--data", data.toString());

    assertEquals(1, run.code());
    String line = run.err().strip();
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.startsWith("paperrec: the data folder " + folder() + " is in use"), line);
    assertTrue(line.contains("DELETE") && line.contains("/v1/users/me"), line);
    assertTrue(server.profiles().authenticate(user.token()).isPresent());
  }

  @Test
  void reembedOfAHeldFolderFailsInOneLineSayingToStopTheServer() {
    Run run = paperrec("reembed", "--data", data.toString(), "--model", "int8");

    assertEquals(1, run.code());
    // reembed has drawn its (empty) progress bar by the time the store refuses it: the failure is the one other line.
    List<String> failure = run.err().lines().filter(l -> !l.startsWith("re-embedding ")).toList();
    assertEquals(1, failure.size(), run.err());
    String line = failure.get(0);
    assertTrue(line.startsWith("paperrec: the data folder " + folder() + " is in use"), line);
    assertTrue(line.contains("stop it first"), line);
  }

  @Test
  void aSecondWriterOfTheSearchIndexGetsTheSameLine() {
    // Lucene's own lock, wrapped as CorpusIndex.open wraps it; the store's lock normally fires first.
    var e = new UncheckedIOException("cannot open the search index in " + data.resolve("search-index"),
        new LockObtainFailedException("Lock held by another program: " + data.resolve("search-index/write.lock")));
    assertEquals(
        "the data folder " + folder() + " is in use by a running paperrec server (or another writing command);"
            + " stop it first (stats, similar, recommend and users list work beside it)",
        Failures.oneLine(e, "eval", data));
  }
}
