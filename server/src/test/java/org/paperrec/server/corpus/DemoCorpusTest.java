package org.paperrec.server.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperrec.server.corpus.CorpusTestSupport.Result;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperIds;

/** The bundled Daily Papers page, read from the classpath as the server reads it at first start. */
class DemoCorpusTest {

  private static Result demo;

  @BeforeAll
  static void readDemo() throws IOException {
    List<RecordProblem> problems = new ArrayList<>();
    try (PaperStream stream = DemoCorpus.open(problems::add)) {
      demo = CorpusTestSupport.drain(stream, problems);
    }
  }

  private static Paper at(int position) {
    return demo.papers().get(position);
  }

  @Test
  void demoPageHasExactly48PapersAndNoProblems() {
    assertEquals(DemoCorpus.PAPER_COUNT, demo.papers().size());
    assertEquals(List.of(), demo.problems());
  }

  @Test
  void titlesAreExactAtTheirPositions() {
    assertEquals("Detecting Arbitrary Planted Subgraphs in Random Graphs", at(0).title());
    assertEquals("Quantized Spike-driven Transformer", at(4).title());
    assertEquals("Dale meets Langevin: A Multiplicative Denoising Diffusion Model", at(35).title());
    assertEquals(
        "CF-CAM: Cluster Filter Class Activation Mapping for Reliable Gradient-Based Interpretability", at(47).title());
  }

  @Test
  void pageHeaderIsNotAPaper() {
    List<String> titles = demo.papers().stream().map(Paper::title).toList();
    for (String header : List.of("new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
        "byAK and the research community", "Feb 20")) {
      assertTrue(!titles.contains(header), header);
    }
  }

  @Test
  void abstractsKeepTheirUnicode() {
    assertTrue(at(0).abstractText().startsWith("The problems of detecting and recovering planted structures/subgraphs in Erdős-Rényi"));
    assertTrue(at(0).abstractText().contains("Γ"));
  }

  @Test
  void authorCountsComeFromTheAuthorsLine() {
    assertEquals(2, at(0).authorCount());
    assertEquals(10, at(4).authorCount());
    assertEquals(1, at(12).authorCount());
    assertEquals(11, at(40).authorCount());
    assertEquals(List.of(), at(4).authors());
  }

  @Test
  void datesWithAYearAreExact() {
    assertEquals(LocalDate.of(2025, 3, 24), at(0).date());
    assertEquals(LocalDate.of(2025, 1, 23), at(4).date());
    assertEquals(LocalDate.of(2017, 3, 2), at(22).date());
    assertEquals(LocalDate.of(2025, 3, 31), at(47).date());
  }

  @Test
  void bareMonthAndDayTakeTheYearOfTheArxivId() {
    // "Jan 6" on the page; the paper is 2601.03220.
    assertEquals("2601.03220", at(2).id());
    assertEquals(LocalDate.of(2026, 1, 6), at(2).date());
  }

  @Test
  void upvotesFollowTheDateWhenShown() {
    assertEquals(2, at(1).upvotes());
    assertEquals(1, at(18).upvotes());
    assertEquals(8, at(20).upvotes());
    assertEquals(2, at(33).upvotes());
    assertNull(at(0).upvotes());
  }

  @Test
  void entriesWithoutAuthorAndDateLinesHaveNeither() {
    for (int position : new int[] {8, 35}) {
      assertEquals(0, at(position).authorCount(), "position " + position);
      assertNull(at(position).date(), "position " + position);
      assertNull(at(position).upvotes(), "position " + position);
    }
    assertTrue(at(8).title().startsWith("dewi-kadita: A Python Library"));
    assertTrue(at(9).title().startsWith("A Drop of Ink Makes a Million Think"));
  }

  @Test
  void idsComeFromTheTableOrElseFromTheTitle() {
    assertEquals("2503.19069", at(0).id());
    assertEquals("2501.13492", at(4).id());
    assertEquals("2510.02730", at(35).id());
    assertEquals("1703.00810", at(22).id());
    for (int position : new int[] {5, 8, 11, 12, 24, 26, 29, 43, 44, 47}) {
      assertEquals(PaperIds.fromTitle(at(position).title()), at(position).id(), "position " + position);
    }
    assertEquals("title:kernel-density-estimators-in-large-dimensions", at(5).id());
    assertEquals(38, demo.papers().stream().filter(p -> PaperIds.isArxiv(p.id())).count());
  }

  @Test
  void idsAreUnique() {
    assertEquals(48, demo.papers().stream().map(Paper::id).distinct().count());
  }

  @Test
  void progressOfAClasspathStreamHasNoTotal() {
    assertEquals(-1, demo.totalBytes());
    assertTrue(demo.bytesRead() > 80_000, "bytesRead=" + demo.bytesRead());
  }
}
