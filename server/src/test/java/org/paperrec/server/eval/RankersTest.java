package org.paperrec.server.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RankersTest {

  private static EvalPaper paper(String id, String date) {
    return new EvalPaper(id, List.of("A B"), LocalDate.parse(date), "cs.CL", Set.of("cs.CL"), new float[] {1, 0});
  }

  private static final List<EvalPaper> PAPERS =
      IntStream.range(0, 100).mapToObj(i -> paper(String.format("2602.%05d", i), "2026-02-" + String.format("%02d", 1 + i % 28))).toList();

  private static final AuthorUsers.User USER =
      new AuthorUsers.User("A B", List.of("2602.00000", "2602.00001"), Set.of("2602.00050", "2602.00051"));

  @Test
  void mostRecentRanksNewestFirstThenLargerIds() {
    List<String> ranked = Rankers.mostRecentForUsers(PAPERS).rank(USER, 4);
    // Day 28 holds i = 27, 55, 83; day 27 holds 26, 54, 82.
    assertEquals(List.of("2602.00083", "2602.00055", "2602.00027", "2602.00082"), ranked);
  }

  @Test
  void randomBaselineIsReproducibleDistinctAndSkipsTheLikes() {
    List<String> a = Rankers.randomForUsers(PAPERS, 42).rank(USER, 50);
    List<String> b = Rankers.randomForUsers(PAPERS, 42).rank(USER, 50);
    List<String> c = Rankers.randomForUsers(PAPERS, 43).rank(USER, 50);

    assertEquals(a, b);
    assertNotEquals(a, c);
    assertEquals(50, new HashSet<>(a).size());
    assertFalse(a.contains("2602.00000") || a.contains("2602.00001"));
  }

  @Test
  void randomBaselineReturnsEveryoneWhenAskedForMoreThanThereAre() {
    EvalPaper query = PAPERS.get(0);
    List<String> all = Rankers.randomForQueries(PAPERS.subList(0, 5), 1).similar(query, 10);

    assertEquals(4, all.size());
    assertFalse(all.contains(query.id()));
  }
}
