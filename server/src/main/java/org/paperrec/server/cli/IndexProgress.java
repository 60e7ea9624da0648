package org.paperrec.server.cli;

import java.io.PrintWriter;
import org.paperrec.recommend.lucene.IndexSync;

/** Shows a rebuild of the search index as a progress bar (papers, rate, ETA); nothing for an empty store. */
final class IndexProgress implements IndexSync.Progress {

  private final PrintWriter err;
  private Progress bar;

  IndexProgress(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void start(long total) {
    if (total > 0) {
      bar = Progress.count("build search index", total, err);
    }
  }

  @Override
  public void indexed(long done) {
    if (bar != null) {
      bar.stepTo(done);
    }
  }

  @Override
  public void finish() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
