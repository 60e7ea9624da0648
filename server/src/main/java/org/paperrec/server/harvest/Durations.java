package org.paperrec.server.harvest;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them on a command line: {@code 3s}, {@code 500ms}, {@code 6h}, {@code 1d}, {@code 0}, or ISO {@code PT6H}. */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private Durations() {}

  /** @throws IllegalArgumentException naming the accepted forms */
  public static Duration parse(String text) {
    String s = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = SHORT.matcher(s);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      Duration d = Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
      if (!d.isNegative()) {
        return d;
      }
    } catch (DateTimeParseException ignored) {
      // fall through to the message
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a duration: write a number and a unit, e.g. 500ms, 3s, 30m, 6h, 1d (or 0)");
  }

  /** {@code 3s}, {@code 6h}, {@code 1d2h}: the short form of {@code d}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    if (d.toMillisPart() != 0 || d.toMillis() < 1000) {
      return d.toMillis() + "ms";
    }
    StringBuilder out = new StringBuilder();
    long days = d.toDaysPart();
    if (days > 0) {
      out.append(days).append('d');
    }
    if (d.toHoursPart() > 0) {
      out.append(d.toHoursPart()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      out.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      out.append(d.toSecondsPart()).append('s');
    }
    return out.toString();
  }
}
