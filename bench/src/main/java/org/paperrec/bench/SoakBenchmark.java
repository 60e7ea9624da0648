package org.paperrec.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A bounded soak of a real server: {@code paperrec serve} in a child process on loopback, on the
 * demo corpus, driven at saturation for a fixed time by closed-loop workers mixing similar papers,
 * search, recommendations, a user's likes and unlikes and stored recommendations, admin upserts
 * and deletes. It stops by itself. It reports per route the count, p50, p99 and status classes,
 * every 5xx (the goal is none), the heap and RSS over time, and at the end checks every user's
 * stored likes against the likes the server acknowledged (the goal is none lost, none extra).
 *
 * <p>Each user belongs to one worker, so a user's likes and unlikes are applied in order and the
 * acknowledged set is exact. Likes name demo-corpus papers, which the soak never deletes; upserts
 * add papers under DOIs of the test prefix {@code 10.5555}, and deletes remove only those.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Mixed-route soak of paperrec over HTTP; see docs/RELIABILITY.md.")
public final class SoakBenchmark implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_TOKEN = "soak-admin-token-0123456789abcdef0123456789";
  private static final List<String> WORDS = List.of("graph", "neural", "attention", "diffusion", "retrieval", "agents",
      "language", "vision", "protein", "sparse", "quantization", "reinforcement", "benchmark", "robot", "speech",
      "causal", "privacy", "federated", "kernel", "bayesian", "transformer", "contrastive", "segmentation", "code");

  /** The mix, in per-mille of requests. */
  enum Route {
    SIMILAR(300), SEARCH(100), RECOMMEND(150), LIKE(200), UNLIKE(50), USER_RECS(50), UPSERT(100), DELETE(50);

    final int weight;

    Route(int weight) {
      this.weight = weight;
    }
  }

  @Option(names = "--duration", description = "Length of the soak, e.g. 10m, 90s. Default: 10m.")
  String duration = "10m";

  @Option(names = "--connections", description = "Closed-loop workers (one connection each). Default: ${DEFAULT-VALUE}.")
  int connections = 8;

  @Option(names = "--users", description = "Stored users, spread over the workers. Default: ${DEFAULT-VALUE}.")
  int users = 32;

  @Option(names = "--xmx", description = "Server heap. Default: ${DEFAULT-VALUE}.")
  String xmx = "1g";

  @Option(names = "--env", description = "Extra environment for the server, KEY=VALUE (e.g. rate-limit settings); repeatable.")
  List<String> env = new ArrayList<>();

  @Option(names = "--work", description = "Working folder. Default: bench/target/soak.")
  Path work;

  @Option(names = "--jar", description = "The paperrec jar. Default: server/target/paperrec.jar.")
  Path jar;

  @Option(names = "--sample-every", description = "Seconds between heap and RSS samples. Default: ${DEFAULT-VALUE}.")
  int sampleSeconds = 30;

  @Option(names = "--seed", description = "Seeds the mix. Default: ${DEFAULT-VALUE}.")
  long seed = 42;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
  private final Map<Route, List<Long>> latencies = new ConcurrentHashMap<>();
  private final Map<Route, Map<Integer, AtomicLong>> statuses = new ConcurrentHashMap<>();
  private final List<String> serverErrors = new CopyOnWriteArrayList<>();
  private final AtomicLong transportErrors = new AtomicLong();

  public static void main(String[] args) {
    System.exit(new CommandLine(new SoakBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path root = RepoRoot.find();
    Path dir = (work != null ? work : root.resolve("bench/target/soak")).toAbsolutePath().normalize();
    Path jarPath = (jar != null ? jar : root.resolve("server/target/paperrec.jar")).toAbsolutePath().normalize();
    Duration length = Duration.parse("PT" + duration.toUpperCase(java.util.Locale.ROOT));
    Files.createDirectories(dir);
    Path data = dir.resolve("data-" + System.currentTimeMillis());
    Map<String, String> serverEnv = new HashMap<>(Map.of("PAPERREC_ADMIN_TOKEN", ADMIN_TOKEN));
    for (String kv : env) {
      int eq = kv.indexOf('=');
      serverEnv.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    for (Route r : Route.values()) {
      latencies.put(r, Collections.synchronizedList(new ArrayList<>()));
      statuses.put(r, new ConcurrentHashMap<>());
    }
    System.out.printf("soak: %s, %d connections, %d users, -Xmx%s, data %s%n", length, connections, users, xmx, data);
    try (ServerProcess server = ServerProcess.start(jarPath, data, List.of("-Xmx" + xmx), dir.resolve("server.log"),
        serverEnv)) {
      server.awaitReady(Duration.ofMinutes(10));
      String base = server.baseUrl();
      List<String> corpus = corpusIds(base);
      List<String[]> userTokens = createUsers(base);
      System.out.printf("corpus: %d papers seen by search; %d users created%n", corpus.size(), userTokens.size());

      List<Map<String, Set<String>>> acked = new ArrayList<>();
      ExecutorService workers = Executors.newFixedThreadPool(connections);
      AtomicBoolean running = new AtomicBoolean(true);
      List<String> samples = new ArrayList<>();
      long start = System.nanoTime();
      long deadline = start + length.toNanos();
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < connections; w++) {
        Map<String, Set<String>> mine = new LinkedHashMap<>();
        List<String[]> myUsers = new ArrayList<>();
        for (int u = w; u < userTokens.size(); u += connections) {
          myUsers.add(userTokens.get(u));
          mine.put(userTokens.get(u)[1], new LinkedHashSet<>());
        }
        acked.add(mine);
        int worker = w;
        futures.add(workers.submit(() -> work(base, corpus, myUsers, mine, new Random(seed + worker), worker, deadline)));
      }
      while (System.nanoTime() < deadline) {
        ServerProcess.Memory m = server.sample();
        String line = String.format("%5.0f s  heap used %7.1f MB of %7.1f MB committed, RSS %7.1f MB",
            (System.nanoTime() - start) / 1e9, m.heapUsedMb(), m.heapCommittedMb(), m.rssMb());
        samples.add(line);
        System.out.println(line);
        Thread.sleep(Math.min(TimeUnit.SECONDS.toMillis(sampleSeconds),
            Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      running.set(false);
      workers.shutdown();
      double wall = (System.nanoTime() - start) / 1e9;

      long lost = 0;
      long extra = 0;
      long checked = 0;
      for (Map<String, Set<String>> mine : acked) {
        for (Map.Entry<String, Set<String>> user : mine.entrySet()) {
          JsonNode me = JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/v1/users/me"))
              .header("Authorization", "Bearer " + user.getKey()).build()).body());
          Set<String> stored = new LinkedHashSet<>();
          me.get("likes").forEach(like -> stored.add(like.get("id").asText()));
          for (String id : user.getValue()) {
            if (!stored.contains(id)) {
              lost++;
            }
          }
          for (String id : stored) {
            if (!user.getValue().contains(id)) {
              extra++;
            }
          }
          checked += user.getValue().size();
        }
      }
      report(wall, samples, checked, lost, extra);
      return serverErrors.isEmpty() && lost == 0 && extra == 0 ? 0 : 1;
    }
  }

  private void work(String base, List<String> corpus, List<String[]> myUsers, Map<String, Set<String>> acked,
      Random random, int worker, long deadline) {
    List<String> mine = new ArrayList<>();
    long n = 0;
    while (System.nanoTime() < deadline) {
      Route route = pick(random);
      String[] user = myUsers.isEmpty() ? null : myUsers.get(random.nextInt(myUsers.size()));
      String id = corpus.get(random.nextInt(corpus.size()));
      HttpRequest request;
      switch (route) {
        case SIMILAR -> request = get(base + "/v1/papers/" + id + "/similar?limit=10");
        case SEARCH -> request = get(base + "/v1/search?limit=10&q="
            + URLEncoder.encode(word(random) + " " + word(random), StandardCharsets.UTF_8));
        case RECOMMEND -> request = post(base + "/v1/recommendations", null, "{\"positive\":[\""
            + id + "\",\"" + corpus.get(random.nextInt(corpus.size())) + "\"],\"limit\":10}");
        case LIKE, UNLIKE, USER_RECS -> {
          if (user == null) {
            continue;
          }
          Set<String> liked = acked.get(user[1]);
          if (route == Route.UNLIKE && liked.isEmpty()) {
            continue;
          }
          String target = route == Route.UNLIKE ? liked.iterator().next() : id;
          String url = route == Route.USER_RECS ? base + "/v1/users/me/recommendations?limit=10"
              : base + "/v1/users/me/likes/" + target;
          HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
              .header("Authorization", "Bearer " + user[1]);
          request = (route == Route.LIKE ? b.PUT(HttpRequest.BodyPublishers.noBody())
              : route == Route.UNLIKE ? b.DELETE() : b.GET()).build();
          Integer status = timed(route, request);
          if (status != null && status / 100 == 2) {
            if (route == Route.LIKE) {
              liked.add(target);
            } else if (route == Route.UNLIKE) {
              liked.remove(target);
            }
          }
          continue;
        }
        case UPSERT -> {
          String doi = "doi:10.5555/soak." + worker + "." + (n++);
          request = post(base + "/v1/papers", ADMIN_TOKEN, "{\"id\":\"" + doi + "\",\"title\":\"Soak paper on "
              + word(random) + " " + word(random) + "\",\"abstract\":\"We study " + word(random) + " and "
              + word(random) + " for " + word(random) + " with " + word(random) + ".\"}");
          Integer status = timed(route, request);
          if (status != null && status == 200) {
            mine.add(doi);
          }
          continue;
        }
        case DELETE -> {
          if (mine.isEmpty()) {
            continue;
          }
          String doi = mine.remove(mine.size() - 1);
          request = HttpRequest.newBuilder(URI.create(base + "/v1/papers/" + URLEncoder.encode(doi, StandardCharsets.UTF_8)))
              .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + ADMIN_TOKEN).DELETE().build();
        }
        default -> throw new IllegalStateException(route.name());
      }
      timed(route, request);
    }
  }

  /** Sends and records; the status, or null on a transport error. */
  private Integer timed(Route route, HttpRequest request) {
    long t0 = System.nanoTime();
    try {
      HttpResponse<String> response = send(request);
      latencies.get(route).add(System.nanoTime() - t0);
      int status = response.statusCode();
      statuses.get(route).computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
      if (status >= 500 && serverErrors.size() < 1000) {
        serverErrors.add(route + " " + request.method() + " " + request.uri().getPath() + " -> " + status + " "
            + response.body().substring(0, Math.min(300, response.body().length())));
      }
      return status;
    } catch (Exception e) {
      transportErrors.incrementAndGet();
      return null;
    }
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build();
  }

  private static HttpRequest post(String url, String token, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.build();
  }

  private static Route pick(Random random) {
    int r = random.nextInt(1000);
    for (Route route : Route.values()) {
      r -= route.weight;
      if (r < 0) {
        return route;
      }
    }
    return Route.SIMILAR;
  }

  private static String word(Random random) {
    return WORDS.get(random.nextInt(WORDS.size()));
  }

  /** The IDs of the demo corpus, as search finds them (there is no listing route). */
  private List<String> corpusIds(String base) throws Exception {
    Set<String> ids = new LinkedHashSet<>();
    for (String w : WORDS) {
      JsonNode found = JSON.readTree(send(get(base + "/v1/search?limit=50&q=" + w)).body());
      found.get("results").forEach(r -> ids.add(r.get("id").asText()));
    }
    return new ArrayList<>(ids);
  }

  private List<String[]> createUsers(String base) throws Exception {
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      HttpResponse<String> r = send(post(base + "/v1/users", ADMIN_TOKEN, "{}"));
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException("POST /v1/users answered " + r.statusCode() + ": " + r.body()
            + " (raise the user-creation rate limit with --env)");
      }
      JsonNode user = JSON.readTree(r.body());
      out.add(new String[] {user.get("id").asText(), user.get("token").asText()});
    }
    return out;
  }

  private void report(double wall, List<String> samples, long checked, long lost, long extra) {
    System.out.printf("%n## Soak result (%s, %.0f s, %d connections)%n%n", Instant.now(), wall, connections);
    System.out.println("| route | requests | per s | p50 ms | p99 ms | statuses |");
    System.out.println("|---|---:|---:|---:|---:|---|");
    long total = 0;
    for (Route route : Route.values()) {
      List<Long> l;
      synchronized (latencies.get(route)) {
        l = new ArrayList<>(latencies.get(route));
      }
      long[] sorted = l.stream().mapToLong(Long::longValue).sorted().toArray();
      total += sorted.length;
      Map<Integer, Long> byStatus = new TreeMap<>();
      statuses.get(route).forEach((s, c) -> byStatus.put(s, c.get()));
      System.out.printf("| %s | %d | %.1f | %.1f | %.1f | %s |%n", route.name().toLowerCase(java.util.Locale.ROOT),
          sorted.length, sorted.length / wall, Latencies.percentile(sorted, 0.5) / 1e6,
          Latencies.percentile(sorted, 0.99) / 1e6, byStatus);
    }
    System.out.printf("%nall routes: %d requests, %.1f per s; transport errors %d; 5xx %d%n", total, total / wall,
        transportErrors.get(), serverErrors.size());
    serverErrors.stream().limit(10).forEach(e -> System.out.println("  5xx: " + e));
    System.out.printf("likes: %d acknowledged likes checked at the end, %d lost, %d extra%n", checked, lost, extra);
    System.out.println("heap and RSS over time:");
    samples.forEach(s -> System.out.println("  " + s));
  }
}
