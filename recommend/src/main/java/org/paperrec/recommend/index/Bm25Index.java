package org.paperrec.recommend.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * Lexical search: Okapi BM25 over an in-memory inverted index of short documents (a paper's title
 * and abstract), terms as {@link Tokenizer#ENGLISH} makes them.
 *
 * <pre>
 * bm25(d, q) = sum over distinct terms t of q of
 *              idf(t) * tf(t,d) * (K1 + 1) / (tf(t,d) + K1 * (1 - B + B * len(d) / avgLen))
 * idf(t)     = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))
 * </pre>
 *
 * with {@code K1 = 1.2} and {@code B = 0.75} (the usual defaults, Lucene's too); {@code N} is the
 * number of documents, {@code df(t)} how many contain {@code t}, {@code len(d)} the number of terms
 * of {@code d} and {@code avgLen} their mean. This {@code idf} (Lucene's) is never negative, so a
 * score is {@code >= 0}, unbounded above, and 0 exactly when no query term occurs in {@code d}.
 * Every query term has weight 1: a query is a bag of distinct terms.
 *
 * <p>Layout: a term dictionary (term to term id) and, per term, a postings list of document
 * ordinals ({@code int[]}) with term frequencies ({@code byte[]}, capped at 255: with {@code K1 =
 * 1.2} the tf factor at 255 is within 0.5% of its limit, so larger counts would change nothing);
 * per document its ID, length and distinct term ids, the forward list that lets {@link #remove}
 * unlink it from exactly its postings. That is 9 bytes per (document, distinct term) pair plus
 * array slack (postings grow by doubling): about 13 bytes measured, some 150 MB per 100k abstracts
 * of 100 distinct terms. Ordinals and term ids of removed documents and
 * vanished terms are reused. A search accumulates scores in one {@code float[]} of one slot per
 * document ordinal and keeps the best in a bounded heap: it allocates per query, never per document.
 *
 * <p>Thread-safe: searches run concurrently under a read lock; {@link #put} and {@link #remove}
 * take the write lock (tokenising happens before it is taken).
 */
public final class Bm25Index {

  /** BM25 term-frequency saturation. */
  public static final float K1 = 1.2f;
  /** BM25 length normalisation: 0 ignores document length, 1 normalises fully. */
  public static final float B = 0.75f;

  /** The most terms a query built by {@link #query} keeps: bounds the postings one search reads. */
  public static final int MAX_QUERY_TERMS = 32;

  /**
   * A query: distinct terms, each of weight 1. Build one with {@link #query}; terms must be
   * tokenizer output (lower case, stemmed), others simply match nothing.
   */
  public record Query(List<String> terms) {

    public static final Query EMPTY = new Query(List.of());

    public Query {
      terms = List.copyOf(new LinkedHashSet<>(terms));
    }

    public boolean isEmpty() {
      return terms.isEmpty();
    }
  }

  /**
   * What one search found.
   *
   * @param top the best accepted documents with a score above 0, best first (ties: lower ordinal)
   * @param scoresOf the BM25 score of each requested ID that is in the index (0 when no query term
   *     occurs in it), whether or not it was accepted or is in {@code top}
   */
  public record Scores(List<ExactVectorIndex.Hit> top, Map<String, Float> scoresOf) {

    public Scores {
      top = List.copyOf(top);
      scoresOf = Map.copyOf(scoresOf);
    }

    /** The best score in {@code top}, or 0 when nothing matched. */
    public float max() {
      return top.isEmpty() ? 0f : top.get(0).score();
    }
  }

  private final Tokenizer tokenizer;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  private final Map<String, Integer> docById = new HashMap<>();
  private String[] idByDoc = new String[1024];
  private int[] docLength = new int[1024];
  private int[][] docTerms = new int[1024][];
  private int[] freeDocs = new int[16];
  private int freeDocCount;
  /** One past the highest document ordinal ever used. */
  private int docLimit;
  private long totalLength;

  private final Map<String, Integer> termIdByTerm = new HashMap<>();
  private String[] termById = new String[1024];
  private int[][] postingDocs = new int[1024][];
  private byte[][] postingFreqs = new byte[1024][];
  private int[] postingSize = new int[1024];
  private int[] freeTerms = new int[16];
  private int freeTermCount;
  private int termLimit;

  /** An empty index whose documents and queries are tokenised by {@code tokenizer}. */
  public Bm25Index(Tokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** Number of documents. */
  public int size() {
    lock.readLock().lock();
    try {
      return docById.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  public boolean contains(String id) {
    lock.readLock().lock();
    try {
      return docById.containsKey(id);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Number of distinct terms over all documents. */
  public int vocabularySize() {
    lock.readLock().lock();
    try {
      return termIdByTerm.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Indexes {@code text} as document {@code id}, replacing what {@code id} held before. */
  public void put(String id, String text) {
    if (id == null) {
      throw new IllegalArgumentException("id must not be null");
    }
    List<String> terms = tokenizer.terms(text);
    Map<String, int[]> counts = new HashMap<>(2 * terms.size());
    for (String term : terms) {
      counts.computeIfAbsent(term, t -> new int[1])[0]++;
    }
    lock.writeLock().lock();
    try {
      Integer existing = docById.get(id);
      if (existing != null) {
        unlink(existing);
      }
      int doc = existing != null ? existing : allocateDoc();
      int[] termIds = new int[counts.size()];
      int i = 0;
      for (Map.Entry<String, int[]> entry : counts.entrySet()) {
        int term = termId(entry.getKey());
        addPosting(term, doc, Math.min(255, entry.getValue()[0]));
        termIds[i++] = term;
      }
      idByDoc[doc] = id;
      docLength[doc] = terms.size();
      docTerms[doc] = termIds;
      totalLength += terms.size();
      docById.put(id, doc);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes document {@code id}; false when it was not present. */
  public boolean remove(String id) {
    lock.writeLock().lock();
    try {
      Integer doc = docById.remove(id);
      if (doc == null) {
        return false;
      }
      unlink(doc);
      idByDoc[doc] = null;
      if (freeDocCount == freeDocs.length) {
        freeDocs = Arrays.copyOf(freeDocs, freeDocCount * 2);
      }
      freeDocs[freeDocCount++] = doc;
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * A query for documents like the weighted {@code texts}: the at most {@code maxTerms} terms with
   * the highest {@code sum over texts i of weights[i] * (1 + ln tf(t, text i)) * idf(t)} (the
   * "more like this" selection, tf-idf with a log-damped tf), ties by term. Terms no document holds
   * have no idf and are left out. With one short text (a search query) this keeps all its terms.
   *
   * @param weights one non-negative weight per text (e.g. how recent a like is)
   */
  public Query query(List<String> texts, double[] weights, int maxTerms) {
    if (texts.size() != weights.length) {
      throw new IllegalArgumentException(
          "one weight per text expected; texts=" + texts.size() + ", weights=" + weights.length);
    }
    if (maxTerms < 1) {
      throw new IllegalArgumentException("maxTerms must be positive; maxTerms=" + maxTerms);
    }
    Map<String, Double> tfWeight = new HashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      Map<String, Integer> tf = new HashMap<>();
      for (String term : tokenizer.terms(texts.get(i))) {
        tf.merge(term, 1, Integer::sum);
      }
      double w = weights[i];
      tf.forEach((term, count) -> tfWeight.merge(term, w * (1 + Math.log(count)), Double::sum));
    }
    List<Map.Entry<String, Double>> scored = new ArrayList<>(tfWeight.size());
    lock.readLock().lock();
    try {
      int n = docById.size();
      for (Map.Entry<String, Double> entry : tfWeight.entrySet()) {
        Integer term = termIdByTerm.get(entry.getKey());
        if (term != null && entry.getValue() > 0) {
          scored.add(Map.entry(entry.getKey(), entry.getValue() * idf(n, postingSize[term])));
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    scored.sort(
        Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue)
            .reversed()
            .thenComparing(Map.Entry::getKey));
    List<String> terms = new ArrayList<>(Math.min(maxTerms, scored.size()));
    for (int i = 0; i < scored.size() && i < maxTerms; i++) {
      terms.add(scored.get(i).getKey());
    }
    return new Query(terms);
  }

  /** {@link #query(List, double[], int)} for one text, at most {@link #MAX_QUERY_TERMS} terms. */
  public Query query(String text) {
    return query(List.of(text), new double[] {1}, MAX_QUERY_TERMS);
  }

  /**
   * Scores every document against {@code query}.
   *
   * @param k how many of the best accepted documents to return in {@link Scores#top()}; 0 for none
   * @param accept which IDs may enter {@code top}; asked only for documents whose score would
   *     enter it
   * @param alsoScore IDs whose scores to report in {@link Scores#scoresOf()} (e.g. the candidates
   *     a vector search found)
   */
  public Scores search(Query query, int k, Predicate<String> accept, Collection<String> alsoScore) {
    if (k < 0) {
      throw new IllegalArgumentException("k must not be negative; k=" + k);
    }
    lock.readLock().lock();
    try {
      float[] scores = accumulate(query);
      List<ExactVectorIndex.Hit> top = List.of();
      if (k > 0) {
        TopK heap = new TopK(k);
        for (int doc = 0; doc < scores.length; doc++) {
          float score = scores[doc];
          if (score > 0 && heap.accepts(score)) {
            String id = idByDoc[doc];
            if (id != null && accept.test(id)) {
              heap.offer(doc, score);
            }
          }
        }
        top = hits(heap);
      }
      Map<String, Float> scoresOf = new HashMap<>();
      for (String id : alsoScore) {
        Integer doc = docById.get(id);
        if (doc != null) {
          scoresOf.put(id, scores[doc]);
        }
      }
      return new Scores(top, scoresOf);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** One slot per document ordinal; caller holds the read lock. */
  private float[] accumulate(Query query) {
    float[] scores = new float[docLimit];
    int n = docById.size();
    if (n == 0) {
      return scores;
    }
    float avgLength = (float) ((double) totalLength / n);
    // An index of empty documents has avgLength 0; any length then counts as average.
    float lengthScale = avgLength > 0 ? B / avgLength : 0f;
    for (String term : query.terms()) {
      Integer t = termIdByTerm.get(term);
      if (t == null) {
        continue;
      }
      int df = postingSize[t];
      float idf = (float) idf(n, df);
      int[] docs = postingDocs[t];
      byte[] freqs = postingFreqs[t];
      for (int i = 0; i < df; i++) {
        int doc = docs[i];
        int tf = freqs[i] & 0xFF;
        float norm = K1 * (1 - B + lengthScale * docLength[doc]);
        scores[doc] += idf * tf * (K1 + 1) / (tf + norm);
      }
    }
    return scores;
  }

  private static double idf(int n, int df) {
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private List<ExactVectorIndex.Hit> hits(TopK heap) {
    float[] scores = new float[heap.size()];
    int[] docs = heap.drainBestFirst(scores);
    List<ExactVectorIndex.Hit> hits = new ArrayList<>(docs.length);
    for (int i = 0; i < docs.length; i++) {
      hits.add(new ExactVectorIndex.Hit(idByDoc[docs[i]], scores[i]));
    }
    return hits;
  }

  /** Takes {@code doc} out of its postings and the length total; its slot stays allocated. */
  private void unlink(int doc) {
    for (int term : docTerms[doc]) {
      int[] docs = postingDocs[term];
      int size = postingSize[term];
      for (int i = 0; i < size; i++) {
        if (docs[i] == doc) {
          // Order within a postings list does not matter: scores accumulate per document.
          docs[i] = docs[size - 1];
          postingFreqs[term][i] = postingFreqs[term][size - 1];
          break;
        }
      }
      postingSize[term] = --size;
      if (size == 0) {
        releaseTerm(term);
      }
    }
    totalLength -= docLength[doc];
    docTerms[doc] = new int[0];
    docLength[doc] = 0;
  }

  private int allocateDoc() {
    if (freeDocCount > 0) {
      return freeDocs[--freeDocCount];
    }
    int doc = docLimit++;
    if (doc == idByDoc.length) {
      int capacity = idByDoc.length * 2;
      idByDoc = Arrays.copyOf(idByDoc, capacity);
      docLength = Arrays.copyOf(docLength, capacity);
      docTerms = Arrays.copyOf(docTerms, capacity);
    }
    return doc;
  }

  private int termId(String term) {
    Integer existing = termIdByTerm.get(term);
    if (existing != null) {
      return existing;
    }
    int id;
    if (freeTermCount > 0) {
      id = freeTerms[--freeTermCount];
    } else {
      id = termLimit++;
      if (id == postingDocs.length) {
        int capacity = postingDocs.length * 2;
        postingDocs = Arrays.copyOf(postingDocs, capacity);
        postingFreqs = Arrays.copyOf(postingFreqs, capacity);
        postingSize = Arrays.copyOf(postingSize, capacity);
        termById = Arrays.copyOf(termById, capacity);
      }
    }
    postingDocs[id] = new int[2];
    postingFreqs[id] = new byte[2];
    postingSize[id] = 0;
    termIdByTerm.put(term, id);
    termById[id] = term;
    return id;
  }

  private void releaseTerm(int term) {
    termIdByTerm.remove(termById[term]);
    termById[term] = null;
    postingDocs[term] = null;
    postingFreqs[term] = null;
    if (freeTermCount == freeTerms.length) {
      freeTerms = Arrays.copyOf(freeTerms, freeTermCount * 2);
    }
    freeTerms[freeTermCount++] = term;
  }

  private void addPosting(int term, int doc, int tf) {
    int size = postingSize[term];
    if (size == postingDocs[term].length) {
      postingDocs[term] = Arrays.copyOf(postingDocs[term], size * 2);
      postingFreqs[term] = Arrays.copyOf(postingFreqs[term], size * 2);
    }
    postingDocs[term][size] = doc;
    postingFreqs[term][size] = (byte) tf;
    postingSize[term] = size + 1;
  }
}
