package org.paperrec.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.paperrec.recommend.NoKnownLikesException;
import org.paperrec.recommend.PaperNotFoundException;
import org.paperrec.recommend.profile.ProfileFullException;
import org.paperrec.store.StorageFullException;
import org.paperrec.store.UserNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP responses: every exception a handler throws, every
 * {@link Error}, and every error Jetty answers on its own is written as an RFC 9457 {@link Problem}
 * in {@code application/problem+json}. Server errors are logged with a short error id that the
 * problem's detail repeats; no stack trace ever reaches a client.
 *
 * <p>Thread-safe: stateless apart from the thread-safe JSON mapper.
 */
final class ProblemMapper {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

  private final ObjectMapper json;

  ProblemMapper(ObjectMapper json) {
    this.json = json;
  }

  /** Registers the mapper for every exception, replacing Javalin's own HTML/plain-text answers. */
  void register(RoutesConfig routes) {
    // Javalin pre-registers a handler for its HttpResponseException (404, 405, 413...): replace it.
    routes.exception(HttpResponseException.class, this::handle);
    routes.exception(Exception.class, this::handle);
  }

  void handle(Exception e, Context ctx) {
    Problem problem = toProblem(e, ctx);
    if (problem.type().equals(ProblemType.USER_UNAUTHORIZED.uri())) {
      ctx.header(Header.WWW_AUTHENTICATE, "Bearer realm=\"paperrec users\"");
    } else if (problem.status() == 401) {
      ctx.header(Header.WWW_AUTHENTICATE, "Bearer realm=\"paperrec admin\"");
    }
    if (e instanceof HttpResponseException && problem.status() == 405) {
      ctx.header(Header.ALLOW, allowedMethods((HttpResponseException) e));
    }
    ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(bytes(problem));
  }

  /** The mapping: exception to problem. */
  Problem toProblem(Exception e, Context ctx) {
    String instance = ctx.path();
    if (e instanceof ProblemException) {
      return ((ProblemException) e).type().problem(e.getMessage(), instance);
    }
    if (e instanceof PaperNotFoundException) {
      String hint = ctx.method().equals(HandlerType.GET)
          ? "; POST /v1/similar finds neighbours of a paper from its title and abstract"
          : "";
      return ProblemType.PAPER_NOT_FOUND.problem(e.getMessage() + hint, instance);
    }
    if (e instanceof ProfileFullException) {
      return ProblemType.PROFILE_FULL.problem(e.getMessage(), instance);
    }
    if (e instanceof UserNotFoundException) {
      // A user deleted between authentication and this request's write: its token is void now.
      return ProblemType.USER_UNAUTHORIZED.problem(
          "the user of this token was deleted; create a new one with POST /v1/users", instance);
    }
    if (e instanceof NoKnownLikesException) {
      return ProblemType.NO_KNOWN_LIKES.problem(e.getMessage(), instance);
    }
    if (e instanceof IllegalArgumentException) {
      return ProblemType.INVALID_REQUEST.problem(e.getMessage(), instance);
    }
    if (e instanceof StorageFullException) {
      // The operator's problem, not the client's and not a bug: one line, no stack trace.
      LOG.warn("{} {} refused: {}", ctx.method(), instance, e.getMessage());
      return ProblemType.INSUFFICIENT_STORAGE.problem(e.getMessage(), instance);
    }
    if (JsonErrors.isOverLimit(e)) {
      return ProblemType.JSON_LIMIT_EXCEEDED.problem(JsonErrors.describeLimit(e), instance);
    }
    if (JsonErrors.isRequestError(e)) {
      return ProblemType.MALFORMED_JSON.problem(JsonErrors.describe(e), instance);
    }
    if (e instanceof HttpResponseException) {
      return fromJavalin((HttpResponseException) e, ctx);
    }
    String errorId = newErrorId();
    LOG.error("error {} answering {} {}", errorId, ctx.method(), instance, e);
    return internal(errorId, instance);
  }

  /** For {@code RouterConfig.javaLangErrorHandler}: an {@link Error} such as OutOfMemoryError. */
  void handleError(HttpServletResponse res, Error error) {
    String errorId = newErrorId();
    LOG.error("error {}: {}", errorId, error.toString(), error);
    if (res.isCommitted()) {
      return;
    }
    try {
      res.reset();
      res.setStatus(500);
      res.setContentType(Problem.MEDIA_TYPE);
      res.getOutputStream().write(bytes(internal(errorId, null)));
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not write the problem for error {}", errorId, e);
    }
  }

  /**
   * Answers errors that Jetty raises or writes before a request reaches Javalin (a malformed request
   * line, headers too large, an unknown HTTP version) and the refusals of the transport handlers in
   * front of Javalin ({@link HostCheck}, {@link BodyPrefetch}, which pass their problem through {@link
   * #refuse}). Jetty's own message, such as "Bad UTF-8 encoding", leads the detail;
   * the rest says what to change.
   */
  ErrorHandler jettyErrorHandler() {
    return new ErrorHandler() {
      /** Jetty writes an error body for GET, POST and HEAD only; a DELETE or PUT deserves a problem too. */
      @Override
      public boolean errorPageForMethod(String method) {
        return true;
      }

      @Override
      protected void generateResponse(
          Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        // Jetty's placeholder when the request line could not be parsed: there is no real path.
        String instance = path == null || path.equals("/badMessage") ? null : path;
        Problem problem = request.getAttribute(PROBLEM_ATTRIBUTE) instanceof ProblemException known
            ? known.type().problem(known.getMessage(), instance)
            : jettyProblem(code, message, instance,
                request.getConnectionMetaData().getHttpConfiguration().getRequestHeaderSize());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(bytes(problem)), callback);
      }
    };
  }

  /** The request attribute that carries a transport handler's problem to {@link #jettyErrorHandler()}. */
  private static final String PROBLEM_ATTRIBUTE = ProblemMapper.class.getName() + ".problem";

  /**
   * Answers {@code request} with the problem of {@code type}, through Jetty's error handling (which
   * also closes a connection whose body is unread). For handlers in front of Javalin; not passed
   * as a cause, since Jetty logs causes.
   */
  static void refuse(Request request, Response response, Callback callback, ProblemType type, String detail) {
    request.setAttribute(PROBLEM_ATTRIBUTE, new ProblemException(type, detail));
    Response.writeError(request, response, callback, type.status(), detail);
  }

  /**
   * The problem for an error Jetty found itself, with a detail per status.
   *
   * @param message Jetty's reason, may be null
   * @param headerBytes the largest request line plus headers Jetty accepts, in bytes
   */
  static Problem jettyProblem(int code, String message, String instance, int headerBytes) {
    String reason = org.eclipse.jetty.http.HttpStatus.getMessage(code);
    String said = message == null || message.isBlank() || message.equals(reason) ? "" : message + ": ";
    String advice = switch (code) {
      case 400 -> "the HTTP server could not parse the request; send HTTP/1.1 with a Host header and a path"
          + " percent-encoded as UTF-8 (a slash inside a paper ID as %2F)";
      case 408 -> "the request did not arrive in time; send the headers and the body without pausing";
      case 413 -> "the request body is too large; send fewer or shorter items per request";
      case 414 -> "the request line is longer than " + headerBytes + " bytes; shorten the URL (a search query q is at"
          + " most " + Limits.QUERY_CHARS + " characters) or send long texts in a POST body, e.g. POST /v1/similar";
      case 417 -> "only 'Expect: 100-continue' is supported; remove the Expect header";
      case 431 -> "the request line and headers are larger than " + headerBytes + " bytes together; send fewer or"
          + " shorter headers (large cookies are the usual cause)";
      case 501 -> "the HTTP server does not implement this; send the body with Content-Length or"
          + " 'Transfer-Encoding: chunked' only";
      case 505 -> "only HTTP/1.0 and HTTP/1.1 are supported; send the request as HTTP/1.1";
      default -> "the HTTP server refused the request before routing it";
    };
    String detail = said + advice;
    return switch (code) {
      case 400 -> ProblemType.INVALID_REQUEST.problem(detail, instance);
      case 408 -> ProblemType.REQUEST_TIMEOUT.problem(detail, instance);
      case 413 -> ProblemType.BODY_TOO_LARGE.problem(detail, instance);
      default -> Problem.plain(code, reason, detail, instance);
    };
  }

  /** The 408 problem written when request headers miss their deadline ({@link HeaderDeadline}). */
  byte[] headerTimeoutProblem(Duration headerTimeout) {
    return bytes(ProblemType.REQUEST_TIMEOUT.problem(
        "the request line and headers did not arrive within " + BodyPrefetch.seconds(headerTimeout.toMillis())
            + " s (the server's --header-timeout): send them without pausing; the server closed the connection", null));
  }

  private Problem fromJavalin(HttpResponseException e, Context ctx) {
    String instance = ctx.path();
    switch (e.getStatus()) {
      case 404:
        return ProblemType.ROUTE_NOT_FOUND.problem(
            "no route matches " + ctx.method() + " " + instance + "; GET /openapi.json lists every route", instance);
      case 405:
        return ProblemType.METHOD_NOT_ALLOWED.problem(
            ctx.method() + " is not allowed on " + instance + "; allowed: " + allowedMethods(e), instance);
      case 413:
        return ProblemType.BODY_TOO_LARGE.problem(e.getMessage(), instance);
      default:
        HttpStatus status = HttpStatus.forStatus(e.getStatus());
        return Problem.plain(e.getStatus(), status.getMessage(), e.getMessage(), instance);
    }
  }

  /** Javalin puts the methods into the 405's details, under a key that depends on the Accept header. */
  private static String allowedMethods(HttpResponseException e) {
    Map<String, String> details = e.getDetails();
    String methods = details.getOrDefault("availableMethods", details.get("Available methods"));
    return methods == null ? "" : methods;
  }

  private static Problem internal(String errorId, String instance) {
    return ProblemType.INTERNAL_ERROR
        .problem("unexpected server error; it was logged with error id " + errorId
            + ": quote that id when reporting it to the server's operator", instance)
        .withErrorId(errorId);
  }

  /** Eight hex digits: short enough to read out, enough to find the log line. */
  private static String newErrorId() {
    return String.format("%08x", ThreadLocalRandom.current().nextInt());
  }

  private byte[] bytes(Problem problem) {
    try {
      return json.writeValueAsBytes(problem);
    } catch (IOException e) {
      // A record of strings and an int always serialises; keep a valid body if it ever does not.
      return ("{\"status\":" + problem.status() + "}").getBytes(StandardCharsets.UTF_8);
    }
  }
}
