package org.paperrec.server.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads one corpus format. Implementations are stateless and thread-safe; each {@link #open} gives
 * an independent stream.
 */
public interface CorpusReader {

  /**
   * Opens {@code file} for streaming. The file may be gzip-compressed whatever its name: gzip is
   * recognised by its magic bytes ({@code 1f 8b}).
   *
   * @param problems receives every bad record (and other data problems) as it is met, in file
   *     order; each one is also logged at WARN
   * @throws IOException when the file cannot be opened; bad content never throws, it is reported
   */
  PaperStream open(Path file, Consumer<RecordProblem> problems) throws IOException;
}
