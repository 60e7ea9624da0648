package org.paperrec.server.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.paperrec.embed.ModelFingerprint;
import org.paperrec.store.PaperStore;

/**
 * {@code manifest.json} of a vector exchange folder: {@code {"format": "paperrec-vectors",
 * "version": 1, "model": "<fingerprint>", "dimension": 384, "papers": N}}. {@code papers} is
 * optional; unknown fields are ignored, so a later version may add some without breaking this one.
 *
 * @param model the fingerprint of the model that made the vectors, as {@code paperrec stats} prints
 *     it ({@link ModelFingerprint#toString()}); compared for equality
 * @param dimension vector components, in [1, {@value PaperStore#MAX_DIMENSION}]
 * @param papers the number of papers (rows of all shards), or {@code null} when not given
 */
public record Manifest(String model, int dimension, Long papers) {

  public static final String FILE_NAME = "manifest.json";
  public static final String FORMAT = "paperrec-vectors";
  /** The format version this build writes and the newest it reads. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();
  /** One field a line, {@code "name": value} as Python's json.dumps(indent=2) writes it, for people who look. */
  private static final ObjectWriter PRETTY =
      JSON.writer(new DefaultPrettyPrinter(
          Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

  public Manifest {
    Objects.requireNonNull(model, "model");
    if (dimension < 1 || dimension > PaperStore.MAX_DIMENSION) {
      throw new IllegalArgumentException(
          "dimension must be in [1, " + PaperStore.MAX_DIMENSION + "]; dimension=" + dimension);
    }
    if (papers != null && papers < 0) {
      throw new IllegalArgumentException("papers must not be negative; papers=" + papers);
    }
  }

  /**
   * Reads and checks {@code dir/manifest.json}.
   *
   * @throws TransferFormatException when it is missing, not JSON, not this format, of a newer
   *     version, or a field is missing or of the wrong type; naming the file
   */
  public static Manifest read(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    JsonNode json;
    try {
      json = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new TransferFormatException(
          "no " + file + ": a vector folder has a manifest.json (written last: without it, an export is incomplete);"
              + " see docs/IMPORT-FORMAT.md");
    } catch (JsonProcessingException e) {
      throw refused(file, "is not JSON: " + e.getOriginalMessage());
    } catch (CharConversionException e) { // NUL bytes at the start make Jackson read UTF-32, then fail
      throw refused(file, "is not JSON in UTF-8: " + e.getMessage());
    }
    if (json == null || !json.isObject()) {
      throw refused(file, "is not a JSON object");
    }
    if (!FORMAT.equals(json.path("format").textValue())) {
      throw refused(file, "has format " + json.get("format") + "; expected \"" + FORMAT + "\"");
    }
    JsonNode version = json.get("version");
    // canConvertToLong first: asLong() keeps the low 64 bits, so 2^64 + 1 would pass as version 1.
    if (version == null || !version.isIntegralNumber() || !version.canConvertToLong() || version.asLong() < 1) {
      throw refused(file, "has version " + version + "; expected an integer, " + VERSION + " for this format");
    }
    if (version.asLong() > VERSION) {
      throw refused(file, "has format version " + version + ", newer than this paperrec reads (" + VERSION
          + "); upgrade paperrec");
    }
    JsonNode model = json.get("model");
    if (model == null || !model.isTextual() || model.textValue().isBlank()) {
      throw refused(file, "has no \"model\": give the fingerprint 'paperrec stats' prints for the data folder");
    }
    JsonNode dimension = json.get("dimension");
    if (dimension == null || !dimension.canConvertToInt() || !dimension.isIntegralNumber()
        || dimension.intValue() < 1 || dimension.intValue() > PaperStore.MAX_DIMENSION) {
      throw refused(file, "has dimension " + dimension + "; expected an integer in [1, " + PaperStore.MAX_DIMENSION + "]");
    }
    JsonNode papers = json.get("papers");
    if (papers != null && !papers.isNull() && (!papers.isIntegralNumber() || !papers.canConvertToLong() || papers.asLong() < 0)) {
      throw refused(file, "has papers " + papers + "; expected a non-negative integer, or leave it out");
    }
    Manifest manifest =
        new Manifest(model.textValue(), dimension.intValue(), papers == null || papers.isNull() ? null : papers.asLong());
    // A fingerprint names its dimension too; two different numbers mean a hand-edited manifest.
    int named = namedDimension(manifest.model);
    if (named > 0 && named != manifest.dimension) {
      throw refused(file, "has dimension " + manifest.dimension + " but its model '" + manifest.model + "' has dim="
          + named);
    }
    return manifest;
  }

  /**
   * Writes {@code dir/manifest.json} atomically: to a temporary file, synced, then renamed, so
   * that a reader sees no manifest or a complete one.
   */
  void write(Path dir) throws IOException {
    ObjectNode json = JSON.createObjectNode();
    json.put("format", FORMAT);
    json.put("version", VERSION);
    json.put("model", model);
    json.put("dimension", dimension);
    if (papers != null) {
      json.put("papers", papers);
    }
    Path temporary = dir.resolve(FILE_NAME + ".tmp");
    Files.writeString(temporary, PRETTY.writeValueAsString(json) + "\n");
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(temporary, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
  }

  /** The {@code dim=N} of a fingerprint line, or -1 when {@code model} is not in paperrec's form. */
  private static int namedDimension(String model) {
    try {
      return ModelFingerprint.parse(model).dimension();
    } catch (IllegalArgumentException notAFingerprint) {
      return -1; // the comparison with the data folder's model or the build will say what is wrong
    }
  }

  private static TransferFormatException refused(Path file, String what) {
    return new TransferFormatException(file + " " + what);
  }
}
