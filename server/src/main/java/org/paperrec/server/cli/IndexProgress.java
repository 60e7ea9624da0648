package org.paperrec.server.cli;

import java.io.PrintWriter;
import org.paperrec.recommend.lucene.IndexSync;

/** Shows a rebuild of the search index as a progress bar (papers, rate, ETA). */
final class IndexProgress implements IndexSync.Progress {

  private final PrintWriter err;
  private Progress bar;

  IndexProgress(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void start(long total) {
    bar = Progress.count("build search index", total, err);
  }

  @Override
  public void indexed(long done) {
    bar.stepTo(done);
  }

  @Override
  public void finish() {
    bar.close();
  }
}
