package org.paperrec.recommend.profile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.paperrec.recommend.Filter;
import org.paperrec.recommend.Liked;
import org.paperrec.recommend.NoKnownLikesException;
import org.paperrec.recommend.PaperKeys;
import org.paperrec.recommend.RecommendRequest;
import org.paperrec.store.PaperIds;
import org.paperrec.store.UserNotFoundException;
import org.paperrec.store.UserStore;
import org.paperrec.store.UserStore.Feedback;

/**
 * Stored users and their feedback: creation with a bearer token, authentication, likes, dislikes,
 * seen papers, export, deletion, and the recommendation request a profile stands for.
 *
 * <p>Tokens: {@value #TOKEN_BYTES} bytes from {@link SecureRandom}, base64url without padding
 * ({@value #TOKEN_CHARS} characters), shown once on creation. Only their SHA-256 is stored, and a
 * token is found by that hash with one point read. A fast, unsalted hash is enough here because the
 * token is 256 random bits, not a password: there is no dictionary to try and no way to brute-force
 * the preimage, so a slow salted hash (Argon2, bcrypt) would add cost and no safety, and a salt
 * would make the lookup by hash impossible. A leaked store therefore does not leak usable tokens.
 *
 * <p>Paper IDs are accepted in every spelling {@link PaperIds#normalize} knows, of any kind (arXiv
 * ID, DOI, PubMed ID, ...), and stored normalised under the key of the corpus paper they name, or
 * as given when they name none. Feedback on a paper that is not in the corpus is kept and reported
 * ({@code inCorpus}): the paper may be ingested later. Since a paper can gain IDs and change its
 * key later (two records of one paper merged, see {@code PaperStore}), every read resolves the
 * stored IDs again ({@link PaperKeys}): a profile lists each paper once, under its current key, and
 * a like given under an ID the paper has since gained still counts for it.
 *
 * <p>Times come from the injected {@link Clock}, kept to the millisecond. Thread-safe: the store
 * serialises each user's writes.
 */
public final class Profiles {

  /** Random bytes in a token. */
  public static final int TOKEN_BYTES = 32;

  /** Characters in a token: base64url of {@value #TOKEN_BYTES} bytes, no padding. */
  public static final int TOKEN_CHARS = 43;

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{" + TOKEN_CHARS + "}");
  private static final int USER_ID_BYTES = 16;
  private static final int CREATE_ATTEMPTS = 3;

  /** A new user and its token, which is never stored and cannot be shown again. */
  public record NewUser(String userId, String token, Instant created) {

    /** Leaves the token out, so that it never ends up in a log. */
    @Override
    public String toString() {
      return "NewUser[userId=" + userId + ", token=<hidden>, created=" + created + "]";
    }
  }

  /** What a like or dislike did. */
  public enum Change {
    /** New feedback on this paper. */
    ADDED,
    /** The same feedback was already there; its first time is kept. */
    UNCHANGED,
    /** It replaced the opposite feedback on the paper. */
    SWITCHED
  }

  /**
   * The stored state after a like or dislike.
   *
   * @param paperId the key of the paper it is stored under: the corpus paper's key, or the
   *     normalised ID as given when no corpus paper has it
   * @param time when the feedback was given (the first time, if it was there already)
   * @param inCorpus whether the paper is in the corpus now; the feedback is kept either way
   */
  public record FeedbackResult(String paperId, Feedback kind, Instant time, boolean inCorpus, Change change) {}

  /**
   * What a {@link #seen} call recorded.
   *
   * @param recorded distinct papers recorded
   * @param time the time they were recorded with
   * @param expires when these entries stop counting as seen
   */
  public record SeenResult(int recorded, Instant time, Instant expires) {}

  /** A user's data for export, with the time it was read. */
  public record Export(Instant exported, Profile profile) {}

  private final UserStore users;
  private final PaperKeys corpus;
  private final Clock clock;
  private final ProfileLimits limits;
  // Tokens must be unpredictable, so this is the one random source without a seed: STYLE's
  // reproducibility rule is for computations, and a reproducible secret is no secret.
  private final SecureRandom random = new SecureRandom();

  /** Profiles with {@link ProfileLimits#DEFAULTS}. */
  public Profiles(UserStore users, PaperKeys corpus, Clock clock) {
    this(users, corpus, clock, ProfileLimits.DEFAULTS);
  }

  /**
   * @param users where users are stored
   * @param corpus which corpus paper an ID names now (the {@code Library}); a paper's absence is
   *     only reported, never a reason to refuse feedback
   * @param clock source of every time stored
   */
  public Profiles(UserStore users, PaperKeys corpus, Clock clock, ProfileLimits limits) {
    this.users = Objects.requireNonNull(users, "users");
    this.corpus = Objects.requireNonNull(corpus, "corpus");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public ProfileLimits limits() {
    return limits;
  }

  // ---------------------------------------------------------------------------------------------
  // Users and tokens

  /** Creates a user with a new random ID and token; the token is returned here and nowhere else. */
  public NewUser create() {
    Instant now = now();
    for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      String userId = HexFormat.of().formatHex(randomBytes(USER_ID_BYTES));
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(TOKEN_BYTES));
      if (users.create(userId, tokenHash(token), now)) {
        return new NewUser(userId, token, now);
      }
    }
    // 128-bit IDs and 256-bit tokens do not collide; repeated failure means a broken random source.
    throw new IllegalStateException("could not create a user: random IDs kept colliding with stored ones");
  }

  /** Whether {@code token} has the form of a token ({@value #TOKEN_CHARS} base64url characters). */
  public static boolean isWellFormedToken(String token) {
    return token != null && TOKEN.matcher(token).matches();
  }

  /**
   * The user whose bearer token this is.
   *
   * @return empty for a token of no user, a deleted user's token, or a malformed one
   */
  public Optional<String> authenticate(String token) {
    if (!isWellFormedToken(token)) {
      return Optional.empty();
    }
    return users.userIdByTokenHash(tokenHash(token));
  }

  /**
   * Deletes everything stored for the user, its token included (which then authenticates no one).
   *
   * @return false when there was no such user
   */
  public boolean delete(String userId) {
    return users.delete(userId);
  }

  /** A summary of every user (ID, creation time, numbers of stored likes, dislikes and seen papers). */
  public List<UserStore.Summary> list() {
    List<UserStore.Summary> all = new ArrayList<>();
    users.forEachUser(all::add);
    return all;
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * The user's likes and dislikes, and the papers seen within {@link ProfileLimits#seenTtl()}, each
   * list newest first, each paper once under its current key (the newest entry of it).
   *
   * @throws UserNotFoundException when there is no such user
   */
  public Profile profile(String userId) {
    Instant seenSince = now().minus(limits.seenTtl());
    return read(userId, entry -> !entry.time().isBefore(seenSince));
  }

  /**
   * Everything stored for the user (expired seen entries included, the token hash excluded), each
   * list newest first, papers under their current keys as in {@link #profile}.
   *
   * @throws UserNotFoundException when there is no such user
   */
  public Export export(String userId) {
    Instant now = now();
    return new Export(now, read(userId, entry -> true));
  }

  private Profile read(String userId, Predicate<UserStore.Entry> keepSeen) {
    UserStore.User user = users.user(userId).orElseThrow(() -> new UserNotFoundException(userId));
    List<UserStore.Entry> seen = user.seen().stream().filter(keepSeen).toList();
    Set<String> ids = new HashSet<>();
    for (List<UserStore.Entry> entries : List.of(user.likes(), user.dislikes(), seen)) {
      entries.forEach(e -> ids.add(e.paperId()));
    }
    Map<String, String> keys = corpus.keys(ids);
    return new Profile(
        user.id(),
        user.created(),
        newestFirst(user.likes(), keys),
        newestFirst(user.dislikes(), keys),
        newestFirst(seen, keys));
  }

  /** The entries newest first under their papers' keys, each paper once (its newest entry). */
  private static List<Profile.Entry> newestFirst(List<UserStore.Entry> entries, Map<String, String> keys) {
    Set<String> listed = new HashSet<>();
    List<Profile.Entry> out = new ArrayList<>(entries.size());
    entries.stream()
        .sorted(Comparator.comparing(UserStore.Entry::time).reversed().thenComparing(UserStore.Entry::paperId))
        .forEach(e -> {
          String key = keys.get(e.paperId());
          String id = key == null ? e.paperId() : key;
          if (listed.add(id)) {
            out.add(new Profile.Entry(id, e.time(), key != null));
          }
        });
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Feedback

  /**
   * Likes a paper, removing a dislike of it in the same write. Idempotent. Returns once the like is
   * durable (the write-ahead log is synced).
   *
   * @param paperId any ID of the paper, in any spelling {@link PaperIds#normalize} accepts; stored
   *     under the paper's key (and any feedback under its other IDs moves there); the paper need not
   *     be in the corpus
   * @throws IllegalArgumentException when {@code paperId} is not a paper ID
   * @throws ProfileFullException when the user has {@link ProfileLimits#maxFeedback()} likes and
   *     dislikes already
   * @throws UserNotFoundException when there is no such user
   */
  public FeedbackResult like(String userId, String paperId) {
    return feedback(userId, Feedback.LIKE, paperId);
  }

  /** Dislikes a paper, removing a like of it in the same write; otherwise as {@link #like}. */
  public FeedbackResult dislike(String userId, String paperId) {
    return feedback(userId, Feedback.DISLIKE, paperId);
  }

  /**
   * Removes a like. Idempotent.
   *
   * @return false when the paper was not liked
   * @throws IllegalArgumentException when {@code paperId} is not a paper ID
   * @throws UserNotFoundException when there is no such user
   */
  public boolean unlike(String userId, String paperId) {
    String id = PaperIds.normalize(paperId);
    return users.removeFeedback(userId, Feedback.LIKE, idsOf(id, keyOf(id)));
  }

  /** Removes a dislike; otherwise as {@link #unlike}. */
  public boolean undislike(String userId, String paperId) {
    String id = PaperIds.normalize(paperId);
    return users.removeFeedback(userId, Feedback.DISLIKE, idsOf(id, keyOf(id)));
  }

  /** The key of the corpus paper normalised ID {@code id} names, or null. */
  private String keyOf(String id) {
    return corpus.keys(List.of(id)).get(id);
  }

  /**
   * The IDs feedback on the paper {@code id} names may be stored under: its key {@code key} first,
   * its other IDs, and {@code id}; just {@code id} when it names no corpus paper ({@code key} null).
   */
  private List<String> idsOf(String id, String key) {
    if (key == null) {
      return List.of(id);
    }
    Set<String> ids = new LinkedHashSet<>();
    ids.add(key);
    ids.addAll(corpus.ids(key));
    ids.add(id);
    return List.copyOf(ids);
  }

  private FeedbackResult feedback(String userId, Feedback kind, String rawId) {
    String id = PaperIds.normalize(rawId);
    String key = keyOf(id);
    List<String> ids = idsOf(id, key);
    String paperId = ids.get(0);
    UserStore.FeedbackResult result = users.putFeedback(userId, kind, ids, now(), limits.maxFeedback());
    Change change;
    switch (result.change()) {
      case ADDED:
        change = Change.ADDED;
        break;
      case UNCHANGED:
        change = Change.UNCHANGED;
        break;
      case SWITCHED:
        change = Change.SWITCHED;
        break;
      case FULL:
        throw new ProfileFullException(
            "the profile already holds " + limits.maxFeedback() + " likes and dislikes, the most allowed;"
                + " remove some before adding more (switching a like to a dislike or back is still allowed)");
      default:
        throw new IllegalStateException("unexpected change " + result.change());
    }
    return new FeedbackResult(paperId, kind, result.time(), key != null, change);
  }

  /**
   * Records papers as seen now. They are excluded from the user's recommendations for {@link
   * ProfileLimits#seenTtl()}; seeing a paper again restarts that time. Entries older than that are
   * deleted by this call, and beyond {@link ProfileLimits#maxSeen()} the oldest are dropped.
   *
   * @param paperIds 1 to {@link ProfileLimits#maxSeenPerCall()} IDs in any spelling; duplicates
   *     count once
   * @throws IllegalArgumentException when the list is empty or too long, or an element is not a
   *     paper ID (naming its index)
   * @throws UserNotFoundException when there is no such user
   */
  public SeenResult seen(String userId, Collection<String> paperIds) {
    Objects.requireNonNull(paperIds, "paperIds");
    if (paperIds.isEmpty()) {
      throw new IllegalArgumentException("the list of seen papers is empty; list at least one paper ID");
    }
    if (paperIds.size() > limits.maxSeenPerCall()) {
      throw new IllegalArgumentException(
          "at most " + limits.maxSeenPerCall() + " seen paper IDs may be sent at once; " + paperIds.size()
              + " were sent: split them into several calls");
    }
    List<String> normal = new ArrayList<>(paperIds.size());
    int i = 0;
    for (String raw : paperIds) {
      try {
        normal.add(PaperIds.normalize(raw));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("[" + i + "]: " + e.getMessage(), e);
      }
      i++;
    }
    Map<String, String> keys = corpus.keys(normal);
    List<String> ids = normal.stream().map(id -> keys.getOrDefault(id, id)).toList();
    Instant now = now();
    int recorded = users.putSeen(userId, ids, now, now.minus(limits.seenTtl()), limits.maxSeen());
    return new SeenResult(recorded, now, now.plus(limits.seenTtl()));
  }

  // ---------------------------------------------------------------------------------------------
  // Recommendations

  /**
   * The recommendation request a profile stands for. Its liked papers that are in the corpus are
   * the positives, each with the time it was liked (for {@link RecommendRequest#likeHalfLifeDays()}),
   * and its disliked ones the negatives (the newest {@link RecommendRequest#MAX_PAPERS} of each).
   * Every paper it liked, disliked or saw is excluded from the results through the filter's {@code
   * excludeIds}, which has no size limit: a profile can hold {@link ProfileLimits#maxFeedback()}
   * likes and dislikes plus {@link ProfileLimits#maxSeen()} seen papers, more than {@link
   * RecommendRequest#MAX_EXCLUDE}. Pass a {@link #profile}, whose seen papers are the unexpired ones.
   *
   * @param filter further conditions, null for none
   * @param options sets the caller's options on the request being built (strategy, page, ranking,
   *     like half-life, interests, seed, ...); options it leaves alone keep {@link RecommendRequest}'s
   *     defaults. The liked and disliked papers and the filter are the profile's: setting them here
   *     has no effect
   * @throws NoKnownLikesException when the profile has no liked paper in the corpus
   * @throws IllegalArgumentException when an option is invalid (naming it and its value)
   */
  public RecommendRequest toRequest(Profile profile, Filter filter, Consumer<RecommendRequest.Builder> options) {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(options, "options");
    if (profile.likes().isEmpty()) {
      throw new NoKnownLikesException(
          "the profile has no liked papers yet; like at least one paper of the corpus to get recommendations");
    }
    List<Liked> liked = newestInCorpus(profile.likes()).stream()
        .map(e -> new Liked(e.paperId(), e.time()))
        .toList();
    if (liked.isEmpty()) {
      throw new NoKnownLikesException(
          "none of the profile's " + profile.likes().size() + " liked papers is in the corpus yet; like a paper"
              + " of the corpus to get recommendations");
    }
    Set<String> exclude = new HashSet<>();
    for (List<Profile.Entry> entries : List.of(profile.likes(), profile.dislikes(), profile.seen())) {
      entries.forEach(e -> exclude.add(e.paperId()));
    }
    Filter base = filter == null ? Filter.NONE : filter;
    RecommendRequest.Builder request = RecommendRequest.builderOfLiked(liked);
    options.accept(request);
    // Set after the options, so that they cannot replace the profile's own parts.
    return request
        .liked(liked)
        .negative(newestInCorpus(profile.dislikes()).stream().map(Profile.Entry::paperId).toList())
        .filter(base.excluding(exclude))
        .build();
  }

  /** The entries (newest first) whose paper is in the corpus, at most the request maximum. */
  private static List<Profile.Entry> newestInCorpus(List<Profile.Entry> entries) {
    return entries.stream()
        .filter(Profile.Entry::inCorpus)
        .limit(RecommendRequest.MAX_PAPERS)
        .toList();
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  /** SHA-256 of the token's ASCII characters; see the class comment for why SHA-256 suffices. */
  static byte[] tokenHash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
