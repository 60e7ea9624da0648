package org.paperrec.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paperrec.recommend.Filter;
import org.paperrec.recommend.Library;
import org.paperrec.recommend.Library.Change;
import org.paperrec.recommend.Page;
import org.paperrec.recommend.PaperNotFoundException;
import org.paperrec.recommend.RankingOptions;
import org.paperrec.recommend.Recommender;
import org.paperrec.store.Paper;

/**
 * Routes on single papers: read one, its nearest neighbours, and the admin routes that add,
 * update and delete papers. Every route takes any ID of a paper (its key, DOI, PubMed ID, ...) and
 * answers with the paper's key; the ID is resolved once, here, before anything else. The two
 * public GET routes carry {@link ETags} (made from the key, so every ID of a paper shares them) and
 * answer a matching {@code If-None-Match} with 304 before reading or ranking anything. Thread-safe:
 * {@link Library} and {@link Recommender} are.
 */
final class PaperHandlers {

  private final Library library;
  private final Recommender recommender;
  private final RequestBodies bodies;
  private final ETags etags;

  PaperHandlers(Library library, Recommender recommender, RequestBodies bodies, ETags etags) {
    this.library = library;
    this.recommender = recommender;
    this.bodies = bodies;
    this.etags = etags;
  }

  /** {@code GET /v1/papers/{id}}. */
  void get(Context ctx) {
    QueryParams.allowOnly(ctx, Set.of());
    String id = pathId(ctx);
    String key = key(id);
    String etag = etags.of(ctx, "paper", key);
    if (etags.notModified(ctx, etag, key)) {
      return;
    }
    Paper paper = library.paper(key).orElseThrow(() -> new PaperNotFoundException(id));
    etags.cacheable(ctx, etag);
    ctx.json(Responses.paper(paper));
  }

  /** {@code GET /v1/papers/{id}/similar}: nearest neighbours, never the paper itself. */
  void similar(Context ctx) {
    QueryParams.allowOnly(ctx, QueryParams.RANKED);
    String id = pathId(ctx);
    // Parsed before the 304 check: a request that would be refused is refused either way.
    Page page = QueryParams.page(ctx);
    Filter filter = QueryParams.filter(ctx);
    RankingOptions ranking = QueryParams.ranking(ctx);
    String key = key(id);
    String etag = etags.of(ctx, "similar", key);
    if (etags.notModified(ctx, etag, key)) {
      return;
    }
    var results = recommender.similar(key, page, filter, ranking);
    etags.cacheable(ctx, etag);
    ctx.json(new Responses.SimilarJson(key, Responses.results(results)));
  }

  /**
   * {@code POST /v1/papers} (admin): upserts one paper object or an array of them. Every paper is
   * validated before any is written. A single paper whose embedding fails is a server error; in an
   * array, failures are reported per paper. Each result names the key the paper is stored under,
   * which is another paper's when the store merged them (the same DOI or arXiv ID).
   */
  void upsert(Context ctx) throws IOException {
    QueryParams.allowOnly(ctx, Set.of());
    RequestBodies.Items<Requests.PaperBody> body =
        bodies.readOneOrMany(ctx, Requests.PaperBody.class, Limits.PAPERS_BODY_BYTES);
    List<Requests.PaperBody> items = body.items();
    if (items.isEmpty()) {
      throw new IllegalArgumentException("the array is empty; send at least one paper");
    }
    if (items.size() > Limits.PAPERS_PER_REQUEST) {
      throw new IllegalArgumentException(
          "POST /v1/papers takes at most " + Limits.PAPERS_PER_REQUEST + " papers per request; this one has "
              + items.size() + ": split it into several requests");
    }
    List<Paper> papers = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      papers.add(Requests.paper(items.get(i), body.single() ? "" : "[" + i + "]."));
    }

    List<Responses.UpsertedJson> results = new ArrayList<>(papers.size());
    Map<Change, Integer> counts = new EnumMap<>(Change.class);
    for (Paper paper : papers) {
      Change change = library.upsert(paper);
      if (change == Change.FAILED && body.single()) {
        throw new ProblemException(
            ProblemType.EMBEDDING_FAILED,
            "paper " + paper.id() + " could not be embedded, so nothing was written; the server log says why."
                + " Retry later, or report it to the server's operator");
      }
      counts.merge(change, 1, Integer::sum);
      results.add(new Responses.UpsertedJson(library.resolve(paper.id()).orElse(paper.id()), Responses.change(change)));
    }
    ctx.json(new Responses.UpsertJson(results, new Responses.CountsJson(
        counts.getOrDefault(Change.ADDED, 0),
        counts.getOrDefault(Change.REEMBEDDED, 0),
        counts.getOrDefault(Change.METADATA_UPDATED, 0),
        counts.getOrDefault(Change.UNCHANGED, 0),
        counts.getOrDefault(Change.FAILED, 0))));
  }

  /** {@code DELETE /v1/papers/{id}} (admin): 204, or 404 when no paper has that ID. */
  void delete(Context ctx) {
    QueryParams.allowOnly(ctx, Set.of());
    String id = pathId(ctx);
    if (!library.delete(id)) {
      throw new PaperNotFoundException(id);
    }
    ctx.status(204);
  }

  /**
   * The key of the paper {@code id} names: {@code id} itself when the index holds it, with no store
   * read (so a 304 for a paper asked for by its key reads nothing), else from the store's alias
   * table; {@code id} when no paper has it.
   */
  private String key(String id) {
    return library.contains(id) ? id : library.resolve(id).orElse(id);
  }

  /**
   * The normalised ID from the path. The {@code <id>} path parameter spans slashes (old-style arXiv
   * IDs, DOIs) and arrives URL-decoded, so {@code https%3A%2F%2Farxiv.org%2Fabs%2F2501.06842} works.
   */
  static String pathId(Context ctx) {
    String raw = ctx.pathParam("id");
    while (raw.endsWith("/")) {
      raw = raw.substring(0, raw.length() - 1);
    }
    return Validation.paperId(raw, "path parameter id");
  }
}
