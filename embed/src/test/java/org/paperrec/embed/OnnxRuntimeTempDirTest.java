package org.paperrec.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which mapped files the shutdown clean-up may delete; the deletion itself runs only at exit. */
class OnnxRuntimeTempDirTest {

  @Test
  void selectsOnlyLibrariesInAnOnnxRuntimeFolderDirectlyInTheTempDir() {
    List<String> maps =
        List.of(
            "7f01-7f02 r-xp 00000000 08:01 11 /tmp/onnxruntime-java123/libonnxruntime.so",
            "7f02-7f03 r--p 00001000 08:01 11 /tmp/onnxruntime-java123/libonnxruntime.so",
            "7f03-7f04 r-xp 00000000 08:01 12 /tmp/onnxruntime-java123/libonnxruntime4j_jni.so",
            "7f04-7f05 r-xp 00000000 08:01 13 /tmp/onnxruntime-java9/gone.so (deleted)",
            "7f05-7f06 r-xp 00000000 08:01 14 /tmp/other/libfoo.so",
            "7f06-7f07 r-xp 00000000 08:01 15 /var/tmp/onnxruntime-java5/libonnxruntime.so",
            "7f07-7f08 r-xp 00000000 08:01 16 /tmp/onnxruntime-java123/nested/libx.so",
            "7f08-7f09 rw-p 00000000 00:00 0 [heap]",
            "7f09-7f0a rw-p 00000000 00:00 0");

    Set<Path> selected = OnnxRuntimeTempDir.extractedLibraries(maps, Path.of("/tmp"));

    assertEquals(
        Set.of(
            Path.of("/tmp/onnxruntime-java123/libonnxruntime.so"),
            Path.of("/tmp/onnxruntime-java123/libonnxruntime4j_jni.so")),
        selected);
  }
}
