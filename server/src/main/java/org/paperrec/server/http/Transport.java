package org.paperrec.server.http;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How the HTTP server treats connections before a request reaches a route: deadlines for slow
 * clients, the size of the worker thread pool, and which {@code Host} names it answers. Read once
 * at start-up; see {@link JettyTransport} for what bounds what.
 *
 * @param idleTimeout longest silence on a connection (no byte in either direction) before the
 *     server closes it; also bounds a keep-alive connection between requests
 * @param headerTimeout longest time from a request's first byte to the end of its headers; a
 *     connection still sending headers then is answered 408 and closed
 * @param bodyTimeout longest time from the end of the headers to the end of the body; a body
 *     still arriving then is answered 408 and its connection closed. Bodies are read before a worker
 *     thread runs the route, so a slow body holds no thread while it arrives
 * @param maxThreads most worker threads of the HTTP server, at least {@value #MIN_THREADS}
 * @param allowedHosts {@code Host} names (with or without a port) the server answers; empty for the
 *     default: {@link HostCheck#LOOPBACK_NAMES} while bound to a loopback address, any name otherwise;
 *     {@code ["*"]} accepts any name everywhere
 * @param bodyMemoryBytes most bytes of request bodies held while they arrive, over all connections;
 *     a body that would pass it is answered 503 with {@code Retry-After}. Bodies are read before a
 *     thread is taken, so the thread pool no longer bounds this memory; default {@link
 *     #defaultBodyMemory()}
 */
public record Transport(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout, int maxThreads,
    List<String> allowedHosts, long bodyMemoryBytes) {

  /** Fewest worker threads: Jetty's selector and acceptor take some of the pool. */
  public static final int MIN_THREADS = 8;

  /**
   * Defaults: 30 s idle, 10 s for headers (a browser sends them in one packet), 60 s for a body (a
   * 16 MiB admin upsert needs about 280 KB/s), 200 threads, the loopback Host check.
   */
  public static final Transport DEFAULTS =
      new Transport(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(60), 200, List.of());

  /** Settings with {@link #defaultBodyMemory()}. */
  public Transport(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout, int maxThreads,
      List<String> allowedHosts) {
    this(idleTimeout, headerTimeout, bodyTimeout, maxThreads, allowedHosts, defaultBodyMemory());
  }

  /** An eighth of the heap, at least 32 MiB: 128 MiB with {@code -Xmx1g}, room for 128 bodies of 1 MiB at once. */
  public static long defaultBodyMemory() {
    return Math.max(32L << 20, Runtime.getRuntime().maxMemory() / 8);
  }

  public Transport {
    positive("idleTimeout", idleTimeout);
    positive("headerTimeout", headerTimeout);
    positive("bodyTimeout", bodyTimeout);
    if (maxThreads < MIN_THREADS) {
      throw new IllegalArgumentException("maxThreads must be at least " + MIN_THREADS + "; maxThreads=" + maxThreads);
    }
    if (bodyMemoryBytes <= 0) {
      throw new IllegalArgumentException("bodyMemoryBytes must be positive; bodyMemoryBytes=" + bodyMemoryBytes);
    }
    allowedHosts = allowedHosts == null ? List.of()
        : allowedHosts.stream().map(String::strip).filter(h -> !h.isEmpty()).map(h -> h.toLowerCase(Locale.ROOT)).toList();
    for (String host : allowedHosts) {
      if (host.contains("/") || host.contains("@") || host.contains(" ")) {
        throw new IllegalArgumentException(
            "allowed host must be a name or address with an optional port, e.g. paperrec.lab.example.org or"
                + " 192.168.1.5:7070; host=" + host);
      }
    }
  }

  /** These settings with other allowed Host names. */
  public Transport withAllowedHosts(List<String> hosts) {
    return new Transport(idleTimeout, headerTimeout, bodyTimeout, maxThreads, hosts, bodyMemoryBytes);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive; " + name + "=" + value);
    }
  }
}
