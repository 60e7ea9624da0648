package org.paperrec.server.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Structure-aware mutation of valid inputs: a seed (a valid document of the format, generated)
 * gets a few byte edits: inserts of pieces that break parsers (odd Unicode, invalid UTF-8, tokens of
 * JSON, XML and Python literals, huge numbers), deletions, truncations, duplicated spans, long
 * repeats, deep nesting and byte flips; sometimes the seed is gzip-compressed first, so that the
 * gzip path of the readers is fuzzed too. Plain functions of jqwik's {@link Random} (see {@link
 * JsonShapes}): a failing input is reported with jqwik's seed, which reproduces it, but not shrunk.
 */
public final class Mutations {

  /** Pieces that every format's parser must survive. */
  public static final List<String> COMMON_PIECES = List.of(
      "İ", "ẞ", "K", "ﬁ", "Σ", "\u200B", "\u202E", "\uFEFF", "\u00A0", "\u2028", "\u0085", "\uD83D\uDE00",
      "\u0301", "１２", "٣", "\u0000", "\u0001", "\u007F", "\t", "\n", "\r", "\r\n", "\n\n", " ", "'", "\"", "\\",
      "/", ":", ",", ";", "-", ".", "0", "-0", "1e999", "-1e-999", "NaN", "Infinity", "99999999999999999999",
      "9223372036854775808", "-2147483649", "2147483648", "0x10", "1_000", "00007", "9999-12-31",
      "+999999999-12-31", "-999999999-01-01", "2025-02-30", "2025-13-01", "0000-00-00",
      "Mon, 2 Apr 2007 19:18:42 GMT", "Xyz, 99 Foo 99999 99:99:99 GMT", "1000000000-12-31T00:00:00Z",
      "+1000000000-12-31T23:59:59Z", "2025-02-06T18:59:01.000Z", "2501.06842", "hep-ph/0307015",
      "doi:10.1145/x", "title:", "v2");

  /** Pieces of JSON syntax. */
  public static final List<String> JSON_PIECES = List.of(
      "{", "}", "[", "]", "{}", "[]", "\":\"", "\",\"", "null", "true", "false", "\"\\ud800\"", "\\u0000",
      "\\uDFFF", "\\", "\\x", "/*", "//", "{\"a\":1,\"a\":2}", "\"id\":", "\"title\":", ",,", "[1,]");

  /** Pieces of XML syntax, entity tricks included. */
  public static final List<String> XML_PIECES = List.of(
      "<", ">", "&", "&amp;", "&lt;", "&#0;", "&#xD800;", "&#x10FFFF;", "&#99999999;", "&unknown;",
      "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>", "<!DOCTYPE r SYSTEM \"file:///etc/passwd\">",
      "<![CDATA[", "]]>", "<?xml version=\"1.0\"?>", "<?pi x?>", "<!-- c -->", "</record>", "<record>", "<i>x</i>",
      "<author>", "</author>", "<header status=\"deleted\">", "xmlns:a=\"urn:x\"", "<a:b>", "<OAI-PMH>",
      "<resumptionToken completeListSize=\"x\">", "<error code=\"badArgument\">", "</metadata>", "<metadata>");

  private Mutations() {}

  /**
   * Inputs made from {@code seeds} with up to {@code maxEdits} edits; {@code pieces} are what
   * inserts insert, {@code maxRepeat} bounds the repeats and nesting depths.
   */
  public static Arbitrary<Input> of(JsonShapes.Gen<byte[]> seeds, List<String> pieces, int maxEdits, int maxRepeat) {
    List<byte[]> pieceBytes = pieces.stream().map(p -> p.getBytes(StandardCharsets.UTF_8)).toList();
    return Arbitraries.randomValue(r -> mutate(r, seeds.apply(r), pieceBytes, maxEdits, maxRepeat));
  }

  /** {@code seed}, gzip-compressed one time in ten, with up to {@code maxEdits} edits. */
  public static Input mutate(Random r, byte[] seed, List<byte[]> pieces, int maxEdits, int maxRepeat) {
    byte[] out = r.nextInt(10) == 0 ? gzip(seed) : seed;
    for (int edits = r.nextInt(maxEdits + 1); edits > 0; edits--) {
      out = edit(r, out, pieces, maxRepeat);
    }
    return new Input(out);
  }

  /** {@code pieces} as UTF-8, for {@link #mutate}. */
  public static List<byte[]> utf8(List<String> pieces) {
    return pieces.stream().map(p -> p.getBytes(StandardCharsets.UTF_8)).toList();
  }

  /** The same for text seeds, as UTF-8. */
  public static Arbitrary<Input> ofText(JsonShapes.Gen<String> seeds, List<String> pieces, int maxEdits, int maxRepeat) {
    return of(r -> seeds.apply(r).getBytes(StandardCharsets.UTF_8), pieces, maxEdits, maxRepeat);
  }

  /** One generated input; shown as escaped UTF-8 when jqwik reports it. */
  public record Input(byte[] bytes) {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder(bytes.length + " bytes: \"");
      String text = text();
      text.codePoints().limit(2000).forEach(c ->
          out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? Character.toString(c) : String.format("\\u%04X", c)));
      return out.append(text.length() > 2000 ? "...\"" : "\"").toString();
    }
  }

  private static final byte[][] INVALID_UTF8 = {
    {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
    {(byte) 0xFF}, {(byte) 0x1f, (byte) 0x8b}
  };

  private static byte[] edit(Random r, byte[] in, List<byte[]> pieces, int maxRepeat) {
    int i = r.nextInt(in.length + 1);
    int end = Math.min(in.length, i + 1 + r.nextInt(64));
    byte[] piece = switch (r.nextInt(4)) {
      case 0 -> INVALID_UTF8[r.nextInt(INVALID_UTF8.length)];
      case 1 -> {
        byte[] random = new byte[1 + r.nextInt(8)];
        r.nextBytes(random);
        yield random;
      }
      default -> pieces.get(r.nextInt(pieces.size()));
    };
    int count = 1 + r.nextInt(maxRepeat);
    return switch (r.nextInt(17)) {
      case 0, 1, 2, 3, 4, 5 -> splice(in, i, i, piece); // insert
      case 6, 7, 8 -> splice(in, i, end, new byte[0]); // delete
      case 9 -> Arrays.copyOf(in, i); // truncate
      case 10, 11 -> splice(in, end, end, Arrays.copyOfRange(in, i, end)); // duplicate a span
      case 12, 13 -> splice(in, i, i, repeat(piece, count)); // a long run
      case 14 -> splice(in, i, i, nest(r.nextInt(3), count)); // deep nesting
      default -> { // flip a bit
        byte[] out = in.clone();
        if (out.length > 0) {
          out[Math.min(i, out.length - 1)] ^= (byte) (1 << r.nextInt(8));
        }
        yield out;
      }
    };
  }

  /** {@code lists} joined into one list, for the pieces of several formats. */
  @SafeVarargs
  public static List<String> pieces(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> list : lists) {
      all.addAll(list);
    }
    return List.copyOf(all);
  }

  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] nest(int kind, int depth) {
    String open = kind == 0 ? "{\"a\":" : kind == 1 ? "[" : "<a>";
    String close = kind == 0 ? "}" : kind == 1 ? "]" : "</a>";
    return (open.repeat(depth) + "1" + close.repeat(depth)).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] repeat(byte[] piece, int count) {
    byte[] out = new byte[piece.length * count];
    for (int k = 0; k < count; k++) {
      System.arraycopy(piece, 0, out, k * piece.length, piece.length);
    }
    return out;
  }

  private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
    byte[] out = new byte[in.length - (to - from) + insert.length];
    System.arraycopy(in, 0, out, 0, from);
    System.arraycopy(insert, 0, out, from, insert.length);
    System.arraycopy(in, to, out, from + insert.length, in.length - to);
    return out;
  }
}
