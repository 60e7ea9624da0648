package org.paperrec.server.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.paperrec.recommend.Page;
import org.paperrec.recommend.RankingOptions;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperIds;

/**
 * Checks of request values shared by query parameters and JSON bodies. Every failure is an {@link
 * IllegalArgumentException} whose message names the parameter (or JSON field) and the value.
 */
final class Validation {

  private static final Pattern CATEGORY = Pattern.compile("[A-Za-z][A-Za-z0-9.\\-]*");

  private Validation() {}

  /** The normal form of a paper ID in any accepted spelling. */
  static String paperId(String raw, String name) {
    try {
      return PaperIds.normalize(raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  /** Normal forms of {@code raw}, in order; null means an empty list. */
  static List<String> paperIds(List<String> raw, String name) {
    if (raw == null) {
      return List.of();
    }
    List<String> ids = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      ids.add(paperId(raw.get(i), name + "[" + i + "]"));
    }
    return ids;
  }

  /**
   * An ISO date ({@code 2025-01-31}) from {@link Paper#EARLIEST_DATE} to {@link Paper#LATEST_DATE},
   * or null when {@code raw} is null.
   */
  static LocalDate date(String raw, String name) {
    if (raw == null) {
      return null;
    }
    LocalDate date;
    try {
      date = LocalDate.parse(raw.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be a date like 2025-01-31; " + name + "=" + abbreviate(raw), e);
    }
    if (!Paper.isDateInRange(date)) {
      throw new IllegalArgumentException(name + " must be a date from " + Paper.EARLIEST_DATE + " to " + Paper.LATEST_DATE
          + " (a four-digit year); " + name + "=" + abbreviate(raw));
    }
    return date;
  }

  /**
   * An ISO-8601 date-time with a zone offset ({@code 2025-03-01T09:30:00Z}, {@code
   * 2025-03-01T10:30:00.5+01:00}), or null when {@code raw} is null. A time without an offset is
   * refused rather than read in some zone.
   */
  static Instant instant(String raw, String name) {
    if (raw == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(raw.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " must be an ISO-8601 date-time with a zone offset, such as 2025-03-01T09:30:00Z; " + name + "="
              + abbreviate(raw), e);
    }
  }

  /** Category names such as {@code cs.LG} or a whole archive such as {@code cs}. */
  static Set<String> categories(Collection<String> raw, String name) {
    if (raw == null) {
      return Set.of();
    }
    if (raw.size() > Limits.CATEGORIES) {
      throw new IllegalArgumentException(
          name + " may list at most " + Limits.CATEGORIES + " categories; it lists " + raw.size());
    }
    Set<String> categories = new LinkedHashSet<>();
    for (String category : raw) {
      String c = category == null ? "" : category.strip();
      if (c.length() > Limits.CATEGORY_CHARS || !CATEGORY.matcher(c).matches()) {
        throw new IllegalArgumentException(
            "each " + name + " must be a category name such as cs.LG, astro-ph.GA or cs (a whole archive), at most "
                + Limits.CATEGORY_CHARS + " characters; " + name + "=" + abbreviate(String.valueOf(category)));
      }
      categories.add(c);
    }
    return categories;
  }

  /** Required, not blank, at most {@code maxChars} characters; returned stripped. */
  static String text(String raw, String name, int maxChars) {
    if (raw == null || raw.isBlank()) {
      throw new IllegalArgumentException(name + " is required and must not be blank");
    }
    String text = raw.strip();
    if (text.length() > maxChars) {
      throw new IllegalArgumentException(
          name + " may be at most " + maxChars + " characters long; it has " + text.length());
    }
    return text;
  }

  /** A page; absent values take the defaults. {@link Page} names the value that is out of range. */
  static Page page(Integer limit, Integer offset) {
    return new Page(limit == null ? Page.DEFAULT_LIMIT : limit, offset == null ? 0 : offset);
  }

  /**
   * Ranking options; an absent (null) value takes the value of {@code d}, the recommend module's
   * default for the route ({@link RankingOptions#DEFAULT} for similar papers and search, {@link
   * RankingOptions#RECOMMENDATION_DEFAULT} for recommendations), so the defaults live in the
   * recommend module only. {@link RankingOptions} names a value that is out of range.
   */
  static RankingOptions ranking(
      RankingOptions d, Double lexicalWeight, Double diversity, Double recencyWeight, Double recencyHalfLifeDays) {
    return new RankingOptions(
        lexicalWeight == null ? d.lexicalWeight() : lexicalWeight,
        diversity == null ? d.diversity() : diversity,
        recencyWeight == null ? d.recencyWeight() : recencyWeight,
        recencyHalfLifeDays == null ? d.recencyHalfLifeDays() : recencyHalfLifeDays);
  }

  static void maxSize(Collection<?> values, int max, String name) {
    if (values != null && values.size() > max) {
      throw new IllegalArgumentException(name + " may list at most " + max + " items; it lists " + values.size());
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
