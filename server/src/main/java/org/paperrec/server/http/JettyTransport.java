package org.paperrec.server.http;

import io.javalin.config.JettyConfig;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * What bounds slow and hostile clients before a request reaches a route, in one place:
 *
 * <ul>
 *   <li>a bounded, named worker pool ({@link Transport#maxThreads()}, threads {@code paperrec-http-N});
 *   <li>the connector's idle timeout: a silent connection is closed ({@link Transport#idleTimeout()});
 *   <li>{@link HeaderDeadline}: request line and headers complete within {@link Transport#headerTimeout()}
 *       or 408 and close; slow headers never hold a thread (Jetty parses them as bytes arrive);
 *   <li>{@link BodyPrefetch}: the body is read before dispatch, asynchronously, within {@link
 *       Transport#bodyTimeout()} or 408 and close; a slow body holds no thread either, so a flood
 *       of slow connections leaves the whole pool to the requests that are complete;
 *   <li>{@link HostCheck}: 421 for a {@code Host} this server does not answer (DNS rebinding);
 *   <li>{@code OPTIONS *} answered 204 with {@code Allow} (Jetty alone answers an empty 404).
 * </ul>
 *
 * Alternatives weighed: Jetty's {@code minRequestDataRate} is enforced only while a servlet reads,
 * that is while a thread is parked (and not at all with no byte arriving); a semaphore on blocking
 * body reads with 503 beyond would turn away honest uploads during a flood; virtual threads need
 * Java 21. Reading bodies ahead removes the parked thread itself. Handlers run outermost first:
 * host check, target check, body prefetch, then Javalin.
 */
final class JettyTransport {

  private JettyTransport() {}

  /**
   * Installs every bound of {@code transport} into Javalin's Jetty.
   *
   * @param timeoutProblem the body of the 408 problem for headers that miss their deadline
   */
  static void configure(JettyConfig jetty, Transport transport, byte[] timeoutProblem) {
    QueuedThreadPool pool = new QueuedThreadPool(transport.maxThreads(), Transport.MIN_THREADS);
    pool.setName("paperrec-http");
    jetty.threadPool = pool;
    jetty.modifyServer(server -> {
      // insertHandler puts each new handler first, so the last inserted runs first.
      server.insertHandler(new BodyPrefetch(JettyTransport::maxBodyBytes, transport.bodyTimeout(), transport.bodyMemoryBytes()));
      server.insertHandler(new AsteriskTarget());
      server.insertHandler(new HostCheck(transport.allowedHosts()));
      server.addEventListener(new LifeCycle.Listener() {
        @Override
        public void lifeCycleStarting(LifeCycle event) {
          for (Connector connector : server.getConnectors()) {
            if (connector instanceof AbstractConnector c) {
              c.setIdleTimeout(transport.idleTimeout().toMillis());
            }
          }
        }

        @Override
        public void lifeCycleStarted(LifeCycle event) {
          for (Connector connector : server.getConnectors()) {
            if (connector instanceof AbstractConnector c) {
              new HeaderDeadline(c, transport.headerTimeout(), timeoutProblem).start();
            }
          }
        }
      });
    });
  }

  /**
   * The body limit of a request's route ({@link Limits}): 16 MiB for an admin upsert, 1 MiB for
   * every other body (queries, seen papers), so a client cannot make the server buffer more than its
   * route would accept.
   */
  static long maxBodyBytes(Request request) {
    return HttpMethod.POST.is(request.getMethod()) && "/v1/papers".equals(request.getHttpURI().getPath())
        ? Limits.PAPERS_BODY_BYTES
        : Math.max(Limits.QUERY_BODY_BYTES, Limits.SEEN_BODY_BYTES);
  }

  /**
   * The asterisk request target ({@code OPTIONS * HTTP/1.1}, RFC 9110 section 7.1) asks about the
   * server as a whole: answered with the methods the API uses. Jetty would answer a bare 404.
   */
  static final class AsteriskTarget extends Handler.Wrapper {

    static final String ALLOW = "GET, HEAD, POST, PUT, DELETE, OPTIONS";

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      // Jetty itself refuses '*' with any other method (400 "Bad URI path").
      if (!"*".equals(request.getHttpURI().getPath()) || !HttpMethod.OPTIONS.is(request.getMethod())) {
        return super.handle(request, response, callback);
      }
      response.setStatus(204);
      response.getHeaders().put("Allow", ALLOW);
      callback.succeeded();
      return true;
    }
  }
}
