package org.paperrec.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import io.javalin.json.JavalinJackson;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.http.UriCompliance;
import org.paperrec.recommend.Library;
import org.paperrec.recommend.Recommender;
import org.paperrec.recommend.profile.Profiles;
import org.paperrec.server.harvest.SourceStatus;
import org.paperrec.server.metrics.ServerMetrics;

/**
 * Builds the HTTP API: a configured Javalin that is not started yet. The caller starts it ({@code
 * app.start(host, port)}) and stops it before closing the library's store and embedder.
 *
 * <p>Javalin 7 takes routes, exception handlers and before-handlers only in its config, so this is
 * the one place that assembles them: CORS first, then the routes of {@link Routes}, admin routes
 * behind {@link AdminAuth}, a user's own routes behind {@link UserAuth}, each route's rate limit
 * ({@link RateLimiter}) in front of those guards, every failure through
 * {@link ProblemMapper}, the web page's static files ({@link WebPage}), and a log line and latency
 * observation per request ({@link RequestLog}). Every GET route also
 * answers HEAD through the same guard and handler, so a HEAD gets the status and headers of its GET.
 * Responses of at least {@value #COMPRESS_MIN_BYTES} bytes are gzip-compressed for clients that
 * accept it.
 */
public final class HttpApi {

  /**
   * Jetty 12's default URI compliance refuses an encoded slash ({@code %2F}) with 400, and Javalin's
   * own default (LEGACY) allows every ambiguity, encoded dot segments included. Paper IDs need
   * exactly one: {@code /v1/papers/https%3A%2F%2Farxiv.org%2Fabs%2F2501.06842} and {@code
   * hep-ph%2F0307015} are single path parameters.
   */
  static final UriCompliance URI_COMPLIANCE =
      UriCompliance.DEFAULT.with("paperrec", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR);

  /**
   * Smallest response body that is compressed. Javalin's default is 1500 bytes; below about 1 KiB,
   * gzip's 18-byte frame and the CPU time gain little.
   */
  static final int COMPRESS_MIN_BYTES = 1024;

  private HttpApi() {}

  /**
   * @param library the corpus; read by the routes and written by the admin routes
   * @param recommender queries over {@code library}
   * @param profiles stored users, for {@code /v1/users}
   * @param settings admin token and extra CORS origins
   * @param ready whether start-up (the first ingest) is done; {@code GET /health} answers 503 until
   *     it is, every other route works on whatever is loaded
   * @return a configured Javalin, not started
   */
  public static Javalin create(
      Library library, Recommender recommender, Profiles profiles, ApiSettings settings, BooleanSupplier ready) {
    return create(library, recommender, profiles, settings, ready, List::of);
  }

  /**
   * {@link #create(Library, Recommender, Profiles, ApiSettings, BooleanSupplier)} with the harvest
   * sources that {@code GET /v1/sources} shows.
   *
   * @param sources the harvest state of every source, read on each request
   */
  public static Javalin create(Library library, Recommender recommender, Profiles profiles, ApiSettings settings,
      BooleanSupplier ready, Supplier<List<SourceStatus>> sources) {
    return create(library, recommender, profiles, settings, ready, sources, new ServerMetrics());
  }

  /**
   * {@link #create(Library, Recommender, Profiles, ApiSettings, BooleanSupplier, Supplier)} that
   * records every request in {@code metrics}, which {@code GET /metrics} exports.
   */
  public static Javalin create(Library library, Recommender recommender, Profiles profiles, ApiSettings settings,
      BooleanSupplier ready, Supplier<List<SourceStatus>> sources, ServerMetrics metrics) {
    Objects.requireNonNull(library, "library");
    Objects.requireNonNull(recommender, "recommender");
    Objects.requireNonNull(profiles, "profiles");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(ready, "ready");
    Objects.requireNonNull(sources, "sources");
    Objects.requireNonNull(metrics, "metrics");

    ObjectMapper json = Json.newMapper();
    RequestBodies bodies = new RequestBodies(json);
    ProblemMapper problems = new ProblemMapper(json);
    Cors cors = new Cors(settings.allowedOrigins());
    // The recommender's clock is the API's one clock; tests move it to refill buckets.
    RateLimiter limiter = new RateLimiter(settings.rateLimits(), recommender.clock());
    AdminAuth admin = new AdminAuth(settings.adminToken(), limiter);
    UserAuth users = new UserAuth(profiles);
    CompressionStrategy compression = compression();
    // The recommender's clock: an ETag's date must change exactly when its recency scores do.
    ETags etags = new ETags(instanceTag(), library, recommender.clock(), compression);
    List<Routes.Route> routes = Routes.table(
        new PaperHandlers(library, recommender, bodies, etags),
        new QueryHandlers(recommender, bodies),
        new UserHandlers(profiles, recommender, bodies),
        new InfoHandlers(library, ready, sources, metrics),
        new AdminHandlers(library, bodies),
        new WebPage());

    return Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.http.prefer405over404 = true;
      // Our own readers enforce each route's limit; this caps anything read through Javalin.
      config.http.maxRequestSize = Limits.PAPERS_BODY_BYTES;
      config.http.compressionStrategy = compression;
      config.jsonMapper(new JavalinJackson(json, false));
      config.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(URI_COMPLIANCE));
      config.jetty.modifyServer(server -> {
        server.setErrorHandler(problems.jettyErrorHandler());
        // Javalin nests its handler inside this one. On stop (with a stop timeout, see ServeCommand)
        // it lets running requests finish and answers new ones on open connections with 503.
        server.setHandler(new org.eclipse.jetty.server.handler.GracefulHandler());
      });
      config.router.javaLangErrorHandler(problems::handleError);
      config.requestLogger.http(new RequestLog(metrics)::handle);
      JettyTransport.configure(
          config.jetty, settings.transport(), problems.headerTimeoutProblem(settings.transport().headerTimeout()));

      config.routes.before(cors::handle);
      // Any response may be compressed, so caches must key on Accept-Encoding (Cors sets Origin).
      config.routes.before(ctx -> ctx.res().addHeader(Header.VARY, Header.ACCEPT_ENCODING));
      problems.register(config.routes);
      for (Routes.Route route : routes) {
        Handler handler = switch (route.access()) {
          case PUBLIC -> route.handler();
          case ADMIN -> admin.guard(route.handler());
          case USER -> users.guard(route.handler());
          case SIGNUP -> settings.openSignup() ? route.handler() : admin.guard(route.handler());
        };
        // Outside the guards: requests that fail authentication count too.
        handler = limiter.guard(route.limit(), handler);
        config.routes.addHttpHandler(route.method(), route.path(), handler);
        if (route.method().equals(HandlerType.GET)) {
          // Left alone, Javalin answers HEAD of a GET route with an empty 200 without running the
          // handler or its guard. This runs both; Jetty drops the body and keeps Content-Length.
          config.routes.addHttpHandler(HandlerType.HEAD, route.path(), handler);
        }
      }
      config.staticFiles.add(WebPage::staticFiles);
    });
  }

  /** Seconds a client is asked to wait before retrying a server that is starting. */
  static final int STARTING_RETRY_AFTER_SECONDS = 5;

  /**
   * The API while the data folder and its search index are being opened, so that the port answers
   * from the first second: {@code GET /health} is 503 {@code starting} (0 papers), every other
   * request a 503 problem {@code starting} with {@code Retry-After}. Stop it, then start the app of
   * {@link #create} on the same port.
   */
  public static Javalin starting() {
    return starting(Transport.DEFAULTS);
  }

  /** {@link #starting()} with the deadlines, thread pool and Host check of {@code transport}. */
  public static Javalin starting(Transport transport) {
    ObjectMapper json = Json.newMapper();
    ProblemMapper problems = new ProblemMapper(json);
    return Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      JettyTransport.configure(config.jetty, transport, problems.headerTimeoutProblem(transport.headerTimeout()));
      config.jsonMapper(new JavalinJackson(json, false));
      config.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(URI_COMPLIANCE));
      config.jetty.modifyServer(server -> server.setErrorHandler(problems.jettyErrorHandler()));
      config.routes.before(ctx -> {
        ctx.header(Header.CACHE_CONTROL, "no-store");
        if (ctx.path().equals("/health")) {
          ctx.status(503).json(new Responses.HealthJson("starting", 0));
        } else {
          ctx.header(Header.RETRY_AFTER, Integer.toString(STARTING_RETRY_AFTER_SECONDS));
          Problem problem = ProblemType.STARTING.problem(
              "the server is starting: it is opening its data folder and search index; retry in a few seconds",
              ctx.path());
          ctx.status(503).contentType(Problem.MEDIA_TYPE).result(json.writeValueAsString(problem));
        }
        ctx.skipRemainingHandlers();
      });
    });
  }

  /** Gzip only (no brotli: it needs a native library) for bodies of at least {@link #COMPRESS_MIN_BYTES}. */
  static CompressionStrategy compression() {
    CompressionStrategy gzip = new CompressionStrategy(null, new Gzip());
    gzip.setDefaultMinSizeForCompression(COMPRESS_MIN_BYTES);
    return gzip;
  }

  /**
   * A random tag for this server instance's ETags. Not seeded on purpose: it must differ from any
   * earlier run's, because the library's change counter starts at 0 again on every start.
   */
  private static String instanceTag() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
