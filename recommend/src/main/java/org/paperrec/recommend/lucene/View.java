package org.paperrec.recommend.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.paperrec.recommend.index.VectorMath;

/**
 * One point-in-time searcher of a {@link CorpusIndex}: documents are addressed by their Lucene doc
 * IDs, valid only within this view. Not thread-safe: one request, one view; close it after use
 * (try-with-resources) so the searcher's segments can be released.
 */
public final class View implements AutoCloseable {

  /** A document and its score, higher is better. */
  public record Match(int doc, float score) {}

  /** The most terms a query built by {@link #textQuery} or {@link #likeDocsQuery} keeps. */
  public static final int MAX_QUERY_TERMS = 32;

  /**
   * Excluded IDs up to this many are dropped from a search's results (asking for that many more);
   * more go into the search's filter, which costs a pass over the filter's documents.
   */
  static final int POST_EXCLUDE_MAX = 64;

  private final CorpusIndex index;
  private final SearcherManager manager;
  private final IndexSearcher searcher;
  private final List<LeafReaderContext> leaves;
  private boolean closed;

  View(CorpusIndex index, SearcherManager manager) throws IOException {
    this.index = index;
    this.manager = manager;
    this.searcher = manager.acquire();
    this.leaves = searcher.getIndexReader().leaves();
  }

  /** Number of live documents. */
  public int size() {
    return searcher.getIndexReader().numDocs();
  }

  /** The doc ID of paper {@code id}, or -1 when it is not in the index. */
  public int doc(String id) {
    BytesRef term = new BytesRef(id);
    try {
      for (LeafReaderContext leaf : leaves) {
        PostingsEnum postings = leaf.reader().postings(new Term(CorpusIndex.F_ID, term), PostingsEnum.NONE);
        if (postings == null) {
          continue;
        }
        Bits live = leaf.reader().getLiveDocs();
        for (int d = postings.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.nextDoc()) {
          if (live == null || live.get(d)) {
            return leaf.docBase + d;
          }
        }
      }
      return -1;
    } catch (IOException e) {
      throw readFailed(e);
    }
  }

  /** The doc IDs of those of {@code ids} that are in the index, in the order given, each once. */
  public Map<String, Integer> docs(Collection<String> ids) {
    Map<String, Integer> docs = new java.util.LinkedHashMap<>();
    for (String id : ids) {
      if (!docs.containsKey(id)) {
        int doc = doc(id);
        if (doc >= 0) {
          docs.put(id, doc);
        }
      }
    }
    return docs;
  }

  /** The paper ID of {@code doc}. */
  public String id(int doc) {
    try {
      return searcher.storedFields().document(doc, Set.of(CorpusIndex.F_ID)).get(CorpusIndex.F_ID);
    } catch (IOException e) {
      throw readFailed(e);
    }
  }

  /**
   * Calls {@code consumer} with the paper ID and doc ID of every live document, segment by segment:
   * for checks that compare the whole index with the store.
   */
  public void forEachDoc(java.util.function.ObjIntConsumer<String> consumer) {
    try {
      for (LeafReaderContext leaf : leaves) {
        Bits live = leaf.reader().getLiveDocs();
        org.apache.lucene.index.StoredFields fields = leaf.reader().storedFields();
        for (int d = 0; d < leaf.reader().maxDoc(); d++) {
          if (live == null || live.get(d)) {
            consumer.accept(fields.document(d, Set.of(CorpusIndex.F_ID)).get(CorpusIndex.F_ID), leaf.docBase + d);
          }
        }
      }
    } catch (IOException e) {
      throw readFailed(e);
    }
  }

  /** The user data of the commit this view reads (see {@link CorpusIndex}), empty for a writer's unflushed view. */
  Map<String, String> commitData() {
    if (searcher.getIndexReader() instanceof org.apache.lucene.index.DirectoryReader reader) {
      try {
        return reader.getIndexCommit().getUserData();
      } catch (IOException e) {
        throw readFailed(e);
      }
    }
    return Map.of();
  }

  /** The paper's date of {@code doc} in days since 1970-01-01, or {@link CorpusIndex#NO_DAY}. */
  public int day(int doc) {
    LeafReaderContext leaf = leaf(doc);
    try {
      NumericDocValues days = leaf.reader().getNumericDocValues(CorpusIndex.F_DAY);
      if (days != null && days.advanceExact(doc - leaf.docBase)) {
        return (int) days.longValue();
      }
      return CorpusIndex.NO_DAY;
    } catch (IOException e) {
      throw readFailed(e);
    }
  }

  /** A copy of the raw (not quantized) vector of {@code doc}. */
  public float[] vector(int doc) {
    LeafReaderContext leaf = leaf(doc);
    try {
      FloatVectorValues values = leaf.reader().getFloatVectorValues(CorpusIndex.F_VECTOR);
      int target = doc - leaf.docBase;
      if (values == null || values.advance(target) != target) {
        throw new IllegalStateException("document " + doc + " has no vector");
      }
      return values.vectorValue().clone();
    } catch (IOException e) {
      throw readFailed(e);
    }
  }

  /**
   * The {@code k} documents nearest to {@code unitQuery} by cosine among those {@code filter} (null
   * for all) keeps and whose IDs are not in {@code excludeIds}, best first, with exact cosines;
   * exact below {@link CorpusIndex.Settings#exactBelow} documents, an oversampled HNSW search above.
   */
  public List<Match> nearest(float[] unitQuery, int k, Set<String> excludeIds, Query filter) {
    VectorMath.checkVector(unitQuery, index.dimension());
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive; k=" + k);
    }
    if (size() == 0) {
      return List.of();
    }
    Set<Integer> dropped = Set.of();
    if (excludeIds.size() > POST_EXCLUDE_MAX) {
      filter = and(filter, CorpusIndex.filter(null, null, List.of(), excludeIds));
    } else if (!excludeIds.isEmpty()) {
      dropped = new java.util.HashSet<>(docs(excludeIds).values());
    }
    int want = k + dropped.size();
    List<Match> found = size() < index.settings().exactBelow() ? exact(unitQuery, want, filter) : graph(unitQuery, want, filter);
    List<Match> out = new ArrayList<>(Math.min(k, found.size()));
    for (Match m : found) {
      if (out.size() == k) {
        break;
      }
      if (!dropped.contains(m.doc())) {
        out.add(m);
      }
    }
    return out;
  }

  /** Every live document that {@code filter} keeps is scored: the reference answer. */
  List<Match> exact(float[] q, int k, Query filter) {
    PriorityQueue<Match> top = new PriorityQueue<>(k + 1, BY_SCORE_THEN_DOC);
    try {
      Weight weight = filter == null ? null
          : searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
      for (LeafReaderContext leaf : leaves) {
        LeafReader reader = leaf.reader();
        FloatVectorValues values = reader.getFloatVectorValues(CorpusIndex.F_VECTOR);
        if (values == null) {
          continue;
        }
        DocIdSetIterator allowed = null;
        if (weight != null) {
          Scorer scorer = weight.scorer(leaf);
          if (scorer == null) {
            continue;
          }
          allowed = scorer.iterator();
        }
        Bits live = reader.getLiveDocs();
        for (int d = values.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = values.nextDoc()) {
          if (live != null && !live.get(d)) {
            continue;
          }
          if (allowed != null) {
            int a = allowed.docID() < d ? allowed.advance(d) : allowed.docID();
            if (a == DocIdSetIterator.NO_MORE_DOCS) {
              break;
            }
            if (a != d) {
              continue;
            }
          }
          float score = VectorMath.dot(q, values.vectorValue());
          if (top.size() < k) {
            top.add(new Match(leaf.docBase + d, score));
          } else if (score > top.peek().score()) {
            top.poll();
            top.add(new Match(leaf.docBase + d, score));
          }
        }
      }
    } catch (IOException e) {
      throw readFailed(e);
    }
    List<Match> out = new ArrayList<>(top);
    out.sort(BY_SCORE_THEN_DOC.reversed());
    return out;
  }

  /** HNSW candidates ({@code oversample} times {@code k}, at least {@code minCandidates}), rescored exactly. */
  List<Match> graph(float[] q, int k, Query filter) {
    CorpusIndex.Settings s = index.settings();
    int candidates = Math.max(k, Math.max(s.minCandidates(), (int) Math.ceil(k * s.oversample())));
    try {
      TopDocs hits = searcher.search(new KnnFloatVectorQuery(CorpusIndex.F_VECTOR, q, candidates, filter), candidates);
      return rescore(q, hits.scoreDocs, k);
    } catch (IOException e) {
      throw readFailed(e);
    }
  }

  /** The best {@code k} of {@code docs} by exact cosine to {@code q}. */
  private List<Match> rescore(float[] q, ScoreDoc[] docs, int k) {
    List<Integer> found = new ArrayList<>(docs.length);
    for (ScoreDoc sd : docs) {
      found.add(sd.doc);
    }
    List<Match> scored = new ArrayList<>(docs.length);
    forEachVector(found, (doc, vector) -> scored.add(new Match(doc, VectorMath.dot(q, vector))));
    scored.sort(BY_SCORE_THEN_DOC.reversed());
    return scored.size() > k ? new ArrayList<>(scored.subList(0, k)) : scored;
  }

  /** Called with a document and its raw vector, valid only during the call (Lucene reuses the array). */
  @FunctionalInterface
  public interface VectorConsumer {
    void accept(int doc, float[] vector);
  }

  /**
   * Calls {@code consumer} with the raw vector of each of {@code docs} that has one, in doc order:
   * one vector reader per segment, advanced forward only (cheaper than {@link #vector} per doc).
   */
  public void forEachVector(Collection<Integer> docs, VectorConsumer consumer) {
    int leafIndex = -1;
    FloatVectorValues values = null;
    LeafReaderContext leaf = null;
    try {
      for (int doc : sortedDistinct(docs)) {
        int li = ReaderUtil.subIndex(doc, leaves);
        if (li != leafIndex) {
          leafIndex = li;
          leaf = leaves.get(li);
          values = leaf.reader().getFloatVectorValues(CorpusIndex.F_VECTOR);
        }
        int target = doc - leaf.docBase;
        if (values != null && values.advance(target) == target) {
          consumer.accept(doc, values.vectorValue());
        }
      }
    } catch (IOException e) {
      throw readFailed(e);
    }
  }

  // ---- lexical ----

  /**
   * The BM25 query of a free text (a search, or the text of a paper outside the corpus): its at
   * most {@value #MAX_QUERY_TERMS} strongest distinct terms by tf-idf, each of weight 1; null when
   * none of its terms is in the index.
   */
  public Query textQuery(String text) {
    Map<String, Double> tfWeight = new HashMap<>();
    Map<String, Integer> tf = new HashMap<>();
    for (String term : index.analyzer().terms(text)) {
      tf.merge(term, 1, Integer::sum);
    }
    tf.forEach((term, count) -> tfWeight.put(term, 1 + Math.log(count)));
    return strongest(tfWeight, MAX_QUERY_TERMS);
  }

  /**
   * The BM25 query for documents like {@code docs} weighted by {@code weights} (the "more like
   * this" selection): the at most {@code maxTerms} terms with the highest {@code sum over docs i of
   * weights[i] * (1 + ln tf(t, doc i)) * idf(t)}, ties by term, from the stored term vectors (no
   * text is analysed again); null when the documents have no terms.
   */
  public Query likeDocsQuery(int[] docs, double[] weights, int maxTerms) {
    if (docs.length != weights.length) {
      throw new IllegalArgumentException("one weight per doc expected; docs=" + docs.length + ", weights=" + weights.length);
    }
    Map<String, Double> tfWeight = new HashMap<>();
    try {
      var termVectors = searcher.getIndexReader().termVectors();
      for (int i = 0; i < docs.length; i++) {
        Terms terms = termVectors.get(docs[i], CorpusIndex.F_TEXT);
        if (terms == null) {
          continue;
        }
        TermsEnum it = terms.iterator();
        double w = weights[i];
        for (BytesRef term = it.next(); term != null; term = it.next()) {
          long freq = it.totalTermFreq();
          tfWeight.merge(term.utf8ToString(), w * (1 + Math.log(freq)), Double::sum);
        }
      }
    } catch (IOException e) {
      throw readFailed(e);
    }
    return strongest(tfWeight, maxTerms);
  }

  private Query strongest(Map<String, Double> tfWeight, int maxTerms) {
    int n = size();
    List<Map.Entry<String, Double>> scored = new ArrayList<>(tfWeight.size());
    try {
      for (Map.Entry<String, Double> entry : tfWeight.entrySet()) {
        int df = searcher.getIndexReader().docFreq(new Term(CorpusIndex.F_TEXT, entry.getKey()));
        if (df > 0 && entry.getValue() > 0) {
          scored.add(Map.entry(entry.getKey(), entry.getValue() * Math.log(1 + (n - df + 0.5) / (df + 0.5))));
        }
      }
    } catch (IOException e) {
      throw readFailed(e);
    }
    if (scored.isEmpty()) {
      return null;
    }
    scored.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    for (int i = 0; i < scored.size() && i < maxTerms; i++) {
      query.add(new TermQuery(new Term(CorpusIndex.F_TEXT, scored.get(i).getKey())), Occur.SHOULD);
    }
    return query.build();
  }

  /** The best {@code k} documents for BM25 query {@code query} (null matches nothing) that {@code filter} keeps. */
  public List<Match> lexical(Query query, int k, Query filter) {
    if (query == null || k < 1) {
      return List.of();
    }
    Query q = filter == null ? query
        : new BooleanQuery.Builder().add(query, Occur.MUST).add(filter, Occur.FILTER).build();
    try {
      TopDocs top = searcher.search(q, k);
      List<Match> out = new ArrayList<>(top.scoreDocs.length);
      for (ScoreDoc sd : top.scoreDocs) {
        out.add(new Match(sd.doc, sd.score));
      }
      return out;
    } catch (IOException e) {
      throw readFailed(e);
    }
  }

  /** The BM25 score of each of {@code docs} for {@code query} (0 where no term occurs), by doc. */
  public Map<Integer, Float> lexicalScores(Query query, Collection<Integer> docs) {
    Map<Integer, Float> scores = new HashMap<>();
    if (query == null || docs.isEmpty()) {
      return scores;
    }
    for (int doc : sortedDistinct(docs)) {
      scores.put(doc, 0f);
    }
    forEachMatch(query, ScoreMode.COMPLETE, docs, (doc, scorer) -> scores.put(doc, scorer.score()));
    return scores;
  }

  /** Those of {@code docs} that {@code filter} keeps, in the order given. */
  public List<Integer> matching(Query filter, Collection<Integer> docs) {
    Set<Integer> kept = new java.util.HashSet<>();
    forEachMatch(filter, ScoreMode.COMPLETE_NO_SCORES, docs, (doc, scorer) -> kept.add(doc));
    List<Integer> out = new ArrayList<>(kept.size());
    for (int doc : docs) {
      if (kept.remove(doc)) {
        out.add(doc);
      }
    }
    return out;
  }

  /** Called for each document that a query matches, with the query's scorer positioned on it. */
  @FunctionalInterface
  private interface MatchConsumer {
    void accept(int doc, Scorer scorer) throws IOException;
  }

  /**
   * Calls {@code consumer} for each of {@code docs} that {@code query} matches: the docs in order,
   * one scorer per segment advanced forward only, so the cost is that of the docs, not the corpus.
   */
  private void forEachMatch(Query query, ScoreMode mode, Collection<Integer> docs, MatchConsumer consumer) {
    try {
      Weight weight = searcher.createWeight(searcher.rewrite(query), mode, 1f);
      int leafIndex = -1;
      Scorer scorer = null;
      LeafReaderContext leaf = null;
      for (int doc : sortedDistinct(docs)) {
        int li = ReaderUtil.subIndex(doc, leaves);
        if (li != leafIndex) {
          leafIndex = li;
          leaf = leaves.get(li);
          scorer = weight.scorer(leaf);
        }
        if (scorer != null) {
          int target = doc - leaf.docBase;
          DocIdSetIterator it = scorer.iterator();
          int at = it.docID() < target ? it.advance(target) : it.docID();
          if (at == target) {
            consumer.accept(doc, scorer);
          }
        }
      }
    } catch (IOException e) {
      throw readFailed(e);
    }
  }

  private static int[] sortedDistinct(Collection<Integer> docs) {
    return docs.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
  }

  static Query and(Query a, Query b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return new BooleanQuery.Builder().add(a, Occur.FILTER).add(b, Occur.FILTER).build();
  }

  private LeafReaderContext leaf(int doc) {
    return leaves.get(ReaderUtil.subIndex(doc, leaves));
  }

  private static UncheckedIOException readFailed(IOException e) {
    return new UncheckedIOException("search index read failed: " + e.getMessage(), e);
  }

  private static final Comparator<Match> BY_SCORE_THEN_DOC =
      Comparator.comparingDouble(Match::score).thenComparing(Match::doc, Comparator.reverseOrder());

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      manager.release(searcher);
    } catch (IOException e) {
      throw readFailed(e);
    }
  }
}
