package org.paperrec.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saturation load with wrk (Debian package {@code wrk}): {@code connections} connections on two
 * threads for a fixed duration, GET paths taken in turn from a file (each wrk thread starts at
 * its own offset), latency percentiles from {@code --latency}. Stateless.
 */
final class Wrk {

  private static final String SCRIPT = """
      -- paperrec bench: GET the paths of a file in turn; each wrk thread starts at its own offset.
      local paths = {}
      local counter = 0
      local threads = 0
      function setup(thread)
        threads = threads + 1
        thread:set("offset", threads * 7919)
      end
      function init(args)
        for line in io.lines(args[1]) do paths[#paths + 1] = line end
        counter = (offset or 0) % #paths
      end
      function request()
        counter = counter % #paths + 1
        return wrk.format("GET", paths[counter])
      end
      """;
  private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)(?:\\.0+)?%\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  private Wrk() {}

  /** True when a {@code wrk} binary is on the PATH. */
  static boolean available() {
    try {
      Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor();
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static Latencies run(String baseUrl, Path pathsFile, int connections, Duration duration, Path workDir)
      throws IOException, InterruptedException {
    Path script = workDir.resolve("cycle-paths.lua");
    Files.writeString(script, SCRIPT);
    List<String> command = new ArrayList<>(List.of(
        "wrk", "-t", Integer.toString(Math.min(2, connections)), "-c", Integer.toString(connections),
        "-d", duration.toSeconds() + "s", "--timeout", "10s", "--latency", "-s", script.toString(), baseUrl,
        "--", pathsFile.toString()));
    String out = ServerProcess.run(command);
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    Matcher m = PERCENTILE.matcher(out);
    while (m.find()) {
      double ms = toMs(Double.parseDouble(m.group(2)), m.group(3));
      if (m.group(1).equals("50")) {
        p50 = ms;
      } else {
        p99 = ms;
      }
    }
    Matcher rps = RPS.matcher(out);
    Matcher requests = REQUESTS.matcher(out);
    if (!rps.find() || !requests.find() || Double.isNaN(p50) || Double.isNaN(p99)) {
      throw new IOException("cannot read wrk's output: " + out);
    }
    long errors = 0;
    Matcher non2xx = NON_2XX.matcher(out);
    if (non2xx.find()) {
      errors += Long.parseLong(non2xx.group(1));
    }
    Matcher socket = SOCKET_ERRORS.matcher(out);
    if (socket.find()) {
      for (int g = 1; g <= 4; g++) {
        errors += Long.parseLong(socket.group(g));
      }
    }
    return new Latencies(Long.parseLong(requests.group(1)), errors, p50, p99, Double.parseDouble(rps.group(1)));
  }

  private static double toMs(double value, String unit) {
    return switch (unit) {
      case "us" -> value / 1e3;
      case "s" -> value * 1e3;
      default -> value;
    };
  }
}
