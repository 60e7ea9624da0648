package org.paperrec.server.harvest;

import java.net.URI;
import java.util.Objects;

/**
 * Base URLs of the remotes, configurable so that a mirror can be used and tests can point at a
 * local server.
 *
 * @param oai arXiv's OAI-PMH endpoint
 * @param hf Hugging Face's daily-papers API
 */
public record SourceUrls(URI oai, URI hf) {

  public static final String DEFAULT_OAI = "https://oaipmh.arxiv.org/oai";
  public static final String DEFAULT_HF = "https://huggingface.co/api/daily_papers";

  public SourceUrls {
    Objects.requireNonNull(oai, "oai");
    Objects.requireNonNull(hf, "hf");
  }

  /**
   * @throws IllegalArgumentException when either is not an absolute http or https URL
   */
  public static SourceUrls of(String oai, String hf) {
    return new SourceUrls(httpUrl("--oai-url", oai), httpUrl("--hf-url", hf));
  }

  private static URI httpUrl(String option, String value) {
    try {
      URI uri = URI.create(value.strip());
      if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + " must be an http or https URL such as " + DEFAULT_OAI + "; got '"
          + value + "'");
    }
  }
}
