package org.paperrec.server.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar with count, rate and ETA (the well-kept {@code progressbar} library). On a
 * terminal it redraws in place; otherwise (logs, CI) it prints a line every few seconds.
 * Not thread-safe: update it from one thread.
 */
final class Progress implements AutoCloseable {

  private static final long TERMINAL_REFRESH_MS = 500;
  private static final long LOG_REFRESH_MS = 5_000;
  /** Without a terminal there is no width to fit: keep the whole line, message included. */
  private static final int LOG_LINE_LENGTH = 200;

  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /** Progress through {@code totalBytes} of input, shown in MiB; the rate of papers goes in the message. */
  static Progress bytes(String task, long totalBytes, PrintWriter err) {
    return new Progress(builder(task, err).setInitialMax(Math.max(1, totalBytes)).setUnit(" MiB", 1 << 20).build());
  }

  /** A count of items whose total may be unknown ({@code total <= 0}). */
  static Progress count(String task, long total, PrintWriter err) {
    return new Progress(builder(task, err).setInitialMax(total > 0 ? total : -1).setUnit(" papers", 1).build());
  }

  static Progress count(String task, PrintWriter err) {
    return count(task, -1, err);
  }

  void stepTo(long n) {
    bar.stepTo(n);
  }

  void message(String extra) {
    bar.setExtraMessage(extra);
  }

  @Override
  public void close() {
    bar.close();
  }

  private static ProgressBarBuilder builder(String task, PrintWriter err) {
    boolean terminal = System.console() != null;
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setStyle(ProgressBarStyle.ASCII)
        .showSpeed()
        .setUpdateIntervalMillis((int) (terminal ? TERMINAL_REFRESH_MS : LOG_REFRESH_MS))
        .setConsumer(terminal ? new ConsoleProgressBarConsumer(System.err) : new DelegatingProgressBarConsumer(line -> {
          err.println(line);
          err.flush();
        }, LOG_LINE_LENGTH));
  }
}
