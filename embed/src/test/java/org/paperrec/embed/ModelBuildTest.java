package org.paperrec.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ModelBuildTest {

  @Test
  void parseAcceptsBothNamesInAnyCase() {
    assertEquals(ModelBuild.INT8, ModelBuild.parse("int8"));
    assertEquals(ModelBuild.INT8, ModelBuild.parse("INT8"));
    assertEquals(ModelBuild.FP32, ModelBuild.parse("Fp32"));
    assertEquals(ModelBuild.FP32, ModelBuild.parse(" fp32 "));
  }

  @Test
  void parseRejectsUnknownNamesListingTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelBuild.parse("fp16"));
    assertEquals("unknown model build; expected one of int8, fp32, but build=fp16", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ModelBuild.parse(null));
  }

  @Test
  void defaultIsInt8() {
    assertEquals(ModelBuild.INT8, ModelBuild.DEFAULT);
  }

  @Test
  void everyBuildFindsItsResourcesOnTheClasspath() throws IOException {
    for (ModelBuild build : ModelBuild.values()) {
      for (String resource : new String[] {build.modelResource(), build.tokenizerResource()}) {
        try (InputStream in = ModelBuild.class.getClassLoader().getResourceAsStream(resource)) {
          assertNotNull(in, build + " resource " + resource);
        }
      }
    }
  }

  @Test
  void fingerprintHashesTheModelResourceWithoutLoadingIt() {
    // The SHA-256 values OnnxEmbedderTest pins for the loaded models.
    assertEquals(
        new ModelFingerprint("sentence-transformers/all-MiniLM-L6-v2", "int8",
            "afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1", 384),
        ModelBuild.INT8.fingerprint());
    assertEquals(
        "sentence-transformers/all-MiniLM-L6-v2 fp32 sha256:759c3cd2b7fe dim=384",
        ModelBuild.FP32.fingerprint().toString());
  }
}
