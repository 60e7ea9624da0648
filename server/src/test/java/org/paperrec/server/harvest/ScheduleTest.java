package org.paperrec.server.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleTest {

  @Test
  void theDefaultRunsAnHourAfterArxivsAnnouncementInEasternTimeAcrossDaylightSaving() {
    Schedule daily = Schedule.parse(Schedule.DEFAULT);
    // 21:00 EST is 02:00 UTC the next day in winter, 21:00 EDT 01:00 UTC in summer.
    assertEquals(Instant.parse("2026-12-04T02:00:00Z"), daily.next(Instant.parse("2026-12-03T07:00:00Z")));
    assertEquals(Instant.parse("2026-12-03T02:00:00Z"), daily.previous(Instant.parse("2026-12-03T07:00:00Z")));
    assertEquals(Instant.parse("2026-07-02T01:00:00Z"), daily.next(Instant.parse("2026-07-01T12:00:00Z")));
    assertEquals(Instant.parse("2026-12-04T02:00:00Z"), daily.next(Instant.parse("2026-12-03T02:00:00Z")),
        "strictly after");
  }

  @Test
  void intervalsAndTimesInUtcAndRefusals() {
    assertEquals(new Schedule.Every(Duration.ofHours(6)), Schedule.parse("every 6h"));
    assertEquals("every 6h", Schedule.parse("every 6h").toString());
    assertEquals(Instant.parse("2026-12-03T06:30:00Z"), Schedule.parse("at 06:30").next(Instant.parse("2026-12-03T01:00:00Z")));
    for (String bad : new String[] {"daily", "at 25:00", "every often", "at 06:30 Mars/Olympus", "every 10ms"}) {
      var e = assertThrows(IllegalArgumentException.class, () -> Schedule.parse(bad), bad);
      assertTrue(e.getMessage().contains("'every DURATION'"), e.getMessage());
    }
  }

  @Test
  void durations() {
    assertEquals(Duration.ofSeconds(3), Durations.parse("3s"));
    assertEquals(Duration.ZERO, Durations.parse("0"));
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofDays(1), Durations.parse("1d"));
    assertEquals(Duration.ofMinutes(90), Durations.parse("PT90M"));
    assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("-3s"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("three seconds"));
  }
}
