package org.paperrec.server.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paperrec.server.corpus.OaiPmhPage;
import org.paperrec.server.corpus.OaiPmhReader;
import org.paperrec.server.corpus.RecordProblem;
import org.paperrec.store.Paper;

/** {@link OaiPmhReader} on responses written from the OAI-PMH 2.0 specification (see {@link OaiXml}). */
class OaiPmhReaderTest {

  private final OaiPmhReader reader = new OaiPmhReader();
  private final List<RecordProblem> problems = new ArrayList<>();

  private OaiPmhPage read(String xml) throws Exception {
    return reader.read(xml.getBytes(StandardCharsets.UTF_8), "test", problems::add);
  }

  @Test
  void readsRecordsDeletionsAndTheResumptionToken() throws Exception {
    OaiPmhPage page = read(OaiXml.listRecords(List.of(
        OaiXml.record("2611.00001", "2026-12-01", "Sparse   attention\n   at scale", "We study sparse attention.",
            "cs.LG cs.CL", "10.1000/XYZ.1", "2026-11-30"),
        OaiXml.deleted("2611.00002", "2026-12-02"),
        OaiXml.record("cs/9901011", "2026-11-29", "An old paper", "Old ideas.", "cs.AI", null, null)),
        "token-1", 0, 7));
    assertEquals("token-1", page.resumptionToken());
    assertEquals(7L, page.completeListSize());
    assertNull(page.error());
    assertEquals(3, page.entries().size());

    Paper first = page.entries().get(0).paper();
    assertEquals("2611.00001", first.id());
    assertEquals("Sparse attention at scale", first.title(), "whitespace collapsed");
    assertEquals("We study sparse attention.", first.abstractText());
    assertEquals(List.of("Ada Lovelace", "Charles Babbage Jr"), first.authors());
    assertEquals(List.of("cs.LG", "cs.CL"), first.categories());
    assertEquals(LocalDate.of(2026, 11, 30), first.date(), "the latest version's date");
    assertEquals(List.of("doi:10.1000/xyz.1"), first.aliases());
    assertEquals(LocalDate.of(2026, 12, 1), page.entries().get(0).datestamp());

    OaiPmhPage.Entry deleted = page.entries().get(1);
    assertTrue(deleted.deleted());
    assertEquals("2611.00002", deleted.id());
    assertEquals("cs/9901011", page.entries().get(2).id(), "old-style IDs");
    assertEquals(LocalDate.of(2026, 11, 20), page.entries().get(2).paper().date(), "created when never updated");
    assertTrue(problems.isEmpty(), problems.toString());
  }

  @Test
  void anEmptyTokenEndsTheListAndNoRecordsMatchIsAnEmptyLastPage() throws Exception {
    OaiPmhPage last = read(OaiXml.listRecords(List.of(OaiXml.deleted("2611.00002", "2026-12-02")), "", 5, 6));
    assertNull(last.resumptionToken());
    OaiPmhPage none = read(OaiXml.error("noRecordsMatch", "No records match the request"));
    assertEquals(List.of(), none.entries());
    assertNull(none.resumptionToken());
    assertNull(none.error(), "noRecordsMatch is not an error");
  }

  @Test
  void protocolErrorsComeBackWithTheirCode() throws Exception {
    OaiPmhPage page = read(OaiXml.error("badResumptionToken", "The token has expired"));
    assertEquals(new OaiPmhPage.Error("badResumptionToken", "The token has expired"), page.error());
  }

  @Test
  void aRecordWithoutTitleIsSkippedAndReportedTheOthersKept() throws Exception {
    OaiPmhPage page = read(OaiXml.listRecords(List.of(
        OaiXml.record("2611.00003", "2026-12-01", "", "An abstract.", "cs.LG", null, null),
        OaiXml.record("2611.00004", "2026-12-01", "A title", "An abstract.", "cs.LG", "not-a-doi", null)),
        null, 0, 0));
    assertEquals(List.of("2611.00004"), page.entries().stream().map(OaiPmhPage.Entry::id).toList());
    assertEquals(List.of(), page.entries().get(0).paper().aliases(), "an unusable DOI is left out");
    assertEquals(List.of(RecordProblem.Reason.MISSING_FIELD, RecordProblem.Reason.UNUSABLE_DOI),
        problems.stream().map(RecordProblem::reason).toList());
  }

  @Test
  void aDatestampOrUpdatedDateOutOfRangeSkipsTheRecord() throws Exception {
    // A datestamp becomes the harvest's watermark: +999999999 would end harvesting for good.
    OaiPmhPage page = read(OaiXml.listRecords(List.of(
        OaiXml.record("2611.00005", "+999999999-12-31", "A title", "An abstract.", "cs.LG", null, null),
        OaiXml.record("2611.00006", "2026-12-01", "A title", "An abstract.", "cs.LG", null, "+10000-01-01"),
        OaiXml.record("2611.00007", "2026-12-01", "A title", "An abstract.", "cs.LG", null, "2026-11-30")),
        null, 0, 0));
    assertEquals(List.of("2611.00007"), page.entries().stream().map(OaiPmhPage.Entry::id).toList());
    assertEquals(List.of(RecordProblem.Reason.DATE_OUT_OF_RANGE, RecordProblem.Reason.DATE_OUT_OF_RANGE),
        problems.stream().map(RecordProblem::reason).toList());
    assertTrue(problems.get(0).detail().startsWith("datestamp +999999999-12-31 is outside 1000-01-01 to 9999-12-31"),
        problems.get(0).detail());
  }

  @Test
  void malformedXmlADtdAndAForeignDocumentAreRefused() {
    String truncated = OaiXml.listRecords(List.of(OaiXml.deleted("2611.00002", "2026-12-02")), "t", 0, 2);
    truncated = truncated.substring(0, truncated.length() / 2);
    String doc = truncated;
    var malformed = assertThrows(OaiPmhReader.MalformedPageException.class, () -> read(doc));
    assertTrue(malformed.getMessage().startsWith("test is not well-formed XML"), malformed.getMessage());

    String billionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE OAI-PMH [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
        <OAI-PMH><ListRecords>&lol2;</ListRecords></OAI-PMH>
        """;
    assertThrows(OaiPmhReader.MalformedPageException.class, () -> read(billionLaughs));
    var html = assertThrows(OaiPmhReader.MalformedPageException.class, () -> read("<html><body>Maintenance</body></html>"));
    assertTrue(html.getMessage().contains("not an OAI-PMH document"), html.getMessage());
  }
}
