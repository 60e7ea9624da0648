package org.paperrec.server.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paperrec.server.corpus.CorpusTestSupport.Result;
import org.paperrec.store.Paper;

/** The arxiv-cs JSON-lines reader on a fixture in that layout. */
class JsonlReaderTest {

  @Test
  void readsEveryFieldOfTheLayout() throws IOException {
    Result result = CorpusTestSupport.readAll(new JsonlReader(), CorpusTestSupport.fixture("arxiv-cs.jsonl"));

    assertEquals(List.of("2506.01001", "2506.01002", "2506.01003"), result.ids());
    assertEquals(List.of(), result.problems());
    Paper first = result.paper("2506.01001");
    assertEquals("Retrieval-Augmented Critics for Code Review", first.title());
    assertEquals(List.of("Priya Raman", "Tomasz Zieliński"), first.authors());
    assertEquals(List.of("cs.SE", "cs.LG"), first.categories());
    assertEquals(LocalDate.of(2025, 6, 2), first.date());
    assertNull(first.upvotes());
  }

  @Test
  void primaryCategoryComesFirstEvenWhenListedLater() throws IOException {
    Result result = CorpusTestSupport.readAll(new JsonlReader(), CorpusTestSupport.fixture("arxiv-cs.jsonl"));

    assertEquals(List.of("cs.CL", "cs.AI"), result.paper("2506.01002").categories());
  }

  @Test
  void progressReachesTheFileSize() throws IOException {
    Result result = CorpusTestSupport.readAll(new JsonlReader(), CorpusTestSupport.fixture("arxiv-cs.jsonl"));

    assertEquals(result.totalBytes(), result.bytesRead());
  }
}
