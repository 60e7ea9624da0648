package org.paperrec.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.util.List;
import java.util.Objects;

/**
 * One text in, one unit vector out: tokenises with the HuggingFace tokenizer, feeds the BERT inputs
 * the graph declares, and mean-pools its {@code last_hidden_state} (see {@link MeanPooling}).
 *
 * <p>Thread-safe: it holds no per-call state (the attention mask travels in the {@link
 * TranslatorContext}), and the tokenizer it shares is safe for concurrent {@code encode} calls, as
 * DJL's own translators assume when all predictors of a model share one translator. Does not own
 * the tokenizer.
 */
final class MiniLmTranslator implements NoBatchifyTranslator<String, float[]> {

  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";
  static final String OUTPUT = "last_hidden_state";

  private static final String MASK_ATTACHMENT = "attentionMask";

  private final HuggingFaceTokenizer tokenizer;
  private final List<String> inputNames;
  private final int dimension;

  /**
   * @param tokenizer configured with the truncation length wanted; shared, not owned
   * @param inputNames the graph's inputs, a subset of {@link #INPUT_IDS}, {@link #ATTENTION_MASK}
   *     and {@link #TOKEN_TYPE_IDS} that holds the first two; fed in this order
   * @param dimension length of each token vector in the graph's output
   */
  MiniLmTranslator(HuggingFaceTokenizer tokenizer, List<String> inputNames, int dimension) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    this.inputNames = List.copyOf(inputNames);
    if (!this.inputNames.contains(INPUT_IDS) || !this.inputNames.contains(ATTENTION_MASK)) {
      throw new IllegalArgumentException(
          "inputNames must contain " + INPUT_IDS + " and " + ATTENTION_MASK + "; inputNames=" + inputNames);
    }
    this.dimension = dimension;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, String text) {
    Encoding encoding = tokenizer.encode(text);
    long[] mask = encoding.getAttentionMask();
    ctx.setAttachment(MASK_ATTACHMENT, mask);
    // The per-call manager is closed by the predictor after processOutput: these arrays need no
    // closing here.
    NDManager manager = ctx.getNDManager();
    NDList inputs = new NDList(inputNames.size());
    for (String name : inputNames) {
      long[] values =
          switch (name) {
            case INPUT_IDS -> encoding.getIds();
            case ATTENTION_MASK -> mask;
            case TOKEN_TYPE_IDS -> encoding.getTypeIds();
            default -> throw new IllegalStateException("unexpected model input " + name);
          };
      NDArray array = manager.create(values, new Shape(1, values.length));
      array.setName(name);
      inputs.add(array);
    }
    return inputs;
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList outputs) {
    NDArray hidden = outputs.get(OUTPUT);
    if (hidden == null) {
      hidden = outputs.get(0);
    }
    long[] mask = (long[]) ctx.getAttachment(MASK_ATTACHMENT);
    Shape expected = new Shape(1, mask.length, dimension);
    if (!hidden.getShape().equals(expected)) {
      throw new IllegalStateException(
          "model output " + OUTPUT + " must have shape " + expected + "; shape=" + hidden.getShape());
    }
    return MeanPooling.meanPoolAndNormalize(hidden.toFloatArray(), mask, dimension);
  }
}
