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
}
