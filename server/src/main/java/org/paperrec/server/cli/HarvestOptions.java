package org.paperrec.server.cli;

import java.time.Duration;
import org.paperrec.server.harvest.Durations;
import org.paperrec.server.harvest.HttpFetcher;
import org.paperrec.server.harvest.SourceUrls;
import picocli.CommandLine.Option;

/** Where harvests fetch from and how politely: shared by {@code harvest} and {@code serve --harvest}. */
final class HarvestOptions {

  @Option(
      names = "--oai-url",
      paramLabel = "URL",
      defaultValue = "${env:PAPERREC_OAI_URL:-" + SourceUrls.DEFAULT_OAI + "}",
      description = "arXiv's OAI-PMH endpoint, or a mirror. Env PAPERREC_OAI_URL. Default: ${DEFAULT-VALUE}.")
  String oaiUrl;

  @Option(
      names = "--hf-url",
      paramLabel = "URL",
      defaultValue = "${env:PAPERREC_HF_URL:-" + SourceUrls.DEFAULT_HF + "}",
      description = "Hugging Face's daily-papers API, or a mirror. Env PAPERREC_HF_URL. Default: ${DEFAULT-VALUE}.")
  String hfUrl;

  @Option(
      names = "--request-delay",
      paramLabel = "DURATION",
      defaultValue = "${env:PAPERREC_REQUEST_DELAY:-3s}",
      description = "Least time between two requests to a remote (arXiv asks for 3 s). Env PAPERREC_REQUEST_DELAY."
          + " Default: ${DEFAULT-VALUE}.")
  String requestDelay;

  SourceUrls urls() {
    return SourceUrls.of(oaiUrl, hfUrl);
  }

  HttpFetcher fetcher() {
    Duration delay;
    try {
      delay = Durations.parse(requestDelay);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--request-delay: " + e.getMessage());
    }
    return HttpFetcher.create(HttpFetcher.Settings.DEFAULTS.withPoliteness(delay));
  }
}
