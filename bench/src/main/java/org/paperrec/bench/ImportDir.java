package org.paperrec.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.paperrec.store.Paper;

/**
 * Reads back a folder in the import format that {@link SyntheticCorpus} writes: its manifest and
 * its shards' rows in order, paper and vector together. Used for the in-process store build and for
 * the exact ground truth. Not thread-safe.
 */
final class ImportDir {

  /** Receives row {@code row} (0-based over all shards); {@code vector} is reused between calls. */
  @FunctionalInterface
  interface RowConsumer {
    void accept(long row, Paper paper, float[] vector) throws IOException;
  }

  /** Receives the ID and vector of a row, without the rest of the paper. */
  @FunctionalInterface
  interface VectorConsumer {
    void accept(long row, String id, float[] vector);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final String model;
  private final int dimension;

  private ImportDir(Path dir, String model, int dimension) {
    this.dir = dir;
    this.model = model;
    this.dimension = dimension;
  }

  static ImportDir open(Path dir) throws IOException {
    JsonNode manifest = JSON.readTree(dir.resolve(SyntheticCorpus.MANIFEST).toFile());
    if (!"paperrec-vectors".equals(manifest.path("format").asText()) || manifest.path("version").asInt() != 1) {
      throw new IOException(dir + " is not a paperrec-vectors folder of version 1: " + manifest);
    }
    return new ImportDir(dir, manifest.path("model").asText(), manifest.path("dimension").asInt());
  }

  String model() {
    return model;
  }

  int dimension() {
    return dimension;
  }

  /** Every row: the paper parsed from its JSON line and its vector. */
  void forEach(RowConsumer consumer) throws IOException {
    scan(true, (row, line, vector) -> consumer.accept(row, paper(line), vector));
  }

  /** Every row's ID and vector, reading only the {@code id} of each JSON line. */
  void forEachVector(VectorConsumer consumer) throws IOException {
    scan(false, (row, line, vector) -> consumer.accept(row, line.path("id").asText(), vector));
  }

  private interface LineConsumer {
    void accept(long row, JsonNode line, float[] vector) throws IOException;
  }

  private void scan(boolean full, LineConsumer consumer) throws IOException {
    float[] vector = new float[dimension];
    long row = 0;
    for (int shard = 0; Files.exists(SyntheticCorpus.shardNpy(dir, shard)); shard++) {
      Path jsonl = SyntheticCorpus.shardJsonl(dir, shard);
      try (BufferedReader lines = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8);
          Npy.Reader npy = new Npy.Reader(SyntheticCorpus.shardNpy(dir, shard))) {
        if (npy.columns() != dimension) {
          throw new IOException(jsonl + ": vectors have " + npy.columns() + " columns, manifest says " + dimension);
        }
        for (String line = lines.readLine(); line != null; line = lines.readLine(), row++) {
          if (!npy.next(vector)) {
            throw new IOException(jsonl + " has more lines than its .npy has rows (" + npy.rows() + ")");
          }
          // The generator writes "id" first: for IDs only, parse just that field.
          JsonNode node = full ? JSON.readTree(line) : JSON.readTree(line.substring(0, line.indexOf(',')) + "}");
          consumer.accept(row, node, vector);
        }
        if (npy.next(vector)) {
          throw new IOException(jsonl + " has fewer lines than its .npy has rows (" + npy.rows() + ")");
        }
      }
    }
  }

  private static Paper paper(JsonNode line) {
    List<String> authors = strings(line.path("authors"));
    List<String> categories = strings(line.path("categories"));
    return Paper.of(
        line.path("id").asText(), line.path("title").asText(), line.path("abstract").asText(), authors,
        LocalDate.parse(line.path("announced").asText()), categories, null);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>(array.size());
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
