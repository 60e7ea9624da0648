package org.paperrec.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
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

  /** Found by PaperIdsFuzzTest: 'İ' lower-cases to two chars, so a normal form could exceed the length limit. */
  @Test
  void aDoiLongerThanTheLimitOnceLowerCasedIsRefusedSoEveryNormalFormNormalizesToItself() {
    String fits = "doi:10.1234/" + "\u0130".repeat(144); // 300 characters in lower case
    assertEquals(fits.toLowerCase(java.util.Locale.ROOT), PaperIds.normalize(PaperIds.normalize(fits)));
    String tooLong = "doi:10.1234/" + "\u0130".repeat(150); // 162 characters, 312 in lower case
    var e = assertThrows(IllegalArgumentException.class, () -> PaperIds.normalize(tooLong));
    assertTrue(e.getMessage().contains("312 characters long in lower case"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "DOI:10.18653/v1/P19-1001, doi:10.18653/v1/p19-1001",
    "ARXIV:1906.01234, 1906.01234",
    "CorpusId:215416146, corpusid:215416146",
    "corpusid:215416146, corpusid:215416146",
    "CORPUSID:0215416146, corpusid:215416146",
    "PMID:19872477, pmid:19872477",
    "pmid:19872477, pmid:19872477",
    "PMCID:PMC2323569, pmcid:pmc2323569",
    "PMCID:2323569, pmcid:pmc2323569",
    "pmcid:pmc2323569, pmcid:pmc2323569",
    "ACL:P19-1001, acl:p19-1001",
    "acl:W18-5446, acl:w18-5446",
    "ACL:2020.acl-main.1, acl:2020.acl-main.1",
    "ACL:2021.findings-EMNLP.12, acl:2021.findings-emnlp.12",
  })
  void normalizeAcceptsSemanticScholarPrefixesInAnyCase(String spelling, String normal) {
    assertEquals(normal, PaperIds.normalize(spelling));
    assertEquals(normal, PaperIds.normalize(normal), "a normal form is its own normal form");
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource({
    "CorpusId:, Semantic Scholar corpus ID",
    "CorpusId:abc, Semantic Scholar corpus ID",
    "CorpusId:-5, Semantic Scholar corpus ID",
    "CorpusId:0, Semantic Scholar corpus ID",
    "CorpusId:1234567890123, Semantic Scholar corpus ID",
    "PMID:12a4, PubMed ID",
    "PMID:1.5, PubMed ID",
    "PMID:, PubMed ID",
    "PMCID:PMC, PubMed Central ID",
    "PMCID:PMX123, PubMed Central ID",
    "PMCID:PMC12 34, PubMed Central ID",
    "ACL:P19, ACL Anthology ID",
    "ACL:P19-10011, ACL Anthology ID",
    "ACL:2020.acl-main, ACL Anthology ID",
    "ACL:2020.acl main.1, ACL Anthology ID",
    "ACL:../../etc/passwd, ACL Anthology ID",
  })
  void normalizeRejectsABadValueAfterAKnownPrefixNamingTheNamespaceAndTheValue(String junk, String namespace) {
    var e = assertThrows(IllegalArgumentException.class, () -> PaperIds.normalize(junk));
    assertTrue(e.getMessage().contains(namespace), e.getMessage());
    assertTrue(e.getMessage().contains("'" + junk.strip() + "'"), e.getMessage());
  }

  @Test
  void normalizeRejectsAnAclIdLongerThanTheLimit() {
    String id = "ACL:2020." + "a".repeat(PaperIds.MAX_ACL_LENGTH) + ".1";
    var e = assertThrows(IllegalArgumentException.class, () -> PaperIds.normalize(id));
    assertTrue(e.getMessage().contains("at most " + PaperIds.MAX_ACL_LENGTH + " characters"), e.getMessage());
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"19872477", "PubMed:19872477", "MAG:2963403868", "S2:215416146"})
  void aBareNumberOrAnUnknownPrefixIsNotAnId(String junk) {
    var e = assertThrows(IllegalArgumentException.class, () -> PaperIds.normalize(junk));
    assertTrue(e.getMessage().contains("expected an arXiv ID"), e.getMessage());
    assertTrue(e.getMessage().contains("PMID:19872477"), e.getMessage());
  }

  @Test
  void fromExternalIdReadsSemanticScholarsExternalIdsNames() {
    assertEquals(Optional.of("doi:10.18653/v1/p19-1001"), PaperIds.fromExternalId("DOI", "10.18653/v1/P19-1001"));
    assertEquals(Optional.of("1906.01234"), PaperIds.fromExternalId("ArXiv", "1906.01234"));
    assertEquals(Optional.of("corpusid:215416146"), PaperIds.fromExternalId("CorpusId", "215416146"));
    assertEquals(Optional.of("pmid:19872477"), PaperIds.fromExternalId("PubMed", "19872477"));
    assertEquals(Optional.of("pmcid:pmc2323569"), PaperIds.fromExternalId("PubMedCentral", "2323569"));
    assertEquals(Optional.of("acl:p19-1001"), PaperIds.fromExternalId("acl", "P19-1001"));
    assertEquals(Optional.empty(), PaperIds.fromExternalId("DBLP", "conf/acl/X19"));
    assertEquals(Optional.empty(), PaperIds.fromExternalId("MAG", "2963403868"));
  }

  @Test
  void fromExternalIdRejectsABadValueNamingTheEntry() {
    var e = assertThrows(IllegalArgumentException.class, () -> PaperIds.fromExternalId("PubMed", "PMC123"));
    assertTrue(e.getMessage().startsWith("externalIds.PubMed: "), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PaperIds.fromExternalId("DOI", " "));
    assertTrue(e.getMessage().contains("externalIds.DOI is empty"), e.getMessage());
  }

  @Test
  void namespaceNamesTheKindOfANormalisedId() {
    assertEquals(PaperIds.Namespace.ARXIV, PaperIds.namespace("hep-ph/0307015"));
    assertEquals(PaperIds.Namespace.DOI, PaperIds.namespace("doi:10.1145/abc"));
    assertEquals(PaperIds.Namespace.CORPUS_ID, PaperIds.namespace("corpusid:1"));
    assertEquals(PaperIds.Namespace.PMID, PaperIds.namespace("pmid:1"));
    assertEquals(PaperIds.Namespace.PMCID, PaperIds.namespace("pmcid:pmc1"));
    assertEquals(PaperIds.Namespace.ACL, PaperIds.namespace("acl:p19-1001"));
    assertEquals(PaperIds.Namespace.TITLE, PaperIds.namespace("title:x"));
    assertThrows(IllegalArgumentException.class, () -> PaperIds.namespace("PMID:1"));
  }

  @Test
  void preferredKeyIsArxivThenDoiThenTheOthersFirstGivenWithinANamespace() {
    assertEquals("2501.06842", PaperIds.preferredKey(List.of("pmid:1", "doi:10.1145/abc", "2501.06842")));
    assertEquals("doi:10.1145/abc", PaperIds.preferredKey(List.of("corpusid:5", "acl:p19-1001", "doi:10.1145/abc", "pmid:1")));
    assertEquals("pmid:1", PaperIds.preferredKey(List.of("corpusid:5", "pmcid:pmc3", "pmid:1")));
    assertEquals("acl:p19-1001", PaperIds.preferredKey(List.of("corpusid:5", "acl:p19-1001")));
    assertEquals("doi:10.1000/b", PaperIds.preferredKey(List.of("doi:10.1000/b", "doi:10.1000/a")));
    assertThrows(IllegalArgumentException.class, () -> PaperIds.preferredKey(List.of()));
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

  @Test
  void urlOfTheOtherNamespacesIsTheirOwnSite() {
    assertEquals("https://pubmed.ncbi.nlm.nih.gov/19872477/", PaperIds.url("pmid:19872477"));
    assertEquals("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC2323569/", PaperIds.url("pmcid:pmc2323569"));
    assertEquals("https://aclanthology.org/P19-1001", PaperIds.url("acl:p19-1001"));
    assertEquals("https://aclanthology.org/2020.acl-main.1", PaperIds.url("acl:2020.acl-main.1"));
    assertEquals("https://api.semanticscholar.org/CorpusID:215416146", PaperIds.url("corpusid:215416146"));
    assertNull(PaperIds.url("not an id"));
  }
}
