package org.paperrec.recommend;

/**
 * A ranked candidate of one request: its document in the request's {@link
 * org.paperrec.recommend.lucene.View} and the parts of its score. {@code lexical} and
 * {@code recency} are NaN when their weight is 0; {@code interest} is -1 outside multi-interest.
 */
record Candidate(int doc, float score, float dense, float lexical, float recency, int interest) {

  Candidate inInterest(int i) {
    return new Candidate(doc, score, dense, lexical, recency, i);
  }
}
