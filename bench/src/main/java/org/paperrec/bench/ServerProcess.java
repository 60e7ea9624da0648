package org.paperrec.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code paperrec serve} child process on 127.0.0.1: start, wait for readiness, measure memory,
 * stop with SIGTERM. {@link ChildProcesses} kills it if the benchmark exits first. Not thread-safe.
 */
final class ServerProcess implements AutoCloseable {

  /** How start-up went, in seconds since the process was started. */
  record Startup(double listenSeconds, double readySeconds, boolean sawStarting, boolean listenedBeforeReady) {}

  /** Resident memory from /proc/PID/status and the heap after a full GC, in MB (10^6 bytes). */
  record Memory(double rssMb, double hwmMb, double heapUsedMb, double heapCommittedMb) {}

  private static final Duration POLL = Duration.ofMillis(50);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern KB = Pattern.compile("(\\d+)\\s*kB");
  /** G1's line in GC.heap_info: " garbage-first heap   total 262144K, used 21893K [...". */
  private static final Pattern HEAP = Pattern.compile("heap\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

  private final Process process;
  private final long startNanos;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();

  private ServerProcess(Process process, long startNanos, int port) {
    this.process = process;
    this.startNanos = startNanos;
    this.port = port;
  }

  /**
   * The server's rate limits turned off (each 0): a benchmark saturates the server from one address,
   * which the defaults would answer with 429 after 20 requests a second. Every start here passes
   * these first; an {@code env} entry of the same name replaces one, to measure with limits on.
   */
  static final java.util.Map<String, String> RATE_LIMITS_OFF = java.util.Map.of(
      "PAPERREC_RATE_SIGNUPS", "0",
      "PAPERREC_RATE_WRITES", "0",
      "PAPERREC_RATE_QUERIES", "0",
      "PAPERREC_RATE_ADMIN_FAILURES", "0");

  /** Starts {@code java <jvmArgs> -jar jar serve --data data --host 127.0.0.1 --port <free>}, output to {@code log}. */
  static ServerProcess start(Path jar, Path data, List<String> jvmArgs, Path log) throws IOException {
    return start(jar, data, jvmArgs, log, java.util.Map.of());
  }

  /**
   * {@link #start(Path, Path, List, Path)} with {@code env} added to the child's environment, after
   * {@link #RATE_LIMITS_OFF}.
   */
  static ServerProcess start(Path jar, Path data, List<String> jvmArgs, Path log, java.util.Map<String, String> env)
      throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmArgs);
    command.addAll(List.of("-jar", jar.toString(), "serve", "--data", data.toString(), "--host", "127.0.0.1",
        "--port", Integer.toString(port)));
    Files.createDirectories(log.getParent());
    long start = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(RATE_LIMITS_OFF);
    builder.environment().putAll(env);
    Process p = builder.start();
    ChildProcesses.register(p);
    return new ServerProcess(p, start, port);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  /**
   * Polls {@code GET /health} every 50 ms until it says "ready".
   *
   * @throws IOException when the process exits or {@code timeout} passes first
   */
  Startup awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).timeout(Duration.ofSeconds(2)).build();
    double listen = -1;
    boolean sawStarting = false;
    long deadline = startNanos + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("server exited with code " + process.exitValue() + " before it was ready; see its log");
      }
      try {
        HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
        double now = seconds();
        if (listen < 0) {
          listen = now;
        }
        String status = JSON.readTree(r.body()).path("status").asText();
        if ("ready".equals(status) && r.statusCode() == 200) {
          return new Startup(listen, now, sawStarting, listen < now);
        }
        sawStarting |= "starting".equals(status) && r.statusCode() == 503;
      } catch (ConnectException e) {
        // not listening yet
      } catch (IOException e) {
        if (!(e.getCause() instanceof ConnectException) && listen >= 0) {
          throw e;
        }
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IOException("server not ready within " + timeout.toSeconds() + " s");
  }

  /** RSS now and its high-water mark, and the heap after {@code jcmd PID GC.run}. */
  Memory memory() throws IOException, InterruptedException {
    String status = Files.readString(Path.of("/proc/" + pid() + "/status"));
    double rss = procKb(status, "VmRSS") / 1e3 * 1.024;
    double hwm = procKb(status, "VmHWM") / 1e3 * 1.024;
    run(List.of("jcmd", Long.toString(pid()), "GC.run"));
    String info = run(List.of("jcmd", Long.toString(pid()), "GC.heap_info"));
    Matcher m = HEAP.matcher(info);
    if (!m.find()) {
      throw new IOException("cannot read the heap from jcmd GC.heap_info: " + info.strip());
    }
    return new Memory(rss, hwm, Long.parseLong(m.group(2)) * 1.024 / 1e3, Long.parseLong(m.group(1)) * 1.024 / 1e3);
  }

  /** RSS and the heap in use now, without forcing a collection: for sampling while under load. */
  Memory sample() throws IOException, InterruptedException {
    String status = Files.readString(Path.of("/proc/" + pid() + "/status"));
    double rss = procKb(status, "VmRSS") / 1e3 * 1.024;
    double hwm = procKb(status, "VmHWM") / 1e3 * 1.024;
    String info = run(List.of("jcmd", Long.toString(pid()), "GC.heap_info"));
    Matcher m = HEAP.matcher(info);
    if (!m.find()) {
      throw new IOException("cannot read the heap from jcmd GC.heap_info: " + info.strip());
    }
    return new Memory(rss, hwm, Long.parseLong(m.group(2)) * 1.024 / 1e3, Long.parseLong(m.group(1)) * 1.024 / 1e3);
  }

  private static long procKb(String status, String field) throws IOException {
    for (String line : status.split("\n")) {
      if (line.startsWith(field + ":")) {
        Matcher m = KB.matcher(line);
        if (m.find()) {
          return Long.parseLong(m.group(1));
        }
      }
    }
    throw new IOException("no " + field + " in /proc/PID/status");
  }

  /** Sends SIGTERM and waits for the exit; kills after 30 s. Safe to call twice. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM: the server's shutdown hook closes the store
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
    ChildProcesses.unregister(process);
  }

  private double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Runs a short command and returns its output; fails on a non-zero exit. */
  static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    ChildProcesses.register(p);
    try {
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + out.strip());
      }
      return out;
    } finally {
      ChildProcesses.unregister(p);
    }
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static JsonNode json(String body) throws IOException {
    return JSON.readTree(body);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
