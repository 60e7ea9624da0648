package org.paperrec.server.fuzz;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs each fuzz input on a worker thread with a time bound, so that a hang fails the property
 * with its input instead of hanging the build, and an {@link Error} (OutOfMemoryError,
 * StackOverflowError) is reported as the crash it is. Exceptions of the call come back unchanged,
 * for the property to judge. One per test class; not thread-safe.
 */
public final class Bounded implements AutoCloseable {

  private final Duration bound;
  private final String name;
  private ExecutorService worker;

  public Bounded(String name, Duration bound) {
    this.name = name;
    this.bound = bound;
    this.worker = newWorker();
  }

  /** The result of {@code call}, or what it threw; an {@link AssertionError} when it takes longer than the bound. */
  public <T> T call(Callable<T> call) throws Exception {
    Future<T> result = worker.submit(call);
    try {
      return result.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      worker.shutdownNow();
      worker = newWorker(); // the stuck thread may never end; the next input gets a fresh one
      throw new AssertionError("hang: no answer within " + bound, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error && !(error instanceof AssertionError)) {
        throw new AssertionError("crash: " + error, error);
      }
      if (e.getCause() instanceof Exception exception) {
        throw exception;
      }
      throw (Error) e.getCause();
    }
  }

  private ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name + "-fuzz");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
