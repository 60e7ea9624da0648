package org.paperrec.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PaperIdsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2501.06842, 2501.06842",
    "2501.06842v2, 2501.06842",
    "2501.06842V2, 2501.06842",
    "arXiv:2501.06842, 2501.06842",
    "ARXIV:2501.06842v3, 2501.06842",
    "' 2501.06842 ', 2501.06842",
    "https://arxiv.org/abs/2501.06842v2, 2501.06842",
    "http://www.arxiv.org/pdf/2501.06842v1.pdf, 2501.06842",
    "https://arxiv.org/pdf/2501.06842, 2501.06842",
    "https://arxiv.org/html/2501.06842v1, 2501.06842",
    "arxiv.org/abs/2501.06842, 2501.06842",
    "https://arxiv.org/abs/2501.06842?context=cs.LG, 2501.06842",
    "https://huggingface.co/papers/2501.06842, 2501.06842",
    "https://huggingface.co/papers/2501.06842#community, 2501.06842",
    "https://www.alphaxiv.org/abs/2501.06842, 2501.06842",
    "https://alphaxiv.org/overview/2501.06842v3, 2501.06842",
    "0704.0001, 0704.0001",
    "hep-ph/0307015, hep-ph/0307015",
    "hep-ph/0307015v2, hep-ph/0307015",
    "arXiv:hep-ph/0307015, hep-ph/0307015",
    "https://arxiv.org/abs/hep-ph/0307015v2, hep-ph/0307015",
    "math.GT/0309136, math.GT/0309136",
    "math.gt/0309136, math.GT/0309136",
    "doi:10.1145/ABC, doi:10.1145/abc",
    "DOI:10.1145/3292500.3330701, doi:10.1145/3292500.3330701",
    "https://doi.org/10.1145/3292500.3330701, doi:10.1145/3292500.3330701",
    "http://dx.doi.org/10.1000/XYZ-1, doi:10.1000/xyz-1",
    "title:kernel-density-estimators, title:kernel-density-estimators",
  })
  void normalizeAcceptsEverySpelling(String spelling, String normal) {
    assertEquals(normal, PaperIds.normalize(spelling));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {
    "", "   ", "hello", "2501.068", "2501.068421", "../../etc/passwd", "2501.06842v", "HEP-PH/0307015",
    "title:Kernel Density", "10.1145/abc", "https://evil.example/arxiv.org/abs/2501.06842",
    "https://arxiv.org.evil.example/abs/2501.06842", "doi:10.1145/a\u0000b", "doi:10.1145/a\u200Bb"
  })
  void normalizeRejectsJunkSayingWhatWasExpected(String junk) {
    var e = assertThrows(IllegalArgumentException.class, () -> PaperIds.normalize(junk));
    assertTrue(e.getMessage().contains("expected an arXiv ID such as 2501.06842"), e.getMessage());
    assertFalse(PaperIds.isValid(junk));
  }

  @Test
  void normalizeRejectsNullSayingWhatWasExpected() {
    var e = assertThrows(IllegalArgumentException.class, () -> PaperIds.normalize(null));
    assertTrue(e.getMessage().contains("expected an arXiv ID"), e.getMessage());
  }

  @Test
  void normalizeRejectsAVeryLongStringNamingItsLength() {
    var e = assertThrows(IllegalArgumentException.class, () -> PaperIds.normalize("2".repeat(1000)));
    assertTrue(e.getMessage().contains("1000 characters"), e.getMessage());
    assertTrue(e.getMessage().contains("expected an arXiv ID"), e.getMessage());
  }

  @Test
  void fromTitleFoldsAccentsSpellsOutGreekAndDropsTexMarkup() {
    assertEquals(
        "title:on-a-problem-of-erdos-about-gamma-convergence-in-mathcal-o-n-log-n-time",
        PaperIds.fromTitle("On a problem of Erdős about Γ-convergence in $\\mathcal{O}(n \\log n)$ time"));
  }

  @Test
  void fromTitleSpellsOutLatinLettersWithoutDecomposition() {
    assertEquals("title:strasse-in-lodz-and-aero", PaperIds.fromTitle("Straße in Łódź and Ærø"));
    assertEquals("title:beta-vae", PaperIds.fromTitle("β-VAE"));
  }

  @Test
  void fromTitleIsCutAtTheMaximumLengthWithoutATrailingDash() {
    String id = PaperIds.fromTitle("word ".repeat(40));
    assertTrue(id.length() - "title:".length() <= PaperIds.MAX_SLUG_LENGTH, id);
    assertFalse(id.endsWith("-"), id);
  }

  @Test
  void fromTitleGivesAnIdThatNormalizesToItself() {
    String id = PaperIds.fromTitle("Attention Is All You Need");
    assertEquals("title:attention-is-all-you-need", id);
    assertEquals(id, PaperIds.normalize(id));
  }

  @Test
  void fromTitleRejectsATitleWithoutLettersOrDigits() {
    var e = assertThrows(IllegalArgumentException.class, () -> PaperIds.fromTitle("$$ — ∑ $$"));
    assertTrue(e.getMessage().contains("no letter or digit"), e.getMessage());
  }

  @Test
  void isArxivIsTrueForArxivIdsOnly() {
    assertTrue(PaperIds.isArxiv("2501.06842"));
    assertTrue(PaperIds.isArxiv("hep-ph/0307015"));
    assertFalse(PaperIds.isArxiv("doi:10.1145/abc"));
    assertFalse(PaperIds.isArxiv("title:attention"));
  }

  @Test
  void urlPointsToTheArxivAbstractOrDoiPage() {
    assertEquals("https://arxiv.org/abs/2501.06842", PaperIds.url("2501.06842"));
    assertEquals("https://arxiv.org/abs/math.GT/0309136", PaperIds.url("math.GT/0309136"));
    assertEquals("https://doi.org/10.1145/abc", PaperIds.url("doi:10.1145/abc"));
    assertNull(PaperIds.url("title:attention"));
  }
}
