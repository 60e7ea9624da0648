package org.paperrec.server.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paperrec.server.corpus.LineReader.Line;
import org.paperrec.server.corpus.RecordProblem.Reason;

/** Bounded, strict UTF-8 line splitting. */
class LineReaderTest {

  private static List<Line> lines(byte[] bytes, int maxLineBytes) throws IOException {
    LineReader reader = new LineReader(new ByteArrayInputStream(bytes), maxLineBytes);
    List<Line> lines = new ArrayList<>();
    for (Line line = reader.next(); line != null; line = reader.next()) {
      lines.add(line);
    }
    return lines;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void splitsOnNewlinesDroppingCarriageReturnsAndTheByteOrderMark() throws IOException {
    List<Line> lines = lines(utf8("\uFEFFfirst\r\nsecond\n\nlast without newline"), 100);

    assertEquals(List.of("first", "second", "", "last without newline"), lines.stream().map(Line::text).toList());
    assertEquals(List.of(1L, 2L, 3L, 4L), lines.stream().map(Line::number).toList());
  }

  @Test
  void lineOverTheLimitIsFlaggedAndReadingResumesAtTheNextLine() throws IOException {
    List<Line> lines = lines(utf8("short\n" + "y".repeat(40) + "\nafter\n"), 16);

    assertEquals(3, lines.size());
    assertEquals(Reason.LINE_TOO_LONG, lines.get(1).flaw());
    assertNull(lines.get(1).text());
    assertEquals(40, lines.get(1).bytes());
    assertEquals("after", lines.get(2).text());
    assertEquals(3, lines.get(2).number());
  }

  @Test
  void lineExactlyAtTheLimitIsKept() throws IOException {
    List<Line> lines = lines(utf8("z".repeat(16) + "\n"), 16);

    assertEquals("z".repeat(16), lines.get(0).text());
  }

  @Test
  void longLinesAreSkippedWithoutBeingHeldInMemory() throws IOException {
    // 64 MiB of one line, streamed: far more than the 1 KiB limit the reader may buffer.
    long size = 64L * 1024 * 1024;
    InputStream endless = new InputStream() {
      private long served; // 'x' bytes up to size, then one newline, then the end

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0];
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (served > size) {
          return -1;
        }
        if (served == size) {
          b[off] = '\n';
          served++;
          return 1;
        }
        int n = (int) Math.min(len, size - served);
        Arrays.fill(b, off, off + n, (byte) 'x');
        served += n;
        return n;
      }
    };
    LineReader reader = new LineReader(endless, 1024);

    Line line = reader.next();

    assertEquals(Reason.LINE_TOO_LONG, line.flaw());
    assertEquals(size, line.bytes());
    assertNull(reader.next());
  }

  @Test
  void invalidUtf8IsFlaggedWithAReadableReplacement() throws IOException {
    byte[] bytes = {'o', 'k', '\n', 'b', (byte) 0xff, 'd', '\n', (byte) 0xc3, (byte) 0xa9, '\n'};

    List<Line> lines = lines(bytes, 100);

    assertNull(lines.get(0).flaw());
    assertEquals(Reason.INVALID_UTF8, lines.get(1).flaw());
    assertEquals("b\uFFFDd", lines.get(1).text());
    assertEquals("é", lines.get(2).text());
  }
}
