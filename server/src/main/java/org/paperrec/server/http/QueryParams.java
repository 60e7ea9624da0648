package org.paperrec.server.http;

import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.paperrec.recommend.Filter;
import org.paperrec.recommend.Page;
import org.paperrec.recommend.RankingOptions;
import org.paperrec.recommend.RecommendRequest;

/**
 * Query parameters of GET routes: paging ({@code limit}, {@code offset}), filters ({@code since},
 * {@code until}, {@code category}, repeatable or comma-separated), ranking options ({@link
 * #RANKING}) and the further options of recommendations ({@link #RECOMMEND}). Unknown parameters
 * are refused so that a misspelt one ({@code lmit=5}) is not silently ignored; an absent option
 * keeps the recommend module's default.
 */
final class QueryParams {

  static final Set<String> PAGE_AND_FILTER = Set.of("limit", "offset", "since", "until", "category");

  /** The {@link RankingOptions} of similar papers, search and recommendations. */
  static final Set<String> RANKING = Set.of("lexicalWeight", "diversity", "recencyWeight", "recencyHalfLifeDays");

  /** Paging, filters and ranking options: what every ranked GET route takes. */
  static final Set<String> RANKED = union(PAGE_AND_FILTER, RANKING);

  /** Everything {@link #recommendOptions} reads: {@link #RANKED} and the recommendation-only options. */
  static final Set<String> RECOMMEND = union(RANKED, Set.of("strategy", "likeHalfLifeDays", "maxInterests", "seed"));

  private QueryParams() {}

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

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
    return Validation.page(integer(ctx, "limit", "1 to " + Page.MAX_LIMIT), integer(ctx, "offset", "0 to " + Page.MAX_OFFSET));
  }

  /** {@link #RANKING} of similar papers and search; absent ones take {@link RankingOptions#DEFAULT}'s values. */
  static RankingOptions ranking(Context ctx) {
    return ranking(ctx, RankingOptions.DEFAULT);
  }

  private static RankingOptions ranking(Context ctx, RankingOptions defaults) {
    return Validation.ranking(
        defaults,
        number(ctx, "lexicalWeight"), number(ctx, "diversity"), number(ctx, "recencyWeight"),
        number(ctx, "recencyHalfLifeDays"));
  }

  /** {@link #RECOMMEND} minus the filter, which the caller reads with {@link #filter}. */
  static RecommendOptions recommendOptions(Context ctx) {
    return new RecommendOptions(
        RecommendOptions.strategy(single(ctx, "strategy")),
        page(ctx),
        ranking(ctx, RankingOptions.RECOMMENDATION_DEFAULT),
        number(ctx, "likeHalfLifeDays"),
        integer(ctx, "maxInterests", "1 to " + RecommendRequest.MAX_INTERESTS),
        longInteger(ctx, "seed"));
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

  /** @param range the allowed values, for the message when the value is not an integer */
  private static Integer integer(Context ctx, String name, String range) {
    String raw = single(ctx, name);
    if (raw == null) {
      return null;
    }
    try {
      return Integer.valueOf(raw.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be an integer (" + range + "); " + name + "=" + Validation.abbreviate(raw), e);
    }
  }

  private static Long longInteger(Context ctx, String name) {
    String raw = single(ctx, name);
    if (raw == null) {
      return null;
    }
    try {
      return Long.valueOf(raw.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a 64-bit integer; " + name + "=" + Validation.abbreviate(raw), e);
    }
  }

  /**
   * A decimal number such as {@code 0.25} or {@code 1e-3}. Parsed as a {@link BigDecimal}, which
   * unlike {@link Double#parseDouble} refuses {@code NaN}, {@code Infinity}, hexadecimal and a
   * trailing {@code d} or {@code f}. The range is the domain's to check.
   */
  private static Double number(Context ctx, String name) {
    String raw = single(ctx, name);
    if (raw == null) {
      return null;
    }
    try {
      return new BigDecimal(raw.strip()).doubleValue();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a decimal number such as 0.25; " + name + "=" + Validation.abbreviate(raw), e);
    }
  }
}
