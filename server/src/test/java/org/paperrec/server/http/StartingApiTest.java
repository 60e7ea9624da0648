package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.paperrec.server.http.ApiFixture.get;
import static org.paperrec.server.http.ApiFixture.header;
import static org.paperrec.server.http.ApiFixture.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import org.junit.jupiter.api.Test;

/** The API of a server that is still opening its data folder: it listens, and says so. */
class StartingApiTest {

  @Test
  void healthSaysStartingWith503() {
    JavalinTest.test(HttpApi.starting(), (server, client) -> {
      Response response = get(client, "/health");
      assertEquals(503, response.code());
      JsonNode body = json(response);
      assertEquals("starting", body.path("status").asText());
      assertEquals(0, body.path("papers").asInt());
    });
  }

  @Test
  void everyOtherRouteIsA503StartingProblemWithRetryAfter() {
    JavalinTest.test(HttpApi.starting(), (server, client) -> {
      Response response = get(client, "/v1/papers/2501.06842/similar");
      assertEquals(503, response.code());
      assertEquals("application/problem+json", header(response, "Content-Type"));
      assertEquals(String.valueOf(HttpApi.STARTING_RETRY_AFTER_SECONDS), header(response, "Retry-After"));
      JsonNode problem = json(response);
      assertEquals("urn:paperrec:problem:starting", problem.path("type").asText());
      assertEquals(503, problem.path("status").asInt());
    });
  }

  @Test
  void aStartingServerOnLoopbackRefusesAReboundHostName() throws Exception {
    io.javalin.Javalin app = HttpApi.starting().start("127.0.0.1", 0);
    try {
      RawHttp.Reply reply = RawHttp.send(app.port(), "GET /health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
      assertEquals("urn:paperrec:problem:misdirected-request", reply.assertProblem(421).path("type").asText());
    } finally {
      app.stop();
    }
  }
}
