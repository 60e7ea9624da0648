package org.paperrec.server.harvest;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * When scheduled harvests run: every day at a time of day in a time zone ({@code at 21:00
 * America/New_York}, the default: an hour after arXiv's daily announcement at 20:00 US Eastern,
 * daylight saving included), or at a fixed interval ({@code every 6h}).
 */
public sealed interface Schedule {

  /** An hour after arXiv announces (20:00 US Eastern, Sunday to Thursday), when its OAI-PMH feed has the new day. */
  String DEFAULT = "at 21:00 America/New_York";

  /** The first run time strictly after {@code now}. */
  Instant next(Instant now);

  /** The latest run time at or before {@code now}: a server started after it missed that run. */
  Instant previous(Instant now);

  record Daily(LocalTime time, ZoneId zone) implements Schedule {
    public Daily {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(zone, "zone");
    }

    @Override
    public Instant next(Instant now) {
      ZonedDateTime today = now.atZone(zone).with(time);
      return today.toInstant().isAfter(now) ? today.toInstant() : today.plusDays(1).with(time).toInstant();
    }

    @Override
    public Instant previous(Instant now) {
      ZonedDateTime today = now.atZone(zone).with(time);
      return today.toInstant().isAfter(now) ? today.minusDays(1).with(time).toInstant() : today.toInstant();
    }

    @Override
    public String toString() {
      return "at " + time + " " + zone;
    }
  }

  record Every(Duration interval) implements Schedule {
    public Every {
      if (interval.compareTo(Duration.ofMillis(100)) < 0) {
        throw new IllegalArgumentException("a harvest interval must be at least 100ms");
      }
    }

    @Override
    public Instant next(Instant now) {
      return now.plus(interval);
    }

    @Override
    public Instant previous(Instant now) {
      return now.minus(interval);
    }

    @Override
    public String toString() {
      return "every " + Durations.format(interval);
    }
  }

  /**
   * {@code at HH:MM [ZONE]} (zone default UTC) or {@code every DURATION}.
   *
   * @throws IllegalArgumentException naming both forms
   */
  static Schedule parse(String text) {
    String s = text == null ? "" : text.strip();
    String[] words = s.split("\\s+");
    try {
      if (words.length >= 2 && words.length <= 3 && words[0].equals("at")) {
        ZoneId zone = words.length == 3 ? ZoneId.of(words[2]) : ZoneOffset.UTC;
        return new Daily(LocalTime.parse(words[1]), zone);
      }
      if (words.length == 2 && words[0].equals("every")) {
        return new Every(Durations.parse(words[1]));
      }
    } catch (DateTimeException | IllegalArgumentException e) {
      // the message below says what is accepted
    }
    throw new IllegalArgumentException("harvest schedule '" + text + "' is neither 'at HH:MM [ZONE]' (e.g. '" + DEFAULT
        + "') nor 'every DURATION' (e.g. 'every 6h')");
  }
}
