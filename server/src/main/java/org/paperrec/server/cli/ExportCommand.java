package org.paperrec.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.paperrec.embed.ModelFingerprint;
import org.paperrec.server.transfer.NpyDtype;
import org.paperrec.server.transfer.ShardFolderWriter;
import org.paperrec.store.PaperStore;
import org.paperrec.store.StoreMismatchException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write every paper of the data folder with its vector to DIR, for 'paperrec import' elsewhere or for numpy.",
      "DIR gets shards part-NNNNN.jsonl (papers) with part-NNNNN.npy (their vectors), then manifest.json, written"
          + " last: a DIR without one is an unfinished export. DIR must be new or empty. docs/IMPORT-FORMAT.md"
          + " describes the format; a float32 export imports bit for bit.",
      "Stop the server first: one process owns the data folder."
    })
final class ExportCommand implements Callable<Integer> {

  @Parameters(paramLabel = "DIR", description = "Folder to write; created, or empty.")
  Path dir;

  @Mixin DataOption data;

  @Option(
      names = "--shard-size",
      paramLabel = "N",
      defaultValue = "100000",
      description = "Papers per shard. Default: ${DEFAULT-VALUE} (about 150 MB of vectors and 150 MB of papers).")
  int shardSize;

  @Option(
      names = "--dtype",
      paramLabel = "TYPE",
      defaultValue = "float32",
      converter = DtypeConverter.class,
      description = "Vector type in the .npy files: float32 (default; exact) or float16 (half the size, vectors"
          + " re-normalised on import).")
  NpyDtype dtype;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (shardSize < 1) {
      throw new Refusal("--shard-size must be positive; --shard-size=" + shardSize);
    }
    Optional<String> stored;
    try {
      stored = PaperStore.storedModel(data.data);
    } catch (StoreMismatchException e) {
      throw new Refusal(e.getMessage(), e);
    }
    if (stored.isEmpty()) {
      throw new Refusal("no paperrec data folder at " + data.data + "; nothing to export (give it with --data)");
    }
    if (!ShardFolderWriter.isMissingOrEmpty(dir)) {
      throw new Refusal(dir + " is not an empty folder; export into a new or empty one, so that no file of an"
          + " earlier export mixes in");
    }
    int dimension = ModelFingerprint.parse(stored.get()).dimension();
    PrintWriter out = spec.commandLine().getOut();
    long start = System.nanoTime();
    long papers;
    try (PaperStore store = PaperStore.open(data.data, stored.get(), dimension)) {
      long total = store.count();
      if ((total + shardSize - 1) / shardSize > ShardFolderWriter.MAX_SHARDS) {
        throw new Refusal(total + " papers at --shard-size " + shardSize + " need more than " + ShardFolderWriter.MAX_SHARDS
            + " shards; choose a larger --shard-size");
      }
      try (ShardFolderWriter writer = ShardFolderWriter.create(dir, stored.get(), dimension, dtype, shardSize);
          Progress progress = Progress.count("export to " + dir.getFileName(), total, spec.commandLine().getErr())) {
        try {
          store.forEach((paper, vector) -> {
            try {
              writer.write(paper, vector);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            if (writer.papers() % 1000 == 0) {
              progress.stepTo(writer.papers());
            }
          });
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
        writer.finish();
        progress.stepTo(writer.papers());
        papers = writer.papers();
      }
    }
    double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    double megabytes = folderBytes(dir) / 1e6;
    out.printf("exported %d papers (%s) to %s in %.1f s (%.0f papers/s, %.1f MB/s)%n",
        papers, dtype, dir, seconds, papers / seconds, megabytes / seconds);
    out.flush();
    return 0;
  }

  private static long folderBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(f -> f.toFile().length()).sum();
    }
  }

  static final class DtypeConverter implements CommandLine.ITypeConverter<NpyDtype> {
    @Override
    public NpyDtype convert(String value) {
      try {
        return NpyDtype.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
