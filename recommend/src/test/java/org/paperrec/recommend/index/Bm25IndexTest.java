package org.paperrec.recommend.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Bm25IndexTest {

  private Bm25Index index;

  @BeforeEach
  void documents() {
    index = new Bm25Index(Tokenizer.ENGLISH);
    index.put("spiking", "Spiking neural networks\nspiking neurons save energy on neuromorphic chips");
    index.put("graph", "Graph neural networks\nmessage passing over molecules and their nodes");
    index.put("diffusion", "Image diffusion\ndiffusion models generate images from noise");
    index.put("zebrafish", "Zebrafish larvae\nneural recordings of zebrafish larvae");
  }

  private List<String> ids(Bm25Index.Scores scores) {
    return scores.top().stream().map(ExactVectorIndex.Hit::id).toList();
  }

  private Bm25Index.Scores search(String text) {
    return index.search(index.query(text), 10, id -> true, List.of());
  }

  @Test
  void anExactTermMatchRanksFirst() {
    assertEquals(List.of("zebrafish"), ids(search("zebrafish")));
    assertEquals("graph", ids(search("molecules networks")).get(0));
  }

  @Test
  void documentsWithoutAQueryTermAreNotReturned() {
    assertEquals(Set.of("spiking", "graph", "zebrafish"), Set.copyOf(ids(search("neural"))));
  }

  @Test
  void scoresFollowTheBm25Formula() {
    // Terms after stop words: spiking 9, graph 7, diffusion 7, zebrafish 6 ("zebrafish larvae
    // neural recording zebrafish larvae"). "zebrafish" occurs twice there; N = 4, df = 1.
    double avgLength = (9 + 7 + 7 + 6) / 4.0;
    double idf = Math.log(1 + (4 - 1 + 0.5) / (1 + 0.5));
    double tf = 2;
    double expected = idf * tf * (1.2 + 1) / (tf + 1.2 * (1 - 0.75 + 0.75 * 6 / avgLength));
    assertEquals(expected, search("zebrafish").max(), 1e-5);
  }

  @Test
  void putReplacesTheTextOfAnId() {
    index.put("zebrafish", "Axolotl regeneration\nlimbs regrow");
    assertEquals(List.of(), ids(search("zebrafish")));
    assertEquals(List.of("zebrafish"), ids(search("axolotl")));
    assertEquals(4, index.size());
  }

  @Test
  void removeUnlinksADocumentFromEveryTerm() {
    assertTrue(index.remove("spiking"));
    assertFalse(index.contains("spiking"));
    assertEquals(List.of(), ids(search("neuromorphic chips")));
    assertFalse(ids(search("neural networks")).contains("spiking"));
    assertFalse(index.remove("spiking"));
    // The freed slot is reused and scores like a new document.
    index.put("spiking2", "Spiking transformers\nspiking attention");
    assertEquals(List.of("spiking2"), ids(search("spiking")));
  }

  @Test
  void vanishedTermsLeaveTheVocabulary() {
    int before = index.vocabularySize();
    index.remove("zebrafish");
    assertEquals(before - 3, index.vocabularySize()); // zebrafish, larvae, recording
  }

  @Test
  void acceptFiltersTopButRequestedScoresAreAlwaysReported() {
    Bm25Index.Scores scores =
        index.search(index.query("neural"), 10, id -> !id.equals("graph"), List.of("graph", "diffusion", "unknown"));
    assertFalse(ids(scores).contains("graph"));
    assertTrue(scores.scoresOf().get("graph") > 0);
    assertEquals(0f, scores.scoresOf().get("diffusion"));
    assertFalse(scores.scoresOf().containsKey("unknown"));
  }

  @Test
  void queryKeepsTheStrongestTermsByTfIdf() {
    Bm25Index.Query query = index.query(List.of("neural neural zebrafish", "neural diffusion"), new double[] {1, 1}, 2);
    // "neural" has the largest summed tf but occurs in 3 of 4 documents; the rare terms win
    // (equal weights: by term).
    assertEquals(List.of("diffusion", "zebrafish"), query.terms());
  }

  @Test
  void queryLeavesOutTermsNoDocumentHolds() {
    assertEquals(List.of("zebrafish"), index.query("unheard zebrafish").terms());
  }

  @Test
  void queryWeightsDecideBetweenTexts() {
    Bm25Index.Query query = index.query(List.of("zebrafish", "diffusion"), new double[] {0.1, 1}, 1);
    assertEquals(List.of("diffusion"), query.terms());
  }

  @Test
  void anEmptyIndexAnswersNothing() {
    Bm25Index empty = new Bm25Index(Tokenizer.ENGLISH);
    assertEquals(List.of(), empty.search(empty.query("anything"), 5, id -> true, List.of()).top());
    assertEquals(0f, empty.search(Bm25Index.Query.EMPTY, 5, id -> true, List.of()).max());
  }

  @Test
  void invalidArgumentsAreNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> index.search(Bm25Index.Query.EMPTY, -1, id -> true, List.of()));
    assertTrue(e.getMessage().contains("k=-1"), e.getMessage());
  }
}
