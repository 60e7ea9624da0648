package org.paperrec.server.corpus;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.paperrec.store.Paper;

/**
 * One page of an OAI-PMH {@code ListRecords} response, as read by {@link OaiPmhReader}.
 *
 * @param entries the records that could be read, in document order
 * @param resumptionToken the token that asks for the next page; null on the last page
 * @param completeListSize the size of the whole list when the repository says (advisory), or null
 * @param error the protocol error the response carries instead of records, or null; {@code
 *     noRecordsMatch} is never one (it is an empty last page)
 */
public record OaiPmhPage(List<Entry> entries, String resumptionToken, Long completeListSize, Error error) {

  public OaiPmhPage {
    entries = List.copyOf(entries);
  }

  /**
   * One record.
   *
   * @param id the paper's ID, normalised
   * @param datestamp the day the repository last changed the record
   * @param paper the latest version's metadata; null for a deleted record
   */
  public record Entry(String id, LocalDate datestamp, Paper paper) {
    public Entry {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(datestamp, "datestamp");
    }

    public boolean deleted() {
      return paper == null;
    }
  }

  /** An OAI-PMH {@code error} element: {@code code} such as {@code badResumptionToken}, and its text. */
  public record Error(String code, String message) {
    @Override
    public String toString() {
      return "OAI-PMH error " + code + (message == null || message.isEmpty() ? "" : ": " + message);
    }
  }
}
