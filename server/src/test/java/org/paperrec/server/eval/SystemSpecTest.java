package org.paperrec.server.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.paperrec.recommend.RankingOptions;
import org.paperrec.recommend.Strategy;

class SystemSpecTest {

  @Test
  void strategyWithOptionsParsesEveryOption() {
    SystemSpec s = SystemSpec.parse("  Best_Score  w=0.2 d=0.3 r=0.1 h=90 decay=180 ");

    assertEquals("best_score w=0.2 d=0.3 r=0.1 h=90 decay=180", s.name());
    assertEquals(Strategy.BEST_SCORE, s.strategy());
    assertEquals(new RankingOptions(0.2, 0.3, 0.1, 90), s.ranking());
    assertEquals(180, s.likeHalfLifeDays());
  }

  @Test
  void bm25IsTheDefaultStrategyWithLexicalWeightOne() {
    SystemSpec s = SystemSpec.parse("bm25");

    assertEquals(Strategy.DEFAULT, s.strategy());
    assertEquals(1.0, s.ranking().lexicalWeight());
  }

  @Test
  void baselinesAreMarked() {
    assertTrue(SystemSpec.parse("random").isBaseline());
    assertTrue(SystemSpec.parse("most-recent").isBaseline());
  }

  @Test
  void badSpecsNameTheWrongPart() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SystemSpec.parse("centroid x=1"));
    assertTrue(e.getMessage().contains("unknown option 'x'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SystemSpec.parse("centroid w=1.5"));
    assertTrue(e.getMessage().contains("lexicalWeight"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SystemSpec.parse("centroidx"));
    assertTrue(e.getMessage().contains("unknown strategy"), e.getMessage());
  }
}
