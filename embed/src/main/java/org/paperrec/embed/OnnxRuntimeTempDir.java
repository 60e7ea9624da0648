package org.paperrec.embed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Removes the {@code onnxruntime-java*} folder that ONNX Runtime extracts its native libraries to,
 * which it otherwise leaves behind, empty, after every run.
 *
 * <p>Why it is left: ONNX Runtime 1.23 schedules both the libraries and their folder for deletion
 * at exit ({@code File.deleteOnExit}), but registers the folder last, and the JVM deletes in reverse
 * order of registration, so the folder is deleted while it still holds the libraries (which fails)
 * and the libraries after it.
 *
 * <p>What is deleted, and why that is safe: at shutdown, before the JVM's delete-on-exit pass, only
 * files that are mapped into this very process (read from {@code /proc/self/maps}) and sit in a
 * folder named {@code onnxruntime-java*} directly inside {@code java.io.tmpdir}, then that folder
 * if it is empty. Those are exactly the files ONNX Runtime was about to delete; unlinking a loaded
 * library does not unmap it. Without {@code /proc} (not Linux) nothing is done. Best effort: every
 * failure is ignored, leaving ONNX Runtime's own clean-up in place.
 */
final class OnnxRuntimeTempDir {

  static final String FOLDER_PREFIX = "onnxruntime-java";

  private static final Path PROC_SELF_MAPS = Path.of("/proc/self/maps");

  private OnnxRuntimeTempDir() {}

  /** Registers the clean-up to run at JVM shutdown, on a thread named for what it does. */
  static void deleteAtShutdown() {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(OnnxRuntimeTempDir::deleteNow, "paperrec-onnxruntime-tempdir-cleanup"));
  }

  private static void deleteNow() {
    try {
      if (!Files.isReadable(PROC_SELF_MAPS)) {
        return;
      }
      Path tempDir = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
      Set<Path> libraries = extractedLibraries(Files.readAllLines(PROC_SELF_MAPS), tempDir);
      Set<Path> folders = new TreeSet<>();
      for (Path library : libraries) {
        Files.deleteIfExists(library);
        folders.add(library.getParent());
      }
      for (Path folder : folders) {
        try (var entries = Files.list(folder)) {
          if (entries.findAny().isEmpty()) {
            Files.deleteIfExists(folder);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // Best effort at exit: ONNX Runtime's own delete-on-exit still removes the libraries.
    }
  }

  /**
   * The files, among those mapped into a process, that ONNX Runtime extracted.
   *
   * @param mapsLines the lines of {@code /proc/<pid>/maps}
   * @param tempDir the real path of {@code java.io.tmpdir}
   * @return paths of files directly inside a folder {@code tempDir/onnxruntime-java*}
   */
  static Set<Path> extractedLibraries(List<String> mapsLines, Path tempDir) {
    Set<Path> libraries = new TreeSet<>();
    for (String line : mapsLines) {
      // Fields: address perms offset dev inode [path]; only the path starts with '/'.
      int start = line.indexOf('/');
      if (start < 0) {
        continue;
      }
      String file = line.substring(start).strip();
      if (file.endsWith(" (deleted)")) {
        continue;
      }
      Path path = Path.of(file);
      Path folder = path.getParent();
      if (folder != null
          && tempDir.equals(folder.getParent())
          && folder.getFileName().toString().startsWith(FOLDER_PREFIX)) {
        libraries.add(path);
      }
    }
    return libraries;
  }
}
