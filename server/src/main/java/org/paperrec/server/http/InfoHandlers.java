package org.paperrec.server.http;

import io.javalin.http.Context;
import io.javalin.http.Header;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.paperrec.recommend.Library;
import org.paperrec.server.harvest.SourceStatus;
import org.paperrec.server.metrics.ServerMetrics;

/** Routes about the service itself: health, the OpenAPI document, the harvest sources and the metrics. */
final class InfoHandlers {

  /** Classpath resource of the OpenAPI 3.1 document. */
  static final String OPENAPI_RESOURCE = "/org/paperrec/server/http/openapi.json";

  /** Prometheus' text exposition format, the one every scraper reads. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Library library;
  private final BooleanSupplier ready;
  private final Supplier<List<SourceStatus>> sources;
  private final ServerMetrics metrics;
  private final byte[] openApi;

  InfoHandlers(Library library, BooleanSupplier ready, Supplier<List<SourceStatus>> sources, ServerMetrics metrics) {
    this.library = library;
    this.ready = ready;
    this.sources = sources;
    this.metrics = metrics;
    this.openApi = Resources.read(OPENAPI_RESOURCE);
  }

  /**
   * {@code GET /health}: 200 {@code ready} once the start-up ingest is done, 503 {@code starting}
   * before, so that a load balancer routes no traffic to a starting server; 200 {@code degraded}
   * with a {@code reason} while writes fail (a full disk) and reads work. The body gives the
   * number of papers loaded so far either way.
   */
  void health(Context ctx) {
    QueryParams.allowOnly(ctx, Set.of());
    boolean isReady = ready.getAsBoolean();
    // Degraded still answers 200: reads work, so a load balancer should keep sending them.
    String failure = isReady ? library.writeFailure().orElse(null) : null;
    ctx.status(isReady ? 200 : 503)
        .header(Header.CACHE_CONTROL, "no-store")
        .json(new Responses.HealthJson(failure != null ? "degraded" : isReady ? "ready" : "starting", library.size(),
            failure == null ? null : "writes fail: " + failure));
  }

  /** {@code GET /openapi.json}. */
  void openApi(Context ctx) {
    QueryParams.allowOnly(ctx, Set.of());
    ctx.contentType("application/json").result(openApi);
  }

  /**
   * {@code GET /v1/sources} (admin): each harvest source's watermark, last run, counts and last
   * error, and when this server harvests it next.
   */
  void sources(Context ctx) {
    QueryParams.allowOnly(ctx, Set.of());
    ctx.header(Header.CACHE_CONTROL, "no-store").contentType("application/json").result(SourceStatus.toJson(sources.get()));
  }

  /** {@code GET /metrics} (admin): every meter in Prometheus text format, for a scraper. */
  void metrics(Context ctx) {
    QueryParams.allowOnly(ctx, Set.of());
    ctx.header(Header.CACHE_CONTROL, "no-store").contentType(PROMETHEUS_TEXT).result(metrics.scrape());
  }
}
