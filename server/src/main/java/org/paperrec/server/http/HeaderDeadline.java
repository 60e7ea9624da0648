package org.paperrec.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;

/**
 * A deadline for request headers, which Jetty does not have: its idle timeout restarts with every
 * byte, so headers trickled a byte every 20 s would keep a connection for hours (8 KiB of them).
 * Jetty parses headers without holding a thread while it waits for bytes, so slow headers cost a
 * connection, not a thread; this bounds how long.
 *
 * <p>A watchdog on the connector's scheduler looks at every connection a few times per deadline:
 * a connection whose HTTP parser has been inside one request's request line and headers (past the
 * first byte, before the body) for longer than the deadline gets a 408 {@code request-timeout}
 * problem and is closed. "The same request" is told by the connection's count of requests, so a
 * busy keep-alive connection never adds up. A connection may so live up to one check interval
 * (a quarter of the deadline, at most 1 s) beyond the deadline.
 *
 * <p>Waiting for a request has a bound too. Jetty's parser skips CR and LF before a request line
 * without leaving its start state, and each such byte restarts the idle timeout: a client sending
 * {@code \r\n} every few seconds would hold a connection forever. A connection that has waited
 * for its next request longer than the idle timeout plus the header deadline is closed the same
 * way (an idle one is closed by the idle timeout before that).
 *
 * <p>Uses Jetty's {@code HttpConnection} of its internal package, the one place where the parser's
 * state is visible; its state field is volatile, so reading it from the watchdog is safe. Not
 * thread-safe: the scheduler runs one check at a time, and only it touches the tracking map.
 */
final class HeaderDeadline implements Runnable {

  /** When a connection entered its current phase: waiting for a request, or reading its headers. */
  private record Started(long requestsBefore, boolean headers, long nanos) {}

  private final AbstractConnector connector;
  private final long timeoutNanos;
  private final long waitingNanos;
  private final long intervalMillis;
  private final byte[] timeoutResponse;
  private final Map<EndPoint, Started> inHeaders = new HashMap<>();

  /**
   * @param connector the connector whose connections are watched
   * @param timeout longest time from a request's first byte to the end of its headers
   * @param problemJson the body of the 408 answer
   */
  HeaderDeadline(AbstractConnector connector, Duration timeout, byte[] problemJson) {
    this.connector = connector;
    this.timeoutNanos = timeout.toNanos();
    this.waitingNanos = TimeUnit.MILLISECONDS.toNanos(connector.getIdleTimeout()) + timeoutNanos;
    this.intervalMillis = Math.max(50, Math.min(1000, timeout.toMillis() / 4));
    byte[] head = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: " + Problem.MEDIA_TYPE + "\r\nContent-Length: "
        + problemJson.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    this.timeoutResponse = ByteBuffer.allocate(head.length + problemJson.length).put(head).put(problemJson).array();
  }

  /** Starts watching; the watchdog stops by itself when the connector stops. */
  void start() {
    connector.getScheduler().schedule(this, intervalMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void run() {
    if (!connector.isRunning()) {
      return;
    }
    try {
      check(System.nanoTime());
    } finally {
      connector.getScheduler().schedule(this, intervalMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void check(long now) {
    inHeaders.keySet().removeIf(endPoint -> !endPoint.isOpen());
    for (EndPoint endPoint : connector.getConnectedEndPoints()) {
      if (!(endPoint.getConnection() instanceof HttpConnection connection)) {
        continue;
      }
      HttpParser.State state = connection.getParser().getState();
      boolean readingHeaders =
          state.ordinal() > HttpParser.State.START.ordinal() && state.ordinal() < HttpParser.State.CONTENT.ordinal();
      boolean waiting = state == HttpParser.State.START;
      if (!readingHeaders && !waiting) {
        inHeaders.remove(endPoint);
        continue;
      }
      long requests = connection.getMessagesIn();
      Started started = inHeaders.get(endPoint);
      if (started == null || started.requestsBefore() != requests || started.headers() != readingHeaders) {
        inHeaders.put(endPoint, new Started(requests, readingHeaders, now));
      } else if (now - started.nanos() > (readingHeaders ? timeoutNanos : waitingNanos)) {
        inHeaders.remove(endPoint);
        try {
          endPoint.write(Callback.from(endPoint::close, failure -> endPoint.close()), ByteBuffer.wrap(timeoutResponse));
        } catch (RuntimeException e) {
          endPoint.close(); // a write in progress (WritePendingException): just close
        }
      }
    }
  }
}
