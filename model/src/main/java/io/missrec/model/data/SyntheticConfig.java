package io.missrec.model.data;

import java.util.List;

/**
 * Size and difficulty of the {@link SyntheticDomains} data set.
 *
 * @param seed everything is derived from it: same config, same data
 * @param domainNames one domain per name (by default two for pre-training, one for transfer)
 * @param itemsPerDomain items per domain (ids never shared across domains)
 * @param usersPerDomain users per domain
 * @param numInterests latent interests shared by all domains
 * @param latentDim width of the latent space the features are projected from
 * @param textDim width of the "text" feature
 * @param imageDim width of the "image" feature, 0 for no image modality
 * @param imageMissingRate share of items whose image row is missing (all zeros)
 * @param minLength shortest user sequence (>= 3 so every user has a valid and a test example)
 * @param maxLength longest user sequence
 * @param jumpProb per step, chance to jump to a random item of the current interest instead of the
 *     next one in its ordering
 * @param switchProb per step, chance to switch to another of the user's interests
 * @param maxHistory histories keep their last maxHistory items
 */
public record SyntheticConfig(
    long seed,
    List<String> domainNames,
    int itemsPerDomain,
    int usersPerDomain,
    int numInterests,
    int latentDim,
    int textDim,
    int imageDim,
    double imageMissingRate,
    int minLength,
    int maxLength,
    double jumpProb,
    double switchProb,
    int maxHistory) {

  public SyntheticConfig {
    domainNames = List.copyOf(domainNames);
    if (domainNames.isEmpty() || itemsPerDomain < numInterests || numInterests < 1) {
      throw new IllegalArgumentException(
          "need >= 1 domain, >= 1 interest and at least one item per interest");
    }
    if (usersPerDomain < 1 || latentDim < 2 || textDim < 1 || imageDim < 0) {
      throw new IllegalArgumentException("users, latentDim (>= 2) and textDim must be positive");
    }
    if (minLength < 3 || maxLength < minLength || maxHistory < 1) {
      throw new IllegalArgumentException("need 3 <= minLength <= maxLength and maxHistory >= 1");
    }
    if (jumpProb < 0 || switchProb < 0 || jumpProb + switchProb > 1) {
      throw new IllegalArgumentException("jumpProb and switchProb must be >= 0, sum <= 1");
    }
    if (imageMissingRate < 0 || imageMissingRate >= 1) {
      throw new IllegalArgumentException("imageMissingRate must be in [0, 1)");
    }
  }

  /** synth-a, synth-b (pre-training) and synth-c (transfer): 300 items and 600 users each. */
  public static SyntheticConfig defaults() {
    return new SyntheticConfig(
        42L,
        List.of("synth-a", "synth-b", "synth-c"),
        300,
        600,
        8,
        16,
        64,
        32,
        0.1,
        5,
        30,
        0.1,
        0.1,
        50);
  }

  public SyntheticConfig withSeed(long newSeed) {
    return new SyntheticConfig(
        newSeed,
        domainNames,
        itemsPerDomain,
        usersPerDomain,
        numInterests,
        latentDim,
        textDim,
        imageDim,
        imageMissingRate,
        minLength,
        maxLength,
        jumpProb,
        switchProb,
        maxHistory);
  }

  public SyntheticConfig withSize(int items, int users) {
    return new SyntheticConfig(
        seed,
        domainNames,
        items,
        users,
        numInterests,
        latentDim,
        textDim,
        imageDim,
        imageMissingRate,
        minLength,
        maxLength,
        jumpProb,
        switchProb,
        maxHistory);
  }
}
