package org.paperrec.server.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.paperrec.server.Engine;
import org.paperrec.store.UserStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code paperrec users list} and {@code paperrec users delete ID}: stored users, for operators. */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = {
      "List or delete the stored users of the data folder (users create themselves with POST /v1/users).",
      "'list' works beside a running server; 'delete' needs the data folder to itself: stop the server first."
    },
    subcommands = {UsersCommand.ListUsers.class, UsersCommand.DeleteUser.class})
final class UsersCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: 'paperrec users list' or 'paperrec users delete ID'");
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "Print every user: ID, creation time (UTC), and numbers of likes, dislikes and stored seen papers.",
        "Reads the folder without loading the model and works beside a running server (--model is not used)."
      })
  static final class ListUsers implements Callable<Integer> {

    @Mixin StoreOptions store;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Engine.ReadOnly engine = Engine.openReadOnly(store.data)) {
        List<UserStore.Summary> users = engine.profiles().list();
        if (!users.isEmpty()) {
          out.printf("%-32s  %-24s  %6s  %8s  %6s%n", "ID", "CREATED", "LIKES", "DISLIKES", "SEEN");
        }
        for (UserStore.Summary u : users) {
          out.printf("%-32s  %-24s  %6d  %8d  %6d%n", u.id(), u.created(), u.likes(), u.dislikes(), u.seen());
        }
        out.printf("%d user%s%n", users.size(), users.size() == 1 ? "" : "s");
        out.flush();
      }
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a user and everything stored for it: likes, dislikes, seen papers and its token.")
  static final class DeleteUser implements Callable<Integer> {

    @Parameters(paramLabel = "ID", description = "User ID: 32 hex digits, as 'paperrec users list' prints it.")
    String id;

    @Mixin StoreOptions store;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (!UserStore.isUserId(id)) {
        throw new IllegalArgumentException(
            "'" + id + "' is not a user ID; a user ID is 32 lowercase hex digits, as 'paperrec users list' prints it");
      }
      try (Engine engine = Engine.open(store.data, store.model, 1, new IndexProgress(spec.commandLine().getErr()))) {
        if (!engine.profiles().delete(id)) {
          throw new IllegalArgumentException(
              "there is no user " + id + " in " + engine.dataDir() + "; 'paperrec users list' prints the users");
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf("deleted user %s and all its data; its token no longer works%n", id);
      out.flush();
      return 0;
    }
  }
}
