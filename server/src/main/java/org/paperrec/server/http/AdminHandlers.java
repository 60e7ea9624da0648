package org.paperrec.server.http;

import io.javalin.http.Context;
import io.javalin.http.Header;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.paperrec.recommend.Library;

/** Operations routes for the admin: an online backup of the data folder. */
final class AdminHandlers {

  /** The most a backup request body holds: one folder name. */
  static final long BACKUP_BODY_BYTES = 8 * 1024;

  /**
   * Longest name of one folder in a backup path, in bytes: Linux's NAME_MAX is 255, and the
   * checkpoint's temporary folder beside it adds a suffix, so that 255 itself already fails.
   */
  static final int MAX_NAME_BYTES = 200;

  private final Library library;
  private final RequestBodies bodies;

  AdminHandlers(Library library, RequestBodies bodies) {
    this.library = library;
    this.bodies = bodies;
  }

  /** {@code {"dir": "/backups/paperrec-2026-12-03"}}: a folder on the server's machine that does not exist yet. */
  record BackupRequest(String dir) {}

  /** {@code 201}: where the backup is and what it holds. */
  record BackupJson(String dir, long papers, long storeSeq, long indexBytes, long tookMs) {}

  /**
   * {@code POST /v1/admin/backup}: writes an online backup of the data folder into a new folder,
   * while the server goes on answering (writes wait for milliseconds); restore by starting a
   * server on a copy of that folder.
   */
  void backup(Context ctx) throws IOException {
    QueryParams.allowOnly(ctx, Set.of());
    BackupRequest request = bodies.read(ctx, BackupRequest.class, BACKUP_BODY_BYTES);
    if (request.dir() == null || request.dir().isBlank()) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, "'dir' is required: the absolute path of a new folder"
          + " on the server's machine, e.g. {\"dir\": \"/var/backups/paperrec-2026-12-03\"}");
    }
    Path dir;
    try {
      dir = Path.of(request.dir());
    } catch (java.nio.file.InvalidPathException e) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, "'dir' is not a path: " + e.getMessage());
    }
    for (Path name : dir) {
      // A longer name fails deep in RocksDB's checkpoint, which would be a 500.
      if (name.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
        throw new ProblemException(ProblemType.INVALID_REQUEST, "'dir' has a folder name of more than " + MAX_NAME_BYTES
            + " bytes; use a shorter one: '" + Validation.abbreviate(name.toString()) + "'");
      }
    }
    if (!dir.isAbsolute()) {
      throw new ProblemException(ProblemType.INVALID_REQUEST,
          "'dir' must be an absolute path (the server's working folder is not the client's); got '" + request.dir() + "'");
    }
    long start = System.nanoTime();
    Library.Backup backup;
    try {
      backup = library.backup(dir);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, e.getMessage());
    }
    ctx.status(201).header(Header.CACHE_CONTROL, "no-store").json(new BackupJson(backup.folder().toString(),
        backup.papers(), backup.storeSeq(), backup.indexBytes(), (System.nanoTime() - start) / 1_000_000));
  }
}
