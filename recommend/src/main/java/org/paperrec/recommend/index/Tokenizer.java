package org.paperrec.recommend.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns text into the terms of the lexical index ({@link Bm25Index}): both documents and queries go
 * through the same steps, in this order.
 *
 * <ol>
 *   <li>Split on every character that is not a letter or a digit ({@link Character#isLetterOrDigit}),
 *       so {@code "k-means++"} gives {@code k}, {@code means}; {@code "GPT-4o"} gives {@code gpt},
 *       {@code 4o}.
 *   <li>Lower-case ({@link Locale#ROOT}).
 *   <li>Drop tokens of one character and the English stop words of {@link #STOP_WORDS}.
 *   <li>Light plural stemming, Harman's "S" stemmer (1991) with Porter's {@code -sses} rule, for
 *       tokens longer than three characters: {@code -sses -> -ss}; {@code -ies -> -y} (not after
 *       {@code e} or {@code a}); {@code -es -> -e} (not after {@code a}, {@code e} or {@code o});
 *       {@code -s -> ""} (not after {@code u}, {@code s} or {@code i}). So {@code networks ->
 *       network}, {@code spikes -> spike}, {@code studies -> study}, {@code processes -> process},
 *       while {@code gas}, {@code class}, {@code focus}, {@code analysis} stay. Stems need not be
 *       words: documents and queries are stemmed alike. No other stemming, which keeps technical
 *       terms apart ({@code attention} vs {@code attentive}).
 * </ol>
 *
 * <p>Stateless and thread-safe.
 */
public final class Tokenizer {

  /**
   * English function words that carry no topic: Lucene's classic English stop set plus common
   * pronouns, auxiliaries and connectives of abstracts. Domain words ("model", "method") are kept:
   * BM25's idf already gives them little weight.
   */
  public static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
          "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
          "they", "this", "to", "was", "will", "with",
          "we", "our", "us", "its", "from", "which", "who", "whom", "what", "when", "where", "how",
          "can", "could", "has", "have", "had", "been", "being", "were", "do", "does", "did", "also",
          "than", "those", "both", "each", "other", "more", "most", "very", "so", "only", "over",
          "under", "between", "through", "while", "via", "any", "all", "some", "may",
          "might", "should", "would", "here", "them", "he", "she", "his", "her", "you", "your", "i",
          "my", "me", "about", "after", "before", "up", "down", "out", "same", "further", "once");

  /** The tokenizer that the library's lexical index uses. */
  public static final Tokenizer ENGLISH = new Tokenizer();

  private Tokenizer() {}

  /** The terms of {@code text} in order, repeats kept; empty for a blank text. */
  public List<String> terms(String text) {
    List<String> terms = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && !Character.isLetterOrDigit(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && Character.isLetterOrDigit(text.charAt(i))) {
        i++;
      }
      if (i - start > 1) {
        String token = text.substring(start, i).toLowerCase(Locale.ROOT);
        if (!STOP_WORDS.contains(token)) {
          terms.add(stem(token));
        }
      }
    }
    return terms;
  }

  /** Harman's "S" stemmer with Porter's {@code -sses} rule, for tokens longer than three characters. */
  static String stem(String token) {
    int n = token.length();
    if (n <= 3 || token.charAt(n - 1) != 's') {
      return token;
    }
    if (token.endsWith("sses")) {
      return token.substring(0, n - 2);
    }
    if (token.endsWith("ies") && n > 4 && !token.endsWith("eies") && !token.endsWith("aies")) {
      return token.substring(0, n - 3) + "y";
    }
    if (token.endsWith("es") && !token.endsWith("aes") && !token.endsWith("ees") && !token.endsWith("oes")) {
      return token.substring(0, n - 1);
    }
    char before = token.charAt(n - 2);
    if (before != 'u' && before != 's' && before != 'i') {
      return token.substring(0, n - 1);
    }
    return token;
  }
}
