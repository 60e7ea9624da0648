package org.paperrec.server.harvest;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.paperrec.store.Paper;

/**
 * A remote that papers are harvested from, a page at a time: arXiv over OAI-PMH ({@link
 * OaiPmhSource}) or Hugging Face's daily papers ({@link HfDailySource}). A run asks for the pages
 * of a date range in order, each by the position the previous one returned, so that it can stop
 * after any page and resume there.
 */
public interface HarvestSource {

  /** The name that keys the source's state: {@code arxiv:cs}, {@code arxiv} (every set), {@code hf}. */
  String name();

  /** The first day a run covers when the source has no watermark and none is given: yesterday. */
  default LocalDate defaultFrom(LocalDate today) {
    return today.minusDays(1);
  }

  /**
   * Fetches one page of the range {@code [from, until]}.
   *
   * @param position the previous page's {@link Page#next()}; null for the first page
   * @throws HarvestException when the page cannot be had; nothing of it has been applied
   * @throws InterruptedException when interrupted while waiting for the remote
   */
  Page fetch(LocalDate from, LocalDate until, String position) throws HarvestException, InterruptedException;

  /**
   * One page.
   *
   * @param papers papers to add or update, latest metadata
   * @param deleted IDs of papers the source withdrew
   * @param latest the latest datestamp the page covers, or null when it has none
   * @param next the position of the next page; null when this is the last
   * @param total how many records the whole range holds when the source says, or null
   * @param skipped records of the page that could not be read (each reported in the log)
   */
  record Page(List<Paper> papers, List<String> deleted, LocalDate latest, String next, Long total, long skipped) {
    public Page {
      papers = List.copyOf(papers);
      deleted = List.copyOf(deleted);
      if (skipped < 0) {
        throw new IllegalArgumentException("skipped < 0");
      }
    }

    /** Records on this page: papers, deletions and skipped records. */
    public long records() {
      return papers.size() + deleted.size() + skipped;
    }
  }

  /** The source named {@code spec}: {@code arxiv}, {@code arxiv:SET} or {@code hf}. */
  static HarvestSource parse(String spec, SourceUrls urls, HttpFetcher fetcher) {
    Objects.requireNonNull(spec, "spec");
    String s = spec.strip();
    if (s.equals("hf")) {
      return new HfDailySource(urls.hf(), fetcher);
    }
    if (s.equals("arxiv")) {
      return new OaiPmhSource(urls.oai(), null, fetcher);
    }
    if (s.startsWith("arxiv:") && s.length() > "arxiv:".length()) {
      return new OaiPmhSource(urls.oai(), s.substring("arxiv:".length()), fetcher);
    }
    throw new IllegalArgumentException(
        "unknown harvest source '" + spec + "': use arxiv, arxiv:SET (e.g. arxiv:cs, arxiv:physics:hep-th) or hf");
  }
}
