package io.missrec.model.data;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Summary numbers of a domain for logging.
 *
 * <p>Interactions are counted from the splits, exactly even when histories are truncated: a user
 * with {@code n} interactions has {@code n - 1} examples, so interactions = examples + users with
 * at least one example.
 *
 * @param activeUsers users with at least one example
 * @param avgLength mean interactions per active user
 * @param featuresPresent per modality, items that have the feature
 */
public record DomainStats(
    String name,
    int users,
    int activeUsers,
    int items,
    long interactions,
    double avgLength,
    int trainExamples,
    int validExamples,
    int testExamples,
    Map<String, Integer> featuresPresent,
    int itemsWithText) {

  public static DomainStats of(Domain domain) {
    Splits s = domain.splits();
    Set<Integer> active = new HashSet<>();
    for (List<UserSequence> part : List.of(s.train(), s.valid(), s.test())) {
      for (UserSequence example : part) {
        active.add(example.user());
      }
    }
    long examples = (long) s.train().size() + s.valid().size() + s.test().size();
    long interactions = examples + active.size();
    Map<String, Integer> present = new LinkedHashMap<>();
    domain.features().forEach((modality, table) -> present.put(modality, table.presentCount()));
    int withText = (int) domain.itemTexts().stream().filter(t -> t != null).count();
    return new DomainStats(
        domain.name(),
        domain.numUsers(),
        active.size(),
        domain.numItems(),
        interactions,
        active.isEmpty() ? 0 : (double) interactions / active.size(),
        s.train().size(),
        s.valid().size(),
        s.test().size(),
        java.util.Collections.unmodifiableMap(present),
        withText);
  }

  /** One log line, e.g. {@code Scientific: 2928 users, 1585 items, 19712 interactions, ...}. */
  public String summary() {
    return String.format(
        java.util.Locale.ROOT,
        "%s: %d users, %d items, %d interactions, avg length %.2f, train/valid/test %d/%d/%d,"
            + " texts %d, features present %s",
        name,
        users,
        items,
        interactions,
        avgLength,
        trainExamples,
        validExamples,
        testExamples,
        itemsWithText,
        featuresPresent);
  }
}
