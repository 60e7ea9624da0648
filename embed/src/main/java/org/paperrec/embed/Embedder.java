package org.paperrec.embed;

/**
 * Turns text into a unit vector: the L2 norm of every vector returned is 1 (within float rounding),
 * so the dot product of two vectors is their cosine similarity, in [-1, 1], higher is closer.
 *
 * <p>Implementations are safe to call from many threads at once. Vectors are comparable only
 * between embedders with equal {@link #fingerprint()}s.
 */
public interface Embedder extends AutoCloseable {

  /** The separator between a document's title and its body in {@link #documentText}. */
  String TITLE_SEPARATOR = " [SEP] ";

  /**
   * The text that represents a document with a title and a body ({@code title [SEP] body}, each
   * stripped of surrounding white space), the same for every document so that vectors stay
   * comparable. For BERT tokenizers {@code [SEP]} is the separator token itself, not literal text.
   */
  static String documentText(String title, String body) {
    return title.strip() + TITLE_SEPARATOR + body.strip();
  }

  /** Number of components of every vector. */
  int dimension();

  /** What model made the vectors: two embedders with equal fingerprints give the same vectors. */
  ModelFingerprint fingerprint();

  /**
   * The unit vector of {@code text}; text beyond the model's token limit is cut off.
   *
   * @return a new array of {@link #dimension()} components with L2 norm 1; the caller may keep or
   *     change it
   * @throws IllegalArgumentException when {@code text} is blank
   * @throws IllegalStateException after {@link #close()}
   */
  float[] embed(String text);

  /** The unit vector of a document: {@code embed(documentText(title, body))}. */
  default float[] embedDocument(String title, String body) {
    return embed(documentText(title, body));
  }

  /** Releases the model and its native memory; safe to call twice. */
  @Override
  void close();
}
