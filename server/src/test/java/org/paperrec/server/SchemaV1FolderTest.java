package org.paperrec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.embed.ModelBuild;
import org.paperrec.recommend.Filter;
import org.paperrec.recommend.Page;
import org.paperrec.recommend.ScoredPaper;
import org.paperrec.recommend.lucene.IndexSync;

/**
 * A data folder written by the release before the persisted index (store schema 1, no search
 * index: the store module's fixture, made with that release's jar and the real int8 model) opens
 * with the current engine: the store is migrated and the search index built, and it answers.
 */
class SchemaV1FolderTest {

  /** The store module's fixture; Maven runs each module's tests in the module's folder. */
  private static final Path FIXTURE = Path.of("../store/src/test/resources/org/paperrec/store/schema-v1-folder.zip");

  @TempDir Path tmp;

  @Test
  void aSchema1FolderIsMigratedIndexedAndAnswersSimilarPapers() throws IOException {
    Path data = unzip(FIXTURE, tmp);
    try (Engine engine = Engine.open(data, ModelBuild.INT8, 1)) {
      assertEquals(3, engine.library().size());
      assertEquals(3, engine.store().count());
      List<ScoredPaper> similar = engine.recommender().similar("2501.00001", Page.DEFAULT, Filter.NONE);
      assertEquals(2, similar.size());
      assertTrue(similar.stream().noneMatch(r -> r.paper().id().equals("2501.00001")));
    }
    assertTrue(Files.isDirectory(data.resolve(IndexSync.INDEX_FOLDER)), "the index lives in the data folder");
    try (Engine reopened = Engine.open(data, ModelBuild.INT8, 1)) {
      assertEquals(3, reopened.library().size());
    }
  }

  private static Path unzip(Path zipFile, Path parent) throws IOException {
    try (InputStream in = Files.newInputStream(zipFile); ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        Path target = parent.resolve(entry.getName()).normalize();
        if (!target.startsWith(parent)) {
          throw new IOException("zip entry outside the target folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target);
        }
      }
    }
    return parent.resolve("data");
  }
}
