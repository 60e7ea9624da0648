package org.paperrec.server.transfer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.paperrec.server.corpus.InvalidRecordException;
import org.paperrec.server.corpus.JsonlReader;
import org.paperrec.server.corpus.PaperStream;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperStore;

/**
 * A vector exchange folder opened for reading (the format is in docs/IMPORT-FORMAT.md): {@code
 * manifest.json} and shards {@code part-NNNNN.jsonl} with {@code part-NNNNN.npy} beside each, row i
 * of the {@code .npy} the vector of record i of the {@code .jsonl}.
 *
 * <p>{@link #open} checks everything that needs no full read: the manifest, that shards are
 * numbered from 00000 without gaps and come in pairs, every {@code .npy} header (type, order,
 * dimension) and size. {@link #check} reads every record and row once and refuses the first bad one;
 * {@link #entries} reads them again for writing, so an import holds one batch in memory, never the
 * corpus. Records are read strictly ({@link JsonlReader#openStrict}): this is machine-written data,
 * so one bad record means a broken writer, not a record to skip.
 *
 * <p>Vectors: every component must be finite and a row must not be (nearly) zero, L2 norm at least
 * {@value #MIN_NORM}. A row whose norm is within {@value #NORM_TOLERANCE} of 1 is kept bit for bit
 * (so float32 exports import exactly); any other is scaled to unit length, which keeps every cosine
 * as it was (float16 rounding, a writer that did not normalise).
 *
 * <p>Not thread-safe.
 */
public final class ShardFolder {

  /** Rows whose L2 norm is closer to 1 than this are stored as given. */
  public static final double NORM_TOLERANCE = 1e-4;

  /** Rows with a smaller L2 norm are refused: a direction that small is noise or a missing row. */
  public static final double MIN_NORM = 1e-6;

  private static final Pattern SHARD = Pattern.compile("part-(\\d{5})\\.(jsonl|npy)");

  /** One pair of files. */
  public record Shard(int number, Path jsonl, Path npy, NpyHeader header) {}

  /** What {@link #check} found. */
  public record Check(long papers, long duplicateIds) {}

  private final Path dir;
  private final Manifest manifest;
  private final List<Shard> shards;
  private final long papers;
  private final JsonlReader reader = new JsonlReader();

  private ShardFolder(Path dir, Manifest manifest, List<Shard> shards) {
    this.dir = dir;
    this.manifest = manifest;
    this.shards = List.copyOf(shards);
    this.papers = shards.stream().mapToLong(s -> s.header().rows()).sum();
  }

  /**
   * Opens {@code dir}, checking the manifest, the shard files and every {@code .npy} header and
   * size.
   *
   * @throws TransferFormatException at the first problem, naming the file
   */
  public static ShardFolder open(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new TransferFormatException("no folder " + dir + ": give the folder that holds manifest.json and the shards");
    }
    Manifest manifest = Manifest.read(dir);
    List<Shard> shards = new ArrayList<>();
    for (Path[] pair : pairs(dir)) {
      NpyHeader header;
      try (NpyReader npy = NpyReader.open(pair[1])) {
        header = npy.header();
      }
      if (header.columns() != manifest.dimension()) {
        throw NpyHeader.refused(pair[1], "has vectors of dimension " + header.columns() + " (shape (" + header.rows()
            + ", " + header.columns() + ")), but " + dir.resolve(Manifest.FILE_NAME) + " says dimension "
            + manifest.dimension());
      }
      shards.add(new Shard(shards.size(), pair[0], pair[1], header));
    }
    ShardFolder folder = new ShardFolder(dir, manifest, shards);
    if (manifest.papers() != null && manifest.papers() != folder.papers) {
      throw new TransferFormatException(
          dir.resolve(Manifest.FILE_NAME) + " says " + manifest.papers() + " papers, but the " + shards.size()
              + " .npy files hold " + folder.papers + " rows; is a shard missing?");
    }
    return folder;
  }

  /** The shard files in number order, checked to be numbered from 0 without gaps and paired. */
  private static List<Path[]> pairs(Path dir) throws IOException {
    TreeMap<Integer, Path[]> byNumber = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files.sorted()::iterator) {
        String name = file.getFileName().toString();
        Matcher m = SHARD.matcher(name);
        if (m.matches()) {
          byNumber.computeIfAbsent(Integer.parseInt(m.group(1)), n -> new Path[2])[m.group(2).equals("jsonl") ? 0 : 1] = file;
        } else if (name.startsWith("part-")) {
          throw new TransferFormatException(
              "unexpected file " + file + ": shards are named part-NNNNN.jsonl and part-NNNNN.npy, five digits from 00000");
        }
      }
    }
    List<Path[]> pairs = new ArrayList<>();
    int expected = 0;
    for (var entry : byNumber.entrySet()) {
      if (entry.getKey() != expected) {
        throw new TransferFormatException(
            "shard numbers in " + dir + " have a gap: " + name(expected) + " is missing but " + name(entry.getKey())
                + " exists; shards are numbered from part-00000 without gaps");
      }
      Path[] pair = entry.getValue();
      if (pair[0] == null || pair[1] == null) {
        Path present = pair[0] == null ? pair[1] : pair[0];
        String missing = name(expected) + (pair[0] == null ? ".jsonl" : ".npy");
        throw new TransferFormatException(
            "missing " + dir.resolve(missing) + " beside " + present + ": every shard is a .jsonl with its .npy");
      }
      pairs.add(pair);
      expected++;
    }
    return pairs;
  }

  private static String name(int number) {
    return String.format("part-%05d", number);
  }

  public Path dir() {
    return dir;
  }

  public Manifest manifest() {
    return manifest;
  }

  public List<Shard> shards() {
    return shards;
  }

  /** The number of papers: rows of all shards, as their headers say. */
  public long papers() {
    return papers;
  }

  /**
   * Reads every record and row, refusing the first bad one, and counts IDs that occur more than
   * once (the later occurrence wins on import). Counting keeps a 64-bit hash of every ID, 8 bytes a
   * paper: a collision would make the count one too high with a probability below 10^-6 for 3
   * million papers, and only the report depends on the count.
   *
   * @param progress called with the number of papers read so far, every thousand papers and at the end
   * @throws TransferFormatException at the first problem, naming the file and the line or row
   */
  public Check check(LongConsumer progress) throws IOException {
    long[] hashes = new long[(int) Math.min(papers, Integer.MAX_VALUE - 8)];
    int n = 0;
    try (Entries entries = entries()) {
      for (PaperStore.Entry entry = entries.next(); entry != null; entry = entries.next()) {
        if (n == hashes.length) {
          hashes = Arrays.copyOf(hashes, Math.max(16, hashes.length * 2));
        }
        hashes[n++] = hash(entry.paper().id());
        if (n % 1000 == 0) {
          progress.accept(n);
        }
      }
    }
    progress.accept(n);
    Arrays.sort(hashes, 0, n);
    long duplicates = 0;
    for (int i = 1; i < n; i++) {
      if (hashes[i] == hashes[i - 1]) {
        duplicates++;
      }
    }
    return new Check(n, duplicates);
  }

  /** Opens a reader of every paper with its vector, checked as {@link #check} checks them. */
  public Entries entries() {
    return new Entries();
  }

  /** FNV-1a over the UTF-16 code units, then SplitMix64's finaliser to spread the bits. */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }

  /** Papers with their vectors, shard after shard. Not thread-safe; close it. */
  public final class Entries implements Closeable {
    private int shard = -1;
    private PaperStream records;
    private NpyReader rows;
    private long recordsRead;
    private final float[] row = new float[manifest.dimension()];

    private Entries() {}

    /**
     * The next paper with its vector (unit length), or {@code null} after the last.
     *
     * @throws TransferFormatException at a bad record or row, or when a shard's records and rows
     *     differ in number
     */
    public PaperStore.Entry next() throws IOException {
      while (true) {
        if (records == null) {
          if (shard + 1 == shards.size()) {
            return null;
          }
          openShard(shards.get(++shard));
        }
        Paper paper = nextRecord();
        if (paper == null) {
          if (rows.rowsRead() < rows.header().rows()) {
            throw countMismatch();
          }
          closeShard();
          continue;
        }
        recordsRead++;
        if (!rows.next(row)) {
          // Count the rest, checking them too, so the message can give both numbers.
          while (nextRecord() != null) {
            recordsRead++;
          }
          throw countMismatch();
        }
        return new PaperStore.Entry(paper, unit(row));
      }
    }

    private Paper nextRecord() throws IOException {
      try {
        return records.next();
      } catch (InvalidRecordException e) {
        throw new TransferFormatException(e.getMessage() + " (import is strict: fix the writer and export again)", e);
      }
    }

    private float[] unit(float[] v) {
      double sum = 0;
      for (int i = 0; i < v.length; i++) {
        if (!Float.isFinite(v[i])) {
          throw rowProblem("component " + i + " is " + v[i] + "; every component must be finite");
        }
        sum += (double) v[i] * v[i];
      }
      double norm = Math.sqrt(sum);
      if (norm < MIN_NORM) {
        throw rowProblem("is zero (L2 norm " + norm + "); every row must be a vector of its paper");
      }
      if (Math.abs(norm - 1) <= NORM_TOLERANCE) {
        return v;
      }
      float[] scaled = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        scaled[i] = (float) (v[i] / norm);
      }
      return scaled;
    }

    private TransferFormatException rowProblem(String what) {
      long index = rows.rowsRead() - 1;
      return NpyHeader.refused(rows.file(), "row " + index + " (the vector of record " + (index + 1) + " of "
          + shards.get(shard).jsonl().getFileName() + ") " + what);
    }

    private TransferFormatException countMismatch() {
      Shard s = shards.get(shard);
      return new TransferFormatException(
          s.jsonl() + " has " + recordsRead + " records but " + s.npy() + " has " + s.header().rows()
              + " rows; row i is the vector of record i, so the numbers must be equal");
    }

    private void openShard(Shard s) throws IOException {
      records = reader.openStrict(s.jsonl());
      try {
        rows = NpyReader.open(s.npy());
      } catch (IOException | RuntimeException e) {
        closeShard();
        throw e;
      }
      recordsRead = 0;
    }

    private void closeShard() throws IOException {
      try (PaperStream r = records; NpyReader n = rows) {
        records = null;
        rows = null;
      }
    }

    @Override
    public void close() throws IOException {
      if (records != null || rows != null) {
        closeShard();
      }
    }
  }
}
