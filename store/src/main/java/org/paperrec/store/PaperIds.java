package org.paperrec.store;

import java.text.Normalizer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Paper IDs: the one normal form each ID is stored under, and the many spellings people and pages
 * use for it. A paper has one ID as its key and may have others ({@link Paper#aliases()}); every
 * one of them is in normal form.
 *
 * <p>Normal forms, the only strings {@link #normalize} returns (the normal form is part of the
 * stored-data contract: keys and the {@code aliases} column family hold it, see {@link PaperStore}):
 *
 * <ul>
 *   <li>arXiv, new style: {@code 2501.06842} (four-digit yymm, a dot, four or five digits), without
 *       a version;
 *   <li>arXiv, old style: {@code hep-ph/0307015}, {@code math.GT/0309136}: archive (lower case,
 *       optional upper-case subject class), a slash, seven digits, without a version;
 *   <li>DOI: {@code doi:} followed by the DOI in lower case ({@code doi:10.1145/3292500.3330701});
 *       DOIs are case-insensitive by definition;
 *   <li>Semantic Scholar corpus ID: {@code corpusid:} and the number in decimal without leading
 *       zeros, 1 to {@value #MAX_NUMBER_DIGITS} digits ({@code corpusid:215416146});
 *   <li>PubMed ID: {@code pmid:} and the number, the same way ({@code pmid:19872477});
 *   <li>PubMed Central ID: {@code pmcid:pmc} and the number, the same way ({@code pmcid:pmc2323569});
 *   <li>ACL Anthology ID: {@code acl:} and the ID in lower case, old style (a letter, two digits, a
 *       dash, four digits: {@code acl:p19-1001}) or new style (year, dot, volume, dot, number:
 *       {@code acl:2020.acl-main.1}), at most {@value #MAX_ACL_LENGTH} characters after the prefix;
 *   <li>title slug, for papers with no ID at all: {@code title:} followed by the title folded to
 *       ASCII, lower case, runs of other characters replaced by one {@code -}, at most {@value
 *       #MAX_SLUG_LENGTH} characters ({@code title:kernel-density-estimators-in-large-dimensions}).
 * </ul>
 *
 * <p>Accepted spellings of an arXiv ID: with a version ({@code 2501.06842v2}), with an {@code arXiv:}
 * prefix in any case, and as a URL of arxiv.org ({@code /abs/}, {@code /pdf/} with or without
 * {@code .pdf}, {@code /html/}), huggingface.co/papers or alphaxiv.org/abs, with or without scheme
 * and {@code www.}; the version suffix may be upper case. A DOI may also be given as a {@code
 * https://doi.org/} URL; whitespace, control and format characters (zero-width space, bidi marks)
 * are never part of a DOI, so they are rejected rather than stored invisibly in a key. The other
 * namespaces are spelled as Semantic Scholar's API spells them, with the prefix in any case: {@code
 * CorpusId:215416146}, {@code PMID:19872477}, {@code PMCID:PMC2323569} (the {@code PMC} may be left
 * out: Semantic Scholar's {@code externalIds} give the bare number), {@code ACL:P19-1001}. A bare
 * number or a bare DOI is never an ID: without its namespace it could be any of them.
 * {@link #fromExternalId} reads one entry of Semantic Scholar's {@code externalIds} object.
 *
 * <p>Thread-safe: stateless.
 */
public final class PaperIds {

  /** Longest title slug, in characters after the {@code title:} prefix. */
  public static final int MAX_SLUG_LENGTH = 80;

  /** Longest input {@link #normalize} looks at; longer strings are not IDs. */
  public static final int MAX_INPUT_LENGTH = 300;

  /** Most digits of a corpus ID, PubMed ID or PubMed Central ID (without leading zeros). */
  public static final int MAX_NUMBER_DIGITS = 12;

  /** Longest ACL Anthology ID, in characters after the {@code acl:} prefix. */
  public static final int MAX_ACL_LENGTH = 60;

  /** The kinds of ID, in the order {@link #preferredKey} prefers them. */
  public enum Namespace {
    ARXIV,
    DOI,
    PMID,
    PMCID,
    ACL,
    CORPUS_ID,
    TITLE
  }

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
  /** A namespace prefix of Semantic Scholar's spelling and the value after it. */
  private static final Pattern PREFIXED = Pattern.compile("(?i)(corpusid|pmid|pmcid|acl):\\s*(.*)", Pattern.DOTALL);
  private static final Pattern NUMBER = Pattern.compile("\\d+");
  private static final Pattern PMC_NUMBER = Pattern.compile("(?i:pmc)?(\\d+)");
  // ACL Anthology: P19-1001 (before 2020), 2020.acl-main.1 (since): letters, digits and dashes in the volume.
  private static final Pattern ACL_ID =
      Pattern.compile("[a-z]\\d{2}-\\d{4}|\\d{4}\\.[a-z0-9]+(?:-[a-z0-9]+)*\\.\\d+");
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
      String doi = "doi:" + m.group(1).toLowerCase(Locale.ROOT);
      // Lower case can be longer (U+0130 becomes two chars): a normal form must pass this check too.
      if (doi.length() > MAX_INPUT_LENGTH) {
        throw new IllegalArgumentException(
            "DOI '" + abbreviate(s) + "' is " + doi.length() + " characters long in lower case, more than "
                + MAX_INPUT_LENGTH + "; " + EXPECTED);
      }
      return doi;
    }
    m = PREFIXED.matcher(s);
    if (m.matches()) {
      return namespaced(s, m.group(1).toLowerCase(Locale.ROOT), m.group(2));
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

  /**
   * The normal form of one entry of Semantic Scholar's {@code externalIds} object ({@code "DOI":
   * "10.18653/v1/P19-1001"}, {@code "ArXiv": "1906.01234"}, {@code "CorpusId": 215416146}, {@code
   * "PubMed": "19872477"}, {@code "PubMedCentral": "2323569"}, {@code "ACL": "P19-1001"}); names
   * are matched in any case.
   *
   * @param name the entry's name
   * @param value its value as text (a number's decimal digits)
   * @return empty for a name of a namespace paperrec does not keep ({@code DBLP}, {@code MAG}, ...)
   * @throws IllegalArgumentException when the value is not an ID of that namespace, naming it
   */
  public static Optional<String> fromExternalId(String name, String value) {
    Objects.requireNonNull(name, "name");
    String prefix = EXTERNAL_ID_PREFIXES.get(name.strip().toLowerCase(Locale.ROOT));
    if (prefix == null) {
      return Optional.empty();
    }
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("externalIds." + name + " is empty; give the " + name + " ID or leave the entry out");
    }
    try {
      return Optional.of(normalize(prefix + value.strip()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("externalIds." + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The namespace of a normalised ID.
   *
   * @throws IllegalArgumentException when {@code id} has no namespace's form
   */
  public static Namespace namespace(String id) {
    Namespace namespace = namespaceOrNull(id);
    if (namespace == null) {
      throw new IllegalArgumentException("'" + abbreviate(id) + "' is not a normalised paper ID; " + EXPECTED);
    }
    return namespace;
  }

  private static Namespace namespaceOrNull(String id) {
    if (isArxiv(id)) {
      return Namespace.ARXIV;
    }
    int colon = id.indexOf(':');
    return colon < 0 ? null : PREFIX_NAMESPACES.get(id.substring(0, colon + 1));
  }

  /**
   * The ID a new paper that is known by {@code ids} is stored under: the first of them in the most
   * preferred {@link Namespace} (arXiv, then DOI, PubMed, PubMed Central, ACL Anthology, Semantic
   * Scholar corpus ID, title slug), so that a paper on arXiv is keyed as everywhere else in
   * paperrec, and a paper off it by its most widely used ID.
   *
   * @param ids normalised IDs, at least one
   */
  public static String preferredKey(Collection<String> ids) {
    String best = null;
    for (String id : ids) {
      if (best == null || namespace(id).compareTo(namespace(best)) < 0) {
        best = id;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("ids is empty; a paper needs at least one ID to choose its key from");
    }
    return best;
  }

  /** True for normalised arXiv IDs (new or old style). */
  public static boolean isArxiv(String id) {
    return NEW_STYLE_ONLY.matcher(id).matches() || OLD_STYLE_ONLY.matcher(id).matches();
  }

  /**
   * Where a person reads the paper a normalised ID names: its arXiv abstract page, doi.org page,
   * PubMed or PubMed Central page, ACL Anthology page or Semantic Scholar page; null for a title slug
   * and for a string that is not a normalised ID.
   */
  public static String url(String id) {
    Namespace namespace = namespaceOrNull(id);
    if (namespace == null) {
      return null;
    }
    return switch (namespace) {
      case ARXIV -> "https://arxiv.org/abs/" + id;
      case DOI -> "https://doi.org/" + after(id, "doi:");
      case PMID -> "https://pubmed.ncbi.nlm.nih.gov/" + after(id, "pmid:") + "/";
      case PMCID -> "https://www.ncbi.nlm.nih.gov/pmc/articles/" + after(id, "pmcid:").toUpperCase(Locale.ROOT) + "/";
      // The anthology's old-style IDs are upper case in its URLs (P19-1001), new-style ones lower case.
      case ACL -> "https://aclanthology.org/" + aclUrlId(after(id, "acl:"));
      case CORPUS_ID -> "https://api.semanticscholar.org/CorpusID:" + after(id, "corpusid:");
      case TITLE -> null;
    };
  }

  private static String after(String id, String prefix) {
    return id.substring(prefix.length());
  }

  private static String aclUrlId(String acl) {
    return Character.isLetter(acl.charAt(0)) ? acl.toUpperCase(Locale.ROOT) : acl;
  }

  /**
   * The normal form of {@code value} in namespace {@code prefix} ({@code corpusid}, {@code pmid},
   * {@code pmcid} or {@code acl}).
   *
   * @param raw the whole input, for the message
   */
  private static String namespaced(String raw, String prefix, String value) {
    String v = value.strip();
    switch (prefix) {
      case "corpusid":
        return "corpusid:" + number(raw, v, NUMBER, "a Semantic Scholar corpus ID", "CorpusId:215416146");
      case "pmid":
        return "pmid:" + number(raw, v, NUMBER, "a PubMed ID", "PMID:19872477");
      case "pmcid":
        return "pmcid:pmc" + number(raw, v, PMC_NUMBER, "a PubMed Central ID", "PMCID:PMC2323569");
      case "acl":
        String acl = v.toLowerCase(Locale.ROOT);
        if (acl.length() > MAX_ACL_LENGTH || !ACL_ID.matcher(acl).matches()) {
          throw new IllegalArgumentException("'" + abbreviate(raw) + "' is not an ACL Anthology ID: expected ACL: and"
              + " an ID such as P19-1001 or 2020.acl-main.1, at most " + MAX_ACL_LENGTH + " characters");
        }
        return "acl:" + acl;
      default:
        throw new IllegalStateException("no namespace " + prefix);
    }
  }

  /** The number in {@code value} (group 1 of {@code pattern}, else all of it), without leading zeros. */
  private static String number(String raw, String value, Pattern pattern, String what, String example) {
    Matcher m = pattern.matcher(value);
    String digits = m.matches() ? (m.groupCount() > 0 ? m.group(1) : m.group()).replaceFirst("^0+", "") : "";
    if (digits.isEmpty() || digits.length() > MAX_NUMBER_DIGITS) {
      throw new IllegalArgumentException("'" + abbreviate(raw) + "' is not " + what + ": expected a positive number"
          + " of at most " + MAX_NUMBER_DIGITS + " digits after the prefix, such as " + example);
    }
    return digits;
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

  /** Semantic Scholar's {@code externalIds} names, lower case, and the prefix {@link #normalize} reads. */
  private static final Map<String, String> EXTERNAL_ID_PREFIXES = Map.of(
      "doi", "doi:",
      "arxiv", "arxiv:",
      "corpusid", "corpusid:",
      "pubmed", "pmid:",
      "pubmedcentral", "pmcid:",
      "acl", "acl:");

  /** The prefix of each normal form but arXiv's, and its namespace. */
  private static final Map<String, Namespace> PREFIX_NAMESPACES = Map.of(
      "doi:", Namespace.DOI,
      "corpusid:", Namespace.CORPUS_ID,
      "pmid:", Namespace.PMID,
      "pmcid:", Namespace.PMCID,
      "acl:", Namespace.ACL,
      "title:", Namespace.TITLE);

  private static final String EXPECTED =
      "expected an arXiv ID such as 2501.06842 or hep-ph/0307015 (a version suffix, an arXiv: prefix or an"
          + " arxiv.org, huggingface.co/papers or alphaxiv.org URL are accepted), doi:10.xxxx/..., CorpusId:215416146,"
          + " PMID:19872477, PMCID:PMC2323569, ACL:P19-1001 (prefixes in any case), or title:slug";
}
