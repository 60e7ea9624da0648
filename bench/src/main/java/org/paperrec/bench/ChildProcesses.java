package org.paperrec.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The child processes the benchmark started (servers, imports, wrk, jcmd): a shutdown hook kills
 * those still running when the benchmark exits, by their own handle, never by name. Thread-safe.
 */
final class ChildProcesses {

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Process p : LIVE) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }, "bench-kill-children"));
  }

  private ChildProcesses() {}

  static void register(Process p) {
    LIVE.add(p);
  }

  static void unregister(Process p) {
    LIVE.remove(p);
  }
}
