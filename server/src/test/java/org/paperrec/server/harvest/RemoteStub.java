package org.paperrec.server.harvest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on a free loopback port that plays a remote repository: each request's query
 * parameters go to a responder the test writes, and every request is recorded.
 */
final class RemoteStub implements AutoCloseable {

  /** A scripted answer: status, headers, body; {@code delayMillis} before anything is sent. */
  record Reply(int status, Map<String, String> headers, byte[] body, long delayMillis) {
    static Reply ok(String contentType, String body) {
      return new Reply(200, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8), 0);
    }

    static Reply xml(String body) {
      return ok("text/xml; charset=UTF-8", body);
    }

    static Reply json(String body) {
      return ok("application/json", body);
    }

    static Reply status(int status, Map<String, String> headers) {
      return new Reply(status, headers, new byte[0], 0);
    }
  }

  private final HttpServer server;
  private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
  private volatile Function<Map<String, String>, Reply> responder;

  RemoteStub(Function<Map<String, String>, Reply> responder) throws IOException {
    this.responder = responder;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  void respondWith(Function<Map<String, String>, Reply> newResponder) {
    responder = newResponder;
  }

  /** The query parameters of every request so far, in order. */
  List<Map<String, String>> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    query.put("_path", exchange.getRequestURI().getPath());
    requests.add(Map.copyOf(query));
    Reply reply = responder.apply(query);
    try {
      if (reply.delayMillis() > 0) {
        Thread.sleep(reply.delayMillis());
      }
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
      if (reply.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply.body());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientGone) {
      // the client timed out first: what the test wanted
    } finally {
      exchange.close();
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(key, value);
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
