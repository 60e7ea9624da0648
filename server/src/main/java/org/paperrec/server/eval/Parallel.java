package org.paperrec.server.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Maps a list on the caller's executor and returns the results in the list's order. */
final class Parallel {

  private Parallel() {}

  static <T, R> List<R> map(List<T> items, Function<T, R> f, ExecutorService pool) {
    List<Future<R>> futures = new ArrayList<>(items.size());
    for (T item : items) {
      futures.add(pool.submit(() -> f.apply(item)));
    }
    List<R> results = new ArrayList<>(items.size());
    try {
      for (Future<R> future : futures) {
        results.add(future.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      futures.forEach(f2 -> f2.cancel(true));
      throw new IllegalStateException("evaluation interrupted", e);
    } catch (ExecutionException e) {
      futures.forEach(f2 -> f2.cancel(true));
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("evaluation task failed", cause);
    }
    return results;
  }
}
