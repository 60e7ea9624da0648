/**
 * The offline evaluation harness behind {@code paperrec eval}: tasks built from the arxiv-cs data
 * (author continuation, similar papers), baselines (random, most recent), plain metric functions
 * and the results table. It reads papers and vectors from an open {@link org.paperrec.server.Engine}
 * and asks its {@link org.paperrec.recommend.Recommender} exactly as the API does; it never writes
 * to the store and never copies corpus data into the project. What each task measures and why is in
 * {@code docs/EVALUATION.md}.
 */
package org.paperrec.server.eval;
