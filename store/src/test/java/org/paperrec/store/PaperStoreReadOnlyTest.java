package org.paperrec.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.store.Fixtures.DIM;
import static org.paperrec.store.Fixtures.MODEL;
import static org.paperrec.store.Fixtures.paper;
import static org.paperrec.store.Fixtures.vector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** {@link PaperStore#openReadOnly}: beside a writer, on a folder that is not writable, refusing writes. */
class PaperStoreReadOnlyTest {

  private static final String USER = "0123456789abcdef0123456789abcdef";

  @TempDir Path tmp;
  Path dir;
  PaperStore writer;

  @BeforeEach
  void open() {
    dir = tmp.resolve("data");
    writer = PaperStore.open(dir, MODEL, DIM);
    writer.put(paper("2501.00001"), vector(1));
    writer.put(paper("2501.00002"), vector(2));
    writer.users().create(USER, new byte[UserStore.TOKEN_HASH_BYTES], Instant.EPOCH);
  }

  @AfterEach
  void close() {
    writer.close();
  }

  @Test
  void readOnlyOpenBesideAWriterSeesItsUnflushedWrites() {
    try (PaperStore reader = PaperStore.openReadOnly(dir)) {
      assertTrue(reader.isReadOnly());
      assertEquals(2, reader.count());
      assertEquals(2, reader.lastChange());
      assertEquals(Optional.of(paper("2501.00002")), reader.paper("2501.00002"));
      assertArrayEquals(vector(1), reader.vector("2501.00001").orElseThrow());
      assertTrue(reader.users().exists(USER));
      assertEquals(MODEL, reader.model());
      assertEquals(DIM, reader.dimension());
    }
  }

  @Test
  void readOnlyViewIsAsOfItsOpen() {
    try (PaperStore reader = PaperStore.openReadOnly(dir)) {
      writer.put(paper("2501.00003"), vector(3));
      assertEquals(Optional.empty(), reader.paper("2501.00003"));
      assertEquals(2, reader.count());
    }
    try (PaperStore reader = PaperStore.openReadOnly(dir)) {
      assertEquals(3, reader.count());
      assertEquals(3, reader.lastChange());
    }
  }

  @Test
  void aReadOnlyStoreRefusesEveryWrite() {
    try (PaperStore reader = PaperStore.openReadOnly(dir)) {
      UserStore users = reader.users();
      List<Executable> writes = List.of(
          () -> reader.put(paper("2501.00003"), vector(3)),
          () -> reader.putAll(List.of(new PaperStore.Entry(paper("2501.00003"), vector(3)))),
          () -> reader.putPaper(paper("2501.00001")),
          () -> reader.delete("2501.00001"),
          () -> reader.pruneChangesThrough(1),
          () -> users.create("fedcba9876543210fedcba9876543210", new byte[UserStore.TOKEN_HASH_BYTES], Instant.EPOCH),
          () -> users.putFeedback(USER, UserStore.Feedback.LIKE, "2501.00001", Instant.EPOCH, 10),
          () -> users.removeFeedback(USER, UserStore.Feedback.LIKE, "2501.00001"),
          () -> users.putSeen(USER, List.of("2501.00001"), Instant.EPOCH, Instant.EPOCH, 10),
          () -> users.delete(USER));
      for (Executable write : writes) {
        var e = assertThrows(IllegalStateException.class, write);
        assertTrue(e.getMessage().startsWith("the data folder is open read-only"), e.getMessage());
      }
      reader.flush(); // nothing to flush: no error
      assertEquals(2, reader.count());
    }
  }

  @Test
  void aReadOnlyOpenTakesNoLockSoAWriterCanOpenAfterIt() {
    writer.close();
    try (PaperStore reader = PaperStore.openReadOnly(dir)) {
      writer = PaperStore.open(dir, MODEL, DIM);
      assertEquals(2, reader.count());
    }
  }

  @Test
  void readOnlyOpenOfAFolderThatIsNotWritableCreatesAndChangesNoFile() throws Exception {
    writer.close();
    Path copy = Files.createDirectories(tmp.resolve("copy"));
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    setWritable(copy, false);
    try {
      Map<String, String> before = listing(copy);
      try (PaperStore reader = PaperStore.openReadOnly(copy)) {
        assertEquals(2, reader.count());
        reader.forEach((p, v) -> {});
        assertTrue(reader.users().exists(USER));
      }
      assertEquals(before, listing(copy));
    } finally {
      setWritable(copy, true); // so that @TempDir can delete it when the test does not run as root
    }
  }

  @Test
  void readOnlyOpenOfAFolderWithoutAStoreIsRefusedAndCreatesNothing() {
    Path missing = tmp.resolve("missing");
    var e = assertThrows(StoreMismatchException.class, () -> PaperStore.openReadOnly(missing));
    assertTrue(e.getMessage().contains("holds no paperrec store"), e.getMessage());
    assertFalse(Files.exists(missing));
  }

  /** Name to size and modification time of every file in {@code folder}. */
  private static Map<String, String> listing(Path folder) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(folder)) {
      for (Path file : list.toList()) {
        files.put(file.getFileName().toString(), Files.size(file) + " " + Files.getLastModifiedTime(file));
      }
    }
    return files;
  }

  /** chmod a-w (or u+w) on the folder and its files, as a person with a read-only copy would have it. */
  private static void setWritable(Path folder, boolean writable) throws IOException {
    Set<PosixFilePermission> files = PosixFilePermissions.fromString(writable ? "rw-r--r--" : "r--r--r--");
    Set<PosixFilePermission> dirs = PosixFilePermissions.fromString(writable ? "rwxr-xr-x" : "r-xr-xr-x");
    if (writable) {
      Files.setPosixFilePermissions(folder, dirs);
    }
    try (Stream<Path> list = Files.list(folder)) {
      for (Path file : list.toList()) {
        Files.setPosixFilePermissions(file, files);
      }
    }
    if (!writable) {
      Files.setPosixFilePermissions(folder, dirs);
    }
  }
}
