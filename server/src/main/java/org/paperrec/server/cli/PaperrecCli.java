package org.paperrec.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code paperrec} command and its subcommands. */
@Command(
    name = "paperrec",
    mixinStandardHelpOptions = true,
    versionProvider = PaperrecCli.Version.class,
    description = "Self-hostable research-paper recommendations with a similarity API.",
    subcommands = {
      ServeCommand.class,
      IngestCommand.class,
      SimilarCommand.class,
      RecommendCommand.class,
      StatsCommand.class,
      ReembedCommand.class,
      ImportCommand.class,
      HarvestCommand.class,
      BackupCommand.class,
      CheckCommand.class,
      ExportCommand.class,
      UsersCommand.class,
      EvalCommand.class,
      CommandLine.HelpCommand.class
    })
public final class PaperrecCli implements Runnable {

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces and debug detail on failure.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: say which one, e.g. 'paperrec serve'");
  }

  /**
   * Runs the command line and returns its exit code: 0 success, 1 failure with a one-line message
   * on {@code err} (plus the stack trace with --verbose), 2 usage error or refused input (a {@link
   * Refusal}, also one line). A data folder held by a running server is a failure (1) whose line
   * says what to run instead.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    PaperrecCli top = new PaperrecCli();
    CommandLine cl = new CommandLine(top);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("paperrec: " + Failures.oneLine(e, commandName(commandLine), dataDir(commandLine)));
          if (top.verbose) {
            e.printStackTrace(commandLine.getErr());
          }
          commandLine.getErr().flush();
          return e instanceof Refusal ? 2 : 1;
        });
    return cl.execute(args);
  }

  /** The subcommand as typed after {@code paperrec}: {@code ingest}, {@code users delete}. */
  private static String commandName(CommandLine commandLine) {
    String name = commandLine.getCommandSpec().qualifiedName(" ");
    return name.startsWith("paperrec ") ? name.substring("paperrec ".length()) : name;
  }

  /** The command's --data, or null when it has none. */
  private static Path dataDir(CommandLine commandLine) {
    for (CommandLine.Model.CommandSpec mixin : commandLine.getCommandSpec().mixins().values()) {
      if (mixin.userObject() instanceof StoreOptions options) {
        return options.data;
      }
    }
    return null;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = PaperrecCli.class.getPackage().getImplementationVersion();
      return new String[] {"paperrec " + (v == null ? "(development build)" : v)};
    }
  }
}
