package org.paperrec.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The requests of a run, drawn once (seeded) from the generated corpus and the same in every
 * round: paths for saturation, recall queries with their exact answers, like sets, search texts.
 * Immutable once prepared.
 */
final class Workload {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Distinct paper paths wrk cycles through: enough that no cache sees the same paper often. */
  private static final int SATURATION_PATHS = 10_000;

  private final Path similarPaths;
  private final Path healthPaths;
  private final List<String> recallIds;
  private final BruteForce truth;
  private final Map<Integer, List<List<String>>> likeSets;
  private final List<String> searchQueries;
  private final List<String> filterIds;
  private final long rareCategoryPapers;

  private Workload(Path similarPaths, Path healthPaths, List<String> recallIds, BruteForce truth,
      Map<Integer, List<List<String>>> likeSets, List<String> searchQueries, List<String> filterIds, long rare) {
    this.similarPaths = similarPaths;
    this.healthPaths = healthPaths;
    this.recallIds = recallIds;
    this.truth = truth;
    this.likeSets = likeSets;
    this.searchQueries = searchQueries;
    this.filterIds = filterIds;
    this.rareCategoryPapers = rare;
  }

  /**
   * Two passes over {@code source}: the first reads IDs, titles and categories and the query
   * vectors, the second computes the exact top-10 of every recall query.
   *
   * @param perCase like sets per number of likes, search texts and filter query papers
   */
  static Workload prepare(SyntheticCorpus corpus, ImportDir source, int recallQueries, int perCase, long seed, Path work)
      throws IOException {
    int n = corpus.spec().papers();
    Random random = new Random(seed ^ 0xB3AC4L);
    int[] recallRows = distinctRows(random, n, Math.min(recallQueries, n));
    int[] searchRows = distinctRows(random, n, Math.min(perCase, n));
    Map<Integer, Integer> recallIndex = index(recallRows);
    Map<Integer, Integer> searchIndex = index(searchRows);

    String[] ids = new String[n];
    String[] titles = new String[searchRows.length];
    float[][] queryVectors = new float[recallRows.length][];
    long[] rare = {0};
    System.out.println("workload: reading IDs and query vectors");
    source.forEach((row, paper, vector) -> {
      ids[(int) row] = paper.id();
      Integer q = recallIndex.get((int) row);
      if (q != null) {
        queryVectors[q] = vector.clone();
      }
      Integer s = searchIndex.get((int) row);
      if (s != null) {
        titles[s] = paper.title();
      }
      if (paper.categories().contains(SyntheticCorpus.RARE_CATEGORY)) {
        rare[0]++;
      }
    });
    List<String> recallIds = new ArrayList<>();
    for (int row : recallRows) {
      recallIds.add(ids[row]);
    }
    System.out.printf("workload: exact top-10 of %d queries over %,d vectors%n", recallRows.length, n);
    BruteForce truth = new BruteForce(recallIds, List.of(queryVectors), 10);
    source.forEachVector((row, id, vector) -> truth.accept(id, vector));

    // Like sets: each from a few clusters, at most LIKES_PER_CLUSTER from one, so likes are topical.
    List<List<Integer>> members = new ArrayList<>();
    for (int c = 0; c < corpus.spec().clusters(); c++) {
      members.add(new ArrayList<>());
    }
    for (int row = 0; row < n; row++) {
      members.get(corpus.clusterOf(row)).add(row);
    }
    Map<Integer, List<List<String>>> likeSets = new HashMap<>();
    for (int likes : EndToEndBenchmark.LIKES) {
      List<List<String>> sets = new ArrayList<>();
      for (int r = 0; r < perCase; r++) {
        Set<String> set = new LinkedHashSet<>();
        while (set.size() < Math.min(likes, n)) {
          List<Integer> cluster = members.get(random.nextInt(members.size()));
          int take = Math.min(EndToEndBenchmark.LIKES_PER_CLUSTER, likes - set.size());
          for (int t = 0; t < take && !cluster.isEmpty(); t++) {
            set.add(ids[cluster.get(random.nextInt(cluster.size()))]);
          }
        }
        sets.add(List.copyOf(set));
      }
      likeSets.put(likes, sets);
    }

    List<String> filterIds = new ArrayList<>();
    for (int i = 0; i < perCase; i++) {
      filterIds.add(ids[random.nextInt(n)]);
    }
    Path similar = work.resolve("similar-paths-" + n + ".txt");
    List<String> paths = new ArrayList<>();
    for (int row : distinctRows(random, n, Math.min(SATURATION_PATHS, n))) {
      paths.add("/v1/papers/" + ids[row] + "/similar?limit=10");
    }
    Files.write(similar, paths);
    Path health = work.resolve("health-paths.txt");
    Files.write(health, List.of("/health"));
    return new Workload(similar, health, List.copyOf(recallIds), truth, likeSets, List.of(titles), List.copyOf(filterIds), rare[0]);
  }

  Path similarPaths() {
    return similarPaths;
  }

  Path healthPaths() {
    return healthPaths;
  }

  List<String> recallIds() {
    return recallIds;
  }

  BruteForce truth() {
    return truth;
  }

  List<String> searchQueries() {
    return searchQueries;
  }

  List<String> filterIds() {
    return filterIds;
  }

  long rareCategoryPapers() {
    return rareCategoryPapers;
  }

  /** Request bodies for {@code POST /v1/recommendations}: {@code {"positive":[...],"strategy":...,"limit":10}}. */
  List<String> recommendationBodies(int likes, String strategy) {
    List<String> bodies = new ArrayList<>();
    for (List<String> set : likeSets.get(likes)) {
      ObjectNode body = JSON.createObjectNode();
      ArrayNode positive = body.putArray("positive");
      set.forEach(positive::add);
      body.put("strategy", strategy);
      body.put("limit", EndToEndBenchmark.LIMIT);
      bodies.add(body.toString());
    }
    return bodies;
  }

  private static int[] distinctRows(Random random, int n, int count) {
    Set<Integer> rows = new TreeSet<>();
    while (rows.size() < count) {
      rows.add(random.nextInt(n));
    }
    List<Integer> shuffled = new ArrayList<>(rows);
    java.util.Collections.shuffle(shuffled, random);
    return shuffled.stream().mapToInt(Integer::intValue).toArray();
  }

  private static Map<Integer, Integer> index(int[] rows) {
    Map<Integer, Integer> map = new HashMap<>();
    for (int i = 0; i < rows.length; i++) {
      map.put(rows[i], i);
    }
    return map;
  }
}
