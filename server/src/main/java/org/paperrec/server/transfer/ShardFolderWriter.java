package org.paperrec.server.transfer;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.paperrec.server.corpus.JsonlWriter;
import org.paperrec.store.Paper;

/**
 * Writes a vector exchange folder ({@link ShardFolder} reads it): shards of at most {@code
 * shardSize} papers, each a {@code .jsonl} and a {@code .npy}, each synced to disk when it is
 * complete, and {@code manifest.json} last, atomically, by {@link #finish}. A folder without a
 * manifest is therefore visibly incomplete (an interrupted export), and import refuses it.
 * Not thread-safe.
 */
public final class ShardFolderWriter implements Closeable {

  /** Shard numbers have five digits. */
  public static final int MAX_SHARDS = 100_000;

  private final Path dir;
  private final String model;
  private final int dimension;
  private final NpyDtype dtype;
  private final int shardSize;
  private int shards;
  private long papers;
  private FileChannel jsonlChannel;
  private JsonlWriter jsonl;
  private NpyWriter npy;
  private boolean finished;

  private ShardFolderWriter(Path dir, String model, int dimension, NpyDtype dtype, int shardSize) {
    this.dir = dir;
    this.model = model;
    this.dimension = dimension;
    this.dtype = dtype;
    this.shardSize = shardSize;
  }

  /**
   * Starts an export into {@code dir}, which must be missing or empty (it is created).
   *
   * @param model the store's model fingerprint, for the manifest
   * @param shardSize papers per shard, positive
   * @throws IllegalArgumentException when {@code dir} is a file or a folder that is not empty
   */
  public static ShardFolderWriter create(Path dir, String model, int dimension, NpyDtype dtype, int shardSize)
      throws IOException {
    if (shardSize < 1) {
      throw new IllegalArgumentException("shard size must be positive; shardSize=" + shardSize);
    }
    if (!isMissingOrEmpty(dir)) {
      throw new IllegalArgumentException(dir + " is not an empty folder; export into a new or empty folder");
    }
    Files.createDirectories(dir);
    return new ShardFolderWriter(dir, model, dimension, dtype, shardSize);
  }

  /** True when {@code dir} does not exist or is a folder with nothing in it. */
  public static boolean isMissingOrEmpty(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return true;
    }
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** Appends a paper and its vector ({@code dimension} components) to the current shard. */
  public void write(Paper paper, float[] vector) throws IOException {
    if (finished) {
      throw new IllegalStateException("the export to " + dir + " is finished");
    }
    if (npy != null && npy.rows() == shardSize) {
      closeShard();
    }
    if (npy == null) {
      openShard();
    }
    jsonl.write(paper);
    npy.write(vector);
    papers++;
  }

  /** Papers written so far. */
  public long papers() {
    return papers;
  }

  /** Completes the last shard and writes the manifest, with the number of papers. */
  public void finish() throws IOException {
    closeShard();
    new Manifest(model, dimension, papers).write(dir);
    finished = true;
  }

  /** Closes the open shard without a manifest when {@link #finish} was not called; safe to call twice. */
  @Override
  public void close() throws IOException {
    closeShard();
  }

  private void openShard() throws IOException {
    if (shards == MAX_SHARDS) {
      throw new IllegalStateException(
          "an export has at most " + MAX_SHARDS + " shards; choose a larger shard size than " + shardSize);
    }
    String name = String.format("part-%05d", shards);
    jsonlChannel = FileChannel.open(dir.resolve(name + ".jsonl"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(jsonlChannel), 1 << 20);
    jsonl = new JsonlWriter(out);
    npy = new NpyWriter(dir.resolve(name + ".npy"), dtype, dimension);
    shards++;
  }

  private void closeShard() throws IOException {
    try (NpyWriter n = npy; JsonlWriter j = jsonl) {
      if (j != null) {
        j.flush();
        jsonlChannel.force(true);
      }
    } finally {
      npy = null;
      jsonl = null;
      jsonlChannel = null;
    }
  }
}
