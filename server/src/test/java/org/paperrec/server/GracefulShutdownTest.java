package org.paperrec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.store.PaperStore;

/**
 * SIGTERM to a real server in the middle of a large upsert: the upsert is finished and answered,
 * a new connection is refused (or answered 503) meanwhile, the process exits by itself, and after a
 * restart every paper of the upsert is there, with a sound folder.
 */
class GracefulShutdownTest {

  @TempDir Path tmp;

  @Test
  void sigtermFinishesTheRunningUpsertAndRefusesNewConnections() throws Exception {
    Path data = tmp.resolve("data");
    int papers = 300;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < papers; i++) {
      ids.add(String.format("2614.%05d", i));
    }
    String body = ServedFolder.JSON.writeValueAsString(ids.stream().map(ServedFolder::paperJson).toList());
    ServedFolder server = ServedFolder.start(data, tmp.resolve("serve1.log"), Map.of("PAPERREC_SHUTDOWN_TIMEOUT", "300s"));
    try {
      CompletableFuture<HttpResponse<String>> upsert = CompletableFuture.supplyAsync(() -> {
        try {
          return server.send("POST", "/v1/papers", ServedFolder.ADMIN_TOKEN, body);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      awaitStored(data, 48 + 10);
      server.child.terminate();

      URI base = URI.create(server.base);
      String answer = null;
      for (int i = 0; i < 600 && answer == null; i++) {
        answer = newConnection(base);
        if (answer != null && answer.startsWith("HTTP/1.1 200")) {
          answer = null; // the signal is not handled yet
          Thread.sleep(50);
        }
      }
      assertTrue(answer != null && (answer.equals("refused") || answer.startsWith("HTTP/1.1 503")),
          "a new connection after SIGTERM: " + answer);
      assertFalse(upsert.isDone() && upsert.get().statusCode() != 200, "the upsert was still running, not cut");

      HttpResponse<String> response = upsert.get();
      assertEquals(200, response.statusCode(), response.body());
      assertEquals(papers, ServedFolder.JSON.readTree(response.body()).get("counts").get("added").asInt(), response.body());
      // The JVM's status after a SIGTERM whose shutdown hooks ran to the end: 128 + 15.
      assertEquals(143, server.child.waitFor(300), "the server exits by itself: " + server.child.logTail());
      assertTrue(server.child.logTail().contains("stopped: search index committed, store flushed"), server.child.logTail());
    } finally {
      server.kill();
    }

    try (PaperStore store = PaperStore.openReadOnly(data)) {
      assertEquals(48 + papers, store.count());
    }
    ServedFolder.Check check = ServedFolder.check(data);
    assertEquals(0, check.code(), check.toString());
    assertTrue(check.out().contains("index changes behind 0"), "the index was committed at shutdown: " + check);
  }

  @Test
  void sigtermStopsTheBackgroundIngestAtABatchBoundaryAndCommitsWhatItWrote() throws Exception {
    Path corpus = tmp.resolve("corpus.jsonl");
    int papers = 3_000;
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < papers; i++) {
      lines.append(ServedFolder.JSON.writeValueAsString(java.util.Map.of(
          "id", String.format("2616.%05d", i), "title", "Background paper " + i + " on graceful shutdown",
          "abstract", "Stopping an ingest at a safe point, part " + i + ".", "authors", List.of("A. Author"),
          "categories", List.of("cs.DC"), "primary_category", "cs.DC", "announced", "2026-11-30"))).append('\n');
    }
    java.nio.file.Files.writeString(corpus, lines);
    Path data = tmp.resolve("data");
    ServedFolder server = ServedFolder.start(data, tmp.resolve("serve.log"), Map.of(), "--ingest", corpus.toString());
    try {
      awaitStored(data, 48 + 2 * 64);
      server.child.terminate();
      assertEquals(143, server.child.waitFor(120), "the server stops without waiting for the whole ingest: "
          + server.child.logTail());
      assertTrue(server.child.logTail().contains("stopped: search index committed, store flushed"), server.child.logTail());
    } finally {
      server.kill();
    }
    String log = java.nio.file.Files.readString(tmp.resolve("serve.log"));
    assertFalse(log.contains("ERROR"), "the ingest was stopped, not broken off: " + server.child.logTail());
    ServedFolder.Check check = ServedFolder.check(data);
    assertEquals(0, check.code(), check.toString());
    assertTrue(check.out().contains("index changes behind 0"), "what the ingest wrote was committed: " + check);
    try (PaperStore store = PaperStore.openReadOnly(data)) {
      assertTrue(store.count() < 48 + papers, "stopped before the end: " + store.count());
    }
  }

  /** A GET /health on a new connection: "refused", or the status line. */
  private static String newConnection(URI base) {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /health HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
        line.append((char) c);
      }
      return line.length() == 0 ? "refused" : line.toString();
    } catch (ConnectException e) {
      return "refused";
    } catch (IOException e) {
      return "refused"; // closed under us: not accepted
    }
  }

  private static void awaitStored(Path data, long n) throws InterruptedException {
    for (int i = 0; i < 6000; i++) {
      try (PaperStore store = PaperStore.openReadOnly(data)) {
        if (store.count() >= n) {
          return;
        }
      } catch (RuntimeException notYet) {
        // a file went away while opening
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the folder never held " + n + " papers");
  }
}
