package org.paperrec.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzes the paper-ID parser with mutations of every accepted spelling (issue 10, point 5): {@link
 * PaperIds#normalize} either returns a normal form or throws {@link IllegalArgumentException},
 * within a time bound, and a normal form is a fixed point that has a namespace and (but for a title
 * slug) a URL. The tries come from {@code jqwik.tries.default} (junit-platform.properties; raised
 * for the long run in docs/RELIABILITY.md).
 */
class PaperIdsFuzzTest {

  /** Each input's bound: a regular-expression blow-up or a loop shows as a failure, not a hung build. */
  private static final Duration BOUND = Duration.ofSeconds(5);

  private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "paper-ids-fuzz");
    t.setDaemon(true);
    return t;
  });

  @AfterContainer
  static void stopWorker() {
    WORKER.shutdownNow();
  }

  private static final List<String> SPELLINGS = List.of(
      "2501.06842", "2501.06842v2", "arXiv:2501.06842", "ARXIV:2501.06842V3", "0704.0001",
      "https://arxiv.org/abs/2501.06842v2", "http://www.arxiv.org/pdf/2501.06842v1.pdf",
      "https://arxiv.org/html/2501.06842v1", "arxiv.org/abs/2501.06842?context=cs.LG",
      "https://huggingface.co/papers/2501.06842#community", "https://alphaxiv.org/overview/2501.06842v3",
      "hep-ph/0307015", "hep-ph/0307015v2", "arXiv:hep-ph/0307015", "math.GT/0309136", "math.gt/0309136v1",
      "https://arxiv.org/abs/hep-ph/0307015v2", "doi:10.1145/3292500.3330701", "DOI:10.1145/ABC",
      "https://doi.org/10.1145/3292500.3330701", "http://dx.doi.org/10.1000/XYZ-1", "doi: 10.18653/v1/P19-1001",
      "CorpusId:215416146", "corpusid:000215416146", "PMID:19872477", "pmid: 19872477", "PMCID:PMC2323569",
      "PMCID:2323569", "ACL:P19-1001", "acl:2020.acl-main.1", "title:kernel-density-estimators",
      "title:a", "  2501.06842  ");

  /** Pieces that break parsers: odd Unicode (case mappings that change length, invisible and bidi characters, lone surrogates), numbers, separators. */
  private static final List<String> PIECES = List.of(
      "İ", "ẞ", "ß", "K", "ﬁ", "Σ", "ς", "\u0130\u0130\u0130", "\u200B", "\u202E", "\uFEFF", "\u00A0", "\u2028",
      "\u0000", "\t", "\n", "\r\n", "\uD800", "\uDFFF", "\uD83D\uDE00", "́", "１２３", "٣٤٥", "/", "//", ".", "..",
      ":", "::", "v", "v99999999999999999999", "99999999999999999999999999", "0000000000000", "-", "--",
      "?", "#", "%2F", "%00", "doi:", "arXiv:", "https://", "10.", "pmc", "PMC", " ", "\\", "'", "\"", "<", "&");

  @Property
  void normalizeReturnsAFixedPointOrThrowsIllegalArgument(@ForAll("ids") String raw) throws Exception {
    Optional<String> normal = bounded(() -> {
      try {
        return Optional.of(PaperIds.normalize(raw));
      } catch (IllegalArgumentException expected) {
        return Optional.empty();
      }
    });
    if (normal.isEmpty()) {
      return;
    }
    String id = normal.get();
    assertEquals(id, PaperIds.normalize(id), "the normal form of " + escape(raw) + " is not its own normal form");
    PaperIds.Namespace namespace = PaperIds.namespace(id);
    assertTrue(namespace == PaperIds.Namespace.TITLE || PaperIds.url(id) != null, "no URL for " + escape(id));
  }

  @Property
  void fromTitleGivesANormalSlugOrThrowsIllegalArgument(@ForAll("titles") String title) throws Exception {
    Optional<String> slug = bounded(() -> {
      try {
        return Optional.of(PaperIds.fromTitle(title));
      } catch (IllegalArgumentException expected) {
        return Optional.empty();
      }
    });
    slug.ifPresent(id -> {
      assertEquals(id, PaperIds.normalize(id), "slug of " + escape(title));
      assertTrue(id.length() <= "title:".length() + PaperIds.MAX_SLUG_LENGTH, id);
    });
  }

  @Property
  void fromExternalIdGivesANormalFormOrThrowsIllegalArgument(
      @ForAll("externalNames") String name, @ForAll("ids") String value) throws Exception {
    Optional<String> id = bounded(() -> {
      try {
        return PaperIds.fromExternalId(name, value);
      } catch (IllegalArgumentException expected) {
        return Optional.empty();
      }
    });
    id.ifPresent(normal -> assertEquals(normal, PaperIds.normalize(normal), "externalIds." + name + " " + escape(value)));
  }

  @Provide
  Arbitrary<String> ids() {
    // A valid spelling followed by a run of one piece brings inputs to the length limits.
    Arbitrary<String> nearTheLimit = Combinators.combine(
            Arbitraries.of(SPELLINGS), Arbitraries.of(PIECES), Arbitraries.integers().between(1, 320))
        .as((s, piece, n) -> s + piece.repeat(n));
    Arbitrary<String> seed = Arbitraries.oneOf(
        Arbitraries.of(SPELLINGS),
        nearTheLimit,
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40));
    return mutated(seed, 6);
  }

  @Provide
  Arbitrary<String> titles() {
    Arbitrary<String> seed = Arbitraries.oneOf(
        Arbitraries.of("Attention Is All You Need", "Γ-convergence of Erdős graphs", "ΣΛ: $\\mathcal{O}(n)$ łódź ß",
            "", "   ", "---", "日本語のタイトル", "\uD83D\uDE00\uD83D\uDE00"),
        Arbitraries.strings().ofMaxLength(200));
    return mutated(seed, 4);
  }

  @Provide
  Arbitrary<String> externalNames() {
    return mutated(Arbitraries.of("DOI", "ArXiv", "CorpusId", "PubMed", "PubMedCentral", "ACL", "DBLP", "MAG", ""), 1);
  }

  /** {@code seeds} with up to {@code maxEdits} edits: inserts of {@link #PIECES} or random text, cuts, repeats. */
  private static Arbitrary<String> mutated(Arbitrary<String> seeds, int maxEdits) {
    Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of(PIECES), Arbitraries.strings().ofMinLength(1).ofMaxLength(4));
    Arbitrary<Edit> edit = Combinators.combine(
            Arbitraries.integers().between(0, 4), Arbitraries.integers().greaterOrEqual(0),
            Arbitraries.integers().between(1, 400), piece)
        .as(Edit::new);
    return Combinators.combine(seeds, edit.list().ofMaxSize(maxEdits)).as((s, edits) -> {
      String out = s;
      for (Edit e : edits) {
        out = e.apply(out);
      }
      return out;
    });
  }

  private record Edit(int kind, int at, int length, String piece) {
    String apply(String s) {
      int i = at % (s.length() + 1);
      int end = Math.min(s.length(), i + Math.min(length, 20));
      return switch (kind) {
        case 0 -> s.substring(0, i) + piece + s.substring(i); // insert
        case 1 -> s.substring(0, i) + s.substring(end); // delete
        case 2 -> s.substring(0, i); // truncate
        case 3 -> s.substring(0, i) + piece.repeat(length) + s.substring(i); // repeat to a length near the limits
        default -> s.substring(0, end) + s.substring(i, end) + s.substring(end); // duplicate a span
      };
    }
  }

  private static <T> T bounded(Callable<T> call) throws Exception {
    Future<T> result = WORKER.submit(call);
    try {
      return result.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      throw new AssertionError("no answer within " + BOUND, e);
    } catch (ExecutionException e) {
      throw new AssertionError("crashed with " + e.getCause(), e.getCause());
    }
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints().limit(120).forEach(c -> out.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u%04X", c)));
    return out.append(s.length() > 120 ? "...\"" : "\"").toString();
  }
}
