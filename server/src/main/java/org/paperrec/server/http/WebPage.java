package org.paperrec.server.http;

import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.staticfiles.StaticFileConfig;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The paperrec web page: {@code GET /} answers the classpath file {@value #FOLDER}{@code
 * /index.html}, and every file of that folder is served under {@value #HOSTED_PATH}{@code /}
 * (scripts, styles, images; the extension's shared scripts under {@code /app/shared/}, which the
 * build copies in), except {@code index.html} itself, whose one address is {@code /}. These are
 * static files, not API routes: {@code openapi.json} documents only {@code /}. A file that is not
 * there is a 404 {@code route-not-found} problem like any unknown path.
 *
 * <p>Every answer carries {@link #HEADERS}: {@code Cache-Control: no-cache}, so that a browser
 * revalidates (and picks up a new release) on every load; a strict Content-Security-Policy that
 * allows scripts, styles and fetches from this server only; and {@code X-Content-Type-Options:
 * nosniff}. Thread-safe.
 */
final class WebPage {

  /** The classpath folder of the page's files. */
  static final String FOLDER = "/org/paperrec/server/web";

  /** Where the folder's files are served. */
  static final String HOSTED_PATH = "/app";

  static final String CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:;"
      + " style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none';"
      + " form-action 'self'";

  static final Map<String, String> HEADERS = Map.of(
      Header.CACHE_CONTROL, "no-cache",
      Header.CONTENT_SECURITY_POLICY, CSP,
      Header.X_CONTENT_TYPE_OPTIONS, "nosniff");

  private final byte[] index;

  WebPage() {
    this.index = Resources.read(FOLDER + "/index.html");
  }

  /** {@code GET /}. */
  void index(Context ctx) {
    QueryParams.allowOnly(ctx, Set.of());
    HEADERS.forEach(ctx::header);
    ctx.contentType("text/html; charset=utf-8").result(index);
  }

  /** The static files of {@link #FOLDER} under {@link #HOSTED_PATH}, for {@code config.staticFiles.add}. */
  static void staticFiles(StaticFileConfig files) {
    files.hostedPath = HOSTED_PATH;
    files.directory = FOLDER;
    files.location = Location.CLASSPATH;
    files.headers = HEADERS;
    // The page has one address, /: Javalin would also answer it at /app/index.html, and at a folder
    // (/app, /app/) with that folder's index.html.
    files.skipFileFunction = request -> {
      // Decoded and without dot segments, as the file is looked up: not /app/%69ndex.html.
      String path = request.getServletPath() + Objects.toString(request.getPathInfo(), "");
      return path.equals(HOSTED_PATH) || path.endsWith("/") || path.equals(HOSTED_PATH + "/index.html");
    };
    // Stated rather than left to Javalin's table, with the charset of our UTF-8 text files.
    files.mimeTypes.add("text/html; charset=utf-8", "html");
    files.mimeTypes.add("text/javascript; charset=utf-8", "js");
    files.mimeTypes.add("text/css; charset=utf-8", "css");
    files.mimeTypes.add("image/svg+xml", "svg");
  }
}
