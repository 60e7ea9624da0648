package org.paperrec.server.harvest;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.paperrec.server.corpus.CorpusSummary;
import org.paperrec.server.corpus.OaiPmhPage;
import org.paperrec.server.corpus.OaiPmhReader;
import org.paperrec.store.Paper;

/**
 * arXiv over OAI-PMH 2.0: {@code ListRecords} with {@code metadataPrefix=arXiv}, an optional
 * {@code set} ({@code cs}, {@code math}, {@code physics:hep-th}) and a {@code from}/{@code until}
 * range of datestamps, followed through its resumption tokens. A position is a resumption token.
 * {@code badResumptionToken} (tokens expire) is reported as {@link HarvestException#cursorExpired},
 * so that the run starts its range again.
 */
public final class OaiPmhSource implements HarvestSource {

  private final URI base;
  private final String set;
  private final HttpFetcher fetcher;
  private final OaiPmhReader reader = new OaiPmhReader();

  /** @param set the set to harvest, or null for the whole repository */
  public OaiPmhSource(URI base, String set, HttpFetcher fetcher) {
    this.base = base;
    this.set = set;
    this.fetcher = fetcher;
  }

  @Override
  public String name() {
    return set == null ? "arxiv" : "arxiv:" + set;
  }

  @Override
  public Page fetch(LocalDate from, LocalDate until, String position) throws HarvestException, InterruptedException {
    URI uri = position == null ? firstPage(from, until) : nextPage(position);
    byte[] body;
    try {
      body = fetcher.get(uri);
    } catch (HttpFetcher.FetchException e) {
      throw new HarvestException(e.getMessage());
    }
    CorpusSummary summary = new CorpusSummary();
    OaiPmhPage page;
    try {
      page = reader.read(body, uri.toString(), summary);
    } catch (OaiPmhReader.MalformedPageException e) {
      throw new HarvestException(e.getMessage());
    }
    if (page.error() != null) {
      String message = "GET " + uri + ": " + page.error();
      throw page.error().code().equals("badResumptionToken")
          ? HarvestException.cursorExpired(message)
          : new HarvestException(message);
    }
    List<Paper> papers = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    LocalDate latest = null;
    for (OaiPmhPage.Entry entry : page.entries()) {
      if (entry.deleted()) {
        deleted.add(entry.id());
      } else {
        papers.add(entry.paper());
      }
      if (latest == null || entry.datestamp().isAfter(latest)) {
        latest = entry.datestamp();
      }
    }
    return new Page(papers, deleted, latest, page.resumptionToken(), page.completeListSize(), summary.recordsSkipped());
  }

  private URI firstPage(LocalDate from, LocalDate until) {
    StringBuilder query = new StringBuilder("verb=ListRecords&metadataPrefix=arXiv");
    if (set != null) {
      query.append("&set=").append(encode(set));
    }
    query.append("&from=").append(from).append("&until=").append(until);
    return withQuery(query.toString());
  }

  private URI nextPage(String token) {
    return withQuery("verb=ListRecords&resumptionToken=" + encode(token));
  }

  private URI withQuery(String query) {
    String url = base.toString();
    return URI.create(url + (url.contains("?") ? "&" : "?") + query);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
