package org.paperrec.recommend.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PaperAnalyzerTest {

  private final PaperAnalyzer tokenizer = new PaperAnalyzer();

  @Test
  void splitsOnNonLettersOrDigitsAndLowerCases() {
    assertEquals(List.of("gpt", "4o", "mean", "clustering"), tokenizer.terms("GPT-4o: k-means++ Clustering"));
  }

  @Test
  void dropsStopWordsAndSingleCharacters() {
    assertEquals(List.of("attention", "need"), tokenizer.terms("Attention is all we need, a b c"));
  }

  @Test
  void stemsPluralsLightly() {
    assertEquals(
        List.of("network", "spike", "study", "process", "gas", "class", "focus", "analysis", "idea"),
        tokenizer.terms("networks spikes studies processes gas class focus analysis ideas"));
  }

  @Test
  void blankTextHasNoTerms() {
    assertEquals(List.of(), tokenizer.terms("  -- ;; "));
  }
}
