package org.paperrec.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.cli.CliTest.paperrec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.embed.Embedder;
import org.paperrec.embed.ModelFingerprint;
import org.paperrec.recommend.Filter;
import org.paperrec.recommend.Library;
import org.paperrec.recommend.Page;
import org.paperrec.recommend.index.VectorMath;
import org.paperrec.recommend.profile.Profiles;
import org.paperrec.server.ChildProcess;
import org.paperrec.server.Engine;
import org.paperrec.server.cli.CliTest.Run;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperStore;

/**
 * {@code stats}, {@code similar}, {@code recommend} and {@code users list} open the data folder
 * read-only and without the model. The folder here is made with a model this build does not have
 * (a word-hashing test double), so a command that loaded or checked the real model would fail.
 */
class ReadOnlyCommandsTest {

  @TempDir Path tmp;
  Path data;
  String userId;

  /** Words hashed into 16 dimensions: texts sharing words are close. */
  static final class WordHashEmbedder implements Embedder {
    @Override
    public int dimension() {
      return 16;
    }

    @Override
    public ModelFingerprint fingerprint() {
      return new ModelFingerprint("test/word-hash", "test", "0".repeat(64), 16);
    }

    @Override
    public float[] embed(String text) {
      float[] v = new float[16];
      for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
        if (!word.isEmpty() && !word.equals("sep")) {
          v[Math.floorMod(word.hashCode(), 15)] += 1;
        }
      }
      v[15] = 0.01f;
      return VectorMath.normalizeInPlace(v);
    }

    @Override
    public void close() {}
  }

  static Paper paper(String id, String title) {
    return Paper.of(id, title, title + " in detail", List.of("A. Author"), LocalDate.of(2025, 6, 2), List.of("cs.LG"), null);
  }

  /** A data folder as a server leaves it: papers, a committed search index, a user with a like. */
  static String fill(Path data) {
    Embedder embedder = new WordHashEmbedder();
    try (PaperStore store = PaperStore.open(data, embedder.fingerprint().toString(), embedder.dimension());
        Library library = Library.open(store, embedder)) {
      library.upsert(paper("2506.00001", "sparse attention for long documents"));
      library.upsert(paper("2506.00002", "sparse attention for long videos"));
      library.upsert(paper("2506.00003", "graph networks for molecules")
          .withIds("2506.00003", List.of("doi:10.1000/molecules", "pmid:19872477")));
      Profiles profiles = new Profiles(store.users(), library, Clock.systemUTC());
      Profiles.NewUser user = profiles.create();
      profiles.like(user.userId(), "2506.00001");
      return user.userId();
    }
  }

  @BeforeEach
  void folder() {
    data = tmp.resolve("data");
    userId = fill(data);
  }

  @Test
  void theReadOnlyEngineHasNoModelAndItsLibraryRefusesTextQueries() {
    try (Engine.ReadOnly engine = Engine.openReadOnly(data)) {
      assertEquals(3, engine.library().size());
      var e = assertThrows(IllegalStateException.class, () -> engine.library().embedder());
      assertTrue(e.getMessage().contains("opened without the model"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> engine.recommender().search("sparse attention", new Page(5, 0), Filter.NONE));
    }
  }

  @Test
  void statsPrintsTheFoldersOwnModelWithoutLoadingOne() {
    Run run = paperrec("stats", "--data", data.toString());
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("model         test/word-hash test"), run.out());
    assertTrue(run.out().contains("papers        3"), run.out());
  }

  @Test
  void similarByIdNeedsNoModel() {
    Run run = paperrec("similar", "2506.00001", "--data", data.toString(), "--limit", "1");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("2506.00002"), run.out());
  }

  @Test
  void recommendNeedsNoModel() {
    Run run = paperrec("recommend", "--like", "2506.00003", "--data", data.toString(), "--limit", "2");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("2506.00001") && run.out().contains("2506.00002"), run.out());
  }

  @Test
  void similarAndRecommendTakeAnyIdOfAPaperAndPrintKeys() {
    Run similar = paperrec("similar", "DOI:10.1000/molecules", "--data", data.toString(), "--limit", "2");
    assertEquals(0, similar.code(), similar.err());
    assertFalse(similar.out().contains("2506.00003") || similar.out().contains("doi:"), similar.out());
    assertTrue(similar.out().contains("2506.00001"), similar.out());

    Run recommend = paperrec("recommend", "--like", "PMID:19872477", "--data", data.toString(), "--limit", "2");
    assertEquals(0, recommend.code(), recommend.err());
    assertEquals("", recommend.err(), "the PubMed ID is the paper's, not unknown");
    assertTrue(recommend.out().contains("2506.00001") && recommend.out().contains("2506.00002"), recommend.out());
  }

  @Test
  void usersListNeedsNoModel() {
    Run run = paperrec("users", "list", "--data", data.toString());
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().lines().anyMatch(l -> l.matches(userId + "\\s+\\S+\\s+1\\s+0\\s+0")), run.out());
  }

  @Test
  void readOnlyCommandsWorkOnAFolderThatIsNotWritableAndCreateNoFile() throws IOException {
    setWritable(data, false);
    try {
      Map<String, String> before = listing(data);
      for (String[] args : List.of(
          new String[] {"stats"},
          new String[] {"similar", "2506.00001"},
          new String[] {"recommend", "--like", "2506.00001"},
          new String[] {"users", "list"})) {
        Run run = paperrec(concat(args, "--data", data.toString()));
        assertEquals(0, run.code(), String.join(" ", args) + ": " + run.err());
      }
      // Name, size and modification time of every file, index folder included: no LOCK, no
      // write.lock, no log, nothing touched.
      assertEquals(before, listing(data));
    } finally {
      setWritable(data, true); // so that @TempDir can delete it when the test does not run as root
    }
  }

  /**
   * The test above runs in this JVM, which as root ignores file permissions. Here each command runs
   * in a child JVM for which {@code chmod a-w} is binding: as root without the capabilities that
   * override permissions ({@code setpriv}), or as this user when it is not root.
   */
  @Test
  void readOnlyCommandsWorkInAProcessThatCannotWriteTheFolder() throws Exception {
    List<String> launcher = bound();
    setWritable(data, false);
    try {
      // The child really cannot write there: creating a file is refused.
      Process probe = new ProcessBuilder(concat(launcher.toArray(String[]::new), "touch", data.resolve("probe").toString()))
          .redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      assertTrue(probe.waitFor() != 0 && !Files.exists(data.resolve("probe")), "the child can write the folder");
      Map<String, String> before = listing(data);
      for (String[] args : List.of(
          new String[] {"stats"},
          new String[] {"similar", "2506.00001"},
          new String[] {"recommend", "--like", "2506.00001"},
          new String[] {"users", "list"})) {
        try (ChildProcess child = new ChildProcess(tmp.resolve(args[0] + ".log"), Map.of(), launcher,
            concat(args, "--data", data.toString()))) {
          assertEquals(0, child.waitFor(120), String.join(" ", args) + ": " + child.logTail());
        }
      }
      assertEquals(before, listing(data));
    } finally {
      setWritable(data, true);
    }
  }

  /** A launcher under which file permissions bind the child, or none when they bind this user already. */
  private static List<String> bound() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return List.of();
    }
    Path setpriv = Path.of("/usr/bin/setpriv");
    Assumptions.assumeTrue(Files.isExecutable(setpriv), "running as root without setpriv: permissions cannot bind a child");
    return List.of(setpriv.toString(), "--bounding-set=-dac_override,-dac_read_search,-fowner", "--");
  }

  @Test
  void aReadOnlyCommandOnAFolderWithoutAStoreFailsInOneLineAndCreatesNothing() {
    Path missing = tmp.resolve("missing");
    Run run = paperrec("stats", "--data", missing.toString());
    assertEquals(1, run.code());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(run.err().contains("holds no paperrec store"), run.err());
    assertFalse(Files.exists(missing));
  }

  @Test
  void aReadOnlyCommandOnAFolderWithoutASearchIndexSaysWhatToRun() {
    Path bare = tmp.resolve("bare");
    Embedder embedder = new WordHashEmbedder();
    try (PaperStore store = PaperStore.open(bare, embedder.fingerprint().toString(), embedder.dimension())) {
      store.put(paper("2506.00001", "sparse attention"), embedder.embed("sparse attention"));
    }
    Run run = paperrec("similar", "2506.00001", "--data", bare.toString());
    assertEquals(1, run.code());
    String abs = bare.toAbsolutePath().normalize().toString();
    assertEquals("paperrec: the data folder " + abs + " has no search index yet: start `paperrec serve --data " + abs
        + "` once, or run a writing command such as `paperrec ingest`, to build it", run.err().strip());
  }

  static String[] concat(String[] args, String... more) {
    return Stream.concat(Stream.of(args), Stream.of(more)).toArray(String[]::new);
  }

  /** Relative path to size and modification time of every file and folder under {@code root}. */
  static Map<String, String> listing(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.toList()) {
        files.put(root.relativize(p).toString(), (Files.isDirectory(p) ? "dir" : Files.size(p)) + " "
            + Files.getLastModifiedTime(p));
      }
    }
    return files;
  }

  /** chmod -R a-w (or u+w), as a person with a read-only copy would have it. */
  static void setWritable(Path root, boolean writable) throws IOException {
    List<Path> all;
    try (Stream<Path> walk = Files.walk(root)) {
      all = new ArrayList<>(walk.toList());
    }
    // Folders last when taking write permission away, first when giving it back.
    if (!writable) {
      Collections.reverse(all);
    }
    for (Path p : all) {
      boolean dir = Files.isDirectory(p);
      String perms = dir ? (writable ? "rwxr-xr-x" : "r-xr-xr-x") : (writable ? "rw-r--r--" : "r--r--r--");
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }
  }
}
