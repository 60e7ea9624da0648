package org.paperrec.server.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.embed.ModelBuild;
import org.paperrec.recommend.Library;
import org.paperrec.server.Engine;
import org.paperrec.store.Paper;

/**
 * A small, fast version of {@code paperrec eval} that fails when quality drops: the real int8 model
 * embeds about 2,000 real arxiv-cs papers into a temporary store (the papers of {@value #AUTHORS}
 * authors drawn with a fixed seed from those that pass {@link AuthorUsers}' rules on the whole
 * corpus, plus random other papers as distractors), then both tasks run as the command runs them.
 *
 * <p>The floors are relative to the random baseline measured in the same run, and well below what
 * the recommender scored when they were set (numbers in docs/EVALUATION.md), so that they catch a
 * broken ranking, not noise. Skipped when the shared data folder is not there.
 */
class QualityFloorTest {

  static final int AUTHORS = 80;
  static final int PAPERS = 2_000;
  static final long SEED = 42;
  static final LocalDate SPLIT = Evaluation.Config.DEFAULT_SPLIT;

  /** Centroid recall@50 must be at least this many times random's. */
  static final double RECALL_FLOOR_OVER_RANDOM = 4;
  /** Similar papers' primary-category lift must be at least this many times random's. */
  static final double LIFT_FLOOR_OVER_RANDOM = 1.5;

  static final List<String> SYSTEMS = List.of("random", "most-recent", "centroid");

  @TempDir static Path dir;

  private static Evaluation.Report report;

  @BeforeAll
  static void evaluate() throws Exception {
    List<Paper> all = SharedData.readAll(SharedData.arxivCs());
    List<Paper> subset = subset(all);
    try (Engine engine = Engine.open(dir.resolve("data"), ModelBuild.INT8, 2)) {
      Library.IngestCounts counts = engine.library().ingest(subset.iterator(), engine.embedPool(), c -> {});
      assertEquals(subset.size(), counts.added(), "every paper embedded and stored");
      EvalCorpus corpus = EvalCorpus.load(engine.store(), Set.of());
      Evaluation.Config config = new Evaluation.Config(SPLIT, AuthorUsers.Rules.DEFAULT, 500, 500, SEED);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<SystemSpec> systems = SYSTEMS.stream().map(SystemSpec::parse).toList();
        report = Evaluation.run(corpus, config, Evaluation.userSystems(systems, engine.recommender(), corpus, config),
            Evaluation.querySystems(systems, engine.recommender(), corpus, config), pool, new PrintWriter(System.out, true));
      } finally {
        pool.shutdownNow();
      }
    }
    System.out.println(ResultsTable.markdown(report, List.of("QualityFloorTest: int8, " + PAPERS + " papers")));
  }

  /** The papers of {@value #AUTHORS} eligible authors, then random others up to {@value #PAPERS}. */
  static List<Paper> subset(List<Paper> all) {
    List<EvalPaper> metadata = new ArrayList<>(all.size());
    float[] noVector = {1};
    for (Paper p : all) {
      EvalPaper e = EvalPaper.of(p, noVector);
      if (e != null) {
        metadata.add(e);
      }
    }
    AuthorUsers.Selection users =
        AuthorUsers.select(EvalCorpus.of(metadata, Set.of()), SPLIT, AuthorUsers.Rules.DEFAULT, AUTHORS, SEED);
    Set<String> chosen = new HashSet<>();
    users.sample().forEach(u -> {
      chosen.addAll(u.likes());
      chosen.addAll(u.targets());
    });
    List<Paper> others = new ArrayList<>();
    Map<String, Paper> subset = new LinkedHashMap<>();
    for (Paper p : all) {
      if (chosen.contains(p.id())) {
        subset.put(p.id(), p);
      } else {
        others.add(p);
      }
    }
    Collections.shuffle(others, new Random(SEED));
    for (Paper p : others) {
      if (subset.size() >= PAPERS) {
        break;
      }
      subset.putIfAbsent(p.id(), p);
    }
    return new ArrayList<>(subset.values());
  }

  @Test
  void authorContinuationRecallIsFarAboveRandom() {
    double random = report.author("random").recall50().mean();
    double centroid = report.author("centroid").recall50().mean();
    assertTrue(report.users() >= AUTHORS, "users: " + report.users());
    assertTrue(centroid >= RECALL_FLOOR_OVER_RANDOM * random,
        String.format("centroid recall@50 %.3f is below %.0f x random's %.3f", centroid, RECALL_FLOOR_OVER_RANDOM, random));
  }

  @Test
  void similarPapersShareThePrimaryCategoryFarMoreOftenThanRandom() {
    double random = report.similar("random").primaryLift().mean();
    double dense = report.similar("similar").primaryLift().mean();
    assertTrue(dense >= LIFT_FLOOR_OVER_RANDOM * random,
        String.format("similar-papers primary-category lift %.2f is below %.1f x random's %.2f", dense, LIFT_FLOOR_OVER_RANDOM, random));
  }
}
