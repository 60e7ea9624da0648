package org.paperrec.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;
import org.paperrec.recommend.Library.IngestCounts;
import org.paperrec.server.Engine;
import org.paperrec.server.corpus.CorpusSummary;
import org.paperrec.server.corpus.PaperStream;
import org.paperrec.server.metrics.IngestMeter;
import org.paperrec.store.Paper;

/** Runs one corpus stream into the library with a progress bar and prints what happened. */
final class CorpusIngest {

  private CorpusIngest() {}

  /**
   * Ingests every paper of {@code stream}; {@code summary} must be the stream's problem consumer
   * so that the final line can report skipped records.
   */
  static IngestCounts run(Engine engine, PaperStream stream, String name, CorpusSummary summary, PrintWriter err)
      throws IOException {
    return run(engine, stream, name, summary, err, IngestMeter.NONE, () -> false);
  }

  /**
   * As {@link #run(Engine, PaperStream, String, CorpusSummary, PrintWriter)}, counting into {@code
   * meter} and stopping at a safe point once {@code stop} says so: the batch being embedded and
   * written is finished, no paper is read after it, and what was written is flushed and committed
   * as after a complete run.
   */
  static IngestCounts run(Engine engine, PaperStream stream, String name, CorpusSummary summary, PrintWriter err,
      IngestMeter meter, BooleanSupplier stop) throws IOException {
    long start = System.nanoTime();
    IngestCounts counts;
    // Progress in bytes when the size is known (a file), else in papers (a classpath resource).
    boolean bytes = stream.totalBytes() >= 0;
    try (IngestMeter.Run metered = meter.start();
        Progress progress =
            bytes ? Progress.bytes("ingest " + name, stream.totalBytes(), err) : Progress.count("ingest " + name, err)) {
      counts =
          engine.library().ingest(
              papers(stream, summary, stop),
              engine.embedPool(),
              soFar -> {
                metered.progress(soFar);
                if (bytes) {
                  // The bar counts bytes, which give the ETA; papers and their rate go beside it.
                  progress.stepTo(stream.bytesRead());
                  double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
                  progress.message(String.format(" %d papers, %.1f papers/s", soFar.total(), soFar.total() / seconds));
                } else {
                  progress.stepTo(soFar.total());
                }
              });
      metered.progress(counts);
      if (bytes) {
        progress.stepTo(stream.totalBytes());
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    engine.store().flush();
    engine.library().commit();
    err.println(name + ": " + summary + "; " + describe(counts, Duration.ofNanos(System.nanoTime() - start)));
    err.flush();
    return counts;
  }

  static String describe(IngestCounts c, Duration took) {
    double seconds = Math.max(1e-9, took.toMillis() / 1000.0);
    return String.format(
        "%d added, %d re-embedded, %d metadata updated, %d unchanged, %d failed in %.1f s (%.1f papers/s)",
        c.added(), c.reembedded(), c.metadataUpdated(), c.unchanged(), c.failed(), seconds, c.total() / seconds);
  }

  private static Iterator<Paper> papers(PaperStream stream, CorpusSummary summary, BooleanSupplier stop) {
    return new Iterator<>() {
      private Paper next = advance();
      private boolean stopped;

      @Override
      public boolean hasNext() {
        stopped = stopped || stop.getAsBoolean();
        return next != null && !stopped;
      }

      @Override
      public Paper next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Paper current = next;
        next = advance();
        return current;
      }

      private Paper advance() {
        try {
          Paper paper = stream.next();
          if (paper != null) {
            summary.paperRead();
          }
          return paper;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }
}
