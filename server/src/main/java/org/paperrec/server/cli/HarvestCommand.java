package org.paperrec.server.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.paperrec.server.Engine;
import org.paperrec.server.harvest.HarvestSource;
import org.paperrec.server.harvest.HarvestState;
import org.paperrec.server.harvest.HarvestState.Outcome;
import org.paperrec.server.harvest.Harvester;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "harvest",
    mixinStandardHelpOptions = true,
    description = {
      "Fetch new and changed papers from arXiv (OAI-PMH) or Hugging Face's daily papers, embed them and",
      "remove withdrawn ones. Without --from it continues from the source's watermark (the last day",
      "harvested; yesterday on a first run), or resumes an interrupted run. Ctrl-C stops after the current",
      "page; the next run resumes there. Stop the server first, or let it harvest: serve --harvest."
    })
final class HarvestCommand implements Callable<Integer> {

  @Parameters(paramLabel = "SOURCE", description = "arxiv or hf.")
  String source;

  @Option(names = "--set", paramLabel = "SET",
      description = "arXiv set: cs, math, physics:hep-th, ... Default: every set.")
  String set;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First day (datestamp) to fetch.")
  String from;

  @Option(names = "--until", paramLabel = "YYYY-MM-DD", description = "Last day to fetch. Default: today (UTC).")
  String until;

  @Mixin HarvestOptions remote;

  @Mixin StoreOptions store;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String spec = switch (source) {
      case "arxiv" -> set == null ? "arxiv" : "arxiv:" + set;
      case "hf" -> {
        if (set != null) {
          throw new IllegalArgumentException("--set is for arxiv; Hugging Face's daily papers have no sets");
        }
        yield "hf";
      }
      default -> throw new IllegalArgumentException("unknown source '" + source + "': use arxiv or hf");
    };
    LocalDate fromDay = day("--from", from);
    LocalDate untilDay = day("--until", until);
    HarvestSource harvestSource = HarvestSource.parse(spec, remote.urls(), remote.fetcher());
    PrintWriter err = this.spec.commandLine().getErr();
    PrintWriter out = this.spec.commandLine().getOut();
    try (Engine engine = Engine.open(store.data, store.model, store.effectiveThreads(), new IndexProgress(err))) {
      Harvester harvester = new Harvester(engine.library(), engine.store(), engine.embedPool(), Clock.systemUTC());
      CountDownLatch finished = new CountDownLatch(1);
      Thread stopper = new Thread(() -> {
        harvester.requestStop();
        try {
          finished.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "paperrec-harvest-stop");
      Runtime.getRuntime().addShutdownHook(stopper);
      HarvestState state;
      try (Progress progress = Progress.count("harvest " + harvestSource.name(), err)) {
        state = harvester.run(harvestSource, fromDay, untilDay, (run, total) -> {
          progress.stepTo(run.fetched());
          progress.message(String.format(" %d pages, %d added, %d updated, %d deleted%s", run.pages(), run.added(),
              run.updated(), run.deleted(), total == null ? "" : ", of " + total + " records"));
        });
      } finally {
        finished.countDown();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and waits for the latch, which is down
      }
      HarvestState.Run run = state.lastRun();
      out.printf("%s %s..%s: %d records in %d pages, %d added, %d updated, %d unchanged, %d deleted, %d skipped;"
              + " watermark %s%n", harvestSource.name(), run.from(), run.until(), run.fetched(), run.pages(),
          run.added(), run.updated(), run.unchanged(), run.deleted(), run.skipped(),
          state.watermark() == null ? "none yet" : state.watermark());
      out.flush();
      if (run.outcome() == Outcome.FAILED) {
        throw new IllegalStateException(harvestSource.name() + " harvest failed: " + state.lastError()
            + "; run the same command again to resume where it stopped");
      }
      return run.outcome() == Outcome.SUCCEEDED ? 0 : 1;
    }
  }

  private static LocalDate day(String option, String value) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " must be a date YYYY-MM-DD; got '" + value + "'");
    }
  }
}
