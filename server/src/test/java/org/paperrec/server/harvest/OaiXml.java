package org.paperrec.server.harvest;

import java.util.List;

/**
 * OAI-PMH 2.0 responses in arXiv's metadata format, written for the tests from the protocol
 * specification (openarchives.org/OAI/openarchivesprotocol.html) and arXiv's {@code arXiv}
 * schema: envelopes, records, deleted records, resumption tokens and errors.
 */
final class OaiXml {

  private OaiXml() {}

  /** A paper record of the {@code arXiv} format. */
  static String record(String id, String datestamp, String title, String abstractText, String categories,
      String doi, String updated) {
    return """
        <record>
          <header>
            <identifier>oai:arXiv.org:%s</identifier>
            <datestamp>%s</datestamp>
            <setSpec>cs</setSpec>
          </header>
          <metadata>
            <arXiv xmlns="http://arxiv.org/OAI/arXiv/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                xsi:schemaLocation="http://arxiv.org/OAI/arXiv/ http://arxiv.org/OAI/arXiv.xsd">
              <id>%s</id>
              <created>2026-11-20</created>
              %s
              <authors>
                <author><keyname>Lovelace</keyname><forenames>Ada</forenames></author>
                <author><keyname>Babbage</keyname><forenames>Charles</forenames><suffix>Jr</suffix></author>
              </authors>
              <title>%s</title>
              <categories>%s</categories>
              <comments>12 pages, 3 figures</comments>
              %s
              <license>http://creativecommons.org/licenses/by/4.0/</license>
              <abstract>  %s
              </abstract>
            </arXiv>
          </metadata>
        </record>
        """.formatted(id, datestamp, id, updated == null ? "" : "<updated>" + updated + "</updated>", title, categories,
        doi == null ? "" : "<doi>" + doi + "</doi>", abstractText);
  }

  static String deleted(String id, String datestamp) {
    return """
        <record>
          <header status="deleted">
            <identifier>oai:arXiv.org:%s</identifier>
            <datestamp>%s</datestamp>
            <setSpec>cs</setSpec>
          </header>
        </record>
        """.formatted(id, datestamp);
  }

  /** A ListRecords response; {@code token} null for none, "" for the empty token of a last page. */
  static String listRecords(List<String> records, String token, int cursor, int completeListSize) {
    String resumption = token == null ? ""
        : "<resumptionToken cursor=\"" + cursor + "\" completeListSize=\"" + completeListSize + "\">" + token
            + "</resumptionToken>";
    return envelope("<ListRecords>" + String.join("\n", records) + resumption + "</ListRecords>");
  }

  static String error(String code, String message) {
    return envelope("<error code=\"" + code + "\">" + message + "</error>");
  }

  private static String envelope(String body) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
          <responseDate>2026-12-02T21:10:00Z</responseDate>
          <request verb="ListRecords" metadataPrefix="arXiv">https://oaipmh.arxiv.org/oai</request>
          %s
        </OAI-PMH>
        """.formatted(body);
  }
}
