package org.paperrec.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * A closed-loop HTTP load with Java's HttpClient: {@code connections} threads, each sending its
 * next request as soon as the previous one is answered, until {@code maxRequests} are done or
 * {@code duration} has passed. Used where wrk is missing and for requests that need a body or a
 * check of the answer. Each call owns its threads and shuts them down before it returns.
 */
final class HttpLoad {

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

  /**
   * Runs requests {@code request.apply(0)}, {@code (1)}, ... and times each.
   *
   * @param check whether an answer counts as a success (its status is checked to be 200 first)
   */
  Latencies run(IntFunction<HttpRequest> request, Predicate<String> check, int connections, int maxRequests,
      Duration duration) throws InterruptedException {
    long[] nanos = new long[maxRequests];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicLong errors = new AtomicLong();
    int pool = POOLS.incrementAndGet();
    AtomicInteger thread = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(
        connections, r -> new Thread(r, "bench-load-" + pool + "-" + thread.incrementAndGet()));
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    try {
      List<Future<?>> futures = new java.util.ArrayList<>();
      for (int c = 0; c < connections; c++) {
        futures.add(workers.submit(() -> {
          for (int i = next.getAndIncrement(); i < maxRequests && System.nanoTime() < deadline; i = next.getAndIncrement()) {
            HttpRequest r = request.apply(i);
            long t0 = System.nanoTime();
            boolean ok;
            try {
              HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
              ok = answer.statusCode() == 200 && check.test(answer.body());
            } catch (Exception e) {
              ok = false;
            }
            long t = System.nanoTime() - t0;
            if (ok) {
              nanos[done.getAndIncrement()] = t;
            } else {
              errors.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("load worker failed", e.getCause());
        }
      }
    } finally {
      workers.shutdownNow();
      workers.awaitTermination(10, TimeUnit.SECONDS);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    return Latencies.of(nanos, done.get(), errors.get(), wall);
  }

  static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build();
  }

  static HttpRequest postJson(String url, String body) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** One synchronous GET; the body, or an exception naming the status. */
  String body(HttpRequest r) throws Exception {
    HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(r.uri() + " answered " + answer.statusCode() + ": " + answer.body());
    }
    return answer.body();
  }
}
