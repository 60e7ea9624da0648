package org.paperrec.recommend.lucene;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * Turns a paper's title and abstract, and every lexical query, into index terms; documents and
 * queries go through the same steps, in this order (the rules of the hand-written tokenizer this
 * replaced, so BM25 scores mean what they meant):
 *
 * <ol>
 *   <li>Split on every code point that is not a letter or a digit ({@link Character#isLetterOrDigit}),
 *       so {@code "k-means++"} gives {@code k}, {@code means}; {@code "GPT-4o"} gives {@code gpt},
 *       {@code 4o}.
 *   <li>Lower-case.
 *   <li>Drop tokens of one character and the English stop words of {@link #STOP_WORDS}.
 *   <li>Light plural stemming, Harman's "S" stemmer (1991) with Porter's {@code -sses} rule, for
 *       tokens longer than three characters: {@code -sses -> -ss}; {@code -ies -> -y} (not after
 *       {@code e} or {@code a}); {@code -es -> -e} (not after {@code a}, {@code e} or {@code o});
 *       {@code -s -> ""} (not after {@code u}, {@code s} or {@code i}). So {@code networks ->
 *       network}, {@code studies -> study}, {@code processes -> process}, while {@code gas}, {@code
 *       class}, {@code focus}, {@code analysis} stay. No other stemming keeps technical terms apart
 *       ({@code attention} vs {@code attentive}). Lucene's {@code EnglishMinimalStemFilter} is the
 *       same stemmer without the {@code -sses} rule and with other exceptions, hence our own filter.
 * </ol>
 *
 * <p>Thread-safe, as every Lucene {@link Analyzer}: token streams are reused per thread.
 */
public final class PaperAnalyzer extends Analyzer {

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

  private static final CharArraySet STOP_SET = CharArraySet.unmodifiableSet(new CharArraySet(STOP_WORDS, false));

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    Tokenizer source = CharTokenizer.fromTokenCharPredicate(Character::isLetterOrDigit);
    TokenStream stream = new LowerCaseFilter(source);
    stream = new LengthFilter(stream, 2, Integer.MAX_VALUE);
    stream = new StopFilter(stream, STOP_SET);
    return new TokenStreamComponents(source, new PluralStemFilter(stream));
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new LowerCaseFilter(in);
  }

  /** The terms of {@code text} in order, repeats kept; empty for a blank text. */
  public List<String> terms(String text) {
    List<String> terms = new ArrayList<>();
    try (TokenStream stream = tokenStream("text", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        terms.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      // A String reader does not fail.
      throw new IllegalStateException("analysing a string failed", e);
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

  /** Applies {@link #stem} to every token. */
  private static final class PluralStemFilter extends TokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    PluralStemFilter(TokenStream input) {
      super(input);
    }

    @Override
    public boolean incrementToken() throws IOException {
      if (!input.incrementToken()) {
        return false;
      }
      if (term.length() > 3 && term.charAt(term.length() - 1) == 's') {
        String stemmed = stem(term.toString());
        term.setEmpty().append(stemmed);
      }
      return true;
    }
  }
}
