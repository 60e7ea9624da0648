package org.paperrec.store;

import java.util.stream.Stream;
import java.util.List;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.store.UserStore.Feedback;

/**
 * A store on a small tmpfs that fills up: writes fail with {@link StorageFullException}, reads go
 * on, and once a filler file is deleted writes work again in the same store, without reopening
 * it. Needs root to mount; skipped with the reason elsewhere.
 */
class PaperStoreDiskFullTest {

  private static final int DIM = 256;

  @TempDir Path tmp;
  private Path mount;

  @BeforeEach
  void mountTmpfs() throws Exception {
    mount = tmp.resolve("small-disk");
    Files.createDirectories(mount);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m,nr_inodes=2000", "tmpfs", mount.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN): " + out.strip());
  }

  @AfterEach
  void unmount() throws Exception {
    new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor();
  }

  /** Fills the disk but {@code leave} bytes. */
  private Path fill(long leave) throws IOException {
    Path filler = mount.resolve("filler");
    long free = Files.getFileStore(mount).getUsableSpace();
    Files.write(filler, new byte[(int) Math.max(0, free - leave)]);
    return filler;
  }

  /** Writes new papers until one fails for lack of space; counts the others in {@code written[0]}. */
  private static StorageFullException writeUntilFull(PaperStore store, int[] written) {
    for (int i = 0; i < 200_000; i++) {
      try {
        store.put(Fixtures.paper(String.format("2501.%05d", written[0])), vector());
        written[0]++;
      } catch (StorageFullException e) {
        return e;
      }
    }
    throw new AssertionError("the disk never filled");
  }

  private static float[] vector() {
    float[] v = new float[DIM];
    Arrays.fill(v, 0.0625f);
    return v;
  }

  @Test
  void writesFailWhileTheDiskIsFullAndWorkAgainOnceSpaceIsFreed() throws Exception {
    try (PaperStore store = PaperStore.open(mount.resolve("data"), Fixtures.MODEL, DIM)) {
      String user = "b".repeat(32);
      assertTrue(store.users().create(user, new byte[UserStore.TOKEN_HASH_BYTES], Instant.EPOCH));
      Path filler = fill(256 << 10);
      int[] written = {0};
      StorageFullException full = writeUntilFull(store, written);
      assertTrue(full.getMessage().contains("is full") && full.getMessage().contains("Free space"), full.getMessage());
      assertTrue(store.writeFailure().isPresent());
      // Reopening may free the old log's space, and RocksDB preallocates its log: take the rest
      // and write until that runs out too.
      Path more = mount.resolve("filler-2");
      Files.write(more, new byte[(int) Files.getFileStore(mount).getUsableSpace()]);
      writeUntilFull(store, written);
      // Within a second of a failure no reopen is tried: every write fails, a like too; reads go on.
      assertThrows(StorageFullException.class,
          () -> store.users().putFeedback(user, Feedback.LIKE, "2502.00002", Instant.EPOCH, 100));
      assertEquals(written[0], store.count());
      assertTrue(store.paper("2501.00000").isPresent() && store.vector("2501.00000").isPresent(), "reads go on");

      Files.delete(filler);
      Files.delete(more);
      // The store reopens its database on a write, at most once a second.
      boolean recovered = false;
      for (int attempt = 0; attempt < 50 && !recovered; attempt++) {
        try {
          store.put(Fixtures.paper("2502.00001"), vector());
          recovered = true;
        } catch (StorageFullException stillRecovering) {
          Thread.sleep(100);
        }
      }
      assertTrue(recovered, "writes work again after space was freed");
      assertTrue(store.writeFailure().isEmpty());
      assertEquals(UserStore.Change.ADDED,
          store.users().putFeedback(user, Feedback.LIKE, "2502.00001", Instant.EPOCH, 100).change());
      assertEquals(written[0] + 1, store.count());
      assertEquals(written[0] + 1, store.lastChange());
    }
    try (PaperStore reopened = PaperStore.openReadOnly(mount.resolve("data"))) {
      CheckReport report = new CheckReport();
      StoreCheck.run(reopened, report);
      assertTrue(report.isClean(), report.findings().toString());
    }
  }

  /**
   * While the disk is still full, a recovery can open the database only read-only. A write that
   * writes nothing (an unlike of a paper never liked) goes through on those handles; it must not
   * count as recovered, or every write after space is freed fails on read-only handles until a
   * restart.
   */
  @Test
  void aWriteThatWritesNothingDoesNotEndTheRecoveryOfAReadOnlyReopen() throws Exception {
    try (PaperStore store = PaperStore.open(mount.resolve("data"), Fixtures.MODEL, DIM)) {
      String user = "c".repeat(32);
      assertTrue(store.users().create(user, new byte[UserStore.TOKEN_HASH_BYTES], Instant.EPOCH));
      Path filler = fill(256 << 10);
      int[] written = {0};
      writeUntilFull(store, written);
      Path more = mount.resolve("filler-2");
      Files.write(more, new byte[(int) Files.getFileStore(mount).getUsableSpace()]);
      writeUntilFull(store, written);
      // No inode left: a reopen for writing (a new log file) fails, the read-only one works.
      Path inodes = Files.createDirectories(mount.resolve("inodes"));
      try {
        for (int i = 0; ; i++) {
          Files.createFile(inodes.resolve("f" + i));
        }
      } catch (IOException noInodeLeft) {
        // expected: the tmpfs has nr_inodes=2000
      }
      Files.delete(filler);
      Thread.sleep(1_100);
      StorageFullException stillFull =
          assertThrows(StorageFullException.class, () -> store.put(Fixtures.paper("2502.00001"), vector()));
      assertFalse(stillFull.getMessage().contains("read only"), "names the full disk: " + stillFull.getMessage());
      Thread.sleep(1_100);
      store.users().removeFeedback(user, Feedback.LIKE, List.of("2502.00009")); // writes nothing
      assertTrue(store.writeFailure().isPresent(), "a write that wrote nothing is no recovery");

      Files.delete(more);
      try (Stream<Path> files = Files.list(inodes)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.delete(f);
        }
      }
      boolean recovered = false;
      for (int attempt = 0; attempt < 50 && !recovered; attempt++) {
        try {
          store.put(Fixtures.paper("2502.00002"), vector());
          recovered = true;
        } catch (StorageFullException stillRecovering) {
          Thread.sleep(100);
        }
      }
      assertTrue(recovered, "writes work again after space and inodes were freed");
      assertTrue(store.writeFailure().isEmpty());
    }
  }
}
