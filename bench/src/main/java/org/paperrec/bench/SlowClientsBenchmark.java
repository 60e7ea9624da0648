package org.paperrec.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A normal client's latency while hundreds of slow clients hold connections: {@code paperrec serve}
 * in a child process on loopback, on the demo corpus. One closed-loop client asks {@code GET
 * /v1/papers/{id}/similar} for {@code --seconds}, first alone, then with {@code --slow} sockets open
 * that trickle a byte every {@code --trickle}: most send a request body ({@code Content-Length:
 * 100000}), the rest request headers; then alone again. A slow socket the server closes (its deadline passed) is
 * opened again, so the number stays up. Reports p50/p99 of both phases as a markdown table, with
 * the server's thread count (from /proc), the most worker threads busy in a thread dump every 3 s
 * (a worker parked in a body read would show there), and how many slow sockets the server closed.
 */
@Command(name = "slow-clients", mixinStandardHelpOptions = true, sortOptions = false,
    description = "A normal client's latency with and without slow sockets; see docs/BENCHMARKS.md.")
public final class SlowClientsBenchmark implements Callable<Integer> {

  private static final String PAPER = "2501.06842";

  @Option(names = "--slow", description = "Slow sockets held open in the second phase. Default: ${DEFAULT-VALUE}.")
  int slow = 500;

  @Option(names = "--header-share", description = "Share of slow sockets that trickle headers, not a body. Default: ${DEFAULT-VALUE}.")
  double headerShare = 0.2;

  @Option(names = "--trickle-ms", description = "Milliseconds between two bytes of a slow socket. Default: ${DEFAULT-VALUE}.")
  long trickleMillis = 1000;

  @Option(names = "--seconds", description = "Length of each of the three measured phases. Default: ${DEFAULT-VALUE}.")
  int seconds = 25;

  @Option(names = "--jar", description = "The paperrec jar. Default: server/target/paperrec.jar.")
  Path jar;

  private final List<Socket> sockets = new ArrayList<>();
  private final AtomicLong closedByServer = new AtomicLong();

  public static void main(String[] args) {
    System.exit(new CommandLine(new SlowClientsBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path root = RepoRoot.find();
    Path dir = root.resolve("bench/target/slow-clients").toAbsolutePath();
    Path jarPath = (jar != null ? jar : root.resolve("server/target/paperrec.jar")).toAbsolutePath().normalize();
    Files.createDirectories(dir);
    Path data = dir.resolve("data-" + System.currentTimeMillis());
    try (ServerProcess server = ServerProcess.start(jarPath, data, List.of("-Xmx1g"), dir.resolve("server.log"), Map.of())) {
      server.awaitReady(Duration.ofMinutes(5));
      int port = Integer.parseInt(server.baseUrl().substring(server.baseUrl().lastIndexOf(':') + 1));
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      URI similar = URI.create(server.baseUrl() + "/v1/papers/" + PAPER + "/similar?limit=10");

      measure(client, similar, 10); // warm-up: JIT, caches
      Phase alone = phase("no slow sockets", client, similar, server.pid());

      AtomicBoolean trickling = new AtomicBoolean(true);
      for (int i = 0; i < slow; i++) {
        sockets.add(open(port, i));
      }
      Thread trickler = new Thread(() -> trickle(port, trickling), "bench-trickler");
      trickler.setDaemon(true);
      trickler.start();
      Thread.sleep(2_000); // every slow socket has sent its head and a byte or two
      Phase crowded = phase(slow + " slow sockets open", client, similar, server.pid());
      trickling.set(false);
      trickler.join(10_000);
      for (Socket s : sockets) {
        s.close();
      }
      // Alone once more: tells the effect of the slow sockets from that of a still-warming JVM.
      Phase after = phase("no slow sockets, after", client, similar, server.pid());

      System.out.println();
      System.out.printf("Slow clients: %d sockets (%.0f%% trickling headers, the rest a 100,000-byte body), a byte"
          + " every %d ms; one closed-loop client, GET /v1/papers/%s/similar?limit=10, %d s per phase; %s, %d cores%n%n",
          slow, headerShare * 100, trickleMillis, PAPER, seconds, LocalDate.now(ZoneOffset.UTC),
          Runtime.getRuntime().availableProcessors());
      System.out.println("| phase | requests | errors | p50 ms | p99 ms | max ms | JVM threads at end | busiest worker count |");
      System.out.println("|---|---|---|---|---|---|---|---|");
      for (Phase p : List.of(alone, crowded, after)) {
        System.out.printf("| %s | %d | %d | %.2f | %.2f | %.1f | %d | %d |%n", p.name, p.latencies.count(),
            p.latencies.errors(), p.latencies.p50Ms(), p.latencies.p99Ms(), p.maxMs, p.threads, p.busy);
      }
      System.out.printf("%nslow sockets closed by the server's deadlines and reopened: %d%n", closedByServer.get());
      return crowded.latencies.p99Ms() < 100 && crowded.latencies.errors() == 0 ? 0 : 1;
    }
  }

  /** @param busy most worker threads seen doing something other than waiting for work, over the phase */
  private record Phase(String name, Latencies latencies, double maxMs, long threads, int busy) {}

  private Phase phase(String name, HttpClient client, URI similar, long pid) throws Exception {
    System.out.printf("phase: %s, %d s%n", name, seconds);
    long[] nanos = new long[2_000_000];
    AtomicBoolean sampling = new AtomicBoolean(true);
    AtomicLong busy = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (sampling.get()) {
        try {
          busy.accumulateAndGet(busyWorkers(pid), Math::max);
          Thread.sleep(3_000);
        } catch (IOException | InterruptedException e) {
          return;
        }
      }
    }, "bench-thread-sampler");
    sampler.setDaemon(true);
    sampler.start();
    long[] result = measure(client, similar, seconds, nanos);
    sampling.set(false);
    sampler.interrupt();
    int n = (int) result[0];
    long max = 0;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, nanos[i]);
    }
    return new Phase(name, Latencies.of(nanos, n, result[1], seconds), max / 1e6, threads(pid), (int) busy.get());
  }

  private static void measure(HttpClient client, URI similar, int secs) throws Exception {
    measure(client, similar, secs, new long[1_000_000]);
  }

  /** Closed-loop requests for {@code secs}; returns {requests, errors}. */
  private static long[] measure(HttpClient client, URI similar, int secs, long[] nanos) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(similar).timeout(Duration.ofSeconds(5)).build();
    long end = System.nanoTime() + secs * 1_000_000_000L;
    int n = 0;
    long errors = 0;
    while (System.nanoTime() < end && n < nanos.length) {
      long t0 = System.nanoTime();
      try {
        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
          errors++;
          continue;
        }
        nanos[n++] = System.nanoTime() - t0;
      } catch (IOException e) {
        errors++;
      }
    }
    return new long[] {n, errors};
  }

  /** A slow socket that has sent a request head and waits to trickle the rest. */
  private Socket open(int port, int i) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    boolean headers = i < slow * headerShare;
    String head = headers
        ? "GET /v1/papers/" + PAPER + "/similar HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
        : "POST /v1/similar HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: 100000\r\n\r\n{\"title\": \"";
    socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return socket;
  }

  /** One byte to every slow socket per {@code trickleMillis}; reopens those the server closed. */
  private void trickle(int port, AtomicBoolean running) {
    while (running.get()) {
      long start = System.nanoTime();
      for (int i = 0; i < sockets.size() && running.get(); i++) {
        Socket socket = sockets.get(i);
        try {
          if (socket.getInputStream().available() > 0) {
            throw new IOException("answered"); // a 408 arrived: the server gave up on it
          }
          OutputStream out = socket.getOutputStream();
          out.write('a');
          out.flush();
        } catch (IOException e) {
          closedByServer.incrementAndGet();
          try {
            socket.close();
            sockets.set(i, open(port, i));
          } catch (IOException reopen) {
            // the server refuses connections: counted as closed, tried again next round
          }
        }
      }
      long left = trickleMillis - (System.nanoTime() - start) / 1_000_000;
      if (left > 0) {
        try {
          Thread.sleep(left);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /**
   * Worker threads ({@code paperrec-http-*}) doing anything but waiting for a job, from one thread
   * dump: a worker parked in a body read would count here; the selector and acceptor do not.
   */
  private static int busyWorkers(long pid) throws IOException {
    String dump;
    try {
      dump = ServerProcess.run(List.of("jcmd", Long.toString(pid), "Thread.print"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
    int busy = 0;
    for (String block : dump.split("\n\s*\n")) {
      if (block.startsWith("\"paperrec-http") && !block.contains("idleJobPoll") && !block.contains("ManagedSelector")
          && !block.contains("ServerSocketChannelImpl.accept") && !block.contains("ReservedThread")) {
        busy++;
      }
    }
    return busy;
  }

  /** The process' thread count from /proc/PID/status. */
  private static long threads(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("Threads:")) {
        return Long.parseLong(line.substring("Threads:".length()).strip());
      }
    }
    return -1;
  }
}
