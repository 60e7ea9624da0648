package org.paperrec.server.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.paperrec.server.corpus.LineReader.Line;
import org.paperrec.server.corpus.RecordProblem.Reason;

/** The corpus file formats paperrec reads, by the names the command line uses. */
public enum CorpusFormat {
  /** A plain-text copy of a Hugging Face Daily Papers page: {@link SeedReader}. */
  SEED("seed"),
  /** The arXiv metadata OAI snapshot, JSON lines: {@link OaiReader}. */
  OAI("oai"),
  /** The arxiv-cs JSON-lines layout: {@link JsonlReader}. */
  JSONL("jsonl"),
  /** A Hugging Face daily-papers API response, a JSON array: {@link HfReader}. */
  HF("hf");

  /** How many non-blank lines {@link #detect} looks at, at most, for a telling JSON object. */
  static final int DETECT_MAX_LINES = 20;

  private final String cliName;

  CorpusFormat(String cliName) {
    this.cliName = cliName;
  }

  /** The name on the command line: {@code seed}, {@code oai}, {@code jsonl} or {@code hf}. */
  public String cliName() {
    return cliName;
  }

  /** A new reader for this format. */
  public CorpusReader reader() {
    return switch (this) {
      case SEED -> new SeedReader();
      case OAI -> new OaiReader();
      case JSONL -> new JsonlReader();
      case HF -> new HfReader();
    };
  }

  /**
   * The format named {@code name} ({@code seed|oai|jsonl|hf}, any case).
   *
   * @throws IllegalArgumentException naming the value and the names expected
   */
  public static CorpusFormat parse(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (CorpusFormat format : values()) {
      if (format.cliName.equals(wanted)) {
        return format;
      }
    }
    throw new IllegalArgumentException("unknown corpus format '" + name + "'; expected one of " + names());
  }

  /**
   * Guesses the format of {@code file} from its content, gunzipped if it is gzip (by magic bytes):
   *
   * <ul>
   *   <li>first non-blank character {@code [}: {@link #HF};
   *   <li>first non-blank character <code>{</code>: JSON lines; of the first {@value #DETECT_MAX_LINES}
   *       non-blank lines, the first JSON object with a key {@code versions}, {@code update_date} or
   *       {@code authors_parsed} means {@link #OAI}, one with {@code announced} or
   *       {@code primary_category} means {@link #JSONL};
   *   <li>anything else (an empty file too) is text: {@link #SEED}.
   * </ul>
   *
   * @throws IllegalArgumentException when the file is JSON lines of neither kind, binary (a NUL
   *     byte in its first line) or starts with a line over {@link CorpusLimits#MAX_LINE_BYTES}; the
   *     message says to name the format explicitly
   * @throws IOException when the file cannot be read, or is gzip cut off before its first line
   */
  public static CorpusFormat detect(Path file) throws IOException {
    ObjectReader json = RecordFields.newJsonLineReader();
    try (CorpusInput input = CorpusInput.open(file)) {
      LineReader lines = new LineReader(input.data());
      Line line = lines.next();
      while (line != null && line.isBlank()) {
        line = lines.next();
      }
      if (line == null) {
        return SEED; // empty: no papers whichever the format
      }
      if (line.flaw() == Reason.TRUNCATED_INPUT) {
        throw new IOException(file + ": the gzip data ends before the first line (" + lines.truncation() + ")");
      }
      if (line.text() == null) {
        throw new IllegalArgumentException(
            file + ": the first line is over " + CorpusLimits.MAX_LINE_BYTES + " bytes, too long to tell the format;"
                + " name the format explicitly, one of " + names());
      }
      String first = line.text().strip();
      if (first.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(
            file + " is not a text file (it has NUL bytes); expected " + names() + ", plain or gzip");
      }
      if (first.startsWith("[")) {
        return HF;
      }
      if (!first.startsWith("{")) {
        return SEED;
      }
      for (int looked = 0; line != null && looked < DETECT_MAX_LINES; line = lines.next()) {
        if (line.text() == null || line.isBlank()) {
          continue;
        }
        looked++;
        CorpusFormat format = jsonLinesFormat(json, line.text());
        if (format != null) {
          return format;
        }
      }
      throw new IllegalArgumentException(
          file + " looks like JSON lines but no record has the fields of the OAI snapshot (versions, update_date,"
              + " authors_parsed) or of arxiv-cs (announced, primary_category); name the format explicitly, one of "
              + names());
    }
  }

  private static CorpusFormat jsonLinesFormat(ObjectReader json, String line) {
    JsonNode record;
    try {
      record = json.readTree(line);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (record == null || !record.isObject()) {
      return null;
    }
    if (record.has("versions") || record.has("update_date") || record.has("authors_parsed")) {
      return OAI;
    }
    if (record.has("announced") || record.has("primary_category")) {
      return JSONL;
    }
    return null;
  }

  private static String names() {
    return Arrays.stream(values()).map(CorpusFormat::cliName).collect(Collectors.joining(", "));
  }
}
