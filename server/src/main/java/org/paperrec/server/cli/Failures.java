package org.paperrec.server.cli;

import java.nio.file.Path;
import org.apache.lucene.store.LockObtainFailedException;
import org.paperrec.store.StoreLockedException;

/** Turns an exception into the one line a person sees. */
final class Failures {

  private Failures() {}

  static String oneLine(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      Throwable cause = e.getCause();
      return cause != null && cause != e ? oneLine(cause) : e.getClass().getSimpleName();
    }
    return message.replace('\n', ' ');
  }

  /**
   * The line for a failure of {@code command} (e.g. {@code ingest}, {@code users delete}) on data
   * folder {@code dataDir} (null for a command without one). A folder held by another process — the
   * store's RocksDB lock, or the search index's Lucene lock for a second writer — gets one line
   * that names the folder and says what to run instead, whichever command hit it.
   */
  static String oneLine(Throwable e, String command, Path dataDir) {
    StoreLockedException storeLocked = find(e, StoreLockedException.class);
    if (storeLocked != null) {
      return folderInUse(storeLocked.dir(), command);
    }
    if (find(e, LockObtainFailedException.class) != null && dataDir != null) {
      return folderInUse(dataDir.toAbsolutePath().normalize(), command);
    }
    return oneLine(e);
  }

  private static String folderInUse(Path dir, String command) {
    String instead = switch (command) {
      case "ingest" -> "stop it first, or add papers through the server's /v1/papers admin route: curl -X POST"
          + " http://HOST:PORT/v1/papers -H \"Authorization: Bearer $PAPERREC_ADMIN_TOKEN\""
          + " -H 'Content-Type: application/json' -d @papers.json";
      case "users delete" -> "stop it first, or let the user delete itself through the server's /v1/users/me route:"
          + " curl -X DELETE http://HOST:PORT/v1/users/me -H \"Authorization: Bearer USER_TOKEN\"";
      case "serve" -> "one server per data folder: stop the other one first, or serve another --data";
      default -> "stop it first (stats, similar, recommend and users list work beside it)";
    };
    return "the data folder " + dir + " is in use by a running paperrec server (or another writing command); " + instead;
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    // Bounded: a cause chain can loop.
    for (int depth = 0; e != null && depth < 20; depth++, e = e.getCause()) {
      if (type.isInstance(e)) {
        return type.cast(e);
      }
    }
    return null;
  }
}
