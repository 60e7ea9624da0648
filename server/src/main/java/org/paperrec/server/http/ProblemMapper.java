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

  /** Answers errors that Jetty raises before a request reaches Javalin (bad URI, headers too large). */
  ErrorHandler jettyErrorHandler() {
    return new ErrorHandler() {
      @Override
      protected void generateResponse(
          Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String reason = org.eclipse.jetty.http.HttpStatus.getMessage(code);
        String detail = (message == null || message.isBlank() ? reason : message)
            + "; the HTTP server refused the request before routing it (check the URL encoding and header sizes)";
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        Problem problem = code == 400
            ? ProblemType.INVALID_REQUEST.problem(detail, path)
            : Problem.plain(code, reason, detail, path);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(bytes(problem)), callback);
      }
    };
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
