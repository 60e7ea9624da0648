package org.paperrec.server.cli;

/**
 * A command refusing what the user gave it (a folder of files to import, a folder to export into)
 * before it changed anything: one line on stderr and exit code 2, as for a usage error, because
 * the fix is in the user's input, not in paperrec. {@link PaperrecCli#run} maps it.
 */
final class Refusal extends RuntimeException {

  private static final long serialVersionUID = 1L;

  Refusal(String message) {
    super(message);
  }

  Refusal(String message, Throwable cause) {
    super(message, cause);
  }
}
