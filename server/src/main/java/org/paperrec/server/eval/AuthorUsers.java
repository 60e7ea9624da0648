package org.paperrec.server.eval;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds the simulated users of the author-continuation task: an author's papers announced before
 * the split date are what they liked (a stand-in for a researcher's library), the ones announced on
 * or after it are what they went on to work on, which a good recommender should rank high among all
 * papers of that later period.
 *
 * <p>Which author names are kept, and why:
 *
 * <ul>
 *   <li>at least {@link Rules#minLikes()} papers before and {@link Rules#minTargets()} after the
 *       split, so that there is a profile to learn from and something to find;
 *   <li>at least two name tokens that contain a letter: arXiv's author strings are free text, and a
 *       one-token "name" ({@code Wang}, {@code NVIDIA}, stray punctuation) is a surname, an
 *       organisation or a parsing accident, not a person;
 *   <li>at most {@link Rules#maxPapers()} papers in the evaluated corpus: names are not identities,
 *       and the names with the most papers are overwhelmingly common ones shared by many people
 *       (in arxiv-cs: Yang Liu 287, Hao Wang 192, Wei Wang 168 papers in 15 months), whose merged
 *       "history" is several unrelated research lines. The few genuinely prolific authors this also
 *       drops head large groups whose papers span many topics; they are not the one-researcher
 *       library the task stands for.
 * </ul>
 *
 * Names that pass can still be shared by two people; that adds the same noise to every system.
 */
public final class AuthorUsers {

  /** Selection rules; {@link #DEFAULT} is what {@code paperrec eval} uses unless told otherwise. */
  public record Rules(int minLikes, int minTargets, int maxPapers) {

    public static final Rules DEFAULT = new Rules(3, 2, 30);

    public Rules {
      if (minLikes < 1) {
        throw new IllegalArgumentException("minLikes must be positive; minLikes=" + minLikes);
      }
      if (minTargets < 1) {
        throw new IllegalArgumentException("minTargets must be positive; minTargets=" + minTargets);
      }
      if (maxPapers < minLikes + minTargets) {
        throw new IllegalArgumentException(
            "maxPapers must be at least minLikes + minTargets; maxPapers=" + maxPapers + ", minLikes=" + minLikes
                + ", minTargets=" + minTargets);
      }
    }
  }

  /**
   * One simulated user.
   *
   * @param author the author name
   * @param likes IDs of the author's papers announced before the split, sorted
   * @param targets IDs of the author's papers announced on or after the split
   */
  public record User(String author, List<String> likes, Set<String> targets) {

    public User {
      likes = List.copyOf(likes);
      targets = Set.copyOf(targets);
    }
  }

  /** The eligible users and the sample drawn from them. */
  public record Selection(int eligible, List<User> sample) {

    public Selection {
      sample = List.copyOf(sample);
    }
  }

  private static final Pattern LETTER = Pattern.compile("\\p{L}");

  private AuthorUsers() {}

  /**
   * Every eligible author of {@code corpus}, then {@code maxUsers} of them drawn with {@code seed}
   * (all of them when there are fewer). The same corpus, split, rules and seed give the same users.
   */
  public static Selection select(EvalCorpus corpus, LocalDate split, Rules rules, int maxUsers, long seed) {
    if (maxUsers < 1) {
      throw new IllegalArgumentException("maxUsers must be positive; maxUsers=" + maxUsers);
    }
    List<User> eligible = new ArrayList<>();
    for (Map.Entry<String, List<EvalPaper>> e : corpus.papersByAuthor().entrySet()) {
      List<EvalPaper> papers = e.getValue();
      if (!distinctiveName(e.getKey()) || papers.size() > rules.maxPapers()) {
        continue;
      }
      List<String> likes = papers.stream().filter(p -> p.date().isBefore(split)).map(EvalPaper::id).sorted().toList();
      Set<String> targets =
          papers.stream().filter(p -> !p.date().isBefore(split)).map(EvalPaper::id).collect(Collectors.toSet());
      if (likes.size() >= rules.minLikes() && targets.size() >= rules.minTargets()) {
        eligible.add(new User(e.getKey(), likes, targets));
      }
    }
    // Sort before shuffling: the map's iteration order must not decide the sample.
    eligible.sort((a, b) -> a.author().compareTo(b.author()));
    List<User> shuffled = new ArrayList<>(eligible);
    Collections.shuffle(shuffled, new Random(seed));
    return new Selection(eligible.size(), shuffled.subList(0, Math.min(maxUsers, shuffled.size())));
  }

  /** At least two whitespace-separated tokens that contain a letter. */
  static boolean distinctiveName(String name) {
    int tokens = 0;
    for (String token : name.strip().split("\\s+")) {
      if (LETTER.matcher(token).find()) {
        tokens++;
      }
    }
    return tokens >= 2;
  }
}
