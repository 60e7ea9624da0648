package org.paperrec.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.paperrec.server.cli.CliTest.paperrec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.server.cli.CliTest.Run;

/**
 * The command line beside the real server: {@code java -jar target/paperrec.jar serve} in a child
 * process holds the data folder (RocksDB's lock across processes, Lucene's write lock) while the
 * commands run in this JVM. Needs the jar: {@code mvn -pl server -am -DskipTests package} first;
 * skipped without it.
 */
class ServerProcessTest {

  private static final Path JAR = Path.of("target", "paperrec.jar");
  /** Model load, demo-corpus embedding on two shared cores: generous, it only bounds a hang. */
  private static final long READY_SECONDS = 300;

  @TempDir Path tmp;

  @Test
  void readOnlyCommandsWorkAndWritingCommandsSayWhatToDoBesideARunningServer() throws Exception {
    assumeTrue(Files.isRegularFile(JAR), "no " + JAR.toAbsolutePath() + ": run `mvn -pl server -am -DskipTests package` to"
        + " test the command line beside a real server process");
    Path data = tmp.resolve("data");
    Path log = tmp.resolve("server-stderr.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process server = new ProcessBuilder(List.of(java, "-jar", JAR.toString(), "serve", "--data", data.toString(),
            "--host", "127.0.0.1", "--port", "0", "--threads", "1"))
        .redirectError(log.toFile())
        .start();
    try {
      // The server prints "ready: N papers" once the demo corpus is ingested and its index committed.
      String ready = awaitLine(server, "ready: ");
      assertTrue(ready != null, "the server was not ready in " + READY_SECONDS + " s; its log: " + tail(log));

      Run stats = paperrec("stats", "--data", data.toString());
      assertEquals(0, stats.code(), stats.err());
      assertTrue(stats.out().contains("papers        48"), stats.out());

      Run similar = paperrec("similar", ServeCommand.EXAMPLE_ID, "--data", data.toString(), "--limit", "3");
      assertEquals(0, similar.code(), similar.err());
      assertEquals(3 + 1, similar.out().strip().lines().count(), "a header and three results: " + similar.out());

      Run recommend = paperrec("recommend", "--like", ServeCommand.EXAMPLE_ID, "--data", data.toString(), "--limit", "3");
      assertEquals(0, recommend.code(), recommend.err());

      Run users = paperrec("users", "list", "--data", data.toString());
      assertEquals(0, users.code(), users.err());
      assertEquals("0 users", users.out().strip());

      Run delete = paperrec("users", "delete", "0123456789abcdef0123456789abcdef", "--data", data.toString());
      assertEquals(1, delete.code());
      String line = delete.err().strip();
      assertEquals(1, line.lines().count(), line);
      assertTrue(line.startsWith("paperrec: the data folder " + data.toAbsolutePath().normalize() + " is in use by a running"
          + " paperrec server"), line);
      assertTrue(server.isAlive(), "the server is unaffected");
    } finally {
      server.destroy(); // SIGTERM: the server's shutdown hook closes the folder
      if (!server.waitFor(60, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /** The first line of the server's standard output that starts with {@code prefix}, or null on timeout or exit. */
  private static String awaitLine(Process process, String prefix) throws InterruptedException {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l = in.readLine(); l != null; l = in.readLine()) {
          lines.add(l);
        }
      } catch (IOException e) {
        // The process ended: nothing more to read.
      } finally {
        lines.add("\u0000end");
      }
    }, "server-stdout");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null || line.equals("\u0000end")) {
        return null;
      }
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(none)";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
  }
}
