package org.paperrec.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.cli.CliTest.paperrec;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.lucene.CorpusIndex;
import org.paperrec.recommend.lucene.IndexSync;
import org.paperrec.server.cli.CliTest.Run;

/** {@code paperrec check}: exit 0 and a summary on a sound folder, 1 and a line per violation on a broken one. */
class CheckCommandTest {

  @TempDir Path tmp;
  Path data;

  @BeforeEach
  void folder() {
    data = tmp.resolve("data");
    ReadOnlyCommandsTest.fill(data);
  }

  @Test
  void soundFolderExitsZeroWithASummary() {
    Run run = paperrec("check", "--data", data.toString());
    assertEquals(0, run.code(), run.out() + run.err());
    assertEquals(List.of("clean; papers 3, users 1, index documents 3, index changes behind 0"), run.out().lines().toList());
  }

  @Test
  void indexEntryWithoutPaperExitsNonZeroNamingIt() {
    // The index says it reflects the store, yet holds a paper the store does not have.
    Path indexDir = data.resolve(IndexSync.INDEX_FOLDER);
    try (CorpusIndex index = CorpusIndex.open(indexDir, 16, CorpusIndex.Settings.DEFAULTS, false, null)) {
      float[] v = new float[16];
      v[0] = 1;
      index.put(ReadOnlyCommandsTest.paper("2506.09999", "a ghost"), v);
      long seq = CorpusIndex.lastCommit(indexDir).orElseThrow().storeSeq();
      index.commit(seq, new ReadOnlyCommandsTest.WordHashEmbedder().fingerprint().toString());
    }
    Run run = paperrec("check", "--data", data.toString());
    assertEquals(CheckCommand.VIOLATED, run.code(), run.out() + run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(2, lines.size(), run.out());
    assertTrue(lines.get(0).startsWith("violation index-entry-without-paper: ") && lines.get(0).contains("2506.09999"), run.out());
    assertTrue(lines.get(1).startsWith("check failed: 1 violation (1 index-entry-without-paper)"), run.out());
  }

  @Test
  void folderWithoutAStoreIsAOneLineError() {
    Run run = paperrec("check", "--data", tmp.resolve("nothing").toString());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.code() != 0 && run.err().contains("holds no paperrec store"), run.err());
  }
}
