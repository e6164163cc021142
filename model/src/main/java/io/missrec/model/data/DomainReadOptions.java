package io.missrec.model.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How {@link Domains#read} loads a domain.
 *
 * @param name file prefix / domain name, or null to infer it (the single {@code *.item2index} or
 *     {@code *.inter} stem; "Office" for ReChorus)
 * @param featureSuffixes modality to feature file suffix to load; each must exist
 * @param detectFeatures also load the {@link #STANDARD_FEATURES} files that exist (explicit
 *     suffixes win)
 * @param featureDim feature width of every file, or {@code <= 0} to infer each as {@code fileSize /
 *     4 / numItems}
 * @param maxLen maximum history length
 */
public record DomainReadOptions(
    String name,
    Map<String, String> featureSuffixes,
    boolean detectFeatures,
    int featureDim,
    int maxLen) {

  /** MISSRec's CLIP files, in this order: text = {@code feat1CLS}, image = {@code feat3CLS}. */
  public static final Map<String, String> STANDARD_FEATURES = standardFeatures();

  public static final int DEFAULT_MAX_LEN = 50;

  public DomainReadOptions {
    featureSuffixes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(featureSuffixes));
    if (maxLen < 1) {
      throw new IllegalArgumentException("maxLen must be >= 1: " + maxLen);
    }
  }

  /** Inferred name, standard feature files when present, inferred dims, last 50 items. */
  public static DomainReadOptions defaults() {
    return new DomainReadOptions(null, Map.of(), true, 0, DEFAULT_MAX_LEN);
  }

  public DomainReadOptions withName(String newName) {
    return new DomainReadOptions(newName, featureSuffixes, detectFeatures, featureDim, maxLen);
  }

  public DomainReadOptions withMaxLen(int newMaxLen) {
    return new DomainReadOptions(name, featureSuffixes, detectFeatures, featureDim, newMaxLen);
  }

  /** Exactly these feature files, no detection. */
  public DomainReadOptions withFeatures(Map<String, String> suffixes, int dim) {
    return new DomainReadOptions(name, suffixes, false, dim, maxLen);
  }

  private static Map<String, String> standardFeatures() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(FeatureTable.TEXT, "feat1CLS");
    map.put(FeatureTable.IMAGE, "feat3CLS");
    return java.util.Collections.unmodifiableMap(map);
  }

  /** The suffixes to load for domain {@code domainName} in a folder listing {@code files}. */
  Map<String, String> resolveFeatures(String domainName, java.util.List<String> files) {
    Map<String, String> resolved = new LinkedHashMap<>();
    if (detectFeatures) {
      STANDARD_FEATURES.entrySet().stream()
          .filter(e -> files.contains(domainName + "." + e.getValue()))
          .forEach(e -> resolved.put(e.getKey(), e.getValue()));
    }
    resolved.putAll(featureSuffixes);
    return resolved;
  }
}
