package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.http.ApiFixture.assertProblem;
import static org.paperrec.server.http.ApiFixture.bearer;
import static org.paperrec.server.http.ApiFixture.get;
import static org.paperrec.server.http.ApiFixture.header;
import static org.paperrec.server.http.ApiFixture.json;
import static org.paperrec.server.http.ApiFixture.post;
import static org.paperrec.server.http.ApiFixture.postJson;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/users}: only as a request declared as JSON, which no web page can send to another
 * site without a CORS preflight that {@link Cors} refuses, and only with the admin token when
 * sign-up is closed.
 */
class SignupTest {

  private static final String AUTHORIZATION = "Authorization";

  @TempDir static Path data;
  static ApiFixture fixture;

  @BeforeAll
  static void openCorpus() {
    fixture = ApiFixture.open(data);
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  private static Javalin closedSignup() {
    return fixture.app(new ApiSettings(ApiFixture.ADMIN_TOKEN, List.of(), RateLimitSettings.OFF, false), () -> true);
  }

  private static int users() {
    return fixture.profiles.list().size();
  }

  @Test
  void aTextPlainPostGets415AndCreatesNoUser() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      int before = users();
      String detail = assertProblem(post(client, "/v1/users", "text/plain", "{}"), 415, "unsupported-media-type")
          .path("detail").asText();
      assertTrue(detail.contains("Content-Type: application/json") && detail.contains("text/plain"), detail);
      assertEquals(before, users());
    });
  }

  @Test
  void aFormPostGets415AndCreatesNoUser() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      int before = users();
      assertProblem(post(client, "/v1/users", "application/x-www-form-urlencoded", "a=b"), 415, "unsupported-media-type");
      assertProblem(post(client, "/v1/users", "multipart/form-data; boundary=x", "--x--\r\n"), 415, "unsupported-media-type");
      assertEquals(before, users());
    });
  }

  @Test
  void aPostWithoutContentTypeGets415() throws Exception {
    JavalinTest.test(fixture.app(), (server, client) -> {
      HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(client.getOrigin() + "/v1/users"))
              .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(415, response.statusCode(), response.body());
      assertTrue(response.body().contains("urn:paperrec:problem:unsupported-media-type"), response.body());
    });
  }

  @Test
  void jsonWithAnEmptyObjectOrNoBodyCreatesAUser() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      assertEquals(201, postJson(client, "/v1/users", "{}").code());
      assertEquals(201, postJson(client, "/v1/users", "").code());
      assertEquals(201, post(client, "/v1/users", "application/json; charset=utf-8", " { } ").code());
    });
  }

  @Test
  void aBodyWithMembersGets400() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/users", "{\"name\":\"x\"}"), 400, "invalid-request")
          .path("detail").asText();
      assertTrue(detail.contains("send {}"), detail);
      assertProblem(postJson(client, "/v1/users", "[]"), 400, "invalid-request");
    });
  }

  @Test
  void aWebPagesPreflightForAJsonSignupGetsNoCorsPermission() throws Exception {
    JavalinTest.test(fixture.app(), (server, client) -> {
      HttpResponse<String> preflight = java.net.http.HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(client.getOrigin() + "/v1/users"))
              .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
              .header("Origin", "https://evil.example")
              .header("Access-Control-Request-Method", "POST")
              .header("Access-Control-Request-Headers", "content-type")
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertTrue(preflight.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), preflight.headers().toString());
      assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").isEmpty(), preflight.headers().toString());
    });
  }

  @Test
  void closedSignupNeedsTheAdminToken() {
    JavalinTest.test(closedSignup(), (server, client) -> {
      int before = users();
      Response anonymous = postJson(client, "/v1/users", "{}");
      assertProblem(anonymous, 401, "unauthorized");
      assertProblem(postJson(client, "/v1/users", "{}", AUTHORIZATION, bearer(ApiFixture.ADMIN_TOKEN + "x")), 403,
          "forbidden");
      assertEquals(before, users());

      Response created = postJson(client, "/v1/users", "{}", AUTHORIZATION, bearer(ApiFixture.ADMIN_TOKEN));
      assertEquals(201, created.code(), created.body().string());
      assertNull(header(created, "WWW-Authenticate"));
      String token = json(created).path("token").asText();
      // The user is an ordinary user: its own token reaches its profile, the admin token does not.
      assertEquals(200, get(client, "/v1/users/me", AUTHORIZATION, bearer(token)).code());
      assertProblem(get(client, "/v1/users/me", AUTHORIZATION, bearer(ApiFixture.ADMIN_TOKEN)), 401, "user-unauthorized");
    });
  }

  @Test
  void closedSignupStillRefusesATextPlainPostWithTheAdminToken() {
    JavalinTest.test(closedSignup(), (server, client) -> {
      assertProblem(post(client, "/v1/users", "text/plain", "{}", AUTHORIZATION, bearer(ApiFixture.ADMIN_TOKEN)), 415,
          "unsupported-media-type");
    });
  }
}
