package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that send their request slowly neither take the threads other clients need nor keep a
 * connection for long. Raw sockets trickle a byte every {@value #TRICKLE_MILLIS} ms: often enough
 * that no idle timeout ever fires.
 */
class SlowClientsTest {

  static final long TRICKLE_MILLIS = 200;
  /** A small pool, so that a few dozen slow clients would take all of it if each parked a thread. */
  static final int THREADS = 16;
  static final int SLOW_CLIENTS = 3 * THREADS;

  @TempDir static Path data;
  static ApiFixture fixture;

  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private Javalin app;
  private Thread trickler;

  @BeforeAll
  static void openCorpus() {
    fixture = ApiFixture.open(data.resolve("corpus"));
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  @AfterEach
  void stop() throws Exception {
    if (trickler != null) {
      trickler.interrupt();
      trickler.join(5_000);
    }
    for (Socket socket : sockets) {
      socket.close();
    }
    if (app != null) {
      app.stop();
    }
  }

  private int start(Duration headerTimeout, Duration bodyTimeout) {
    return start(Duration.ofSeconds(30), headerTimeout, bodyTimeout);
  }

  private int start(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout) {
    return start(new Transport(idleTimeout, headerTimeout, bodyTimeout, THREADS, List.of()));
  }

  private int start(Transport transport) {
    app = fixture.app(new ApiSettings(ApiFixture.ADMIN_TOKEN, List.of(), transport), () -> true).start("127.0.0.1", 0);
    return app.port();
  }

  /** Opens a socket that has sent {@code head} and then trickles {@code filler}, one byte at a time. */
  private Socket slowClient(int port, String head) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    sockets.add(socket);
    return socket;
  }

  /** Sends one byte to every open slow socket every {@link #TRICKLE_MILLIS} until interrupted. */
  private void startTrickling(byte filler) {
    trickler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        for (Socket socket : sockets) {
          try {
            OutputStream out = socket.getOutputStream();
            out.write(filler);
            out.flush();
          } catch (IOException e) {
            // closed by the server: that is what the deadlines are for
          }
        }
        try {
          Thread.sleep(TRICKLE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "slow-client-trickler");
    trickler.setDaemon(true);
    trickler.start();
  }

  private static String slowBodyHead(String path) {
    return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Content-Length: 100000\r\n\r\n{\"title\": \"";
  }

  @Test
  void aNormalClientIsAnsweredWhileManySlowBodiesAreArriving() throws Exception {
    int port = start(Duration.ofSeconds(60), Duration.ofSeconds(60));
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      slowClient(port, slowBodyHead(i % 2 == 0 ? "/v1/similar" : "/v1/recommendations"));
    }
    startTrickling((byte) 'a');

    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest similar = HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/v1/papers/" + TestCorpus.CAT_CODES + "/similar?limit=3"))
        .timeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response = client.send(similar, HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode(), response.body());
    for (Socket socket : sockets) {
      assertTrue(stillWaiting(socket), "every slow client is still sending its body when the normal one is answered");
    }
  }

  /** Whether the server has neither answered nor closed {@code socket}. */
  private static boolean stillWaiting(Socket socket) throws IOException {
    socket.setSoTimeout(1);
    try {
      socket.getInputStream().read();
      return false;
    } catch (java.net.SocketTimeoutException e) {
      return true;
    }
  }

  @Test
  void aTricklingBodyIsAnswered408AndClosedAtItsDeadline() throws Exception {
    int port = start(Duration.ofSeconds(10), Duration.ofSeconds(1));
    Socket socket = slowClient(port, slowBodyHead("/v1/similar"));
    startTrickling((byte) 'a');

    socket.setSoTimeout(10_000);
    RawHttp.Reply reply = RawHttp.read(socket.getInputStream());
    reply.assertProblem(408);
    assertTrue(reply.body().contains("urn:paperrec:problem:request-timeout"), reply.body());
    assertTrue(RawHttp.closedWithin(socket, 5_000), "the server kept the connection of a body it gave up on");
  }

  @Test
  void aBodyThatStopsArrivingIsAnswered408AtTheIdleTimeout() throws Exception {
    int port = start(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30));
    Socket socket = slowClient(port, slowBodyHead("/v1/recommendations"));

    socket.setSoTimeout(10_000);
    RawHttp.Reply reply = RawHttp.read(socket.getInputStream());
    String detail = reply.assertProblem(408).path("detail").asText();
    assertTrue(detail.startsWith("no byte of the request body arrived for 1 s (11 of 100000 bytes received)"), detail);
    assertTrue(RawHttp.closedWithin(socket, 5_000), "the server kept an idle connection after its 408");
  }

  @Test
  void bodiesBeyondTheMemoryForBodiesInTransitAre503WithRetryAfter() throws Exception {
    long budget = 64 << 10;
    int port = start(new Transport(
        Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30), THREADS, List.of(), budget));
    String part = "a".repeat(40_000);
    Socket first = slowClient(port, slowBodyHead("/v1/similar") + part);
    Thread.sleep(500); // the first body's 40,000 bytes are held before the second's arrive
    Socket second = slowClient(port, slowBodyHead("/v1/similar") + part);

    second.setSoTimeout(10_000);
    RawHttp.Reply reply = RawHttp.read(second.getInputStream());
    String detail = reply.assertProblem(503).path("detail").asText();
    assertTrue(detail.contains("too many other request bodies") && detail.contains(budget + " bytes"), detail);
    assertEquals(String.valueOf(BodyPrefetch.BUSY_RETRY_AFTER_SECONDS), reply.header("Retry-After"));
    assertTrue(stillWaiting(first), "the body that came first is still being received");
  }

  @Test
  void tricklingHeadersAreAnswered408AndClosedAtTheirDeadline() throws Exception {
    int port = start(Duration.ofSeconds(1), Duration.ofSeconds(10));
    Socket socket = slowClient(port, "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
    startTrickling((byte) 'a');

    socket.setSoTimeout(10_000);
    RawHttp.Reply reply = RawHttp.read(socket.getInputStream());
    reply.assertProblem(408);
    assertTrue(RawHttp.closedWithin(socket, 5_000), "the server kept the connection after its 408");
  }

  @Test
  void lineBreaksBeforeARequestDoNotHoldAConnectionPastItsDeadlines() throws Exception {
    // Jetty skips CR and LF before a request line; each one restarts the 1 s idle timeout.
    int port = start(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10));
    Socket socket = slowClient(port, "\r\n");
    startTrickling((byte) '\n');

    assertTrue(RawHttp.closedWithin(socket, 10_000), "a connection sending only line breaks was kept");
  }

  @Test
  void aBodyThatArrivesInPiecesWithinItsDeadlineReachesTheRoute() throws Exception {
    int port = start(Duration.ofSeconds(10), Duration.ofSeconds(10));
    String body = "{\"title\": \"Graph neural networks for molecules\", \"abstract\": \"Message passing on molecular graphs.\"}";
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < body.length(); i += 17) {
      pieces.add(body.substring(i, Math.min(body.length(), i + 17)));
    }
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/similar HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      for (String piece : pieces) {
        out.write(piece.getBytes(StandardCharsets.UTF_8));
        out.flush();
        Thread.sleep(20); // separate TCP segments: several demand callbacks
      }
      RawHttp.Reply reply = RawHttp.read(socket.getInputStream());
      assertEquals(200, reply.status(), reply.body());
      assertTrue(reply.body().contains("\"results\""), reply.body());
    }
  }
}
