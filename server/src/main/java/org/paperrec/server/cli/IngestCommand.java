package org.paperrec.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.paperrec.server.Engine;
import org.paperrec.server.corpus.CorpusFormat;
import org.paperrec.server.corpus.CorpusSummary;
import org.paperrec.server.corpus.PaperStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Add or update papers from corpus files (plain or .gz), embedding new and changed ones.",
      "Re-ingesting a file is safe: unchanged papers are not embedded again. Bad records are",
      "skipped with a warning naming file and line. Stop the server first: one process owns the data folder."
    })
final class IngestCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Corpus files.")
  List<Path> files;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "seed (Daily Papers page text), oai (arXiv OAI snapshot JSON lines), jsonl (arxiv-cs JSON lines)"
          + " or hf (Hugging Face daily-papers API JSON). Default: detected from the content.")
  String format;

  @Mixin StoreOptions store;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    CorpusFormat forced = format == null ? null : CorpusFormat.parse(format);
    for (Path file : files) {
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException("cannot read corpus file " + file + ": no such readable file");
      }
    }
    PrintWriter err = spec.commandLine().getErr();
    try (Engine engine = Engine.open(store.data, store.model, store.effectiveThreads(), new IndexProgress(spec.commandLine().getErr()))) {
      for (Path file : files) {
        CorpusFormat f = forced != null ? forced : CorpusFormat.detect(file);
        CorpusSummary summary = new CorpusSummary();
        try (PaperStream stream = f.reader().open(file, summary)) {
          CorpusIngest.run(engine, stream, file.getFileName() + " (" + f.cliName() + ")", summary, err);
        }
        refuseIfNothingRead(file, f, summary);
      }
      spec.commandLine().getOut().printf("%d papers in %s%n", engine.library().size(), store.data);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  /**
   * A file that gave no paper but problems is not a corpus of that format (random bytes, another
   * format, every record broken): exit 2 with one line rather than 0, so that a script notices. A
   * file with no records and no problems ({@code []}, an empty file) is a quiet day, not an error.
   * Files before it stay ingested; files after it are not read.
   */
  private static void refuseIfNothingRead(Path file, CorpusFormat format, CorpusSummary summary) {
    if (summary.papersRead() == 0 && !summary.problemsByReason().isEmpty()) {
      throw new Refusal(file + ": no paper could be read from it as " + format.cliName() + " (" + summary
          + "); check that it is a corpus file, or name its format with --format (seed, oai, jsonl or hf)");
    }
  }
}
