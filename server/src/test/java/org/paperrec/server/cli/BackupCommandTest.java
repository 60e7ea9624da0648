package org.paperrec.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.cli.CliTest.paperrec;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.server.ChildProcess;
import org.paperrec.server.cli.CliTest.Run;

/** {@code paperrec backup DIR}: on a folder of its own, and beside a running server, which writes it. */
class BackupCommandTest {

  private static final String ADMIN_TOKEN = "backup-test-admin-token-0123456789abcdef";

  @TempDir Path tmp;

  @Test
  void backsUpBesideARunningServerThroughItAndTheBackupServesTheSamePapers() throws Exception {
    Path data = tmp.resolve("data");
    Path backup = tmp.resolve("backup");
    try (ChildProcess server = new ChildProcess(tmp.resolve("serve.log"), Map.of("PAPERREC_ADMIN_TOKEN", ADMIN_TOKEN),
        "serve", "--data", data.toString(), "--port", "0", "--threads", "1")) {
      String listening = server.awaitLine("paperrec listening on ", 300);
      assertNotNull(listening, server.logTail());
      String base = listening.substring("paperrec listening on ".length()).split(" ")[0];
      assertNotNull(server.awaitLine("ready: ", 300), server.logTail());
      try (ChildProcess cli = new ChildProcess(tmp.resolve("backup.log"), Map.of("PAPERREC_ADMIN_TOKEN", ADMIN_TOKEN),
          "backup", backup.toString(), "--data", data.toString(), "--server", base)) {
        String line = cli.awaitLine("backup of ", 120);
        assertEquals(0, cli.waitFor(60), cli.logTail());
        assertTrue(line.startsWith("backup of 48 papers") && line.contains("written by the server to " + backup), line);
      }
    }
    // The backup is a data folder: the read-only commands and a second backup (no server now) work on it.
    Run stats = paperrec("stats", "--data", backup.toString());
    assertEquals(0, stats.code(), stats.err());
    assertTrue(stats.out().contains("papers        48"), stats.out());
    Run similar = paperrec("similar", ServeCommand.EXAMPLE_ID, "--data", backup.toString(), "--limit", "3");
    assertEquals(0, similar.code(), similar.err());
    Run again = paperrec("backup", tmp.resolve("backup-2").toString(), "--data", backup.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().startsWith("backup of 48 papers"), again.out());
    Run exists = paperrec("backup", tmp.resolve("backup-2").toString(), "--data", backup.toString());
    assertEquals(1, exists.code());
    assertTrue(exists.err().contains("exists already"), exists.err());
  }
}
