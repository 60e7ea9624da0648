package org.paperrec.server.cli;

import java.nio.file.Path;
import org.paperrec.embed.ModelBuild;
import picocli.CommandLine.Option;

/** Options every command that opens the data folder shares. Flags win over environment variables. */
final class StoreOptions {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "${env:PAPERREC_DATA:-paperrec-data}",
      description = "Data folder (RocksDB). Env PAPERREC_DATA. Default: ${DEFAULT-VALUE}.")
  Path data;

  @Option(
      names = "--model",
      paramLabel = "BUILD",
      defaultValue = "${env:PAPERREC_MODEL:-int8}",
      converter = ModelBuildConverter.class,
      description = "Embedding model build: int8 (default, ~2x faster) or fp32. Env PAPERREC_MODEL.")
  ModelBuild model;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "${env:PAPERREC_THREADS:-0}",
      description = "Embedding threads; 0 means one per core. Env PAPERREC_THREADS.")
  int threads;

  int effectiveThreads() {
    if (threads < 0) {
      throw new IllegalArgumentException("--threads must be 0 (one per core) or positive; --threads=" + threads);
    }
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }

  static final class ModelBuildConverter implements picocli.CommandLine.ITypeConverter<ModelBuild> {
    @Override
    public ModelBuild convert(String value) {
      try {
        return ModelBuild.parse(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
