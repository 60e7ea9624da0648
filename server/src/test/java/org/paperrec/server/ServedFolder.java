package org.paperrec.server;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paperrec.server.cli.PaperrecCli;

/**
 * {@code paperrec serve} on a data folder in a child JVM ({@link ChildProcess}), with the HTTP
 * calls the process tests make: for tests that kill or stop the server and look at what is left.
 */
final class ServedFolder implements AutoCloseable {

  static final String ADMIN_TOKEN = "process-test-admin-token-0123456789abcdef";
  /** Model load and the demo corpus on two shared cores: generous, it only bounds a hang. */
  static final long START_SECONDS = 300;
  static final ObjectMapper JSON = new ObjectMapper();

  final ChildProcess child;
  final String base;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private ServedFolder(ChildProcess child, String base) {
    this.child = child;
    this.base = base;
  }

  /**
   * Starts serve on {@code data} with the rate limits off (unless {@code env} sets them) and waits
   * until it is ready (the demo corpus is in an empty folder).
   */
  static ServedFolder start(Path data, Path log, Map<String, String> env, String... extra) throws Exception {
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("PAPERREC_ADMIN_TOKEN", ADMIN_TOKEN);
    // These tests write and query from one address as fast as they can; the limits have their own tests.
    for (String limit : List.of("PAPERREC_RATE_SIGNUPS", "PAPERREC_RATE_WRITES", "PAPERREC_RATE_QUERIES")) {
      all.putIfAbsent(limit, "0");
    }
    List<String> args = new ArrayList<>(List.of("serve", "--data", data.toString(), "--port", "0", "--threads", "1"));
    args.addAll(List.of(extra));
    ChildProcess child = new ChildProcess(log, all, args.toArray(String[]::new));
    try {
      String listening = child.awaitLine("paperrec listening on ", START_SECONDS);
      assertNotNull(listening, child.logTail());
      String base = listening.substring("paperrec listening on ".length()).split(" ")[0];
      assertNotNull(child.awaitLine("ready: ", START_SECONDS), child.logTail());
      return new ServedFolder(child, base);
    } catch (Throwable e) {
      child.kill();
      throw e;
    }
  }

  HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A paper body for {@code POST /v1/papers} with a text of its own, so each is embedded. */
  static Map<String, Object> paperJson(String id) {
    return Map.of("id", id, "title", "Paper " + id + " on crash-safe storage",
        "abstract", "We study write-ahead logs and the paper numbered " + id + " in depth.",
        "authors", List.of("A. Author"), "categories", List.of("cs.DB"), "date", "2026-11-30");
  }

  /** Creates a user; returns its token. */
  String createUser() throws Exception {
    HttpResponse<String> created = send("POST", "/v1/users", null, "{}");
    if (created.statusCode() != 201) {
      throw new AssertionError("user creation answered " + created.statusCode() + ": " + created.body());
    }
    return JSON.readTree(created.body()).get("token").asText();
  }

  JsonNode me(String token) throws Exception {
    HttpResponse<String> me = send("GET", "/v1/users/me", token, null);
    if (me.statusCode() != 200) {
      throw new AssertionError("GET /v1/users/me answered " + me.statusCode() + ": " + me.body());
    }
    return JSON.readTree(me.body());
  }

  /** {@code paperrec check --data DIR} in this JVM. */
  static Check check(Path data) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = PaperrecCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "check", "--data", data.toString());
    return new Check(code, out.toString(), err.toString());
  }

  record Check(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n" + out + err;
    }
  }

  /** SIGKILL. */
  void kill() throws InterruptedException {
    child.kill();
  }

  /** SIGTERM, and wait for the process to end. */
  @Override
  public void close() throws InterruptedException {
    child.close();
  }
}
