package org.paperrec.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.cli.CliTest.paperrec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.embed.ModelBuild;
import org.paperrec.recommend.profile.Profiles;
import org.paperrec.server.Engine;
import org.paperrec.server.cli.CliTest.Run;

/** {@code paperrec users list} and {@code paperrec users delete ID} on a real data folder. */
class UsersCommandTest {

  @TempDir Path dir;

  /** Creates users in the data folder as the HTTP API would, with some feedback for the first. */
  private List<Profiles.NewUser> createUsers(Path data) {
    try (Engine engine = Engine.open(data, ModelBuild.INT8, 1)) {
      Profiles profiles = engine.profiles();
      Profiles.NewUser alice = profiles.create();
      Profiles.NewUser bob = profiles.create();
      profiles.like(alice.userId(), "2501.00001");
      profiles.like(alice.userId(), "2501.00002");
      profiles.dislike(alice.userId(), "hep-ph/0307015");
      profiles.seen(alice.userId(), List.of("2501.00003", "2501.00004", "2501.00005"));
      return List.of(alice, bob);
    }
  }

  @Test
  void listPrintsEveryUserWithCreationTimeAndCounts() {
    Path data = dir.resolve("data");
    List<Profiles.NewUser> users = createUsers(data);

    Run run = paperrec("users", "list", "--data", data.toString());

    assertEquals(0, run.code(), run.err());
    String out = run.out();
    assertTrue(out.lines().findFirst().orElse("").matches("ID\\s+CREATED\\s+LIKES\\s+DISLIKES\\s+SEEN"), out);
    Profiles.NewUser alice = users.get(0);
    String aliceLine = out.lines().filter(l -> l.startsWith(alice.userId())).findFirst().orElseThrow(() -> new AssertionError(out));
    assertTrue(aliceLine.matches(alice.userId() + "\\s+" + alice.created() + "\\s+2\\s+1\\s+3"), aliceLine);
    assertTrue(out.lines().anyMatch(l -> l.matches(users.get(1).userId() + "\\s+\\S+\\s+0\\s+0\\s+0")), out);
    assertTrue(out.contains("2 users"), out);
    for (Profiles.NewUser user : users) {
      assertFalse(out.contains(user.token()), "tokens are never printed");
    }
  }

  @Test
  void listOfAFolderWithoutUsersSaysSo() {
    Path data = dir.resolve("data");
    Engine.open(data, ModelBuild.INT8, 1).close();
    Run run = paperrec("users", "list", "--data", data.toString());
    assertEquals(0, run.code(), run.err());
    assertEquals("0 users", run.out().strip());
  }

  @Test
  void deleteErasesTheUserAndItsTokenAndLeavesTheOthers() {
    Path data = dir.resolve("data");
    List<Profiles.NewUser> users = createUsers(data);
    Profiles.NewUser alice = users.get(0);

    Run run = paperrec("users", "delete", alice.userId(), "--data", data.toString());

    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("deleted user " + alice.userId()), run.out());
    try (Engine engine = Engine.open(data, ModelBuild.INT8, 1)) {
      assertEquals(Optional.empty(), engine.profiles().authenticate(alice.token()));
      assertEquals(Optional.of(users.get(1).userId()), engine.profiles().authenticate(users.get(1).token()));
      assertEquals(List.of(users.get(1).userId()), engine.profiles().list().stream().map(s -> s.id()).toList());
    }
  }

  @Test
  void deleteOfAnUnknownUserIsAOneLineFailure() {
    Path data = dir.resolve("data");
    Run run = paperrec("users", "delete", "0123456789abcdef0123456789abcdef", "--data", data.toString());
    assertEquals(1, run.code());
    String message = run.err().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.startsWith("paperrec: there is no user 0123456789abcdef0123456789abcdef in "), message);
  }

  @Test
  void deleteOfSomethingThatIsNotAUserIdIsAOneLineFailure() {
    Run run = paperrec("users", "delete", "alice", "--data", dir.resolve("data").toString());
    assertEquals(1, run.code());
    assertTrue(run.err().strip().startsWith("paperrec: 'alice' is not a user ID"), run.err());
  }

  @Test
  void usersNeedsASubcommandAndEachHasHelp() {
    assertEquals(2, paperrec("users").code());
    assertEquals(2, paperrec("users", "delete").code());
    for (String[] args : List.of(new String[] {"users", "--help"}, new String[] {"users", "list", "--help"},
        new String[] {"users", "delete", "--help"})) {
      Run run = paperrec(args);
      assertEquals(0, run.code(), String.join(" ", args));
      assertTrue(run.out().contains("Usage: paperrec " + String.join(" ", args).replace(" --help", "")), run.out());
    }
    assertTrue(paperrec("--help").out().contains("users"));
  }
}
