package org.paperrec.server.http;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.paperrec.recommend.Filter;
import org.paperrec.recommend.Page;

/**
 * Query parameters of GET routes: paging ({@code limit}, {@code offset}) and filters ({@code
 * since}, {@code until}, {@code category}, repeatable or comma-separated). Unknown parameters are
 * refused so that a misspelt one ({@code lmit=5}) is not silently ignored.
 */
final class QueryParams {

  static final Set<String> PAGE_AND_FILTER = Set.of("limit", "offset", "since", "until", "category");

  private QueryParams() {}

  static void allowOnly(Context ctx, Set<String> allowed) {
    for (String name : ctx.queryParamMap().keySet()) {
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException(
            "unknown query parameter '" + Validation.abbreviate(name) + "'; "
                + (allowed.isEmpty() ? "this route takes none" : "this route takes " + String.join(", ", new TreeSet<>(allowed))));
      }
    }
  }

  static Page page(Context ctx) {
    return Validation.page(integer(ctx, "limit"), integer(ctx, "offset"));
  }

  static Filter filter(Context ctx) {
    List<String> categories = new ArrayList<>();
    for (String value : ctx.queryParams("category")) {
      for (String part : value.split(",", -1)) {
        categories.add(part);
      }
    }
    return new Filter(
        Validation.date(single(ctx, "since"), "since"),
        Validation.date(single(ctx, "until"), "until"),
        Validation.categories(categories, "category"),
        Set.of());
  }

  /** The value of a parameter given at most once, or null when absent. */
  static String single(Context ctx, String name) {
    List<String> values = ctx.queryParams(name);
    if (values.size() > 1) {
      throw new IllegalArgumentException(name + " may be given once; it was given " + values.size() + " times");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static Integer integer(Context ctx, String name) {
    String raw = single(ctx, name);
    if (raw == null) {
      return null;
    }
    try {
      return Integer.valueOf(raw.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be an integer (" + range(name) + "); " + name + "=" + Validation.abbreviate(raw), e);
    }
  }

  private static String range(String name) {
    return name.equals("limit") ? "1 to " + Page.MAX_LIMIT : "0 to " + Page.MAX_OFFSET;
  }
}
