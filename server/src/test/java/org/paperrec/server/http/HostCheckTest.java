package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DNS rebinding: a server on loopback answers only the Host names it is reached under. */
class HostCheckTest {

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "localhost:7070", "LocalHost:7070", "localhost.", "127.0.0.1", "127.0.0.1:7070",
      "[::1]", "[::1]:7070"})
  void theLoopbackNamesAreAllowedWithAnyPort(String host) {
    assertTrue(HostCheck.allows(HostCheck.effective(List.of(), true), host), host);
  }

  @ParameterizedTest
  @ValueSource(strings = {"evil.example", "evil.example:7070", "localhost.evil.example", "127.0.0.1.nip.io:7070",
      "127.0.0.2", "[::2]:7070", "localhost@evil.example", ""})
  void otherNamesAreRefusedOnLoopback(String host) {
    assertFalse(HostCheck.allows(HostCheck.effective(List.of(), true), host), host);
  }

  @Test
  void anyNameIsAllowedOnANetworkAddressUnlessNamesAreConfigured() {
    assertTrue(HostCheck.allows(HostCheck.effective(List.of(), false), "paperrec.lab.example.org"));
    List<String> configured = HostCheck.effective(List.of("paperrec.lab.example.org"), false);
    assertTrue(HostCheck.allows(configured, "paperrec.lab.example.org:443"));
    assertFalse(HostCheck.allows(configured, "evil.example"));
  }

  @Test
  void configuredNamesReplaceTheLoopbackNames() {
    List<String> configured = HostCheck.effective(List.of("paperrec.local"), true);
    assertTrue(HostCheck.allows(configured, "paperrec.local:7070"));
    assertFalse(HostCheck.allows(configured, "localhost:7070"));
  }

  @Test
  void aNameWithAPortAllowsOnlyThatPort() {
    List<String> configured = List.of("paperrec.local:8443", "[::1]:7070");
    assertTrue(HostCheck.allows(configured, "paperrec.local:8443"));
    assertFalse(HostCheck.allows(configured, "paperrec.local:8080"));
    assertFalse(HostCheck.allows(configured, "paperrec.local"));
    assertTrue(HostCheck.allows(configured, "[::1]:7070"));
    assertFalse(HostCheck.allows(configured, "[::1]:7071"));
  }

  @Test
  void anAsteriskTurnsTheCheckOff() {
    assertTrue(HostCheck.effective(List.of("*"), true).isEmpty());
    assertTrue(HostCheck.allows(HostCheck.effective(List.of("*"), true), "evil.example"));
  }

  @Test
  void settingsRefuseAHostWithAPathAndLowerCaseNames() {
    Transport transport = Transport.DEFAULTS.withAllowedHosts(List.of(" Paperrec.Local ", ""));
    assertEquals(List.of("paperrec.local"), transport.allowedHosts());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Transport.DEFAULTS.withAllowedHosts(List.of("http://paperrec.local/")));
    assertTrue(e.getMessage().contains("host=http://paperrec.local/"), e.getMessage());
  }

  @TempDir static Path data;
  static ApiFixture fixture;

  @BeforeAll
  static void openCorpus() {
    fixture = ApiFixture.open(data.resolve("corpus"));
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  private static Javalin start(String bindHost, List<String> allowedHosts) {
    Transport transport = Transport.DEFAULTS.withAllowedHosts(allowedHosts);
    return fixture.app(new ApiSettings(ApiFixture.ADMIN_TOKEN, List.of(), transport), () -> true).start(bindHost, 0);
  }

  private static RawHttp.Reply get(int port, String path, String host) throws Exception {
    return RawHttp.send(port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
  }

  @Test
  void aReboundNameGets421MisdirectedRequestOnLoopback() throws Exception {
    Javalin app = start("127.0.0.1", List.of());
    try {
      JsonNode problem = get(app.port(), "/v1/papers/" + TestCorpus.CAT_CODES + "/similar", "evil.example:" + app.port())
          .assertProblem(421);
      assertEquals("urn:paperrec:problem:misdirected-request", problem.path("type").asText());
      String detail = problem.path("detail").asText();
      assertTrue(detail.contains("'evil.example:" + app.port() + "'") && detail.contains("--allowed-hosts"), detail);
      RawHttp.Reply create = RawHttp.send(app.port(), "POST /v1/users HTTP/1.1\r\nHost: evil.example\r\n"
          + "Content-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
      create.assertProblem(421);
    } finally {
      app.stop();
    }
  }

  @Test
  void theNamesTheWebPageAndExtensionsUseAreAnswered() throws Exception {
    Javalin app = start("127.0.0.1", List.of());
    try {
      for (String host : List.of("127.0.0.1:" + app.port(), "localhost:" + app.port(), "localhost", "[::1]:" + app.port())) {
        assertEquals(200, get(app.port(), "/health", host).status(), host);
      }
      assertEquals(200, get(app.port(), "/", "127.0.0.1:" + app.port()).status());
    } finally {
      app.stop();
    }
  }

  @Test
  void configuredNamesAreAnsweredAndTheLoopbackDefaultsNoLonger() throws Exception {
    Javalin app = start("127.0.0.1", List.of("paperrec.lab.example.org"));
    try {
      assertEquals(200, get(app.port(), "/health", "paperrec.lab.example.org").status());
      get(app.port(), "/health", "localhost:" + app.port()).assertProblem(421);
    } finally {
      app.stop();
    }
  }

  @Test
  void anAsteriskAnswersAnyName() throws Exception {
    Javalin app = start("127.0.0.1", List.of("*"));
    try {
      assertEquals(200, get(app.port(), "/health", "evil.example").status());
    } finally {
      app.stop();
    }
  }

  @Test
  void onAllInterfacesAnyNameIsAnsweredUnlessNamesAreConfigured() throws Exception {
    Javalin open = start("0.0.0.0", List.of());
    try {
      assertEquals(200, get(open.port(), "/health", "paperrec.lab.example.org").status());
    } finally {
      open.stop();
    }
    Javalin restricted = start("0.0.0.0", List.of("paperrec.lab.example.org"));
    try {
      get(restricted.port(), "/health", "evil.example").assertProblem(421);
    } finally {
      restricted.stop();
    }
  }
}
