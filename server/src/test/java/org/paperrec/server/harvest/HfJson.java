package org.paperrec.server.harvest;

import java.util.List;

/** Hugging Face daily-papers API responses, in the shape the {@code hf} reader reads, written for the tests. */
final class HfJson {

  private HfJson() {}

  static String paper(String id, String title, int upvotes) {
    return """
        {"paper": {"id": "%s", "title": "%s", "summary": "An abstract about %s.",
          "authors": [{"name": "Grace Hopper"}], "publishedAt": "2026-11-29T17:00:00.000Z", "upvotes": %d},
         "publishedAt": "2026-11-30T08:00:00.000Z", "title": "%s", "numComments": 3}
        """.formatted(id, title, title.toLowerCase(java.util.Locale.ROOT), upvotes, title);
  }

  static String day(List<String> papers) {
    return "[" + String.join(",", papers) + "]";
  }
}
