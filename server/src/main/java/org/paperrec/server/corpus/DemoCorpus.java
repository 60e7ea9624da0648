package org.paperrec.server.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * The demo corpus bundled in the server jar: a Daily Papers seed page of 48 papers and its arXiv ID
 * table, read from the classpath under {@code org/paperrec/server/demo/} with {@link SeedReader}.
 * Stateless.
 */
public final class DemoCorpus {

  /** Classpath location of the page. */
  public static final String PAGE_RESOURCE = "org/paperrec/server/demo/daily-papers-page.txt";

  /** Classpath location of the page's ID table. */
  public static final String ID_TABLE_RESOURCE = "org/paperrec/server/demo/daily-papers-page" + SeedReader.ID_TABLE_SUFFIX;

  /** Number of papers on the page. */
  public static final int PAPER_COUNT = 48;

  private DemoCorpus() {}

  /**
   * Opens the bundled page; problems name it {@code classpath:} and the resource path.
   *
   * @throws IllegalStateException when the resources are missing (a broken build)
   */
  public static PaperStream open(Consumer<RecordProblem> problems) throws IOException {
    ClassLoader loader = DemoCorpus.class.getClassLoader();
    InputStream page = resource(loader, PAGE_RESOURCE);
    InputStream ids;
    try {
      ids = resource(loader, ID_TABLE_RESOURCE);
    } catch (RuntimeException e) {
      page.close();
      throw e;
    }
    return new SeedReader()
        .open(page, "classpath:" + PAGE_RESOURCE, ids, "classpath:" + ID_TABLE_RESOURCE, problems);
  }

  private static InputStream resource(ClassLoader loader, String name) {
    InputStream in = loader.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("resource " + name + " is missing from the classpath; rebuild the server jar");
    }
    return in;
  }
}
