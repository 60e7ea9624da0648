package org.paperrec.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.paperrec.server.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = {
      "Print what the data folder holds: papers, model, dates, categories, size on disk.",
      "Reads the folder without loading the model and works beside a running server (--model is not used)."
    })
final class StatsCommand implements Callable<Integer> {

  @Mixin StoreOptions store;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Engine.ReadOnly engine = Engine.openReadOnly(store.data)) {
      Map<String, Integer> categories = new HashMap<>();
      LocalDate[] range = new LocalDate[2];
      long[] undated = new long[1];
      engine.store().forEachPaper(p -> {
        if (p.primaryCategory() != null) {
          categories.merge(p.primaryCategory(), 1, Integer::sum);
        }
        if (p.date() == null) {
          undated[0]++;
        } else {
          range[0] = range[0] == null || p.date().isBefore(range[0]) ? p.date() : range[0];
          range[1] = range[1] == null || p.date().isAfter(range[1]) ? p.date() : range[1];
        }
      });
      out.printf("data folder   %s (%s on disk)%n", store.data.toAbsolutePath().normalize(), humanBytes(sizeOnDisk(store.data)));
      out.printf("model         %s%n", engine.store().model());
      out.printf("papers        %d%n", engine.store().count());
      int indexed = engine.library().size();
      if (indexed != engine.store().count()) {
        // A server commits its index after each ingest and when it stops; until then queries see the last commit.
        out.printf("search index  %d papers, as of its last commit%n", indexed);
      }
      out.printf("dates         %s .. %s (%d without a date)%n", range[0], range[1], undated[0]);
      out.printf("top primary categories:%n");
      categories.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
          .limit(10)
          .forEach(e -> out.printf("  %-12s %d%n", e.getKey(), e.getValue()));
      out.flush();
    }
    return 0;
  }

  private static long sizeOnDisk(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure " + dir, e);
    }
  }

  static String humanBytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
    return String.format("%.1f %siB", bytes / (double) (1L << (unit * 10)), " KMGTPE".charAt(unit));
  }
}
