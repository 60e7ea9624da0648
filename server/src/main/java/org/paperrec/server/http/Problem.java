package org.paperrec.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem: the body of every error response, sent as {@code application/problem+json}.
 *
 * @param type a {@link ProblemType} URI, or {@code about:blank} for plain HTTP errors
 * @param title short summary of the type, the same for every problem of that type
 * @param status the HTTP status code
 * @param detail what went wrong with this request and what to do about it
 * @param instance the request path
 * @param errorId for server errors only: the short id under which the error is logged
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String detail, String instance, String errorId) {

  static final String MEDIA_TYPE = "application/problem+json";

  /** A problem with no type of our own ({@code about:blank}), titled by the status' reason phrase. */
  static Problem plain(int status, String reason, String detail, String instance) {
    return new Problem("about:blank", reason, status, detail, instance, null);
  }

  Problem withErrorId(String id) {
    return new Problem(type, title, status, detail, instance, id);
  }
}
