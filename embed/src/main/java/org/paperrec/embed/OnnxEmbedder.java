package org.paperrec.embed;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@code sentence-transformers/all-MiniLM-L6-v2} on ONNX Runtime through DJL: HuggingFace
 * tokenisation truncated at {@value #MAX_TOKENS} tokens (special tokens included, as in
 * sentence-transformers), mean pooling over the attention mask, L2 normalisation; {@value
 * #DIMENSION}-dimensional unit vectors.
 *
 * <p>The model and tokenizer are read from classpath resources (see {@link ModelBuild}), never
 * downloaded, and not copied to disk: ONNX Runtime loads the graph from memory. Native libraries
 * are extracted from their jars as usual: ONNX Runtime's to a temp folder (removed at exit, see
 * {@code OnnxRuntimeTempDir}), the tokenizer's to DJL's cache ({@code ~/.djl.ai}, or {@code
 * DJL_CACHE_DIR}), where it is reused.
 *
 * <p><b>Thread-safety:</b> safe for concurrent use by any number of threads. There is one loaded
 * model (one ONNX Runtime session, which supports concurrent runs) and a fixed pool of {@link
 * Config#predictors()} DJL predictors, each used by one thread at a time because DJL predictors are
 * not thread-safe. A call takes a free predictor, waiting if all are busy, so at most {@code
 * predictors} texts are embedded at once. Each text is embedded alone (batch size 1): on the
 * reference CPU batching was not faster, and the int8 model's output shifts slightly with batch
 * composition, so embedding one text at a time keeps vectors reproducible.
 *
 * <p><b>Lifecycle:</b> {@link #close()} waits for calls in progress, then frees the native memory;
 * later calls to {@link #embed} throw {@link IllegalStateException}.
 *
 * <p><b>Offline:</b> loading this class sets the system property {@code ai.djl.offline=true} unless
 * {@code ai.djl.offline} or the environment variable {@code DJL_OFFLINE} is already set. Without it
 * DJL, when its engine starts, calls EC2 metadata and telemetry endpoints ("call home"), and would
 * try to download native libraries it cannot find in a jar. Nothing here needs the network; an
 * explicit {@code false} from the operator is respected.
 */
public final class OnnxEmbedder implements Embedder {

  /** The model name recorded in every {@link ModelFingerprint} this class makes. */
  public static final String MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2";

  /** Number of components of every vector. */
  public static final int DIMENSION = 384;

  /**
   * Tokens fed to the model, [CLS] and [SEP] included; text beyond is ignored. The model was
   * trained with 128 but sentence-transformers uses 256, as do we: a paper abstract is usually
   * longer than 128 tokens. The bundled tokenizer.json says 128, so it is overridden explicitly.
   */
  public static final int MAX_TOKENS = 256;

  private static final String ENGINE = "OnnxRuntime";
  private static final String OFFLINE_PROPERTY = "ai.djl.offline";
  private static final String OFFLINE_ENV = "DJL_OFFLINE";

  static {
    // Must run before any DJL engine starts: DJL reads the flag when it loads an engine.
    if (System.getProperty(OFFLINE_PROPERTY) == null && System.getenv(OFFLINE_ENV) == null) {
      System.setProperty(OFFLINE_PROPERTY, "true");
    }
    OnnxRuntimeTempDir.deleteAtShutdown();
  }

  /**
   * How to load an {@link OnnxEmbedder}.
   *
   * @param build which model build to load
   * @param predictors size of the predictor pool: the most texts embedded at the same time;
   *     positive. Each predictor runs on its caller's thread, so more predictors than CPU cores
   *     only adds waiting.
   * @param intraOpThreads ONNX Runtime threads that one text's inference is spread over; positive.
   *     1 is best when the callers already keep every core busy with one text each: on the
   *     reference 2-core machine two predictors of one thread each beat one predictor of two.
   */
  public record Config(ModelBuild build, int predictors, int intraOpThreads) {

    /** {@link #intraOpThreads()} when not given. */
    public static final int DEFAULT_INTRA_OP_THREADS = 1;

    public Config {
      Objects.requireNonNull(build, "build");
      if (predictors <= 0) {
        throw new IllegalArgumentException("predictors must be positive; predictors=" + predictors);
      }
      if (intraOpThreads <= 0) {
        throw new IllegalArgumentException(
            "intraOpThreads must be positive; intraOpThreads=" + intraOpThreads);
      }
    }

    /**
     * The default build ({@link ModelBuild#DEFAULT}), one predictor per available processor, one
     * intra-op thread each.
     */
    public static Config defaults() {
      return of(ModelBuild.DEFAULT);
    }

    /** {@code build}, one predictor per available processor, one intra-op thread each. */
    public static Config of(ModelBuild build) {
      return of(build, Runtime.getRuntime().availableProcessors());
    }

    /** {@code build} with {@code predictors} predictors of one intra-op thread each. */
    public static Config of(ModelBuild build, int predictors) {
      return new Config(build, predictors, DEFAULT_INTRA_OP_THREADS);
    }
  }

  private final Config config;
  private final ModelFingerprint fingerprint;
  private final HuggingFaceTokenizer tokenizer;
  private final Model model;
  // Owned and long-lived, so not in try-with-resources: closed in close(). Each predict() call
  // makes and closes its own NDManager for the input and output arrays.
  private final List<Predictor<String, float[]>> predictors;
  private final BlockingQueue<Predictor<String, float[]>> idle;
  private final AtomicBoolean closed = new AtomicBoolean();
  // Embedding calls hold the read lock, close() takes the write lock: native memory is freed only
  // once no call is using it.
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

  private OnnxEmbedder(
      Config config,
      ModelFingerprint fingerprint,
      HuggingFaceTokenizer tokenizer,
      Model model,
      List<Predictor<String, float[]>> predictors) {
    this.config = config;
    this.fingerprint = fingerprint;
    this.tokenizer = tokenizer;
    this.model = model;
    this.predictors = List.copyOf(predictors);
    this.idle = new ArrayBlockingQueue<>(predictors.size(), false, predictors);
  }

  /**
   * Loads {@code build} with a pool of {@code predictors} predictors, one intra-op thread each.
   *
   * @see #load(Config)
   */
  public static OnnxEmbedder load(ModelBuild build, int predictors) {
    return load(Config.of(build, predictors));
  }

  /**
   * Loads the model and tokenizer from the classpath and creates the predictor pool. Takes about a
   * second for int8 and a few for fp32; do it once and share the embedder.
   *
   * @throws IllegalStateException when the build's resource jar ({@link ModelBuild#artifact()}) is
   *     not on the classpath or its model cannot be loaded
   * @throws UncheckedIOException when a resource cannot be read
   */
  public static OnnxEmbedder load(Config config) {
    Objects.requireNonNull(config, "config");
    ModelBuild build = config.build();
    HuggingFaceTokenizer tokenizer = null;
    Model model = null;
    List<Predictor<String, float[]>> predictors = new ArrayList<>();
    boolean loaded = false;
    try {
      try (InputStream in = build.openResource(build.tokenizerResource())) {
        tokenizer =
            HuggingFaceTokenizer.newInstance(
                in,
                Map.of(
                    "maxLength", Integer.toString(MAX_TOKENS),
                    "truncation", "true",
                    // One text per call: padding would only add masked tokens to compute.
                    "padding", "false"));
      }

      model = Model.newInstance(MODEL_NAME + "-" + build.id(), Device.cpu(), ENGINE);
      MessageDigest sha256 = ModelBuild.newSha256();
      try (InputStream in = new DigestInputStream(build.openResource(build.modelResource()), sha256)) {
        model.load(
            in,
            Map.of(
                "intraOpNumThreads", Integer.toString(config.intraOpThreads()),
                // A BERT graph is a chain of nodes: parallel node execution has nothing to do.
                "interOpNumThreads", "1",
                "executionMode", "SEQUENTIAL"));
        // The fingerprint must cover every byte even if the loader stopped reading early. Hashing
        // while loading reads the resource once; ModelBuild.fingerprint() gives the same value.
        in.transferTo(OutputStream.nullOutputStream());
      }
      ModelFingerprint fingerprint =
          new ModelFingerprint(MODEL_NAME, build.id(), HexFormat.of().formatHex(sha256.digest()), DIMENSION);

      List<String> inputNames = model.describeInput().keys();
      MiniLmTranslator translator = new MiniLmTranslator(tokenizer, inputNames, DIMENSION);
      for (int i = 0; i < config.predictors(); i++) {
        predictors.add(model.newPredictor(translator));
      }
      OnnxEmbedder embedder = new OnnxEmbedder(config, fingerprint, tokenizer, model, predictors);
      loaded = true;
      return embedder;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the " + build + " model resources", e);
    } catch (MalformedModelException e) {
      throw new IllegalStateException("cannot load the " + build + " model " + build.modelResource(), e);
    } finally {
      if (!loaded) {
        closeAll(predictors, model, tokenizer);
      }
    }
  }

  /** The configuration this embedder was loaded with. */
  public Config config() {
    return config;
  }

  /** Always {@value #DIMENSION}. */
  @Override
  public int dimension() {
    return DIMENSION;
  }

  /**
   * Model {@value #MODEL_NAME}, build {@code int8} or {@code fp32}, the SHA-256 of the {@code .onnx}
   * file, dimension {@value #DIMENSION}.
   */
  @Override
  public ModelFingerprint fingerprint() {
    return fingerprint;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Blocks while all predictors are busy. Tokens beyond {@value #MAX_TOKENS} are ignored.
   *
   * @throws NullPointerException when {@code text} is null
   * @throws IllegalStateException when this embedder is closed
   * @throws EmbeddingException when the runtime fails or the thread is interrupted while waiting
   */
  @Override
  public float[] embed(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("text must not be blank; text.length()=" + text.length());
    }
    Lock shared = lifecycle.readLock();
    shared.lock();
    try {
      if (closed.get()) {
        throw new IllegalStateException("embedder is closed: " + fingerprint);
      }
      Predictor<String, float[]> predictor = idle.take();
      try {
        return predictor.predict(text);
      } finally {
        idle.add(predictor);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddingException("interrupted while waiting for a free predictor", e);
    } catch (TranslateException e) {
      throw new EmbeddingException("ONNX Runtime failed to embed a text of length " + text.length(), e);
    } finally {
      shared.unlock();
    }
  }

  /**
   * Waits for calls in progress, then closes the predictors, the model and the tokenizer. Safe to
   * call twice; a second call returns at once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Lock exclusive = lifecycle.writeLock();
    exclusive.lock();
    try {
      closeAll(predictors, model, tokenizer);
    } finally {
      exclusive.unlock();
    }
  }

  /** Closes in the reverse order of creation; any argument may be null or empty. */
  private static void closeAll(
      List<Predictor<String, float[]>> predictors, Model model, HuggingFaceTokenizer tokenizer) {
    for (Predictor<String, float[]> predictor : predictors) {
      predictor.close();
    }
    if (model != null) {
      Path modelDir = model.getModelPath();
      model.close();
      deleteEmptyModelDir(modelDir);
    }
    if (tokenizer != null) {
      tokenizer.close();
    }
  }

  /**
   * DJL makes an empty {@code ort-model*} temp folder for a model loaded from a stream and deletes
   * it only when the JVM exits; delete it now so that repeated loads leave nothing behind.
   */
  private static void deleteEmptyModelDir(Path modelDir) {
    if (modelDir == null || !modelDir.getFileName().toString().startsWith("ort-model")) {
      return;
    }
    try {
      // Fails, leaving the folder, if it is not empty: then it is not the folder we expect.
      Files.deleteIfExists(modelDir);
    } catch (IOException e) {
      // Harmless: the folder is empty and DJL has it deleted on exit.
    }
  }

  @Override
  public String toString() {
    return "OnnxEmbedder[" + fingerprint + ", predictors=" + config.predictors()
        + ", intraOpThreads=" + config.intraOpThreads() + (closed.get() ? ", closed" : "") + "]";
  }
}
