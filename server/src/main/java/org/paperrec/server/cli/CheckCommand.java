package org.paperrec.server.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.paperrec.recommend.lucene.IndexCheck;
import org.paperrec.store.CheckReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Verify the data folder's invariants: every paper has its vector and the other way round, the alias table",
      "names exactly the stored papers' IDs, the paper count is right, users' keys are sound, and the search index",
      "agrees with the store (allowing for the changes it has yet to catch up with). Prints one line per finding",
      "and a summary line; exits 1 when an invariant is broken, 0 when there are only warnings or none.",
      "Reads the folder read-only without loading the model and works beside a running server."
    })
final class CheckCommand implements Callable<Integer> {

  /** Exit status when an invariant is broken. */
  static final int VIOLATED = 1;

  @Mixin DataOption data;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    CheckReport report = IndexCheck.checkFolder(data.data);
    report.findings().forEach(out::println);
    more(out, report.violations(), "violation");
    more(out, report.warnings(), "warning");
    out.println((report.isClean() ? "" : "check failed: ") + report.summary());
    out.flush();
    return report.isClean() ? 0 : VIOLATED;
  }

  private static void more(PrintWriter out, Map<String, Long> counts, String severity) {
    counts.forEach((kind, n) -> {
      if (n > CheckReport.LISTED_PER_KIND) {
        out.println(severity + " " + kind + ": ... and " + (n - CheckReport.LISTED_PER_KIND) + " more");
      }
    });
  }
}
