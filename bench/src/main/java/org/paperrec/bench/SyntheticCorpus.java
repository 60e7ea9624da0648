package org.paperrec.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.BufferedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.paperrec.recommend.index.VectorMath;
import org.paperrec.store.Paper;

/**
 * A synthetic corpus of any size written in the import format ({@code paperrec import DIR}): real
 * arXiv titles, abstracts and authors (cycled through the real corpus), synthetic IDs, dates,
 * categories and clustered vectors, all determined by {@link Spec} and its seed.
 *
 * <h2>Import format written</h2>
 *
 * {@code DIR/manifest.json} = {@code {"format": "paperrec-vectors", "version": 1, "model":
 * "<fingerprint>", "dimension": 384}} and shards {@code part-00000.jsonl} + {@code part-00000.npy},
 * {@code part-00001...} (five digits, contiguous, {@link Spec#shardRows} rows each, the last one
 * shorter). A JSON line is the arxiv-cs layout {@code {"id","title","abstract","authors":[..],
 * "categories":[..],"primary_category","announced":"yyyy-MM-dd"}}; row i of the {@code .npy}
 * (NumPy 1.0, {@code <f4}, C order, shape {@code (rows, 384)}) is the vector of line i.
 *
 * <h2>What the synthetic fields look like</h2>
 *
 * <ul>
 *   <li><b>Dates</b> rise with the row: row i of N is announced {@code 2015-01-01 + floor(i * 3653 /
 *       N)} days, so the corpus spans 2015-01-01 to 2024-12-31 evenly and {@link #sinceOnePercent}
 *       (the date of row ceil(0.99 N), 2024-11-25 for N = 100,000 or 1,000,000) keeps the newest 1%.
 *   <li><b>IDs</b> are new-style arXiv IDs of the row's month, numbered from 1 in row order:
 *       {@code 1501.00001}, ..., {@code 2412.08333} (five digits; at most 99,999 per month, i.e.
 *       up to about 11.9 M papers).
 *   <li><b>Categories</b>: a hash of the row puts 1% of papers in {@value #RARE_CATEGORY} alone
 *       (never cross-listed), so a category filter on it keeps 1%; the rest get a primary category
 *       from {@link #COMMON_CATEGORIES} (30 real cs.* names) and, for a quarter of them, one
 *       cross-list from the same list.
 *   <li><b>Vectors</b>: {@code clusters} centroids, grouped into {@code topics} topics (a centroid
 *       is {@code normalize(topic + topicSpread * randomUnit)}, so neighbouring clusters overlap);
 *       each cluster has {@code subspaceDim} random unit directions. Row i belongs to cluster
 *       {@link #clusterOf}(i) (a hash, so callers can pick likes from one cluster without reading
 *       the data) and its vector is {@code normalize(centroid + subspaceScale * sum_j z_j b_j +
 *       isotropicNoise * g)} with z and g standard Gaussian. Uniform random vectors would make
 *       graph-index recall meaningless; this gives a low intrinsic dimension inside a cluster, as
 *       text embeddings have. With the defaults at 100,000 papers (50 per cluster), about 97% of a
 *       paper's exact top-10 lie in its own cluster, the top-1 cosine averages 0.58 and the 10th
 *       0.42, and only about 28% of the top-10 are among the cluster's 10 papers nearest its centroid:
 *       the order inside a cluster depends on where the query lies, not on centrality.
 * </ul>
 *
 * <p>Generation streams: one row is in memory at a time, plus the real texts (about 250 MB for
 * 74,728 papers) and the centroids and directions ({@code clusters * (subspaceDim + 1) * 384}
 * floats, 50 MB by default). Not thread-safe.
 */
final class SyntheticCorpus {

  static final int DIMENSION = 384;
  static final LocalDate FIRST_DATE = LocalDate.of(2015, 1, 1);
  static final int DAYS = (int) ChronoUnit.DAYS.between(FIRST_DATE, LocalDate.of(2025, 1, 1)); // 3653
  static final String RARE_CATEGORY = "cs.SC";
  static final List<String> COMMON_CATEGORIES = List.of(
      "cs.AI", "cs.CL", "cs.CV", "cs.LG", "cs.CR", "cs.DS", "cs.DC", "cs.NI", "cs.SE", "cs.PL",
      "cs.LO", "cs.IT", "cs.RO", "cs.HC", "cs.IR", "cs.DB", "cs.CY", "cs.GT", "cs.SI", "cs.NE",
      "cs.CG", "cs.CC", "cs.FL", "cs.MA", "cs.SY", "cs.MM", "cs.GR", "cs.AR", "cs.ET", "cs.DM");
  static final String MANIFEST = "manifest.json";

  /**
   * Everything that determines a generated corpus; two equal specs generate identical folders.
   *
   * @param papers number of papers, at least 1
   * @param seed seeds every random choice
   * @param clusters number of vector clusters
   * @param topics number of topics the clusters are grouped into
   * @param topicSpread how far a centroid lies from its topic (norm of the offset before normalising)
   * @param subspaceDim directions of variation per cluster
   * @param subspaceScale standard deviation along each direction
   * @param isotropicNoise standard deviation of the per-component noise
   * @param shardRows rows per shard
   * @param model fingerprint written into the manifest ({@code ModelFingerprint.toString()})
   */
  record Spec(
      int papers, long seed, int clusters, int topics, double topicSpread, int subspaceDim, double subspaceScale,
      double isotropicNoise, int shardRows, String model) {

    static final int DEFAULT_CLUSTERS = 2000;
    static final int DEFAULT_TOPICS = 100;
    static final double DEFAULT_TOPIC_SPREAD = 0.5;
    static final int DEFAULT_SUBSPACE_DIM = 16;
    static final double DEFAULT_SUBSPACE_SCALE = 0.35;
    static final double DEFAULT_ISOTROPIC_NOISE = 0.04;
    static final int DEFAULT_SHARD_ROWS = 100_000;

    Spec {
      if (papers < 1) {
        throw new IllegalArgumentException("papers must be at least 1; papers=" + papers);
      }
      if (clusters < 1 || topics < 1 || subspaceDim < 0 || shardRows < 1) {
        throw new IllegalArgumentException("clusters, topics and shardRows must be positive, subspaceDim >= 0; "
            + "clusters=" + clusters + ", topics=" + topics + ", subspaceDim=" + subspaceDim + ", shardRows=" + shardRows);
      }
    }

    static Spec defaults(int papers, long seed, String model) {
      return new Spec(papers, seed, DEFAULT_CLUSTERS, DEFAULT_TOPICS, DEFAULT_TOPIC_SPREAD, DEFAULT_SUBSPACE_DIM,
          DEFAULT_SUBSPACE_SCALE, DEFAULT_ISOTROPIC_NOISE, DEFAULT_SHARD_ROWS, model);
    }
  }

  private final Spec spec;

  SyntheticCorpus(Spec spec) {
    this.spec = spec;
  }

  Spec spec() {
    return spec;
  }

  /** The cluster of row {@code row}, in [0, clusters): a hash of the seed and the row. */
  int clusterOf(long row) {
    return (int) Math.floorMod(mix(spec.seed() ^ 0x5DEECE66DL, row), (long) spec.clusters());
  }

  /** The announcement date of row {@code row}. */
  LocalDate dateOf(long row) {
    return FIRST_DATE.plusDays(row * DAYS / spec.papers());
  }

  /** The {@code since} date that keeps the newest 1% (about) of the papers. */
  LocalDate sinceOnePercent() {
    return dateOf((long) Math.ceil(0.99 * spec.papers()));
  }

  /** How many papers {@link #sinceOnePercent} keeps, exactly. */
  long keptBySince() {
    LocalDate since = sinceOnePercent();
    long first = (long) Math.ceil(0.99 * spec.papers());
    while (first > 0 && !dateOf(first - 1).isBefore(since)) {
      first--;
    }
    return spec.papers() - first;
  }

  /** The categories of row {@code row}, primary first. */
  List<String> categoriesOf(long row) {
    long h = mix(spec.seed() ^ 0xCA7L, row);
    if (Math.floorMod(h, 100L) == 0) {
      return List.of(RARE_CATEGORY);
    }
    int n = COMMON_CATEGORIES.size();
    int primary = (int) Math.floorMod(h >>> 8, (long) n);
    if (Math.floorMod(h >>> 20, 4L) != 0) {
      return List.of(COMMON_CATEGORIES.get(primary));
    }
    int second = (primary + 1 + (int) Math.floorMod(h >>> 28, (long) (n - 1))) % n;
    return List.of(COMMON_CATEGORIES.get(primary), COMMON_CATEGORIES.get(second));
  }

  /** How many papers carry {@value #RARE_CATEGORY}, exactly. */
  long keptByRareCategory() {
    long kept = 0;
    for (long row = 0; row < spec.papers(); row++) {
      if (categoriesOf(row).get(0).equals(RARE_CATEGORY)) {
        kept++;
      }
    }
    return kept;
  }

  static Path shardJsonl(Path dir, int shard) {
    return dir.resolve(String.format("part-%05d.jsonl", shard));
  }

  static Path shardNpy(Path dir, int shard) {
    return dir.resolve(String.format("part-%05d.npy", shard));
  }

  int shards() {
    return (int) ((spec.papers() + (long) spec.shardRows() - 1) / spec.shardRows());
  }

  /**
   * Writes the corpus into {@code dir} (created; must hold no earlier shards), taking texts from
   * {@code texts} in order, cycling.
   */
  void write(Path dir, List<Paper> texts, java.util.function.LongConsumer progress) throws IOException {
    Files.createDirectories(dir);
    Random random = new Random(spec.seed());
    float[][] topics = new float[spec.topics()][];
    for (int t = 0; t < topics.length; t++) {
      topics[t] = randomUnit(random);
    }
    float[][] centroids = new float[spec.clusters()][];
    float[][][] directions = new float[spec.clusters()][spec.subspaceDim()][];
    for (int c = 0; c < centroids.length; c++) {
      float[] offset = randomUnit(random);
      float[] centroid = topics[c % topics.length].clone();
      for (int d = 0; d < DIMENSION; d++) {
        centroid[d] += (float) spec.topicSpread() * offset[d];
      }
      centroids[c] = VectorMath.normalizeInPlace(centroid);
      for (int j = 0; j < spec.subspaceDim(); j++) {
        directions[c][j] = randomUnit(random);
      }
    }

    JsonFactory json = new JsonFactory();
    Random rows = new Random(spec.seed() + 1);
    float[] v = new float[DIMENSION];
    long row = 0;
    String month = "";
    int numberInMonth = 0;
    for (int shard = 0; shard < shards(); shard++) {
      long shardRows = Math.min(spec.shardRows(), spec.papers() - row);
      try (JsonGenerator g = json.createGenerator(
              new BufferedOutputStream(Files.newOutputStream(shardJsonl(dir, shard)), 1 << 20), JsonEncoding.UTF8);
          Npy.Writer npy = new Npy.Writer(shardNpy(dir, shard), shardRows, DIMENSION)) {
        g.setRootValueSeparator(new SerializedString("\n"));
        for (long r = 0; r < shardRows; r++, row++) {
          LocalDate date = dateOf(row);
          String yymm = String.format("%02d%02d", date.getYear() % 100, date.getMonthValue());
          if (!yymm.equals(month)) {
            month = yymm;
            numberInMonth = 0;
          }
          numberInMonth++;
          if (numberInMonth > 99_999) {
            throw new IllegalArgumentException("more than 99,999 papers in month " + yymm + "; papers=" + spec.papers());
          }
          Paper text = texts.get((int) (row % texts.size()));
          List<String> categories = categoriesOf(row);
          g.writeStartObject();
          g.writeStringField("id", yymm + "." + String.format("%05d", numberInMonth));
          g.writeStringField("title", text.title());
          g.writeStringField("abstract", text.abstractText());
          g.writeArrayFieldStart("authors");
          for (String a : text.authors()) {
            g.writeString(a);
          }
          g.writeEndArray();
          g.writeArrayFieldStart("categories");
          for (String c : categories) {
            g.writeString(c);
          }
          g.writeEndArray();
          g.writeStringField("primary_category", categories.get(0));
          g.writeStringField("announced", date.toString());
          g.writeEndObject();
          if (r == shardRows - 1) {
            g.writeRaw('\n');
          }

          int c = clusterOf(row);
          System.arraycopy(centroids[c], 0, v, 0, DIMENSION);
          for (int j = 0; j < spec.subspaceDim(); j++) {
            float z = (float) (spec.subspaceScale() * rows.nextGaussian());
            float[] b = directions[c][j];
            for (int d = 0; d < DIMENSION; d++) {
              v[d] += z * b[d];
            }
          }
          for (int d = 0; d < DIMENSION; d++) {
            v[d] += (float) (spec.isotropicNoise() * rows.nextGaussian());
          }
          npy.write(VectorMath.normalizeInPlace(v));
          if ((row + 1) % 50_000 == 0) {
            progress.accept(row + 1);
          }
        }
      }
    }
    String manifest = "{\"format\": \"paperrec-vectors\", \"version\": 1, \"model\": \"" + jsonEscape(spec.model())
        + "\", \"dimension\": " + DIMENSION + "}\n";
    Files.writeString(dir.resolve(MANIFEST), manifest, StandardCharsets.UTF_8);
  }

  /** Deletes what {@link #write} writes into {@code dir} (manifest and shards), then {@code dir} if empty. */
  static void deleteGenerated(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : list.toList()) {
        String name = p.getFileName().toString();
        if (name.equals(MANIFEST) || name.matches("part-\\d{5}\\.(jsonl|npy)")) {
          Files.delete(p);
        }
      }
    }
    try (Stream<Path> list = Files.list(dir)) {
      if (list.findAny().isEmpty()) {
        Files.delete(dir);
      }
    }
  }

  private static float[] randomUnit(Random random) {
    float[] v = new float[DIMENSION];
    for (int d = 0; d < DIMENSION; d++) {
      v[d] = (float) random.nextGaussian();
    }
    return VectorMath.normalizeInPlace(v);
  }

  /** SplitMix64's finaliser over a key and a row: a well-mixed 64-bit hash. */
  static long mix(long key, long row) {
    long z = key + (row + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static String jsonEscape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
