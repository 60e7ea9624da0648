package org.paperrec.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.paperrec.store.PaperStore.Entry;
import org.paperrec.store.StoreDatabase.Found;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data folder and its siblings: the path checks, and {@link PaperStore#reembed}, which builds a
 * new store beside the folder and swaps it in, keeping a backup until the swap is done (recovery
 * after a crash is documented there).
 *
 * <p>Thread-safe: stateless. Two re-embeds of the same folder cannot run at once, because each
 * opens the folder for writing.
 */
final class DataFolder {

  /** Sibling folder a re-embed builds the new store in: {@code <dir>.reembed-tmp}. */
  static final String REEMBED_SUFFIX = ".reembed-tmp";

  /** Sibling folder the old store is moved to during the swap: {@code <dir>.bak-<timestamp>}. */
  static final String BACKUP_INFIX = ".bak-";

  private static final Logger LOG = LoggerFactory.getLogger(DataFolder.class);
  private static final int REEMBED_BATCH = 500;
  private static final int COPY_BATCH = 1000;
  private static final DateTimeFormatter BACKUP_TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private DataFolder() {}

  /** {@code dir} absolute and normalised. */
  static Path dataDir(Path dir) {
    Objects.requireNonNull(dir, "dir");
    Path data = dir.toAbsolutePath().normalize();
    if (data.getParent() == null) {
      throw new IllegalArgumentException("dir must not be a file-system root; dir=" + dir);
    }
    return data;
  }

  /** See {@link PaperStore#reembed}. */
  static long reembed(
      Path data, String newModelFingerprint, int newDimension, Function<List<Paper>, List<float[]>> embedBatch,
      LongConsumer progress) {
    finishInterruptedSwap(data);
    Found found = StoreDatabase.inspect(data);
    if (found == null) {
      throw new StoreMismatchException("data folder " + data + " holds no paperrec store; there is nothing to re-embed");
    }
    if (found.meta() == null) { // empty store whose creation was interrupted: nothing to embed
      PaperStore.open(data, newModelFingerprint, newDimension).close();
      return 0;
    }
    Path tmp = sibling(data, REEMBED_SUFFIX);
    if (Files.exists(tmp)) {
      LOG.warn("deleting {}, left by an interrupted re-embed", tmp);
      deleteRecursively(tmp);
    }
    long done;
    try (PaperStore old = PaperStore.open(data, found.meta().model(), found.meta().dimension());
        PaperStore fresh = PaperStore.open(tmp, newModelFingerprint, newDimension)) {
      // Every vector changes: the new folder's changes are numbered after the old ones and pruned
      // at once, so an index that caught up with the old folder is told to rebuild.
      fresh.table().changes().startAfter(old.lastChange());
      long[] doneSoFar = {0};
      List<Paper> batch = new ArrayList<>(REEMBED_BATCH);
      Runnable writeBatch = () -> {
        List<float[]> vectors = embedBatch.apply(batch);
        if (vectors.size() != batch.size()) {
          throw new IllegalStateException(
              "embedBatch returned " + vectors.size() + " vectors for " + batch.size() + " papers");
        }
        List<Entry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
          entries.add(new Entry(batch.get(i), vectors.get(i)));
        }
        fresh.putAll(entries);
        doneSoFar[0] += batch.size();
        batch.clear();
        progress.accept(doneSoFar[0]);
      };
      old.forEachPaper(paper -> {
        batch.add(paper);
        if (batch.size() == REEMBED_BATCH) {
          writeBatch.run();
        }
      });
      if (!batch.isEmpty()) {
        writeBatch.run();
      }
      fresh.pruneChangesThrough(fresh.lastChange());
      copyUsers(old.database(), fresh.database());
      fresh.flush();
      done = doneSoFar[0];
    } catch (RuntimeException | Error e) {
      try {
        deleteRecursively(tmp);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    swap(data, tmp);
    LOG.info("re-embedded {} papers in {} with model '{}'", done, data, newModelFingerprint);
    return done;
  }

  /** Copies the {@code users} family byte for byte, in synced batches. */
  private static void copyUsers(StoreDatabase from, StoreDatabase to) {
    from.guarded("copy users", () -> {
      try (ReadOptions options = new ReadOptions().setFillCache(false);
          RocksIterator it = from.db.newIterator(from.users, options)) {
        List<byte[][]> pairs = new ArrayList<>();
        for (it.seekToFirst(); it.isValid(); it.next()) {
          pairs.add(new byte[][] {it.key(), it.value()});
          if (pairs.size() == COPY_BATCH) {
            writeUsers(to, pairs);
            pairs.clear();
          }
        }
        it.status();
        writeUsers(to, pairs);
      }
      return null;
    });
  }

  private static void writeUsers(StoreDatabase to, List<byte[][]> pairs) {
    if (pairs.isEmpty()) {
      return;
    }
    to.guardedWrite("write users", () -> {
      try (WriteBatch batch = new WriteBatch()) {
        for (byte[][] pair : pairs) {
          batch.put(to.users, pair[0], pair[1]);
        }
        to.db.write(to.syncedWrites, batch);
      }
      return null;
    });
  }

  private static void swap(Path data, Path tmp) {
    Path backup = sibling(data, BACKUP_INFIX + BACKUP_TIMESTAMP.format(Instant.now()));
    try {
      Files.move(data, backup, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot move " + data + " aside to " + backup + "; the re-embedded store is complete at " + tmp, e);
    }
    try {
      Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.move(backup, data, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException restore) {
        e.addSuppressed(restore);
      }
      throw new UncheckedIOException(
          "cannot move the re-embedded store " + tmp + " to " + data + "; the old store is in "
              + (Files.exists(data) ? data : backup), e);
    }
    try {
      deleteRecursively(backup);
    } catch (UncheckedIOException e) {
      LOG.warn("re-embed done, but the old store could not be deleted: delete {} yourself", backup, e);
    }
  }

  /** Moves a complete re-embedded store into place when a crash interrupted the swap. */
  static void finishInterruptedSwap(Path data) {
    Path tmp = sibling(data, REEMBED_SUFFIX);
    if (Files.exists(data) || !Files.isDirectory(tmp)) {
      return;
    }
    List<Path> backups = backups(data);
    if (backups.isEmpty()) {
      return; // a temporary store without a moved-aside original was never complete: leave it
    }
    LOG.warn("finishing an interrupted re-embed: moving {} to {}; the previous store stays in {}",
        tmp, data, backups);
    try {
      Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "an interrupted re-embed left the new store in " + tmp + " and the old one in " + backups
              + "; moving " + tmp + " to " + data + " failed, do it yourself", e);
    }
  }

  static void warnAboutLeftovers(Path data) {
    Path tmp = sibling(data, REEMBED_SUFFIX);
    if (Files.exists(tmp)) {
      LOG.warn("{} is left by an interrupted re-embed and is not used; the next `paperrec reembed` deletes it,"
          + " or delete it yourself", tmp);
    }
    for (Path backup : backups(data)) {
      LOG.warn("{} is the store as it was before a re-embed; delete it when you no longer need it", backup);
    }
  }

  private static List<Path> backups(Path data) {
    Path parent = data.getParent();
    String prefix = data.getFileName() + BACKUP_INFIX;
    if (parent == null || !Files.isDirectory(parent)) {
      return List.of();
    }
    try (Stream<Path> siblings = Files.list(parent)) {
      return siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + parent, e);
    }
  }

  private static Path sibling(Path data, String suffix) {
    return data.resolveSibling(data.getFileName() + suffix);
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
          if (e != null) {
            throw e;
          }
          Files.delete(directory);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
