package org.paperrec.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request's whole body asynchronously before the request goes on to Javalin, so that no
 * worker thread waits for a slow body. Javalin's routes read bodies with blocking calls; without
 * this, every client that sends its body slowly parks one worker thread until it is done, and a
 * few hundred such clients take every thread the pool has (issue 10: about 250 sockets sending a
 * byte every 20 s stalled every other client). Here a body arrives through Jetty's demand
 * callbacks: a thread runs only while bytes are there to copy, then returns to the pool.
 *
 * <p>A body must be complete within {@code timeout} of the end of the headers: a body still
 * arriving then is answered 408 {@code request-timeout} and its connection closed (Jetty cannot
 * reuse a connection whose body was not read). A total deadline rather than a minimum data rate:
 * it fires even when no byte arrives at all, and a client can tell from one number how long it
 * has. Bodies are buffered in memory as they arrive (no allocation up front for a declared
 * length), up to the route's limit; a longer chunked body is answered 413. A body declared longer
 * than that is not read at all: the route refuses it by its Content-Length. The routes then read the buffered bytes; their per-route limits stay.
 *
 * <p>Thread-safe: each request gets its own {@link Loader}, whose reads are serialised by Jetty's
 * demand and whose end (complete, timed out, failed) is decided once by a compare-and-set.
 */
final class BodyPrefetch extends Handler.Wrapper {

  private static final Logger LOG = LoggerFactory.getLogger(BodyPrefetch.class);

  /** Seconds a client refused for lack of body memory is asked to wait. */
  static final int BUSY_RETRY_AFTER_SECONDS = 5;

  private final ToLongFunction<Request> maxBytesOf;
  private final long timeoutMillis;
  private final long memoryBytes;
  /** Bytes held by every body still arriving. */
  private final AtomicLong held = new AtomicLong();

  /**
   * @param maxBytesOf largest body read ahead for a request, in bytes: its route's limit
   * @param timeout longest time a body may take to arrive, from the end of the headers
   * @param memoryBytes most bytes held by all bodies still arriving; once a body is complete its
   *     bytes belong to the route's thread and count no more (the pool bounds those)
   */
  BodyPrefetch(ToLongFunction<Request> maxBytesOf, Duration timeout, long memoryBytes) {
    this.maxBytesOf = maxBytesOf;
    this.timeoutMillis = timeout.toMillis();
    this.memoryBytes = memoryBytes;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long maxBytes = maxBytesOf.applyAsLong(request);
    long length = request.getLength();
    boolean chunked = length < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    if (length == 0 || (length < 0 && !chunked) || length > maxBytes) {
      return super.handle(request, response, callback);
    }
    new Loader(request, response, callback, length, maxBytes).start();
    return true;
  }

  /** One body being read; {@link #run()} is the demand callback. */
  private final class Loader implements Runnable {

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final long declared;
    private final long maxBytes;
    private final ByteArrayOutputStream body;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** This body's share of {@link #held}; guarded by this loader's lock. */
    private long reserved;
    private volatile Scheduler.Task timeout;

    Loader(Request request, Response response, Callback callback, long declared, long maxBytes) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.declared = declared;
      this.maxBytes = maxBytes;
      // Grow as bytes arrive: a declared 16 MiB that never comes must cost nothing.
      this.body = new ByteArrayOutputStream((int) Math.min(declared < 0 ? 8192 : declared, 8192));
    }

    void start() {
      timeout = request.getComponents().getScheduler().schedule(this::expire, timeoutMillis, TimeUnit.MILLISECONDS);
      run();
    }

    @Override
    public void run() {
      while (!ended.get()) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          if (chunk.isLast()) {
            aborted(chunk.getFailure());
          } else {
            // A transient failure is Jetty's idle timeout: the client sent nothing for that long.
            long idle = request.getConnectionMetaData().getConnector().getIdleTimeout();
            refuse(ProblemType.REQUEST_TIMEOUT, "no byte of the request body arrived for " + seconds(idle) + " s ("
                + received() + "): send the body right after the headers, without pausing");
          }
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        int n = bytes.remaining();
        if (body.size() + (long) n > maxBytes) {
          chunk.release();
          refuse(ProblemType.BODY_TOO_LARGE, request.getMethod() + " " + request.getHttpURI().getPath()
              + " accepts bodies of at most " + maxBytes + " bytes; this chunked body is longer: send fewer or"
              + " shorter items per request");
          return;
        }
        Boolean reservedNow = reserve(n);
        if (reservedNow == null) {
          chunk.release(); // ended meanwhile (the deadline): nothing more to hold
          return;
        }
        if (!reservedNow) {
          chunk.release();
          response.getHeaders().put("Retry-After", Integer.toString(BUSY_RETRY_AFTER_SECONDS));
          refuse(ProblemType.BODIES_IN_TRANSIT, "the server is receiving too many other request bodies right now ("
              + memoryBytes + " bytes held); retry in " + BUSY_RETRY_AFTER_SECONDS + " s");
          return;
        }
        if (bytes.hasArray()) {
          body.write(bytes.array(), bytes.arrayOffset() + bytes.position(), n);
        } else {
          byte[] copy = new byte[n];
          bytes.get(copy);
          body.write(copy, 0, n);
        }
        boolean last = chunk.isLast();
        chunk.release();
        if (last) {
          if (ended.compareAndSet(false, true)) {
            cancelTimeout();
            release();
            dispatch();
          }
          return;
        }
      }
    }

    private void dispatch() {
      Request buffered = new Buffered(request, body.toByteArray());
      try {
        if (!BodyPrefetch.this.getHandler().handle(buffered, response, callback)) {
          Response.writeError(request, response, callback, 404);
        }
      } catch (Throwable t) {
        Response.writeError(request, response, callback, t);
      }
    }

    /** The deadline passed before the body was complete. */
    private void expire() {
      String detail = "the request body did not arrive within " + seconds(timeoutMillis) + " s (" + received()
          + "): send the body right after the headers; an upload over a slow link needs a longer --body-timeout"
          + " (PAPERREC_BODY_TIMEOUT) on the server";
      // Not on the scheduler's thread, which only fires timers.
      request.getContext().execute(() -> refuse(ProblemType.REQUEST_TIMEOUT, detail));
    }

    /**
     * Takes {@code n} more bytes from the budget: true if taken, false if the budget is spent, null
     * if this body has ended (then nothing may be taken, or {@link #release} would miss it).
     */
    private synchronized Boolean reserve(int n) {
      if (ended.get()) {
        return null;
      }
      if (held.addAndGet(n) > memoryBytes) {
        held.addAndGet(-n);
        return false;
      }
      reserved += n;
      return true;
    }

    /** Returns this body's bytes to the budget; called once, after {@code ended} is set. */
    private synchronized void release() {
      held.addAndGet(-reserved);
      reserved = 0;
    }

    private void cancelTimeout() {
      Scheduler.Task task = timeout; // null only if the deadline fired before start() stored it
      if (task != null) {
        task.cancel();
      }
    }

    private String received() {
      return body.size() + (declared >= 0 ? " of " + declared : "") + " bytes received";
    }

    private void refuse(ProblemType type, String detail) {
      if (ended.compareAndSet(false, true)) {
        cancelTimeout();
        release();
        ProblemMapper.refuse(request, response, callback, type, detail);
      }
    }

    /** The client closed or reset the connection mid-body: nobody is left to answer, and it is no server fault. */
    private void aborted(Throwable failure) {
      if (ended.compareAndSet(false, true)) {
        cancelTimeout();
        release();
        LOG.debug("client aborted its request body after {} bytes: {}", body.size(), failure.toString());
        callback.failed(failure);
      }
    }
  }

  /** Milliseconds as seconds for a detail: {@code 30} or {@code 1.5}. */
  static String seconds(long millis) {
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0);
  }

  /** The request with its body already read: one chunk with every byte, then the end. */
  private static final class Buffered extends Request.Wrapper {

    private final AtomicBoolean consumed = new AtomicBoolean();
    private final byte[] body;

    Buffered(Request request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public long getLength() {
      return body.length;
    }

    @Override
    public Content.Chunk read() {
      return consumed.compareAndSet(false, true) ? Content.Chunk.from(ByteBuffer.wrap(body), true) : Content.Chunk.EOF;
    }

    @Override
    public void demand(Runnable demandCallback) {
      // Content is always available: a read never returns null.
      getContext().execute(demandCallback);
    }

    @Override
    public boolean consumeAvailable() {
      consumed.set(true);
      return true;
    }
  }
}
