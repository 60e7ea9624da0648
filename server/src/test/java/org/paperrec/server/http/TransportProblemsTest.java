package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors that Jetty answers before a request reaches a route are problems too, with a detail that
 * says what to change. Raw sockets, because HTTP clients refuse to send or normalise these requests.
 */
class TransportProblemsTest {

  @TempDir static Path data;
  static ApiFixture fixture;
  static Javalin app;
  static int port;

  @BeforeAll
  static void start() {
    fixture = ApiFixture.open(data.resolve("corpus"));
    app = fixture.app().start("127.0.0.1", 0);
    port = app.port();
  }

  @AfterAll
  static void stop() {
    app.stop();
    fixture.close();
  }

  private static RawHttp.Reply send(String requestLine, String... headers) throws Exception {
    StringBuilder request = new StringBuilder(requestLine).append("\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    return RawHttp.send(port, request.append("\r\n").toString());
  }

  @Test
  void invalidUtf8InThePathIsA400ProblemAskingForUtf8() throws Exception {
    JsonNode problem = send("GET /v1/papers/%ff HTTP/1.1", "Host: localhost").assertProblem(400);
    assertEquals("urn:paperrec:problem:invalid-request", problem.path("type").asText());
    String detail = problem.path("detail").asText();
    assertTrue(detail.startsWith("Bad UTF-8 encoding") && detail.contains("percent-encoded as UTF-8"), detail);
  }

  @Test
  void optionsAsteriskAnswersWithTheMethodsOfTheServer() throws Exception {
    RawHttp.Reply reply = send("OPTIONS * HTTP/1.1", "Host: localhost");
    assertEquals(204, reply.status(), reply.body());
    assertEquals(JettyTransport.AsteriskTarget.ALLOW, reply.header("Allow"));
  }

  @Test
  void anAsteriskTargetWithAnotherMethodIsA400Problem() throws Exception {
    JsonNode problem = send("DELETE * HTTP/1.1", "Host: localhost").assertProblem(400);
    assertTrue(problem.path("detail").asText().startsWith("Bad URI path"), problem.toString());
  }

  @Test
  void aJettyErrorOnAPutIsAProblemToo() throws Exception {
    send("PUT /v1/users/me/likes/%ff HTTP/1.1", "Host: localhost", "Content-Length: 0").assertProblem(400);
  }

  @Test
  void aTooLongRequestLineIsA414ProblemNamingTheLimit() throws Exception {
    String detail = send("GET /v1/search?q=" + "a".repeat(20_000) + " HTTP/1.1", "Host: localhost")
        .assertProblem(414).path("detail").asText();
    assertTrue(detail.contains("longer than 8192 bytes") && detail.contains("POST /v1/similar"), detail);
  }

  @Test
  void tooLargeHeadersAreA431ProblemNamingTheLimit() throws Exception {
    String detail = send("GET /health HTTP/1.1", "Host: localhost", "Cookie: " + "c".repeat(20_000))
        .assertProblem(431).path("detail").asText();
    assertTrue(detail.contains("8192 bytes") && detail.contains("fewer or shorter headers"), detail);
  }

  @Test
  void anUnknownHttpVersionIsA505Problem() throws Exception {
    String detail = send("GET /health HTTP/1.7", "Host: localhost").assertProblem(505).path("detail").asText();
    assertTrue(detail.contains("only HTTP/1.0 and HTTP/1.1"), detail);
  }

  @Test
  void anUnparsableRequestLineIsA400ProblemWithoutAnInstance() throws Exception {
    JsonNode problem = send("GARBAGE").assertProblem(400);
    assertFalse(problem.has("instance"), "Jetty's /badMessage placeholder is no path: " + problem);
  }

  @Test
  void anUnsupportedExpectationIsA417Problem() throws Exception {
    String detail = send("GET /health HTTP/1.1", "Host: localhost", "Expect: magic").assertProblem(417).path("detail").asText();
    assertTrue(detail.contains("100-continue"), detail);
  }

  @Test
  void conflictingBodyFramingIsA400Problem() throws Exception {
    send("POST /v1/similar HTTP/1.1", "Host: localhost", "Content-Length: 5", "Transfer-Encoding: chunked")
        .assertProblem(400);
  }

  @Test
  void aChunkedBodyLongerThanTheRouteAcceptsIsA413ProblemNamingTheLimit() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      Thread writer = new Thread(() -> {
        try {
          out.write(("POST /v1/similar HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
          byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
          for (long sent = 0; sent <= Limits.QUERY_BODY_BYTES; sent += 0x10000) {
            out.write(chunk);
          }
          out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
          // the server answered and closed before the whole body was sent: expected
        }
      }, "chunked-writer");
      writer.start();
      JsonNode problem = RawHttp.read(socket.getInputStream()).assertProblem(413);
      writer.join(15_000);
      assertEquals("urn:paperrec:problem:body-too-large", problem.path("type").asText());
      assertTrue(problem.path("detail").asText().contains(Long.toString(Limits.QUERY_BODY_BYTES)), problem.toString());
    }
  }
}
