package org.paperrec.recommend;

import java.util.List;

/**
 * The liked and disliked papers of one recommendation request that are in the corpus, with their
 * vectors, their documents in the request's view and the like weights (1 each, or decayed by age).
 */
record Likes(List<String> ids, List<Integer> docs, List<float[]> vectors, double[] weights, List<float[]> disliked) {}
