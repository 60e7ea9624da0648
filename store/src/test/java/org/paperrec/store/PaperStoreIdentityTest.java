package org.paperrec.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.store.Fixtures.DIM;
import static org.paperrec.store.Fixtures.MODEL;
import static org.paperrec.store.Fixtures.vector;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.store.PaperStore.Entry;

/** A paper found by each of its IDs, and two records of one paper stored as one (the merge rule of {@link PaperStore}). */
class PaperStoreIdentityTest {

  static final String DOI = "doi:10.1101/2024.01.02.573001";

  @TempDir Path tmp;
  Path dir;
  PaperStore store;

  @BeforeEach
  void open() {
    dir = tmp.resolve("data");
    store = PaperStore.open(dir, MODEL, DIM);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** A paper from {@code source} (its title says which), with these IDs in any spelling. */
  private static Paper paper(String source, String key, String... aliases) {
    List<String> normal = new ArrayList<>();
    for (String alias : aliases) {
      normal.add(PaperIds.normalize(alias));
    }
    return new Paper(PaperIds.normalize(key), "Title from " + source, "Abstract from " + source, List.of("Ada Lovelace"),
        1, LocalDate.of(2024, 1, 2), List.of("q-bio.GN"), null, normal);
  }

  private List<String> changesSince(long seq) {
    List<String> changed = new ArrayList<>();
    store.forEachChangeSince(seq, (id, s) -> changed.add(id));
    return changed;
  }

  @Test
  void aPaperIsFoundByEveryOneOfItsIds() {
    store.put(paper("s2", "CorpusId:215416146", "DOI:10.1101/2024.01.02.573001", "PMID:19872477", "PMCID:PMC2323569"),
        vector(1));
    for (String id : List.of("CorpusId:215416146", "corpusid:215416146", "doi:10.1101/2024.01.02.573001",
        "https://doi.org/10.1101/2024.01.02.573001", "PMID:19872477", "pmcid:pmc2323569", "PMCID:2323569")) {
      assertEquals(Optional.of("corpusid:215416146"), store.resolve(id), id);
    }
    assertEquals(Optional.empty(), store.resolve("PMID:1"));
    assertEquals(
        Map.of(DOI, "corpusid:215416146", "corpusid:215416146", "corpusid:215416146"),
        store.resolveAll(List.of(DOI, "pmid:1", "corpusid:215416146", DOI)));
  }

  @Test
  void theSameDoiFromTwoSourcesIsOnePaperUnderTheStoredKey() {
    store.put(paper("biorxiv", "PMID:19872477", DOI), vector(1));
    PaperStore.Written written = store.put(paper("s2", "CorpusId:215416146", DOI), vector(2));

    assertEquals(1, store.count());
    Paper stored = store.paper("pmid:19872477").orElseThrow();
    assertEquals("Title from s2", stored.title(), "the newcomer's text, as any update");
    assertEquals(List.of("corpusid:215416146", DOI), stored.aliases());
    assertArrayEquals(vector(2), store.vector("pmid:19872477").orElseThrow());
    assertEquals(Optional.empty(), store.paper("corpusid:215416146"), "no second paper");
    for (String id : List.of("pmid:19872477", DOI, "corpusid:215416146")) {
      assertEquals(Optional.of("pmid:19872477"), store.resolve(id), id);
    }
    assertEquals(List.of("pmid:19872477"), written.papers().stream().map(e -> e.paper().id()).toList());
    assertEquals(List.of(), written.removedKeys());
  }

  @Test
  void theSameArxivIdInAnotherVersionSpellingIsOnePaper() {
    store.put(paper("oai", "2501.06842v1"), vector(1));
    store.put(paper("hf", "https://arxiv.org/abs/2501.06842v3"), vector(2));
    store.put(paper("lab", "DOI:10.1000/x", "arXiv:2501.06842v2"), vector(3));

    assertEquals(1, store.count());
    Paper stored = store.paper("2501.06842").orElseThrow();
    assertEquals("Title from lab", stored.title());
    assertEquals(List.of("doi:10.1000/x"), stored.aliases());
    assertEquals(Optional.empty(), store.paper("doi:10.1000/x"));
  }

  @Test
  void anArxivNewcomerRekeysAStoredPaperThatHasNoArxivId() {
    store.put(paper("biorxiv", DOI, "PMID:19872477"), vector(1));
    long before = store.lastChange();
    PaperStore.Written written = store.put(paper("oai", "2401.00001", DOI), vector(2));

    assertEquals(1, store.count());
    assertEquals(Optional.empty(), store.paper(DOI), "the old key's paper is gone");
    assertEquals(Optional.empty(), store.vector(DOI), "and its vector");
    Paper moved = store.paper("2401.00001").orElseThrow();
    assertEquals(List.of(DOI, "pmid:19872477"), moved.aliases(), "the old key and its aliases moved along");
    for (String id : List.of(DOI, "pmid:19872477", "2401.00001")) {
      assertEquals(Optional.of("2401.00001"), store.resolve(id), id);
    }
    assertEquals(List.of(DOI, "2401.00001"), changesSince(before), "an index deletes the old key, adds the new");
    assertEquals(List.of(DOI), written.removedKeys());
    assertEquals(List.of("2401.00001"), written.papers().stream().map(e -> e.paper().id()).toList());
    assertArrayEquals(vector(2), written.papers().get(0).vector());
  }

  @Test
  void aStoredArxivKeyStaysWhenANewcomerKeyedByItsDoiArrives() {
    store.put(paper("oai", "2401.00001", DOI), vector(1));
    PaperStore.Written written = store.put(paper("s2", DOI, "PMID:19872477"), vector(2));

    assertEquals(1, store.count());
    assertEquals(List.of(DOI, "pmid:19872477"), store.paper("2401.00001").orElseThrow().aliases());
    assertEquals(Optional.empty(), store.paper(DOI));
    assertEquals(List.of("2401.00001"), written.papers().stream().map(e -> e.paper().id()).toList());
    assertEquals(List.of(), written.removedKeys());
  }

  @Test
  void aNewcomerThatHoldsTheIdsOfTwoStoredPapersMergesAllThree() {
    store.put(paper("oai", "2401.00001"), vector(1));
    store.put(paper("biorxiv", DOI), vector(2));
    assertEquals(2, store.count());
    PaperStore.Written written = store.put(paper("s2", "PMID:19872477", DOI, "2401.00001"), vector(3));

    assertEquals(1, store.count());
    assertEquals(List.of(DOI, "pmid:19872477"), store.paper("2401.00001").orElseThrow().aliases());
    assertEquals(Optional.empty(), store.paper(DOI));
    assertEquals(List.of(DOI), written.removedKeys());
    List<String> keys = new ArrayList<>();
    store.forEachPaper(p -> keys.add(p.id()));
    assertEquals(List.of("2401.00001"), keys);
  }

  @Test
  void twoEntriesOfOneBatchWithTheSameDoiAreOnePaper() {
    long before = store.lastChange();
    PaperStore.Written written = store.putAll(List.of(
        new Entry(paper("biorxiv", "PMID:19872477", DOI), vector(1)),
        new Entry(paper("oai", "2401.00001", DOI), vector(2))));

    assertEquals(1, store.count());
    assertEquals(List.of(DOI, "pmid:19872477"), store.paper("2401.00001").orElseThrow().aliases());
    assertEquals(Optional.empty(), store.paper("pmid:19872477"));
    assertEquals(List.of("pmid:19872477", "2401.00001"), changesSince(before));
    assertEquals(List.of("pmid:19872477"), written.removedKeys());
    assertEquals(List.of("2401.00001"), written.papers().stream().map(e -> e.paper().id()).toList());
  }

  @Test
  void twoArxivPapersThatShareADoiStayTwoPapersAndTheDoiStaysWithTheFirst() {
    store.put(paper("oai", "2401.00001", DOI), vector(1));
    PaperStore.Merge merge = store.merge(paper("oai", "2401.00002", DOI));
    assertEquals(List.of(), merge.stored());
    assertEquals(List.of(DOI), merge.withheld());
    store.put(paper("oai", "2401.00002", DOI), vector(2));

    assertEquals(2, store.count());
    assertEquals(Optional.of("2401.00001"), store.resolve(DOI));
    assertEquals(List.of(), store.paper("2401.00002").orElseThrow().aliases());
    assertEquals(List.of(DOI), store.paper("2401.00001").orElseThrow().aliases());
  }

  @Test
  void aDoiKeyedNewcomerThatNamesAnotherArxivIdThanTheDoisPaperIsKeyedByItsArxivId() {
    store.put(paper("oai", "2401.00001", DOI), vector(1));
    PaperStore.Written written = store.put(paper("lab", DOI, "2402.00002", "PMID:19872477"), vector(2));

    assertEquals(2, store.count());
    assertEquals(List.of("2402.00002"), written.papers().stream().map(e -> e.paper().id()).toList());
    assertEquals(List.of("pmid:19872477"), store.paper("2402.00002").orElseThrow().aliases());
    assertEquals(Optional.of("2401.00001"), store.resolve(DOI));
  }

  @Test
  void aRecordWithoutArxivIdJoinsOneArxivPaperButNeverBridgesTwo() {
    store.put(paper("oai", "2401.00001", DOI), vector(1));
    store.put(paper("oai", "2402.00002", "PMID:19872477"), vector(2));
    store.put(paper("s2", "CorpusId:215416146", DOI, "PMID:19872477"), vector(3));

    assertEquals(2, store.count());
    assertEquals(List.of("corpusid:215416146", DOI), store.paper("2401.00001").orElseThrow().aliases());
    assertEquals(Optional.of("2402.00002"), store.resolve("pmid:19872477"));
    assertEquals(Optional.of("2401.00001"), store.resolve("corpusid:215416146"));
  }

  @Test
  void anUpdateWithFewerIdsKeepsTheOthers() {
    store.put(paper("s2", "2401.00001", DOI, "PMID:19872477"), vector(1));
    store.put(paper("oai", "2401.00001"), vector(1));
    assertEquals(List.of(DOI, "pmid:19872477"), store.paper("2401.00001").orElseThrow().aliases());
    assertEquals(Optional.of("2401.00001"), store.resolve("pmid:19872477"));
  }

  @Test
  void putPaperKeepsTheVectorOfThePaperItMergesWith() {
    store.put(paper("biorxiv", DOI), vector(7));
    store.putPaper(paper("oai", "2401.00001", DOI));
    assertArrayEquals(vector(7), store.vector("2401.00001").orElseThrow());
    assertEquals(Optional.empty(), store.vector(DOI));
    assertEquals(1, store.count());
    var e = assertThrows(IllegalArgumentException.class, () -> store.putPaper(paper("lab", "PMID:1")));
    assertTrue(e.getMessage().contains("has no vector"), e.getMessage());
  }

  @Test
  void mergeSaysWhatAPutWouldStoreAndWritesNothing() {
    store.put(paper("biorxiv", DOI), vector(1));
    long before = store.lastChange();
    PaperStore.Merge merge = store.merge(paper("oai", "2401.00001", DOI));
    assertEquals("2401.00001", merge.paper().id());
    assertEquals(List.of(DOI), merge.paper().aliases());
    assertEquals(List.of(DOI), merge.stored().stream().map(Paper::id).toList());
    assertEquals(before, store.lastChange());
    assertEquals(Optional.of(DOI), store.resolve(DOI));
    assertEquals(Optional.empty(), store.resolve("2401.00001"));
    assertEquals(List.of(), store.merge(paper("lab", "PMID:1")).stored());
  }

  @Test
  void deleteByAnyIdRemovesThePaperAndEveryAliasEntry() throws Exception {
    store.put(paper("s2", "2401.00001", DOI, "PMID:19872477"), vector(1));
    assertTrue(store.delete("PMID:19872477"));
    assertEquals(0, store.count());
    for (String id : List.of("2401.00001", DOI, "pmid:19872477")) {
      assertEquals(Optional.empty(), store.resolve(id), id);
    }
    store.close();
    try (RawRocks raw = new RawRocks(dir)) {
      for (String id : List.of("2401.00001", DOI, "pmid:19872477")) {
        assertNull(raw.get("aliases", id), id);
      }
    }
    store = PaperStore.open(dir, MODEL, DIM);
  }

  @Test
  void aMergeThatWouldGiveTooManyIdsWritesNothingAndNamesThePapers() {
    List<String> many = new ArrayList<>();
    for (int i = 1; i <= Paper.MAX_ALIASES; i++) {
      many.add("PMID:" + i);
    }
    store.put(paper("s2", "2401.00001", many.toArray(String[]::new)), vector(1));
    long before = store.lastChange();
    var e = assertThrows(IllegalArgumentException.class, () -> store.put(paper("lab", DOI, "2401.00001"), vector(2)));
    assertTrue(e.getMessage().contains("cannot be merged with stored papers [2401.00001]"), e.getMessage());
    assertEquals(before, store.lastChange());
    assertEquals(Optional.empty(), store.resolve(DOI));
  }

  @Test
  void aLikeOfAFormerKeyStillFindsThePaperAfterARekey() {
    String user = "0123456789abcdef0123456789abcdef";
    store.users().create(user, new byte[UserStore.TOKEN_HASH_BYTES], Instant.EPOCH);
    store.put(paper("biorxiv", DOI), vector(1));
    store.users().putFeedback(user, UserStore.Feedback.LIKE, DOI, Instant.EPOCH, 10);
    store.put(paper("oai", "2401.00001", DOI), vector(2));
    String liked = store.users().user(user).orElseThrow().likes().get(0).paperId();
    assertEquals(DOI, liked, "likes stay as they were stored");
    assertEquals(Optional.of("2401.00001"), store.resolve(liked));
  }

  @Test
  void aliasEntriesSurviveAReopenAndAreReadByAReadOnlyOpen() {
    store.put(paper("s2", "2401.00001", DOI), vector(1));
    store.close();
    store = PaperStore.open(dir, MODEL, DIM);
    assertEquals(Optional.of("2401.00001"), store.resolve(DOI));
    try (PaperStore readOnly = PaperStore.openReadOnly(dir)) {
      assertEquals(Optional.of("2401.00001"), readOnly.resolve(DOI));
    }
  }
}
