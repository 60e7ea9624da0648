package org.paperrec.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.store.Fixtures.DIM;
import static org.paperrec.store.Fixtures.MODEL;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Harvest states in meta: opaque per source, durable across a reopen, readable read-only, apart from other meta. */
class PaperStoreHarvestStateTest {

  @TempDir Path dir;

  @Test
  void statesAreKeptPerSourceAcrossAReopenAndReadableReadOnly() {
    try (PaperStore store = PaperStore.open(dir, MODEL, DIM)) {
      assertEquals(Optional.empty(), store.harvestState("arxiv:cs"));
      assertTrue(store.harvestStates().isEmpty());
      store.putHarvestState("arxiv:cs", "{\"watermark\":\"2026-12-01\"}");
      store.putHarvestState("hf", "{\"watermark\":\"2026-11-30\"}");
      store.putHarvestState("arxiv:cs", "{\"watermark\":\"2026-12-02\"}");
      store.put(Fixtures.paper("2501.00001"), Fixtures.vector(1));
    }
    try (PaperStore store = PaperStore.openReadOnly(dir)) {
      assertEquals(Optional.of("{\"watermark\":\"2026-12-02\"}"), store.harvestState("arxiv:cs"));
      assertEquals(
          Map.of("arxiv:cs", "{\"watermark\":\"2026-12-02\"}", "hf", "{\"watermark\":\"2026-11-30\"}"),
          store.harvestStates(), "only harvest states, not the store's own meta (count, model, change sequence)");
      assertEquals(1, store.count());
      assertThrows(IllegalStateException.class, () -> store.putHarvestState("hf", "{}"));
    }
  }
}
