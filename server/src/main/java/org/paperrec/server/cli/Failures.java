package org.paperrec.server.cli;

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
}
