package org.paperrec.server.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.paperrec.server.harvest.Durations;
import org.paperrec.server.http.Transport;
import picocli.CommandLine.Option;

/** {@code serve}'s options for slow clients and allowed Host names; see {@link Transport}. */
final class TransportOptions {

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      defaultValue = "${env:PAPERREC_IDLE_TIMEOUT:-30s}",
      description = "Close a connection silent for this long. Env PAPERREC_IDLE_TIMEOUT. Default: ${DEFAULT-VALUE}.")
  String idleTimeout;

  @Option(
      names = "--header-timeout",
      paramLabel = "DURATION",
      defaultValue = "${env:PAPERREC_HEADER_TIMEOUT:-10s}",
      description = "Longest time a request's line and headers may take to arrive (then 408 and close)."
          + " Env PAPERREC_HEADER_TIMEOUT. Default: ${DEFAULT-VALUE}.")
  String headerTimeout;

  @Option(
      names = "--body-timeout",
      paramLabel = "DURATION",
      defaultValue = "${env:PAPERREC_BODY_TIMEOUT:-60s}",
      description = "Longest time a request body may take to arrive after its headers (then 408 and close); raise it"
          + " for large admin uploads over slow links. Env PAPERREC_BODY_TIMEOUT. Default: ${DEFAULT-VALUE}.")
  String bodyTimeout;

  @Option(
      names = "--http-threads",
      paramLabel = "N",
      defaultValue = "${env:PAPERREC_HTTP_THREADS:-200}",
      description = "Most worker threads of the HTTP server (at least " + Transport.MIN_THREADS + ")."
          + " Env PAPERREC_HTTP_THREADS. Default: ${DEFAULT-VALUE}.")
  int httpThreads;

  @Option(
      names = "--allowed-hosts",
      paramLabel = "HOST",
      split = ",",
      defaultValue = "${env:PAPERREC_ALLOWED_HOSTS:-}",
      description = "Host names (optionally name:port) the server answers; others get 421. Default: localhost,"
          + " 127.0.0.1 and [::1] while bound to loopback, any name otherwise; '*' for any name."
          + " Env PAPERREC_ALLOWED_HOSTS, comma-separated.")
  List<String> allowedHosts = new ArrayList<>();

  /** @throws IllegalArgumentException naming the option whose value is wrong */
  Transport settings() {
    return new Transport(duration("--idle-timeout", idleTimeout), duration("--header-timeout", headerTimeout),
        duration("--body-timeout", bodyTimeout), threads(), allowedHosts);
  }

  private int threads() {
    if (httpThreads < Transport.MIN_THREADS) {
      throw new IllegalArgumentException(
          "--http-threads must be at least " + Transport.MIN_THREADS + "; --http-threads=" + httpThreads);
    }
    return httpThreads;
  }

  private static Duration duration(String option, String value) {
    Duration d;
    try {
      d = Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(option + " must be positive, e.g. 30s; " + option + "=" + value);
    }
    return d;
  }
}
