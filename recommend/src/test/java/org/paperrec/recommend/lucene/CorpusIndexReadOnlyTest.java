package org.paperrec.recommend.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.store.Paper;

class CorpusIndexReadOnlyTest {

  @TempDir Path dir;

  private static Paper paper(String id) {
    return Paper.of(id, "t " + id, "a " + id, List.of(), LocalDate.of(2025, 1, 1), List.of("cs.LG"), null);
  }

  @Test
  void aReadOnlyIndexBesideAWriterSeesTheLastCommitAndRefusesWrites() {
    try (CorpusIndex writer = CorpusIndex.open(dir, 2, CorpusIndex.Settings.DEFAULTS, true, null)) {
      writer.put(paper("2501.00001"), new float[] {1, 0});
      writer.commit(1, "m");
      writer.put(paper("2501.00002"), new float[] {0, 1});
      writer.refresh();

      try (CorpusIndex reader = CorpusIndex.openReadOnly(dir, 2, CorpusIndex.Settings.DEFAULTS)) {
        assertTrue(reader.readOnly());
        assertEquals(1, reader.size(), "only what was committed");
        assertThrows(IllegalStateException.class, () -> reader.put(paper("2501.00003"), new float[] {1, 0}));
        assertThrows(IllegalStateException.class, () -> reader.commit(2, "m"));

        writer.commit(2, "m");
        reader.refresh();
        assertEquals(2, reader.size(), "a refresh picks up the newer commit");
      }
    }
  }
}
