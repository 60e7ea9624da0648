package org.paperrec.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperTest {

  @Test
  void ofCountsTheNamedAuthors() {
    Paper p = Paper.of("2501.06842", "T", "A", List.of("X", "Y"), null, null, null);
    assertEquals(2, p.authorCount());
    assertEquals(List.of(), p.categories());
    assertNull(p.primaryCategory());
  }

  @Test
  void nullListsBecomeEmptyAndListsAreCopied() {
    List<String> authors = new ArrayList<>(List.of("X"));
    Paper p = new Paper("2501.06842", "T", "A", authors, 1, null, null, null);
    authors.add("Y");
    assertEquals(List.of("X"), p.authors());
    assertEquals(List.of(), p.categories());
  }

  @Test
  void blankTitleIsRejectedNamingThePaper() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Paper.of("2501.06842", " ", "A", List.of(), null, null, null));
    assertTrue(e.getMessage().contains("2501.06842"), e.getMessage());
  }

  @Test
  void missingAbstractIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> Paper.of("2501.06842", "T", null, List.of(), null, null, null));
  }

  @Test
  void nullIdIsRejected() {
    assertThrows(NullPointerException.class, () -> Paper.of(null, "T", "A", List.of(), null, null, null));
  }

  @Test
  void authorCountBelowTheNamedAuthorsIsRejectedNamingBoth() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Paper("2501.06842", "T", "A", List.of("X", "Y"), 1, null, null, null));
    assertTrue(e.getMessage().contains("authorCount=1"), e.getMessage());
  }

  @Test
  void authorCountMayExceedTheNamedAuthors() {
    assertEquals(12, new Paper("2501.06842", "T", "A", List.of("X"), 12, null, null, null).authorCount());
  }

  @Test
  void nullAuthorIsRejectedNamingItsIndex() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Paper.of("2501.06842", "T", "A", Arrays.asList("X", null), null, null, null));
    assertTrue(e.getMessage().contains("index 1"), e.getMessage());
  }

  @Test
  void negativeUpvotesAreRejected() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Paper.of("2501.06842", "T", "A", List.of(), null, null, -1));
    assertTrue(e.getMessage().contains("upvotes=-1"), e.getMessage());
  }

  @Test
  void primaryCategoryIsTheFirstAndUrlIsTheAbstractPage() {
    Paper p = Paper.of("2501.06842", "T", "A", List.of(), LocalDate.of(2025, 1, 12), List.of("cs.LG", "cs.CL"), 3);
    assertEquals("cs.LG", p.primaryCategory());
    assertEquals("https://arxiv.org/abs/2501.06842", p.url());
  }

  @Test
  void sameTextComparesTitleAndAbstractOnly() {
    Paper a = Paper.of("2501.06842", "T", "A", List.of("X"), null, null, 1);
    assertTrue(a.sameText(Paper.of("2501.06842", "T", "A", List.of(), null, null, 9)));
    assertFalse(a.sameText(Paper.of("2501.06842", "T", "B", List.of("X"), null, null, 1)));
  }

  // --- other IDs

  private static Paper withAliases(String id, List<String> aliases) {
    return new Paper(id, "T", "A", List.of(), 0, null, null, null, aliases);
  }

  @Test
  void aliasesAreSortedEachOnceWithoutTheKey() {
    Paper p = withAliases("2501.06842", List.of("pmid:7", "doi:10.1000/x", "2501.06842", "pmid:7"));
    assertEquals(List.of("doi:10.1000/x", "pmid:7"), p.aliases());
    assertEquals(List.of("2501.06842", "doi:10.1000/x", "pmid:7"), p.ids());
  }

  @Test
  void nullAliasesAreEmptyAndTheEightArgumentConstructorHasNone() {
    assertEquals(List.of(), withAliases("2501.06842", null).aliases());
    assertEquals(List.of(), new Paper("2501.06842", "T", "A", List.of(), 0, null, null, null).aliases());
    assertEquals(List.of("2501.06842"), withAliases("2501.06842", null).ids());
  }

  @Test
  void papersWithTheSameAliasesInAnotherOrderAreEqual() {
    assertEquals(withAliases("2501.06842", List.of("pmid:7", "doi:10.1000/x")),
        withAliases("2501.06842", List.of("doi:10.1000/x", "pmid:7")));
  }

  @Test
  void anAliasNotInNormalFormIsRejectedNamingItAndItsNormalForm() {
    var e = assertThrows(IllegalArgumentException.class, () -> withAliases("2501.06842", List.of("PMID:7")));
    assertEquals("paper 2501.06842: aliases must be in normal form; alias=PMID:7, normal form pmid:7", e.getMessage());
  }

  @Test
  void anAliasThatIsNoIdIsRejectedNamingThePaperAndTheValue() {
    var e = assertThrows(IllegalArgumentException.class, () -> withAliases("2501.06842", List.of("hello")));
    assertTrue(e.getMessage().startsWith("paper 2501.06842: alias 'hello' is not a paper ID"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> withAliases("2501.06842", Arrays.asList("pmid:1", null)));
    assertTrue(e.getMessage().contains("null at index 1"), e.getMessage());
  }

  @Test
  void moreAliasesThanTheLimitAreRejected() {
    List<String> many = new ArrayList<>();
    for (int i = 1; i <= Paper.MAX_ALIASES + 1; i++) {
      many.add("pmid:" + i);
    }
    var e = assertThrows(IllegalArgumentException.class, () -> withAliases("2501.06842", many));
    assertTrue(e.getMessage().contains((Paper.MAX_ALIASES + 1) + " other IDs"), e.getMessage());
    assertEquals(Paper.MAX_ALIASES, withAliases("2501.06842", many.subList(0, Paper.MAX_ALIASES)).aliases().size());
  }

  @Test
  void withIdsRekeysAndKeepsEverythingElse() {
    Paper p = Paper.of("doi:10.1000/x", "T", "A", List.of("X"), LocalDate.of(2025, 1, 2), List.of("q-bio.GN"), null);
    Paper moved = p.withIds("2501.06842", List.of("doi:10.1000/x", "2501.06842"));
    assertEquals("2501.06842", moved.id());
    assertEquals(List.of("doi:10.1000/x"), moved.aliases());
    assertEquals(p.withIds("2501.06842", null).withIds("doi:10.1000/x", null), p);
  }

  @Test
  void urlOfAPaperKeyedByPubMedIdIsItsPubMedPage() {
    assertEquals("https://pubmed.ncbi.nlm.nih.gov/7/", withAliases("pmid:7", null).url());
  }
}
