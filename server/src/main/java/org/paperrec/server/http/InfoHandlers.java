package org.paperrec.server.http;

import io.javalin.http.Context;
import io.javalin.http.Header;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.paperrec.recommend.Library;

/** Routes about the service itself: the index page, health and the OpenAPI document. */
final class InfoHandlers {

  /** Classpath resource of the OpenAPI 3.1 document. */
  static final String OPENAPI_RESOURCE = "/org/paperrec/server/http/openapi.json";

  private static final String INDEX_HTML =
      "<!doctype html>\n"
          + "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>paperrec</title></head>\n"
          + "<body>\n"
          + "<h1>paperrec</h1>\n"
          + "<p>A self-hosted research-paper recommendation engine with a similarity API (JSON, v1).</p>\n"
          + "<ul>\n"
          + "<li><a href=\"/openapi.json\">/openapi.json</a>: the API description (OpenAPI 3.1)</li>\n"
          + "<li><a href=\"/health\">/health</a>: readiness and the number of papers</li>\n"
          + "</ul>\n"
          + "</body></html>\n";

  private final Library library;
  private final BooleanSupplier ready;
  private final byte[] openApi;

  InfoHandlers(Library library, BooleanSupplier ready) {
    this.library = library;
    this.ready = ready;
    this.openApi = loadOpenApi();
  }

  /** {@code GET /}. */
  void index(Context ctx) {
    QueryParams.allowOnly(ctx, Set.of());
    ctx.html(INDEX_HTML);
  }

  /**
   * {@code GET /health}: 200 {@code ready} once the start-up ingest is done, 503 {@code starting}
   * before, so that a load balancer routes no traffic to a starting server; the body gives the
   * number of papers loaded so far either way.
   */
  void health(Context ctx) {
    QueryParams.allowOnly(ctx, Set.of());
    boolean isReady = ready.getAsBoolean();
    ctx.status(isReady ? 200 : 503)
        .header(Header.CACHE_CONTROL, "no-store")
        .json(new Responses.HealthJson(isReady ? "ready" : "starting", library.size()));
  }

  /** {@code GET /openapi.json}. */
  void openApi(Context ctx) {
    QueryParams.allowOnly(ctx, Set.of());
    ctx.contentType("application/json").result(openApi);
  }

  private static byte[] loadOpenApi() {
    try (InputStream in = InfoHandlers.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + OPENAPI_RESOURCE + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
    }
  }
}
