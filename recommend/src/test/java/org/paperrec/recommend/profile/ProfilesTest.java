package org.paperrec.recommend.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.Filter;
import org.paperrec.recommend.NoKnownLikesException;
import org.paperrec.recommend.Page;
import org.paperrec.recommend.PaperKeys;
import org.paperrec.recommend.RankingOptions;
import org.paperrec.recommend.RecommendRequest;
import org.paperrec.recommend.Strategy;
import org.paperrec.store.PaperStore;
import org.paperrec.store.UserNotFoundException;
import org.paperrec.store.UserStore;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/** Profiles over a real store in a temporary folder; the corpus is a fixed set of IDs. */
class ProfilesTest {

  private static final String MODEL = "test-model";
  private static final int DIMENSION = 4;
  private static final Instant START = Instant.parse("2025-03-01T09:00:00Z");
  private static final Set<String> CORPUS =
      Set.of("2501.00001", "2501.00002", "2501.00003", "2501.00004", "hep-ph/0307015");

  /** A corpus of papers by key, each with its other IDs; papers may be added as a test goes. */
  static final class FixedCorpus implements PaperKeys {
    private final Map<String, List<String>> idsByKey = new LinkedHashMap<>();

    FixedCorpus(Set<String> keys) {
      keys.forEach(key -> add(key));
    }

    /** Adds a paper keyed {@code key} with the other IDs {@code aliases}. */
    void add(String key, String... aliases) {
      List<String> ids = new ArrayList<>(List.of(key));
      ids.addAll(List.of(aliases));
      idsByKey.put(key, ids);
    }

    @Override
    public Map<String, String> keys(Collection<String> ids) {
      Map<String, String> keys = new HashMap<>();
      idsByKey.forEach((key, all) -> all.stream().filter(ids::contains).forEach(id -> keys.put(id, key)));
      return keys;
    }

    @Override
    public List<String> ids(String key) {
      return idsByKey.getOrDefault(key, List.of());
    }
  }

  @TempDir Path dir;
  PaperStore store;
  MutableClock clock = new MutableClock(START);
  FixedCorpus corpus = new FixedCorpus(CORPUS);
  Profiles profiles;

  @BeforeEach
  void open() {
    store = PaperStore.open(dir, MODEL, DIMENSION);
    profiles = new Profiles(store.users(), corpus, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void reopen() {
    store.close();
    store = PaperStore.open(dir, MODEL, DIMENSION);
    profiles = new Profiles(store.users(), corpus, clock);
  }

  private static List<String> ids(List<Profile.Entry> entries) {
    return entries.stream().map(Profile.Entry::paperId).toList();
  }

  // --- users and tokens

  @Test
  void createReturnsARandomTokenOnceAndTheStoreHoldsOnlyItsSha256() throws Exception {
    Profiles.NewUser user = profiles.create();
    assertTrue(UserStore.isUserId(user.userId()), user.userId());
    assertTrue(Profiles.isWellFormedToken(user.token()), user.token());
    assertEquals(32, java.util.Base64.getUrlDecoder().decode(user.token()).length);
    assertEquals(START, user.created());
    assertFalse(user.toString().contains(user.token()), user.toString());
    assertFalse(profiles.create().token().equals(user.token()));
    store.close();

    String hashKey = "t/" + HexFormat.of().formatHex(Profiles.tokenHash(user.token()));
    List<String> keys = new ArrayList<>();
    byte[] token = user.token().getBytes(StandardCharsets.US_ASCII);
    try (Options listOptions = new Options(); DBOptions options = new DBOptions();
        ColumnFamilyOptions familyOptions = new ColumnFamilyOptions()) {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (byte[] name : RocksDB.listColumnFamilies(listOptions, dir.toString())) {
        descriptors.add(new ColumnFamilyDescriptor(name, familyOptions));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      try (RocksDB db = RocksDB.openReadOnly(options, dir.toString(), descriptors, handles)) {
        for (ColumnFamilyHandle handle : handles) {
          try (RocksIterator it = db.newIterator(handle)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
              keys.add(new String(it.key(), StandardCharsets.UTF_8));
              assertFalse(contains(it.key(), token) || contains(it.value(), token), "the token itself is stored");
            }
            it.status();
          }
          handle.close();
        }
      }
    }
    assertTrue(keys.contains(hashKey), keys.toString());
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertFalse(contains(Files.readAllBytes(file), token), file + " holds the token");
      }
    }
    store = PaperStore.open(dir, MODEL, DIMENSION); // for @AfterEach
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    return Collections.indexOfSubList(toList(haystack), toList(needle)) >= 0;
  }

  private static List<Byte> toList(byte[] bytes) {
    List<Byte> list = new ArrayList<>(bytes.length);
    for (byte b : bytes) {
      list.add(b);
    }
    return list;
  }

  @Test
  void authenticateFindsTheTokensUserAndNoOneForOtherTokens() {
    Profiles.NewUser alice = profiles.create();
    Profiles.NewUser bob = profiles.create();
    assertEquals(Optional.of(alice.userId()), profiles.authenticate(alice.token()));
    assertEquals(Optional.of(bob.userId()), profiles.authenticate(bob.token()));

    String wrong = (alice.token().charAt(0) == 'A' ? "B" : "A") + alice.token().substring(1);
    assertEquals(Optional.empty(), profiles.authenticate(wrong));
    assertEquals(Optional.empty(), profiles.authenticate(alice.token() + "x"));
    assertEquals(Optional.empty(), profiles.authenticate(""));
    assertEquals(Optional.empty(), profiles.authenticate(null));
  }

  @Test
  void deleteErasesEverythingAndTheTokenAuthenticatesNoOne() {
    Profiles.NewUser alice = profiles.create();
    Profiles.NewUser bob = profiles.create();
    profiles.like(alice.userId(), "2501.00001");
    profiles.seen(alice.userId(), List.of("2501.00002"));
    profiles.like(bob.userId(), "2501.00001");

    assertTrue(profiles.delete(alice.userId()));

    assertEquals(Optional.empty(), profiles.authenticate(alice.token()));
    assertThrows(UserNotFoundException.class, () -> profiles.profile(alice.userId()));
    assertThrows(UserNotFoundException.class, () -> profiles.like(alice.userId(), "2501.00003"));
    assertFalse(profiles.delete(alice.userId()));
    assertEquals(List.of(bob.userId()), profiles.list().stream().map(UserStore.Summary::id).toList());
    assertEquals(List.of("2501.00001"), ids(profiles.profile(bob.userId()).likes()));
  }

  @Test
  void oneUsersFeedbackNeverReachesAnothersProfile() {
    String alice = profiles.create().userId();
    String bob = profiles.create().userId();
    profiles.like(alice, "2501.00001");
    Profile before = profiles.profile(alice);

    profiles.like(bob, "2501.00002");
    profiles.dislike(bob, "2501.00001");
    profiles.seen(bob, List.of("2501.00003"));

    assertEquals(before, profiles.profile(alice));
  }

  // --- feedback

  @Test
  void likeThenDislikeOfOnePaperLeavesOnlyTheDislike() {
    String user = profiles.create().userId();
    profiles.like(user, "2501.00001");
    clock.advance(Duration.ofMinutes(1));

    Profiles.FeedbackResult result = profiles.dislike(user, "2501.00001");

    assertEquals(Profiles.Change.SWITCHED, result.change());
    Profile profile = profiles.profile(user);
    assertEquals(List.of(), profile.likes());
    assertEquals(List.of(new Profile.Entry("2501.00001", START.plusSeconds(60), true)), profile.dislikes());
  }

  @Test
  void likingTwiceChangesNothingAndKeepsTheFirstTime() {
    String user = profiles.create().userId();
    assertEquals(Profiles.Change.ADDED, profiles.like(user, "2501.00001").change());
    clock.advance(Duration.ofHours(1));

    Profiles.FeedbackResult again = profiles.like(user, "2501.00001");

    assertEquals(Profiles.Change.UNCHANGED, again.change());
    assertEquals(START, again.time());
    assertEquals(List.of(new Profile.Entry("2501.00001", START, true)), profiles.profile(user).likes());
  }

  @Test
  void removingALikeThatIsNotThereIsFalseAndHarmless() {
    String user = profiles.create().userId();
    profiles.dislike(user, "2501.00001");
    assertFalse(profiles.unlike(user, "2501.00001"));
    assertEquals(List.of("2501.00001"), ids(profiles.profile(user).dislikes()));
    assertTrue(profiles.undislike(user, "2501.00001"));
    assertFalse(profiles.undislike(user, "2501.00001"));
  }

  @Test
  void feedbackOnAPaperNotInTheCorpusIsKeptAndReported() {
    String user = profiles.create().userId();
    Profiles.FeedbackResult result = profiles.like(user, "2599.99999");
    assertFalse(result.inCorpus());
    assertEquals(Profiles.Change.ADDED, result.change());
    assertEquals(List.of(new Profile.Entry("2599.99999", START, false)), profiles.profile(user).likes());
  }

  @Test
  void paperIdsInAnySpellingAreStoredNormalised() {
    String user = profiles.create().userId();
    assertEquals("2501.00001", profiles.like(user, "https://arxiv.org/abs/2501.00001v3").paperId());
    assertEquals(Profiles.Change.UNCHANGED, profiles.like(user, "arXiv:2501.00001").change());
    assertEquals("hep-ph/0307015", profiles.dislike(user, "hep-ph/0307015v1").paperId());
    assertTrue(profiles.unlike(user, "2501.00001v2"));
    IllegalArgumentException junk = assertThrows(IllegalArgumentException.class, () -> profiles.like(user, "not-an-id"));
    assertTrue(junk.getMessage().contains("not-an-id"), junk.getMessage());
  }

  @Test
  void aFullProfileRefusesMoreFeedbackButAllowsSwitching() {
    profiles = new Profiles(store.users(), corpus, clock, new ProfileLimits(2, 10, 100, Duration.ofDays(30)));
    String user = profiles.create().userId();
    profiles.like(user, "2501.00001");
    profiles.dislike(user, "2501.00002");

    ProfileFullException full = assertThrows(ProfileFullException.class, () -> profiles.like(user, "2501.00003"));

    assertTrue(full.getMessage().contains("2 likes and dislikes"), full.getMessage());
    assertEquals(Profiles.Change.SWITCHED, profiles.like(user, "2501.00002").change());
    assertEquals(2, profiles.profile(user).likes().size());
  }

  @Test
  void aLikeSurvivesReopeningTheStore() {
    Profiles.NewUser user = profiles.create();
    profiles.like(user.userId(), "2501.00001");

    reopen();

    assertEquals(Optional.of(user.userId()), profiles.authenticate(user.token()));
    assertEquals(List.of(new Profile.Entry("2501.00001", START, true)), profiles.profile(user.userId()).likes());
  }

  // --- seen

  @Test
  void seenPapersStopCountingAfterTheirTimeToLive() {
    String user = profiles.create().userId();
    Profiles.SeenResult result = profiles.seen(user, List.of("2501.00001", "arXiv:2501.00001", "2501.00002"));
    assertEquals(2, result.recorded());
    assertEquals(START.plus(Duration.ofDays(30)), result.expires());

    clock.advance(Duration.ofDays(29));
    profiles.seen(user, List.of("2501.00002")); // seeing it again restarts its time
    assertEquals(List.of("2501.00002", "2501.00001"), ids(profiles.profile(user).seen()));

    clock.advance(Duration.ofDays(2));
    assertEquals(List.of("2501.00002"), ids(profiles.profile(user).seen()));
    assertEquals(List.of("2501.00002", "2501.00001"), ids(profiles.export(user).profile().seen()),
        "an expired entry is still stored until the next seen call, so export shows it");

    profiles.seen(user, List.of("2501.00003"));
    assertEquals(List.of("2501.00003", "2501.00002"), ids(profiles.export(user).profile().seen()));
  }

  @Test
  void seenRefusesEmptyAndOverlongListsAndNamesABadElement() {
    String user = profiles.create().userId();
    assertThrows(IllegalArgumentException.class, () -> profiles.seen(user, List.of()));
    List<String> tooMany = Collections.nCopies(ProfileLimits.DEFAULTS.maxSeenPerCall() + 1, "2501.00001");
    IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> profiles.seen(user, tooMany));
    assertTrue(tooLong.getMessage().contains("at most 1000"), tooLong.getMessage());
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> profiles.seen(user, List.of("2501.00001", "junk")));
    assertTrue(bad.getMessage().startsWith("[1]: "), bad.getMessage());
    assertEquals(List.of(), profiles.profile(user).seen(), "nothing was recorded");
  }

  // --- export

  @Test
  void exportHoldsEveryLikeDislikeAndSeenPaperNewestFirst() {
    String user = profiles.create().userId();
    profiles.like(user, "2501.00001");
    clock.advance(Duration.ofSeconds(1));
    profiles.like(user, "2599.99999");
    profiles.dislike(user, "2501.00002");
    profiles.seen(user, List.of("2501.00003"));

    Profiles.Export export = profiles.export(user);

    assertEquals(START.plusSeconds(1), export.exported());
    Profile p = export.profile();
    assertEquals(user, p.userId());
    assertEquals(START, p.created());
    assertEquals(List.of("2599.99999", "2501.00001"), ids(p.likes()));
    assertEquals(List.of("2501.00002"), ids(p.dislikes()));
    assertEquals(List.of("2501.00003"), ids(p.seen()));
  }

  // --- recommendation requests

  private static final Consumer<RecommendRequest.Builder> NO_OPTIONS = b -> {};

  @Test
  void toRequestRanksByLikesAndDislikesAndExcludesEverythingTheUserMet() {
    String user = profiles.create().userId();
    profiles.like(user, "2501.00001");
    profiles.like(user, "2599.99999"); // not in the corpus: kept, but no use for ranking
    profiles.dislike(user, "2501.00002");
    profiles.seen(user, List.of("2501.00003"));
    Filter filter = new Filter(null, null, Set.of("cs.LG"), Set.of("2501.00004"));

    RecommendRequest request = profiles.toRequest(
        profiles.profile(user), filter, b -> b.strategy(Strategy.BEST_SCORE).page(new Page(5, 0)));

    assertEquals(List.of("2501.00001"), request.positive());
    assertEquals(List.of("2501.00002"), request.negative());
    assertEquals(Strategy.BEST_SCORE, request.strategy());
    assertEquals(new Page(5, 0), request.page());
    assertEquals(Set.of("cs.LG"), request.filter().categories());
    assertEquals(Set.of("2501.00001", "2599.99999", "2501.00002", "2501.00003", "2501.00004"), request.filter().excludeIds());
    assertNull(request.candidates());
  }

  @Test
  void toRequestCarriesTheTimeOfEachLike() {
    String user = profiles.create().userId();
    profiles.like(user, "2501.00001");
    clock.advance(Duration.ofDays(40));
    profiles.like(user, "2501.00002");

    RecommendRequest request = profiles.toRequest(profiles.profile(user), null, NO_OPTIONS);

    assertEquals(List.of("2501.00002", "2501.00001"), request.positive(), "newest first");
    assertEquals(Map.of("2501.00001", START, "2501.00002", START.plus(Duration.ofDays(40))), request.likedAt());
  }

  @Test
  void toRequestWithoutOptionsKeepsTheRequestDefaults() {
    String user = profiles.create().userId();
    profiles.like(user, "2501.00001");

    RecommendRequest request = profiles.toRequest(profiles.profile(user), null, NO_OPTIONS);
    RecommendRequest defaults = RecommendRequest.builder(List.of("2501.00001")).build();

    assertEquals(defaults.strategy(), request.strategy());
    assertEquals(defaults.page(), request.page());
    assertEquals(defaults.ranking(), request.ranking());
    assertEquals(defaults.likeHalfLifeDays(), request.likeHalfLifeDays());
    assertEquals(defaults.maxInterests(), request.maxInterests());
    assertEquals(defaults.seed(), request.seed());
  }

  @Test
  void toRequestAppliesTheOptionsButKeepsTheProfilesOwnLikesDislikesAndExclusions() {
    String user = profiles.create().userId();
    profiles.like(user, "2501.00001");
    profiles.dislike(user, "2501.00002");
    RankingOptions ranking = new RankingOptions(0.3, 0.2, 0.1, 90);

    RecommendRequest request = profiles.toRequest(profiles.profile(user), null, b -> b
        .strategy(Strategy.MULTI_INTEREST)
        .ranking(ranking)
        .likeHalfLifeDays(30)
        .maxInterests(3)
        .seed(7)
        .positive(List.of("2501.00003"))
        .negative(List.of())
        .filter(Filter.NONE));

    assertEquals(Strategy.MULTI_INTEREST, request.strategy());
    assertEquals(ranking, request.ranking());
    assertEquals(30, request.likeHalfLifeDays());
    assertEquals(3, request.maxInterests());
    assertEquals(7, request.seed());
    assertEquals(List.of("2501.00001"), request.positive());
    assertEquals(List.of("2501.00002"), request.negative());
    assertEquals(Set.of("2501.00001", "2501.00002"), request.filter().excludeIds());
  }

  @Test
  void toRequestNamesAnInvalidOption() {
    String user = profiles.create().userId();
    profiles.like(user, "2501.00001");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> profiles.toRequest(profiles.profile(user), null, b -> b.maxInterests(11)));
    assertTrue(e.getMessage().contains("maxInterests=11"), e.getMessage());
  }

  @Test
  void toRequestExcludesMorePapersThanTheRequestsOwnExcludeListHolds() {
    String user = profiles.create().userId();
    profiles.like(user, "2501.00001");
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < RecommendRequest.MAX_EXCLUDE; i++) {
      seen.add(String.format("2502.%05d", 10_000 + i));
    }
    for (int from = 0; from < seen.size(); from += profiles.limits().maxSeenPerCall()) {
      profiles.seen(user, seen.subList(from, from + profiles.limits().maxSeenPerCall()));
    }

    RecommendRequest request = profiles.toRequest(profiles.profile(user), null, NO_OPTIONS);

    assertEquals(RecommendRequest.MAX_EXCLUDE + 1, request.filter().excludeIds().size());
    assertTrue(request.filter().excludeIds().containsAll(seen));
  }

  @Test
  void toRequestNoLongerExcludesAnExpiredSeenPaper() {
    String user = profiles.create().userId();
    profiles.like(user, "2501.00001");
    profiles.seen(user, List.of("2501.00003"));
    clock.advance(Duration.ofDays(31));

    RecommendRequest request = profiles.toRequest(profiles.profile(user), null, NO_OPTIONS);

    assertEquals(Set.of("2501.00001"), request.filter().excludeIds());
  }

  @Test
  void toRequestWithoutALikedPaperInTheCorpusIsRefused() {
    String user = profiles.create().userId();
    NoKnownLikesException none = assertThrows(NoKnownLikesException.class,
        () -> profiles.toRequest(profiles.profile(user), null, NO_OPTIONS));
    assertTrue(none.getMessage().contains("no liked papers"), none.getMessage());

    profiles.like(user, "2599.99999");
    NoKnownLikesException unknown = assertThrows(NoKnownLikesException.class,
        () -> profiles.toRequest(profiles.profile(user), null, NO_OPTIONS));
    assertTrue(unknown.getMessage().contains("in the corpus"), unknown.getMessage());
  }

  // --- papers known by several IDs

  @Test
  void aLikeByAnAliasIsStoredUnderThePapersKey() {
    corpus.add("2501.00009", "doi:10.1000/nine", "pmid:9");
    String user = profiles.create().userId();
    Profiles.FeedbackResult result = profiles.like(user, "DOI:10.1000/NINE");
    assertEquals("2501.00009", result.paperId());
    assertTrue(result.inCorpus());
    assertEquals(List.of("2501.00009"), ids(profiles.profile(user).likes()));
    assertEquals(Profiles.Change.UNCHANGED, profiles.like(user, "PMID:9").change());
  }

  @Test
  void aLikeGivenBeforeThePaperGotItsKeyCountsForThePaperAndMovesOnTheNextFeedback() {
    String user = profiles.create().userId();
    profiles.like(user, "doi:10.1000/nine");
    assertFalse(profiles.profile(user).likes().get(0).inCorpus());

    corpus.add("2501.00009", "doi:10.1000/nine"); // ingested later, keyed by its arXiv ID
    Profile profile = profiles.profile(user);
    assertEquals(List.of("2501.00009"), ids(profile.likes()));
    assertTrue(profile.likes().get(0).inCorpus());
    assertEquals(List.of("2501.00009"), profiles.toRequest(profile, null, r -> {}).positive());

    clock.advance(Duration.ofMinutes(1));
    Profiles.FeedbackResult disliked = profiles.dislike(user, "2501.00009");
    assertEquals(Profiles.Change.SWITCHED, disliked.change(), "the like under the DOI is the paper's like");
    profile = profiles.profile(user);
    assertEquals(List.of(), ids(profile.likes()));
    assertEquals(List.of("2501.00009"), ids(profile.dislikes()));
  }

  @Test
  void unlikeByTheKeyRemovesALikeStoredUnderAnotherIdOfThePaper() {
    String user = profiles.create().userId();
    profiles.like(user, "pmid:9");
    corpus.add("2501.00009", "pmid:9");
    assertTrue(profiles.unlike(user, "arXiv:2501.00009v2"));
    assertEquals(List.of(), profiles.profile(user).likes());
  }

  @Test
  void twoLikesOfOnePaperUnderTwoIdsAreListedOnceTheNewestFirst() {
    String user = profiles.create().userId();
    profiles.like(user, "pmid:9");
    clock.advance(Duration.ofMinutes(1));
    profiles.like(user, "doi:10.1000/nine");
    corpus.add("2501.00009", "doi:10.1000/nine", "pmid:9");
    List<Profile.Entry> likes = profiles.profile(user).likes();
    assertEquals(List.of("2501.00009"), ids(likes));
    assertEquals(START.plus(Duration.ofMinutes(1)), likes.get(0).time());
  }

  @Test
  void seenPapersGivenByAliasAreExcludedUnderTheirKeys() {
    corpus.add("2501.00009", "doi:10.1000/nine");
    String user = profiles.create().userId();
    profiles.like(user, "2501.00001");
    profiles.seen(user, List.of("doi:10.1000/nine"));
    assertEquals(List.of("2501.00009"), ids(profiles.profile(user).seen()));
    assertTrue(profiles.toRequest(profiles.profile(user), null, r -> {}).filter().excludeIds().contains("2501.00009"));
  }
}
