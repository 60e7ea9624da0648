package org.paperrec.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.paperrec.recommend.Recommender;
import org.paperrec.server.Engine;
import org.paperrec.server.corpus.CorpusFormat;
import org.paperrec.server.corpus.CorpusSummary;
import org.paperrec.server.corpus.PaperStream;
import org.paperrec.server.eval.AuthorUsers;
import org.paperrec.server.eval.EvalCorpus;
import org.paperrec.server.eval.Evaluation;
import org.paperrec.server.eval.ResultsTable;
import org.paperrec.server.eval.SystemSpec;
import org.paperrec.store.Paper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Measure recommendation quality on a real corpus: author continuation (recall, nDCG, MRR), similar papers"
          + " (category lift over random), diversity and coverage, for each system against the random, most-recent and"
          + " BM25 baselines. An empty data folder is first filled from --corpus; a filled one is reused as it is."
          + " Prints a markdown results table. See docs/EVALUATION.md."
    })
final class EvalCommand implements Callable<Integer> {

  @Option(
      names = "--corpus",
      paramLabel = "PATH",
      description = "Corpus file, or a folder whose *.jsonl / *.jsonl.gz files are read in name order (e.g. the"
          + " arxiv-cs folder). Needed when the data folder is empty, or with --refresh.")
  Path corpus;

  @Option(
      names = "--category",
      paramLabel = "CAT",
      description = "Evaluate only papers with this category (cross-lists count; 'cs' means the whole archive);"
          + " repeat for several. An empty data folder is filled with just these papers.")
  List<String> categories = new ArrayList<>();

  @Option(names = "--split", paramLabel = "DATE", description = "First day of the future (yyyy-MM-dd). Default: 2026-01-01.")
  LocalDate split = Evaluation.Config.DEFAULT_SPLIT;

  @Option(names = "--users", paramLabel = "N", description = "Users drawn for author continuation. Default: ${DEFAULT-VALUE}.")
  int users = Evaluation.Config.DEFAULT_USERS;

  @Option(names = "--queries", paramLabel = "M", description = "Query papers drawn for similar papers. Default: ${DEFAULT-VALUE}.")
  int queries = Evaluation.Config.DEFAULT_QUERIES;

  @Option(names = "--seed", description = "Seed of every random choice. Default: ${DEFAULT-VALUE}.")
  long seed = Evaluation.Config.DEFAULT_SEED;

  @Option(names = "--min-likes", paramLabel = "N", description = "An author's papers before the split, at least. Default: ${DEFAULT-VALUE}.")
  int minLikes = AuthorUsers.Rules.DEFAULT.minLikes();

  @Option(names = "--min-targets", paramLabel = "N", description = "An author's papers after the split, at least. Default: ${DEFAULT-VALUE}.")
  int minTargets = AuthorUsers.Rules.DEFAULT.minTargets();

  @Option(
      names = "--max-author-papers",
      paramLabel = "N",
      description = "Leave out author names with more papers than this (likely several people). Default: ${DEFAULT-VALUE}.")
  int maxAuthorPapers = AuthorUsers.Rules.DEFAULT.maxPapers();

  @Option(
      names = "--system",
      paramLabel = "SPEC",
      description = "A system to compare, e.g. 'centroid', 'best_score w=0.2', 'centroid d=0.3', 'centroid decay=180',"
          + " 'centroid r=0.1 h=90', random, most-recent, bm25 (w: lexical weight, d: diversity, r/h: recency weight and"
          + " half-life, decay: like half-life in days). Repeat for several. Default: the grid in docs/EVALUATION.md.")
  List<String> systems = new ArrayList<>();

  @Option(names = "--refresh", description = "Ingest --corpus even though the data folder is filled (only new or changed papers are embedded).")
  boolean refresh;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the results as markdown to FILE.")
  Path out;

  @Mixin StoreOptions store;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Evaluation.Config config =
        new Evaluation.Config(split, new AuthorUsers.Rules(minLikes, minTargets, maxAuthorPapers), users, queries, seed);
    Set<String> subset = Set.copyOf(categories);
    List<SystemSpec> specs = (systems.isEmpty() ? Evaluation.DEFAULT_SYSTEMS : systems).stream().map(SystemSpec::parse).toList();
    PrintWriter err = spec.commandLine().getErr();
    int threads = store.effectiveThreads();
    try (Engine engine = Engine.open(store.data, store.model, threads, new IndexProgress(spec.commandLine().getErr()))) {
      boolean empty = engine.library().size() == 0;
      String storeLine;
      if (empty || refresh) {
        if (corpus == null) {
          throw new IllegalArgumentException(
              "the data folder " + store.data + " is empty: name the corpus to build it from with --corpus PATH");
        }
        long start = System.nanoTime();
        for (Path file : corpusFiles(corpus)) {
          CorpusFormat format = CorpusFormat.detect(file);
          CorpusSummary summary = new CorpusSummary();
          try (PaperStream stream = new SubsetStream(format.reader().open(file, summary), subset)) {
            CorpusIngest.run(engine, stream, file.getFileName() + " (" + format.cliName() + ")", summary, err);
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        storeLine = String.format(Locale.ROOT, "%s by this run in %.0f s (%s)", empty ? "built" : "refreshed", seconds,
            corpus.toAbsolutePath().normalize());
      } else {
        storeLine = "reused";
      }
      EvalCorpus evalCorpus = EvalCorpus.load(engine.store(), subset);
      List<String> setup = new ArrayList<>();
      setup.add(String.format(Locale.ROOT, "store: %s, %,d papers, model %s; %s", store.data.toAbsolutePath().normalize(),
          engine.library().size(), engine.embedder().fingerprint(), storeLine));
      setup.add(String.format(Locale.ROOT, "machine: %d cores, Java %s (%s), %s %s; %d evaluation threads; run %s",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
          System.getProperty("os.name"), System.getProperty("os.arch"), threads,
          ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))));
      // "Now" for recency and like ages: the day after the newest paper, as if asked when the corpus ends.
      LocalDate today = evalCorpus.lastDate() == null ? LocalDate.now(ZoneOffset.UTC) : evalCorpus.lastDate().plusDays(1);
      Recommender recommender = new Recommender(engine.library(), Clock.fixed(today.atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC));
      setup.add("recommender clock (recency, like ages): " + today);
      if (evalCorpus.undated() > 0) {
        setup.add(evalCorpus.undated() + " papers without a date or category left out");
      }
      Evaluation.Report report;
      ExecutorService pool = Executors.newFixedThreadPool(threads, Engine.named("paperrec-eval"));
      try {
        report = Evaluation.run(
            evalCorpus, config, Evaluation.userSystems(specs, recommender, evalCorpus, config),
            Evaluation.querySystems(specs, recommender, evalCorpus, config), pool, err);
      } finally {
        pool.shutdownNow();
      }
      String markdown = ResultsTable.markdown(report, setup);
      spec.commandLine().getOut().print(markdown);
      spec.commandLine().getOut().flush();
      if (out != null) {
        Files.writeString(out, markdown, StandardCharsets.UTF_8);
        err.println("results written to " + out);
        err.flush();
      }
    }
    return 0;
  }

  /** A file as it is, or a folder's JSON-lines files in name order. */
  static List<Path> corpusFiles(Path path) throws IOException {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException("--corpus " + path + ": no such file or folder");
    }
    try (Stream<Path> files = Files.list(path)) {
      List<Path> found = files
          .filter(f -> Files.isRegularFile(f) && (f.toString().endsWith(".jsonl") || f.toString().endsWith(".jsonl.gz")))
          .sorted()
          .toList();
      if (found.isEmpty()) {
        throw new IllegalArgumentException("--corpus " + path + ": the folder has no .jsonl or .jsonl.gz files");
      }
      return found;
    }
  }


  /** The papers of a stream that have one of the subset's categories (all of them for an empty subset). */
  private static final class SubsetStream implements PaperStream {

    private final PaperStream in;
    private final Set<String> categories;

    SubsetStream(PaperStream in, Set<String> categories) {
      this.in = in;
      this.categories = Set.copyOf(categories);
    }

    @Override
    public Paper next() throws IOException {
      for (Paper p = in.next(); p != null; p = in.next()) {
        if (EvalCorpus.inCategories(p.categories(), categories)) {
          return p;
        }
      }
      return null;
    }

    @Override
    public long bytesRead() {
      return in.bytesRead();
    }

    @Override
    public long totalBytes() {
      return in.totalBytes();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
