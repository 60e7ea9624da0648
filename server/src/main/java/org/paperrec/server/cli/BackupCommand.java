package org.paperrec.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.paperrec.recommend.Library;
import org.paperrec.server.Engine;
import org.paperrec.store.StoreLockedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Write a consistent backup of the data folder into DIR, a new folder that is a data folder of its own",
      "(restore: stop the server, start it with --data on a copy of DIR). Works while a server runs: then it asks",
      "that server (--server, with PAPERREC_ADMIN_TOKEN) to write the backup, which takes milliseconds."
    })
final class BackupCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(paramLabel = "DIR", description = "New folder for the backup; its parent must exist.")
  Path dir;

  @Option(
      names = "--server",
      paramLabel = "URL",
      defaultValue = "${env:PAPERREC_SERVER:-http://127.0.0.1:7070}",
      description = "The server that holds the data folder, when one does. Env PAPERREC_SERVER. Default: ${DEFAULT-VALUE}.")
  String server;

  @Mixin StoreOptions store;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path target = dir.toAbsolutePath().normalize();
    PrintWriter out = spec.commandLine().getOut();
    try (Engine engine = Engine.open(store.data, store.model, 1)) {
      Library.Backup backup = engine.library().backup(target);
      out.printf("backup of %d papers (store change %d) written to %s%n", backup.papers(), backup.storeSeq(),
          backup.folder());
      return 0;
    } catch (StoreLockedException held) {
      return throughServer(target, out);
    }
  }

  /** The folder is a running server's: ask it, on the same machine, to write the backup. */
  private int throughServer(Path target, PrintWriter out) throws Exception {
    String token = System.getenv("PAPERREC_ADMIN_TOKEN");
    if (token == null || token.isBlank()) {
      throw new IllegalStateException("the data folder " + store.data.toAbsolutePath().normalize() + " is held by a"
          + " running server; set PAPERREC_ADMIN_TOKEN to the server's admin token so that paperrec backup can ask it"
          + " (POST " + server + "/v1/admin/backup)");
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.replaceAll("/+$", "") + "/v1/admin/backup"))
        .timeout(Duration.ofMinutes(10))
        .header("Authorization", "Bearer " + token.strip())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("dir", target.toString()))))
        .build();
    HttpResponse<String> response;
    try {
      response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the data folder is held by a running server, but " + server
          + " does not answer (" + e.getMessage() + "); pass the server's address with --server");
    }
    JsonNode body = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("the server at " + server + " refused the backup: " + response.statusCode() + " "
          + body.path("detail").asText(response.body()));
    }
    out.printf("backup of %d papers (store change %d) written by the server to %s%n", body.get("papers").asLong(),
        body.get("storeSeq").asLong(), body.get("dir").asText());
    return 0;
  }
}
