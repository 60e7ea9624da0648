package org.paperrec.server.harvest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.paperrec.server.corpus.CorpusSummary;
import org.paperrec.server.corpus.HfReader;
import org.paperrec.server.corpus.PaperStream;
import org.paperrec.store.Paper;

/**
 * Hugging Face's daily papers: {@code GET /api/daily_papers?date=YYYY-MM-DD&limit=100&p=N}, one
 * day after another, each in pages of {@value #PAGE_SIZE} until a page comes back shorter; the
 * entries are read by {@link HfReader}, upvotes kept. A position is {@code YYYY-MM-DD/N}: the day
 * and page to fetch next. A day with no papers is an empty page, not an error.
 */
public final class HfDailySource implements HarvestSource {

  /** The most entries the API returns per request. */
  static final int PAGE_SIZE = 100;

  private final URI base;
  private final HttpFetcher fetcher;
  private static final JsonFactory CHECKER = new JsonFactory();

  private final HfReader reader = new HfReader();

  public HfDailySource(URI base, HttpFetcher fetcher) {
    this.base = base;
    this.fetcher = fetcher;
  }

  @Override
  public String name() {
    return "hf";
  }

  @Override
  public Page fetch(LocalDate from, LocalDate until, String position) throws HarvestException, InterruptedException {
    LocalDate day = from;
    int pageNumber = 0;
    if (position != null) {
      int slash = position.indexOf('/');
      try {
        day = LocalDate.parse(position.substring(0, Math.max(0, slash)));
        pageNumber = Integer.parseInt(position.substring(slash + 1));
      } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException e) {
        throw HarvestException.cursorExpired("hf: unreadable position '" + position + "'; starting the range again");
      }
    }
    String url = base.toString();
    URI uri = URI.create(url + (url.contains("?") ? "&" : "?") + "date=" + day + "&limit=" + PAGE_SIZE + "&p=" + pageNumber);
    byte[] body;
    try {
      body = fetcher.get(uri);
    } catch (HttpFetcher.FetchException e) {
      throw new HarvestException(e.getMessage());
    }
    requireJsonArray(uri, body);
    CorpusSummary summary = new CorpusSummary();
    List<Paper> papers = new ArrayList<>();
    try (PaperStream stream = reader.open(body, uri.toString(), summary)) {
      for (Paper paper = stream.next(); paper != null; paper = stream.next()) {
        papers.add(paper);
      }
    } catch (IOException e) {
      throw new HarvestException("GET " + uri + ": " + e.getMessage());
    }
    long entries = papers.size() + summary.recordsSkipped();
    String next;
    if (entries >= PAGE_SIZE) {
      next = day + "/" + (pageNumber + 1);
    } else {
      next = day.isBefore(until) ? day.plusDays(1) + "/0" : null;
    }
    return new Page(papers, List.of(), day, next, null, summary.recordsSkipped());
  }

  /**
   * Checks that the whole body is one well-formed JSON array before any entry is used: the reader
   * keeps the entries before a syntax error, but a harvest must not move past a page it read half of.
   */
  private static void requireJsonArray(URI uri, byte[] body) throws HarvestException {
    try (JsonParser parser = CHECKER.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new HarvestException("GET " + uri + ": the response is not a JSON array of daily papers");
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new HarvestException("GET " + uri + ": the response has data after its JSON array");
      }
    } catch (IOException e) {
      throw new HarvestException("GET " + uri + ": the response is not well-formed JSON ("
          + e.getMessage().lines().findFirst().orElse("") + ")");
    }
  }
}
