package org.paperrec.server.corpus;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.ZipException;
import org.paperrec.server.corpus.RecordProblem.Reason;

/**
 * Splits bytes into UTF-8 lines with a length bound: a line longer than the bound is skipped
 * without being held in memory, and reading resumes after its newline. Lines end at {@code \n}; a
 * {@code \r} before it and a UTF-8 byte order mark at the start are dropped. Not thread-safe.
 */
final class LineReader {

  /**
   * One line.
   *
   * @param number 1-based line number
   * @param text the line; {@code null} when {@code flaw} is {@link Reason#LINE_TOO_LONG} or
   *     {@link Reason#TRUNCATED_INPUT}; for {@link Reason#INVALID_UTF8}, the line with bad bytes
   *     replaced by U+FFFD, good enough to see what kind of line it is but not to keep
   * @param flaw {@code null} for a good line
   * @param bytes length of the line in bytes
   */
  record Line(long number, String text, Reason flaw, long bytes) {
    boolean isBlank() {
      return text != null && text.isBlank();
    }
  }

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[CorpusInput.BUFFER_BYTES];
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private int position;
  private int limit;
  private byte[] line = new byte[1024];
  private int lineLength;
  private long nextNumber = 1;
  private boolean ended;
  private String truncation;

  LineReader(InputStream in) {
    this(in, CorpusLimits.MAX_LINE_BYTES);
  }

  LineReader(InputStream in, int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be positive; maxLineBytes=" + maxLineBytes);
    }
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * The next line, or {@code null} at the end. When the input ends abruptly (a truncated or
   * corrupt gzip file), the last call before the end returns a line flagged {@link Reason#TRUNCATED_INPUT}
   * that stands for the partial line, which is dropped.
   */
  Line next() throws IOException {
    if (ended) {
      return null;
    }
    long number = nextNumber;
    long total = 0;
    lineLength = 0;
    while (true) {
      if (position == limit) {
        int n;
        try {
          n = in.read(buffer);
        } catch (EOFException | ZipException e) {
          // A corrupt gzip stream cannot be read past the damage either: treated as its end.
          ended = true;
          truncation = e.getMessage();
          return new Line(number, null, Reason.TRUNCATED_INPUT, total);
        }
        if (n < 0) {
          ended = true;
          return total == 0 ? null : finish(number, total);
        }
        position = 0;
        limit = n;
      }
      int newline = indexOfNewline(position, limit);
      int end = newline < 0 ? limit : newline;
      append(position, end - position, total);
      total += end - position;
      position = newline < 0 ? limit : newline + 1;
      if (newline >= 0) {
        nextNumber++;
        return finish(number, total);
      }
    }
  }

  /** The decompressor's message when the input ended abruptly or was corrupt, otherwise {@code null}. */
  String truncation() {
    return truncation;
  }

  private int indexOfNewline(int from, int to) {
    for (int i = from; i < to; i++) {
      if (buffer[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void append(int from, int length, long totalSoFar) {
    if (totalSoFar + length > maxLineBytes) {
      return; // the line is too long; keep counting, stop copying
    }
    if (lineLength + length > line.length) {
      int capacity = (int) Math.min(maxLineBytes, Math.max(2L * line.length, (long) lineLength + length));
      line = Arrays.copyOf(line, capacity);
    }
    System.arraycopy(buffer, from, line, lineLength, length);
    lineLength += length;
  }

  private Line finish(long number, long total) {
    if (total > maxLineBytes) {
      return new Line(number, null, Reason.LINE_TOO_LONG, total);
    }
    int start = 0;
    int end = lineLength;
    if (end > start && line[end - 1] == '\r') {
      end--;
    }
    if (number == 1 && end - start >= 3
        && (line[0] & 0xff) == 0xef && (line[1] & 0xff) == 0xbb && (line[2] & 0xff) == 0xbf) {
      start = 3;
    }
    ByteBuffer bytes = ByteBuffer.wrap(line, start, end - start);
    try {
      return new Line(number, decoder.reset().decode(bytes).toString(), null, total);
    } catch (CharacterCodingException e) {
      String lenient = new String(line, start, end - start, StandardCharsets.UTF_8);
      return new Line(number, lenient, Reason.INVALID_UTF8, total);
    }
  }
}
