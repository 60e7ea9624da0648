package org.paperrec.server.corpus;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.paperrec.server.corpus.RecordProblem.Reason;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperIds;

/**
 * Reads one response page of an OAI-PMH 2.0 {@code ListRecords} request in arXiv's {@code arXiv}
 * metadata format ({@code http://arxiv.org/OAI/arXiv/}): its records, its resumption token and
 * its protocol error, if any.
 *
 * <p>A record's header gives the OAI identifier ({@code oai:arXiv.org:2501.06842}, the paper's ID
 * without version), its datestamp (the day the record last changed) and {@code status="deleted"}
 * for a withdrawn record, which has no metadata. Its metadata maps as the snapshot's does in
 * {@link OaiReader}: {@code id}; {@code title} and {@code abstract} with whitespace collapsed;
 * {@code authors} as "forenames keyname suffix"; {@code categories} split on whitespace, primary
 * first; {@code doi} as {@code doi:} aliases; the date is {@code updated} (the latest version's),
 * else {@code created}. The {@code arXiv} format describes the latest version only, so versions
 * collapse onto one record by construction ({@code arXivRaw} would list every version, which
 * paperrec does not keep).
 *
 * <p>{@code noRecordsMatch} (nothing changed in the range) is an empty last page, not an error.
 * Other protocol errors come back in {@link OaiPmhPage#error()}. A record with bad fields is
 * skipped and reported, as in every reader. XML that is not well-formed, or that declares a DTD
 * (entity expansion is an attack, and no OAI-PMH response needs one), throws {@link
 * MalformedPageException}: a page cannot be half read, because its resumption token is at its end.
 *
 * <p>Thread-safe.
 */
public final class OaiPmhReader {

  private static final String OAI_ID_PREFIX = "oai:arXiv.org:";

  private final XMLInputFactory factory;

  public OaiPmhReader() {
    factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
  }

  /** A response that is not a readable OAI-PMH document. */
  public static final class MalformedPageException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPageException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads {@code body}, the response to a request of {@code name} (its URL, for problem lines).
   *
   * @param problems told of every record skipped or kept with a problem
   * @throws MalformedPageException when the body is not a well-formed OAI-PMH response
   */
  public OaiPmhPage read(byte[] body, String name, Consumer<RecordProblem> problems) throws MalformedPageException {
    ProblemReporter reporter = new ProblemReporter(name, problems);
    XMLStreamReader xml = null;
    try {
      xml = factory.createXMLStreamReader(new ByteArrayInputStream(body));
      return new PageParser(xml, reporter).page();
    } catch (XMLStreamException e) {
      throw new MalformedPageException(name + " is not well-formed XML: " + oneLine(e.getMessage()));
    } finally {
      if (xml != null) {
        try {
          xml.close();
        } catch (XMLStreamException ignored) {
          // nothing was left to release
        }
      }
    }
  }

  private static String oneLine(String message) {
    return message == null ? "(no detail)" : RecordFields.collapseWhitespace(message);
  }

  /** One pass over one document; not reusable. */
  private static final class PageParser {
    private final XMLStreamReader xml;
    private final ProblemReporter problems;
    private final List<OaiPmhPage.Entry> entries = new ArrayList<>();
    private String token;
    private Long completeListSize;
    private OaiPmhPage.Error error;
    private boolean sawRoot;

    PageParser(XMLStreamReader xml, ProblemReporter problems) {
      this.xml = xml;
      this.problems = problems;
    }

    OaiPmhPage page() throws XMLStreamException, MalformedPageException {
      while (xml.hasNext()) {
        int event = xml.next();
        if (event == XMLStreamConstants.DTD) {
          throw new MalformedPageException("the response declares a DTD, which an OAI-PMH response never needs; refused");
        }
        if (event != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        switch (xml.getLocalName()) {
          case "OAI-PMH" -> sawRoot = true;
          case "error" -> error();
          case "record" -> record();
          case "resumptionToken" -> resumptionToken();
          default -> { }
        }
      }
      if (!sawRoot) {
        throw new MalformedPageException("the response is XML but not an OAI-PMH document (no OAI-PMH element)");
      }
      if (error != null && error.code().equals("noRecordsMatch")) {
        return new OaiPmhPage(List.of(), null, 0L, null);
      }
      return new OaiPmhPage(entries, token, completeListSize, error);
    }

    private void error() throws XMLStreamException {
      String code = Objects.requireNonNullElse(xml.getAttributeValue(null, "code"), "unknown");
      String message = RecordFields.collapseWhitespace(xml.getElementText());
      if (error == null) {
        error = new OaiPmhPage.Error(code, message);
      }
    }

    private void resumptionToken() throws XMLStreamException {
      String size = xml.getAttributeValue(null, "completeListSize");
      if (size != null) {
        try {
          completeListSize = Long.parseLong(size.strip());
        } catch (NumberFormatException ignored) {
          // optional and advisory: only a progress bar's total
        }
      }
      String text = xml.getElementText().strip();
      token = text.isEmpty() ? null : text;
    }

    /** Reads a {@code record} element through its end tag. */
    private void record() throws XMLStreamException {
      long line = xml.getLocation().getLineNumber();
      RecordXml record = new RecordXml();
      int depth = 1;
      String section = null;
      while (depth > 0) {
        int event = xml.next();
        if (event == XMLStreamConstants.END_ELEMENT) {
          depth--;
          continue;
        }
        if (event != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        String name = xml.getLocalName();
        if (name.equals("header")) {
          record.deleted = "deleted".equals(xml.getAttributeValue(null, "status"));
          section = "header";
          depth++;
        } else if (name.equals("metadata") || name.equals("arXiv") || name.equals("authors")) {
          section = name.equals("metadata") ? "metadata" : section;
          depth++;
        } else if (name.equals("author")) {
          record.authors.add(author());
        } else if ("header".equals(section) && name.equals("identifier")) {
          record.identifier = xml.getElementText().strip();
        } else if ("header".equals(section) && name.equals("datestamp")) {
          record.datestamp = xml.getElementText().strip();
        } else if ("metadata".equals(section) && RecordXml.FIELDS.contains(name)) {
          record.field(name, xml.getElementText());
        } else {
          skipElement();
        }
      }
      try {
        entries.add(record.toEntry(line, problems));
      } catch (RejectedRecord rejected) {
        problems.report(line, rejected);
      }
    }

    /** Reads an {@code author} element ({@code keyname}, {@code forenames}, {@code suffix}) as a display name. */
    private String author() throws XMLStreamException {
      String keyname = "";
      String forenames = "";
      String suffix = "";
      while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
        switch (xml.getLocalName()) {
          case "keyname" -> keyname = xml.getElementText();
          case "forenames" -> forenames = xml.getElementText();
          case "suffix" -> suffix = xml.getElementText();
          default -> skipElement();
        }
      }
      return String.join(" ", forenames, keyname, suffix);
    }

    private void skipElement() throws XMLStreamException {
      int depth = 1;
      while (depth > 0) {
        int event = xml.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          depth++;
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          depth--;
        }
      }
    }
  }

  /** The fields of one record as read, before checks. */
  private static final class RecordXml {
    /** The metadata elements read; others (comments, journal-ref, license, ...) are skipped. */
    static final java.util.Set<String> FIELDS =
        java.util.Set.of("id", "title", "abstract", "categories", "doi", "created", "updated");

    String identifier;
    String datestamp;
    boolean deleted;
    String id;
    String title;
    String abstractText;
    String categories;
    String doi;
    String created;
    String updated;
    final List<String> authors = new ArrayList<>();

    void field(String name, String text) {
      switch (name) {
        case "id" -> id = text;
        case "title" -> title = text;
        case "abstract" -> abstractText = text;
        case "categories" -> categories = text;
        case "doi" -> doi = text;
        case "created" -> created = text;
        case "updated" -> updated = text;
        default -> throw new IllegalArgumentException(name + " is not one of " + FIELDS);
      }
    }

    OaiPmhPage.Entry toEntry(long line, ProblemReporter problems) throws RejectedRecord {
      // A datestamp becomes the harvest's watermark: one far in the future would end harvesting.
      LocalDate stamp = RecordFields.dateInRange(date(datestamp, "datestamp"), "datestamp");
      if (stamp == null) {
        throw new RejectedRecord(Reason.MISSING_FIELD, "record header has no datestamp");
      }
      String key = RecordFields.id(id != null ? id : oaiId());
      if (deleted) {
        return new OaiPmhPage.Entry(key, stamp, null);
      }
      String cleanTitle = RecordFields.title(title);
      String cleanAbstract = RecordFields.abstractText(abstractText, "abstract");
      List<String> names = RecordFields.authors(authors);
      List<String> categoryList = RecordFields.categories(null,
          categories == null || categories.isBlank() ? List.of() : List.of(categories.strip().split("\\s+")));
      LocalDate date = RecordFields.dateInRange(paperDate(line, problems), "updated/created");
      List<String> dois = OaiReader.dois(doi, line, problems);
      Paper paper = new Paper(key, cleanTitle, cleanAbstract, names, names.size(), date, categoryList, null, dois);
      return new OaiPmhPage.Entry(key, stamp, paper);
    }

    private String oaiId() throws RejectedRecord {
      if (identifier == null || !identifier.startsWith(OAI_ID_PREFIX)) {
        throw new RejectedRecord(Reason.INVALID_ID,
            "record identifier '" + RecordFields.abbreviate(String.valueOf(identifier)) + "' is not " + OAI_ID_PREFIX + "ID");
      }
      return identifier.substring(OAI_ID_PREFIX.length());
    }

    private LocalDate paperDate(long line, ProblemReporter problems) {
      for (String[] candidate : new String[][] {{updated, "updated"}, {created, "created"}}) {
        try {
          LocalDate date = date(candidate[0], candidate[1]);
          if (date != null) {
            return date;
          }
        } catch (RejectedRecord e) {
          problems.report(line, Reason.UNPARSEABLE_DATE, e.getMessage());
        }
      }
      return null;
    }

    private static LocalDate date(String text, String field) throws RejectedRecord {
      if (text == null || text.isBlank()) {
        return null;
      }
      try {
        return LocalDate.parse(text.strip());
      } catch (DateTimeParseException e) {
        throw new RejectedRecord(Reason.UNPARSEABLE_DATE, field + " '" + RecordFields.abbreviate(text.strip()) + "'");
      }
    }
  }
}
