package org.paperrec.store;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Paper IDs: the one normal form every paper is stored under, and the many spellings people and
 * pages use for it.
 *
 * <p>Normal forms, the only strings {@link #normalize} returns:
 *
 * <ul>
 *   <li>arXiv, new style: {@code 2501.06842} (four-digit yymm, a dot, four or five digits), without
 *       a version;
 *   <li>arXiv, old style: {@code hep-ph/0307015}, {@code math.GT/0309136}: archive (lower case,
 *       optional upper-case subject class), a slash, seven digits, without a version;
 *   <li>DOI: {@code doi:} followed by the DOI in lower case ({@code doi:10.1145/3292500.3330701});
 *   <li>title slug, for papers with neither: {@code title:} followed by the title folded to ASCII,
 *       lower case, runs of other characters replaced by one {@code -}, at most
 *       {@value #MAX_SLUG_LENGTH} characters ({@code title:kernel-density-estimators-in-large-dimensions}).
 * </ul>
 *
 * <p>Accepted spellings of an arXiv ID: with a version ({@code 2501.06842v2}), with an {@code arXiv:}
 * prefix in any case, and as a URL of arxiv.org ({@code /abs/}, {@code /pdf/} with or without
 * {@code .pdf}, {@code /html/}), huggingface.co/papers or alphaxiv.org/abs, with or without scheme
 * and {@code www.}; the version suffix may be upper case. A DOI may also be given as a {@code
 * https://doi.org/} URL; whitespace, control and format characters (zero-width space, bidi marks)
 * are never part of a DOI, so they are rejected rather than stored invisibly in a key.
 *
 * <p>Thread-safe: stateless.
 */
public final class PaperIds {

  /** Longest title slug, in characters after the {@code title:} prefix. */
  public static final int MAX_SLUG_LENGTH = 80;

  /** Longest input {@link #normalize} looks at; longer strings are not IDs. */
  public static final int MAX_INPUT_LENGTH = 300;

  private static final String NEW_STYLE = "\\d{4}\\.\\d{4,5}";
  private static final String OLD_STYLE = "[a-z][a-z\\-]*(?:\\.[A-Za-z]{2})?/\\d{7}";
  private static final Pattern ARXIV =
      Pattern.compile("(?i:arxiv:)?(" + NEW_STYLE + "|" + OLD_STYLE + ")(?:[vV]\\d+)?");
  private static final Pattern URL =
      Pattern.compile(
          "(?i:https?://)?(?i:www\\.)?"
              + "(?i:arxiv\\.org/(?:abs|pdf|html)|huggingface\\.co/papers|alphaxiv\\.org/(?:abs|overview))/"
              + "(" + NEW_STYLE + "|" + OLD_STYLE + ")(?:[vV]\\d+)?(?:\\.pdf)?/?(?:[?#].*)?");
  // The DOI suffix may hold almost any printable character, but never whitespace, separators or
  // control/format characters: those would end up invisible in keys, logs and URLs.
  private static final Pattern DOI =
      Pattern.compile("(?i:doi:|https?://(?:dx\\.)?doi\\.org/)\\s*(10\\.\\d{4,9}/[^\\s\\p{Z}\\p{C}]+)");
  private static final Pattern SLUG = Pattern.compile("title:[a-z0-9]+(?:-[a-z0-9]+)*");
  private static final Pattern NEW_STYLE_ONLY = Pattern.compile(NEW_STYLE);
  private static final Pattern OLD_STYLE_ONLY = Pattern.compile(OLD_STYLE);

  private PaperIds() {}

  /**
   * The normal form of a paper ID given in any accepted spelling.
   *
   * @throws IllegalArgumentException naming the input and the spellings expected, when the input
   *     is not a paper ID
   */
  public static String normalize(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new IllegalArgumentException("paper ID is empty; " + EXPECTED);
    }
    String s = raw.strip();
    if (s.length() > MAX_INPUT_LENGTH) {
      throw new IllegalArgumentException(
          "paper ID is " + s.length() + " characters long, more than " + MAX_INPUT_LENGTH + "; " + EXPECTED);
    }
    Matcher m = ARXIV.matcher(s);
    if (m.matches()) {
      return canonicalArxiv(m.group(1));
    }
    m = URL.matcher(s);
    if (m.matches()) {
      return canonicalArxiv(m.group(1));
    }
    m = DOI.matcher(s);
    if (m.matches()) {
      return "doi:" + m.group(1).toLowerCase(Locale.ROOT);
    }
    if (SLUG.matcher(s).matches() && s.length() - "title:".length() <= MAX_SLUG_LENGTH) {
      return s;
    }
    throw new IllegalArgumentException("'" + abbreviate(s) + "' is not a paper ID; " + EXPECTED);
  }

  /** True when {@code raw} is a paper ID in some accepted spelling. */
  public static boolean isValid(String raw) {
    try {
      normalize(raw);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The stable ID of a paper known only by its title: {@code title:} and a slug of it.
   *
   * <p>The slug is the title decomposed (NFKD) with accents dropped ({@code Erdős} -> {@code erdos}),
   * Latin letters without a decomposition spelled out ({@code ß} -> {@code ss}, {@code ł} ->
   * {@code l}), Greek letters written as their names ({@code Γ-convergence} -> {@code
   * gamma-convergence}, common in titles), lower-cased, every run of other characters (TeX markup
   * included) replaced by one {@code -}, and cut to {@value #MAX_SLUG_LENGTH} characters. The
   * mapping is part of the stored-ID contract: changing it changes the IDs of stored papers.
   *
   * @throws IllegalArgumentException when the title has nothing that maps to an ASCII letter or digit
   */
  public static String fromTitle(String title) {
    Objects.requireNonNull(title, "title");
    String folded =
        Normalizer.normalize(title, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
    StringBuilder ascii = new StringBuilder(folded.length());
    folded.codePoints().forEach(c -> ascii.append(TRANSLITERATION.getOrDefault(c, Character.toString(c))));
    String slug = ascii.toString().replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.length() > MAX_SLUG_LENGTH) {
      slug = slug.substring(0, MAX_SLUG_LENGTH).replaceAll("-+$", "");
    }
    if (slug.isEmpty()) {
      throw new IllegalArgumentException(
          "title '" + abbreviate(title) + "' has no letter or digit that maps to ASCII to make an ID from;"
              + " give the paper an arXiv ID or a DOI");
    }
    return "title:" + slug;
  }

  /** True for normalised arXiv IDs (new or old style). */
  public static boolean isArxiv(String id) {
    return NEW_STYLE_ONLY.matcher(id).matches() || OLD_STYLE_ONLY.matcher(id).matches();
  }

  /** The arXiv abstract page of a normalised arXiv ID, the doi.org page of a DOI, otherwise null. */
  public static String url(String id) {
    if (isArxiv(id)) {
      return "https://arxiv.org/abs/" + id;
    }
    if (id.startsWith("doi:")) {
      return "https://doi.org/" + id.substring("doi:".length());
    }
    return null;
  }

  private static String canonicalArxiv(String id) {
    int slash = id.indexOf('/');
    if (slash < 0) {
      return id;
    }
    // Old style: archive is lower case, the subject class (math.GT) keeps its upper case.
    String archive = id.substring(0, slash);
    int dot = archive.indexOf('.');
    String head = dot < 0 ? archive : archive.substring(0, dot);
    String subject = dot < 0 ? "" : "." + archive.substring(dot + 1).toUpperCase(Locale.ROOT);
    return head.toLowerCase(Locale.ROOT) + subject + id.substring(slash);
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  /** Lower-case letters that NFKD leaves as they are; Greek ones as words, so spaced. */
  private static final Map<Integer, String> TRANSLITERATION = transliteration();

  private static Map<Integer, String> transliteration() {
    Map<Integer, String> map = new HashMap<>();
    String[] latin = {"ß", "ss", "æ", "ae", "œ", "oe", "ø", "o", "ł", "l", "đ", "d", "ð", "d", "þ", "th", "ı", "i", "ħ", "h"};
    for (int i = 0; i < latin.length; i += 2) {
      map.put(latin[i].codePointAt(0), latin[i + 1]);
    }
    String[] greek = {
      "α", "alpha", "β", "beta", "γ", "gamma", "δ", "delta", "ε", "epsilon", "ζ", "zeta", "η", "eta",
      "θ", "theta", "ι", "iota", "κ", "kappa", "λ", "lambda", "μ", "mu", "ν", "nu", "ξ", "xi",
      "ο", "omicron", "π", "pi", "ρ", "rho", "σ", "sigma", "ς", "sigma", "τ", "tau", "υ", "upsilon",
      "φ", "phi", "χ", "chi", "ψ", "psi", "ω", "omega"
    };
    for (int i = 0; i < greek.length; i += 2) {
      map.put(greek[i].codePointAt(0), " " + greek[i + 1] + " ");
    }
    return Map.copyOf(map);
  }

  private static final String EXPECTED =
      "expected an arXiv ID such as 2501.06842 or hep-ph/0307015 (a version suffix, an arXiv: prefix or an"
          + " arxiv.org, huggingface.co/papers or alphaxiv.org URL are accepted), doi:10.xxxx/..., or title:slug";
}
