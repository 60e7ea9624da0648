package org.paperrec.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code paperrec} in a child JVM on this test run's classpath (no packaged jar needed), its
 * standard output read line by line and its standard error kept in a file for failure messages.
 */
public final class ChildProcess implements AutoCloseable {

  private static final String END = "\u0000end";

  private final Process process;
  private final Path log;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  public ChildProcess(Path log, Map<String, String> env, String... args) throws IOException {
    this(log, env, List.of(), args);
  }

  /**
   * @param launcher a command that runs the JVM, such as {@code setpriv --bounding-set=...}; empty
   *     for none
   */
  public ChildProcess(Path log, Map<String, String> env, List<String> launcher, String... args) throws IOException {
    this.log = log;
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        "org.paperrec.server.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    builder.environment().putAll(env);
    process = builder.start();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l = in.readLine(); l != null; l = in.readLine()) {
          lines.add(l);
        }
      } catch (IOException e) {
        // the process ended
      } finally {
        lines.add(END);
      }
    }, "child-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** The first line of standard output starting with {@code prefix}, or null when the process ends or time is up. */
  public String awaitLine(String prefix, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null || line.equals(END)) {
        return null;
      }
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  /** SIGKILL, and wait for the process to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  /** SIGTERM, without waiting: the process shuts down as it would on Ctrl-C or {@code kill}. */
  public void terminate() {
    process.destroy();
  }

  /** Exit code, waiting up to {@code seconds}; -1 if still running. */
  public int waitFor(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  public String logTail() throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", all.subList(Math.max(0, all.size() - 15), all.size()));
  }

  /** SIGTERM, then SIGKILL after a minute. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      kill();
    }
  }
}
