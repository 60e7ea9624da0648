package org.paperrec.server.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorUsersTest {

  private static final LocalDate SPLIT = LocalDate.of(2026, 1, 1);
  private static int next;

  private static EvalPaper paper(String date, String... authors) {
    return new EvalPaper(String.format("2501.%05d", ++next), List.of(authors), LocalDate.parse(date), "cs.CL", Set.of("cs.CL"),
        new float[] {1, 0});
  }

  private static List<EvalPaper> history(String author, int before, int after) {
    List<EvalPaper> papers = new ArrayList<>();
    for (int i = 0; i < before; i++) {
      papers.add(paper("2025-06-0" + (1 + i % 9), author));
    }
    for (int i = 0; i < after; i++) {
      papers.add(paper("2026-02-0" + (1 + i % 9), author));
    }
    return papers;
  }

  @Test
  void likesAreThePapersBeforeTheSplitAndTargetsTheOnesOnOrAfterIt() {
    List<EvalPaper> papers = history("Ada Lovelace", 3, 1);
    papers.add(paper("2026-01-01", "Ada Lovelace")); // on the split day: a target
    AuthorUsers.Selection s =
        AuthorUsers.select(EvalCorpus.of(papers, Set.of()), SPLIT, AuthorUsers.Rules.DEFAULT, 10, 1);

    assertEquals(1, s.eligible());
    AuthorUsers.User user = s.sample().get(0);
    assertEquals(3, user.likes().size());
    assertEquals(2, user.targets().size());
    assertTrue(user.targets().contains(papers.get(4).id()));
  }

  @Test
  void authorsWithTooFewPapersOnEitherSideAreLeftOut() {
    List<EvalPaper> papers = new ArrayList<>(history("Few Before", 2, 5));
    papers.addAll(history("Few After", 5, 1));
    papers.addAll(history("Just Enough", 3, 2));

    AuthorUsers.Selection s = AuthorUsers.select(EvalCorpus.of(papers, Set.of()), SPLIT, AuthorUsers.Rules.DEFAULT, 10, 1);

    assertEquals(List.of("Just Enough"), s.sample().stream().map(AuthorUsers.User::author).toList());
  }

  @Test
  void singleTokenNamesAndNamesWithVeryManyPapersAreLeftOut() {
    List<EvalPaper> papers = new ArrayList<>(history("Wang", 5, 5));
    papers.addAll(history("Yang Liu", 20, 11)); // 31 papers > 30: likely several people
    papers.addAll(history("Grace Hopper", 20, 10)); // 30: kept

    AuthorUsers.Selection s = AuthorUsers.select(EvalCorpus.of(papers, Set.of()), SPLIT, AuthorUsers.Rules.DEFAULT, 10, 1);

    assertEquals(List.of("Grace Hopper"), s.sample().stream().map(AuthorUsers.User::author).toList());
  }

  @Test
  void distinctiveNamesHaveTwoTokensWithLetters() {
    assertTrue(AuthorUsers.distinctiveName("C. V. Jawahar"));
    assertTrue(AuthorUsers.distinctiveName("Ada Lovelace"));
    assertFalse(AuthorUsers.distinctiveName("NVIDIA"));
    assertFalse(AuthorUsers.distinctiveName(": 42"));
  }

  @Test
  void theSampleDependsOnTheSeedOnly() {
    List<EvalPaper> papers = new ArrayList<>();
    for (int a = 0; a < 20; a++) {
      papers.addAll(history("Author Number" + a, 3, 2));
    }
    EvalCorpus corpus = EvalCorpus.of(papers, Set.of());
    List<EvalPaper> reversed = new ArrayList<>(papers);
    java.util.Collections.reverse(reversed);

    AuthorUsers.Selection a = AuthorUsers.select(corpus, SPLIT, AuthorUsers.Rules.DEFAULT, 5, 7);
    AuthorUsers.Selection b = AuthorUsers.select(EvalCorpus.of(reversed, Set.of()), SPLIT, AuthorUsers.Rules.DEFAULT, 5, 7);

    assertEquals(20, a.eligible());
    assertEquals(5, a.sample().size());
    assertEquals(a.sample(), b.sample());
  }
}
