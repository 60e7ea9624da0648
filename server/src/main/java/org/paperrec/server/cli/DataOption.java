package org.paperrec.server.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --data} option of {@link StoreOptions}, alone, for commands that load no model
 * ({@code import}, {@code export}) and so have no use for {@code --threads}.
 */
final class DataOption {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "${env:PAPERREC_DATA:-paperrec-data}",
      description = "Data folder (RocksDB). Env PAPERREC_DATA. Default: ${DEFAULT-VALUE}.")
  Path data;
}
