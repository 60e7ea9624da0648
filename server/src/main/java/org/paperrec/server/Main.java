package org.paperrec.server;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.paperrec.server.cli.PaperrecCli;

/** The jar's entry point: {@code java -jar paperrec.jar <command>}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    // Nothing may reach out to the network: DJL's telemetry and model zoo stay off unless an
    // operator explicitly sets the property.
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = PaperrecCli.run(out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
