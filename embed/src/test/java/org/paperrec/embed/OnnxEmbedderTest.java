package org.paperrec.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real models, each loaded once for the whole class: {@link #fp32} for known answers, {@link
 * #int8} (the default build) for behaviour.
 */
class OnnxEmbedderTest {

  private static final String WEATHER = "The weather is lovely today.";
  private static final String SUNNY = "It's so sunny outside!";
  private static final String STADIUM = "He drove to the stadium.";

  // sentence-transformers README for all-MiniLM-L6-v2, model.similarity(embeddings, embeddings).
  private static final double PUBLISHED_WEATHER_SUNNY = 0.6660;
  private static final double PUBLISHED_WEATHER_STADIUM = 0.1046;
  private static final double PUBLISHED_SUNNY_STADIUM = 0.1411;
  private static final double FP32_TOLERANCE = 1e-3;
  // Measured: the int8 build is off by 0.006, 0.025 and 0.019 on the three pairs.
  private static final double INT8_TOLERANCE = 0.03;

  // SHA-256 of the .onnx files in the 1.19.0-beta29 resource jars. A change means stored vectors
  // are no longer comparable: bump deliberately, and re-embed.
  private static final String FP32_SHA256 = "759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e";
  private static final String INT8_SHA256 = "afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1";

  private static OnnxEmbedder fp32;
  private static OnnxEmbedder int8;

  @BeforeAll
  static void loadModels() {
    fp32 = OnnxEmbedder.load(ModelBuild.FP32, 2);
    int8 = OnnxEmbedder.load(ModelBuild.INT8, 2);
  }

  @AfterAll
  static void closeModels() {
    if (int8 != null) {
      int8.close();
    }
    if (fp32 != null) {
      fp32.close();
    }
  }

  @Test
  void fp32ReproducesPublishedSentenceTransformersSimilarities() {
    float[] weather = fp32.embed(WEATHER);
    float[] sunny = fp32.embed(SUNNY);
    float[] stadium = fp32.embed(STADIUM);

    assertEquals(PUBLISHED_WEATHER_SUNNY, dot(weather, sunny), FP32_TOLERANCE);
    assertEquals(PUBLISHED_WEATHER_STADIUM, dot(weather, stadium), FP32_TOLERANCE);
    assertEquals(PUBLISHED_SUNNY_STADIUM, dot(sunny, stadium), FP32_TOLERANCE);
  }

  @Test
  void int8IsCloseToPublishedSentenceTransformersSimilarities() {
    float[] weather = int8.embed(WEATHER);
    float[] sunny = int8.embed(SUNNY);
    float[] stadium = int8.embed(STADIUM);

    assertEquals(PUBLISHED_WEATHER_SUNNY, dot(weather, sunny), INT8_TOLERANCE);
    assertEquals(PUBLISHED_WEATHER_STADIUM, dot(weather, stadium), INT8_TOLERANCE);
    assertEquals(PUBLISHED_SUNNY_STADIUM, dot(sunny, stadium), INT8_TOLERANCE);
  }

  @Test
  void vectorsAre384DimensionalUnitVectorsInBothBuilds() {
    List<String> texts = List.of(WEATHER, "x", "Ünïcödé Erdős–Rényi Γ ∈ [0, 2] $q_n = Θ(n^{-α})$", repeat(LONG_SENTENCE, 40));
    for (OnnxEmbedder embedder : List.of(fp32, int8)) {
      assertEquals(384, embedder.dimension());
      for (String text : texts) {
        float[] vector = embedder.embed(text);
        assertEquals(384, vector.length, embedder + " on " + text);
        assertEquals(1.0, Math.sqrt(dot(vector, vector)), 1e-5, embedder + " on " + text);
      }
    }
  }

  @Test
  void tokensAfter128ChangeTheVector() throws IOException {
    String prefix = repeat(LONG_SENTENCE, 11);
    String cats = prefix + "In the end, the cats slept on the warm windowsill.";
    String ships = prefix + "Finally, container ships crossed the stormy Atlantic.";
    // The texts differ only after token 128 and before token 256 (the sentence is 14 tokens).
    assertTrue(tokenCount(prefix) > 140, "prefix tokens: " + tokenCount(prefix));
    assertTrue(tokenCount(cats) < 250, "cats tokens: " + tokenCount(cats));
    assertTrue(tokenCount(ships) < 250, "ships tokens: " + tokenCount(ships));

    float[] catsVector = int8.embed(cats);
    float[] shipsVector = int8.embed(ships);

    assertFalse(Arrays.equals(catsVector, shipsVector));
    assertTrue(dot(catsVector, shipsVector) < 0.999, "cosine " + dot(catsVector, shipsVector));
  }

  @Test
  void tokensAfter256AreIgnored() throws IOException {
    String prefix = repeat(LONG_SENTENCE, 22);
    assertTrue(tokenCount(prefix) > 300, "prefix tokens: " + tokenCount(prefix));

    float[] cats = int8.embed(prefix + "In the end, the cats slept on the warm windowsill.");
    float[] ships = int8.embed(prefix + "Finally, container ships crossed the stormy Atlantic.");

    assertArrayEquals(cats, ships);
  }

  @Test
  void concurrentCallsOnASmallPoolGiveTheSingleThreadedVectors() throws Exception {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      texts.add("Paper " + i + ": " + repeat(LONG_SENTENCE, 1 + i % 4));
    }
    List<float[]> expected = new ArrayList<>();
    for (String text : texts) {
      expected.add(int8.embed(text));
    }

    int threads = 8;
    int callsPerThread = 24;
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(threads, r -> new Thread(r, "embed-test-" + threadNumber.incrementAndGet()));
    try {
      List<Future<Integer>> checked = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t;
        checked.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int call = 0; call < callsPerThread; call++) {
                    int i = (offset * 5 + call) % texts.size();
                    assertArrayEquals(expected.get(i), int8.embed(texts.get(i)), texts.get(i));
                  }
                  return callsPerThread;
                }));
      }
      start.countDown();
      int calls = 0;
      for (Future<Integer> future : checked) {
        calls += future.get(); // rethrows an assertion failure from a worker
      }
      assertEquals(threads * callsPerThread, calls);
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
    }
  }

  @Test
  void fingerprintNamesModelBuildFileHashAndDimension() {
    assertEquals(new ModelFingerprint("sentence-transformers/all-MiniLM-L6-v2", "fp32", FP32_SHA256, 384), fp32.fingerprint());
    assertEquals(new ModelFingerprint("sentence-transformers/all-MiniLM-L6-v2", "int8", INT8_SHA256, 384), int8.fingerprint());
    for (OnnxEmbedder embedder : List.of(fp32, int8)) {
      assertTrue(embedder.fingerprint().sha256().matches("[0-9a-f]{64}"), embedder.fingerprint().sha256());
    }
    assertNotEquals(fp32.fingerprint(), int8.fingerprint());
  }

  @Test
  void fingerprintAndVectorsAreStableAcrossLoads() {
    try (OnnxEmbedder again = OnnxEmbedder.load(ModelBuild.INT8, 1)) {
      assertEquals(int8.fingerprint(), again.fingerprint());
      assertArrayEquals(int8.embed(WEATHER), again.embed(WEATHER));
    }
  }

  @Test
  void embedDocumentEmbedsTitleSepBody() {
    assertArrayEquals(
        int8.embed("Attention Is All You Need [SEP] The dominant sequence transduction models..."),
        int8.embedDocument("Attention Is All You Need", "The dominant sequence transduction models..."));
  }

  @Test
  void blankTextIsRejected() {
    for (String blank : List.of("", " ", " \n\t ")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> int8.embed(blank));
      assertTrue(e.getMessage().contains("text"), e.getMessage());
    }
    assertThrows(NullPointerException.class, () -> int8.embed(null));
  }

  @Test
  void closeTwiceIsFineAndEmbedAfterCloseThrowsIllegalState() {
    OnnxEmbedder embedder = OnnxEmbedder.load(ModelBuild.INT8, 1);
    embedder.embed(WEATHER);

    embedder.close();
    embedder.close();

    assertThrows(IllegalStateException.class, () -> embedder.embed(WEATHER));
  }

  @Test
  void configRejectsNonPositiveSizesNamingTheParameter() {
    IllegalArgumentException predictors =
        assertThrows(IllegalArgumentException.class, () -> OnnxEmbedder.Config.of(ModelBuild.INT8, 0));
    assertEquals("predictors must be positive; predictors=0", predictors.getMessage());
    IllegalArgumentException threads =
        assertThrows(IllegalArgumentException.class, () -> new OnnxEmbedder.Config(ModelBuild.INT8, 1, -1));
    assertEquals("intraOpThreads must be positive; intraOpThreads=-1", threads.getMessage());
  }

  @Test
  void defaultConfigIsInt8WithOnePredictorPerProcessorAndOneIntraOpThread() {
    OnnxEmbedder.Config defaults = OnnxEmbedder.Config.defaults();
    assertEquals(ModelBuild.INT8, defaults.build());
    assertEquals(Runtime.getRuntime().availableProcessors(), defaults.predictors());
    assertEquals(1, defaults.intraOpThreads());
  }

  private static final String LONG_SENTENCE =
      "Graph neural networks learn node representations by aggregating messages from neighbours. ";

  private static String repeat(String sentence, int times) {
    return sentence.repeat(times);
  }

  /** Tokens of {@code text} with [CLS] and [SEP], untruncated, from the same tokenizer file. */
  private static int tokenCount(String text) throws IOException {
    try (InputStream in = OnnxEmbedderTest.class.getClassLoader().getResourceAsStream(ModelBuild.INT8.tokenizerResource());
        HuggingFaceTokenizer tokenizer =
            HuggingFaceTokenizer.newInstance(in, Map.of("truncation", "false", "padding", "false"))) {
      return tokenizer.encode(text).getIds().length;
    }
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }
}
