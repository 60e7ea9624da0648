package org.paperrec.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.paperrec.embed.ModelBuild;
import org.paperrec.embed.ModelFingerprint;
import org.paperrec.recommend.lucene.CorpusIndex;
import org.paperrec.recommend.lucene.IndexSync;
import org.paperrec.server.Engine;
import org.paperrec.server.transfer.Manifest;
import org.paperrec.server.transfer.ShardFolder;
import org.paperrec.server.transfer.TransferFormatException;
import org.paperrec.store.PaperStore;
import org.paperrec.store.StoreMismatchException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Load papers with vectors embedded elsewhere (a GPU box, a cluster job) at disk speed; nothing is embedded.",
      "Then the search index is built (or caught up) on every core, so that 'serve' opens the folder at once.",
      "DIR holds manifest.json and shards part-NNNNN.jsonl (papers) with part-NNNNN.npy (their vectors), as"
          + " 'paperrec export' writes them; docs/IMPORT-FORMAT.md describes the format.",
      "The whole folder is checked before anything is written: a bad file, record or row is refused with a message"
          + " naming it (exit code 2). Papers already in the data folder are replaced; of two papers with one ID in"
          + " DIR, the later wins. Stop the server first: one process owns the data folder."
    })
final class ImportCommand implements Callable<Integer> {

  /** Papers per store write: big enough for RocksDB to batch well, small enough to bound memory (~3 MB). */
  static final int BATCH = 1000;

  @Parameters(paramLabel = "DIR", description = "Folder with manifest.json and the shards.")
  Path dir;

  @Mixin DataOption data;

  @Option(
      names = "--model",
      paramLabel = "BUILD",
      defaultValue = "${env:PAPERREC_MODEL:-int8}",
      converter = StoreOptions.ModelBuildConverter.class,
      description = "Model build of a new data folder: int8 (default) or fp32; the manifest's model must be its"
          + " fingerprint. An existing folder keeps its own model, which the manifest's must equal. Env PAPERREC_MODEL.")
  ModelBuild model;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    ShardFolder folder = refusing(() -> ShardFolder.open(dir));
    Manifest manifest = folder.manifest();
    Optional<String> stored = refusing(() -> PaperStore.storedModel(data.data));
    PaperStore store = null;
    try {
      if (stored.isPresent()) {
        if (!stored.get().equals(manifest.model())) {
          throw new Refusal(manifestFile() + " has vectors of model '" + manifest.model() + "', but data folder "
              + data.data + " was made with '" + stored.get() + "'; vectors of different models cannot be compared:"
              + " import into a new --data folder, or export again from a folder of this model");
        }
        // Open first: a folder in use is refused at once, not after a long check.
        store = openStore(manifest);
      } else {
        ModelFingerprint selected = model.fingerprint();
        if (!selected.toString().equals(manifest.model())) {
          throw new Refusal(manifestFile() + " has vectors of model '" + manifest.model() + "', but --model " + model
              + " is '" + selected + "'; pass the --model that made them (int8 or fp32; 'paperrec stats' prints a"
              + " folder's), or embed them with this one");
        }
        if (selected.dimension() != manifest.dimension()) {
          throw new Refusal(manifestFile() + " says dimension " + manifest.dimension() + ", but --model " + model
              + " makes vectors of dimension " + selected.dimension());
        }
      }

      ShardFolder.Check check;
      try (Progress progress = Progress.count("check " + dir.getFileName(), folder.papers(), err)) {
        check = refusing(() -> folder.check(progress::stepTo));
      }
      long checked = System.nanoTime();
      if (store == null) {
        store = openStore(manifest);
      }
      long before = store.count();
      long written = write(folder, store, err);
      store.flush();
      long added = store.count() - before;
      long replaced = written - check.duplicateIds() - added;

      double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
      double megabytes = shardBytes(folder) / 1e6;
      out.printf("checked %d papers in %s in %.1f s%n", check.papers(), dir, (checked - start) / 1e9);
      if (check.duplicateIds() > 0) {
        out.printf("%d papers repeat an ID of an earlier one in %s; the later one was kept%n", check.duplicateIds(), dir);
      }
      out.printf("imported %d papers (%d new, %d replaced) into %s in %.1f s (%.0f papers/s, %.1f MB/s); %d papers in the folder%n",
          written, added, replaced, data.data, seconds, written / seconds, megabytes / seconds, store.count());
      out.flush();
      long indexStart = System.nanoTime();
      IndexSync.Outcome outcome = syncIndex(store, err);
      out.printf("search index %s in %.1f s%n",
          outcome == IndexSync.Outcome.REBUILT ? "built" : "caught up", (System.nanoTime() - indexStart) / 1e9);
      out.flush();
    } finally {
      if (store != null) {
        store.close();
      }
    }
    return 0;
  }

  /**
   * Brings the data folder's search index in step with what was just written, on every core, so
   * that the next {@code serve} opens it at once instead of indexing a million papers first.
   */
  private static IndexSync.Outcome syncIndex(PaperStore store, PrintWriter err) {
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads, Engine.named("paperrec-index"));
    try {
      IndexSync.Opened opened = IndexSync.open(store, CorpusIndex.Settings.DEFAULTS, pool, new IndexProgress(err));
      opened.index().close();
      return opened.outcome();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Pass 2: every entry, in batches, through the store's atomic batch write. */
  private long write(ShardFolder folder, PaperStore store, PrintWriter err) throws IOException {
    long written = 0;
    try (ShardFolder.Entries entries = folder.entries();
        Progress progress = Progress.count("import " + dir.getFileName(), folder.papers(), err)) {
      List<PaperStore.Entry> batch = new ArrayList<>(BATCH);
      try {
        for (PaperStore.Entry entry = entries.next(); entry != null; entry = entries.next()) {
          batch.add(entry);
          if (batch.size() == BATCH) {
            store.putAll(batch);
            written += batch.size();
            batch.clear();
            progress.stepTo(written);
          }
        }
      } catch (TransferFormatException e) {
        // The check passed, so the folder changed under the import: say what is already written.
        throw new IllegalStateException(
            e.getMessage() + "; the folder changed during the import, after " + written + " papers were written", e);
      }
      store.putAll(batch);
      written += batch.size();
      progress.stepTo(written);
    }
    return written;
  }

  private PaperStore openStore(Manifest manifest) {
    try {
      return PaperStore.open(data.data, manifest.model(), manifest.dimension());
    } catch (StoreMismatchException e) {
      throw new Refusal(e.getMessage(), e);
    }
  }

  private Path manifestFile() {
    return dir.resolve(Manifest.FILE_NAME);
  }

  private static long shardBytes(ShardFolder folder) throws IOException {
    long bytes = 0;
    for (ShardFolder.Shard shard : folder.shards()) {
      bytes += Files.size(shard.jsonl()) + Files.size(shard.npy());
    }
    return bytes;
  }

  @FunctionalInterface
  private interface Step<T> {
    T run() throws IOException;
  }

  /** Runs {@code step}, turning a format problem or a folder that is not a store into a {@link Refusal}. */
  private static <T> T refusing(Step<T> step) throws IOException {
    try {
      return step.run();
    } catch (TransferFormatException | StoreMismatchException e) {
      throw new Refusal(e.getMessage(), e);
    }
  }
}
