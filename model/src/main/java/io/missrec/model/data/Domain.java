package io.missrec.model.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One recommendation domain held in memory: its items (with external ids, optional texts and
 * per-modality frozen features) and its user sequences split for training and evaluation.
 *
 * <p>Internal item indexes are {@code 0..numItems-1}; no index is reserved for padding.
 *
 * @param name domain name, e.g. "Scientific"
 * @param itemIds external item id per internal index (e.g. ASIN)
 * @param itemTexts item text per internal index, or null where an item has none; the list itself is
 *     empty when the source has no texts
 * @param features frozen features per modality name (see {@link FeatureTable#TEXT}); kept in {@link
 *     FeatureTable#MODALITY_ORDER}, whatever the order given
 * @param userIds external user id per internal user index (e.g. a reviewer id)
 * @param splits train / valid / test examples
 */
public record Domain(
    String name,
    List<String> itemIds,
    List<String> itemTexts,
    Map<String, FeatureTable> features,
    List<String> userIds,
    Splits splits) {

  public Domain {
    itemIds = List.copyOf(itemIds);
    userIds = List.copyOf(userIds);
    itemTexts = itemTexts == null ? List.of() : java.util.Collections.unmodifiableList(itemTexts);
    features = java.util.Collections.unmodifiableMap(inModalityOrder(features));
    if (itemIds.isEmpty()) {
      throw new DataFormatException(name, 0, "items", "domain has no items");
    }
    for (FeatureTable table : features.values()) {
      if (table.numItems() != itemIds.size()) {
        throw new DataFormatException(
            name,
            0,
            table.modality(),
            "feature table has "
                + table.numItems()
                + " rows but the domain has "
                + itemIds.size()
                + " items");
      }
    }
  }

  private static Map<String, FeatureTable> inModalityOrder(Map<String, FeatureTable> features) {
    Map<String, FeatureTable> ordered = new LinkedHashMap<>();
    features.keySet().stream()
        .sorted(FeatureTable.MODALITY_ORDER)
        .forEach(modality -> ordered.put(modality, features.get(modality)));
    return ordered;
  }

  public int numItems() {
    return itemIds.size();
  }

  public int numUsers() {
    return userIds.size();
  }

  public Optional<FeatureTable> feature(String modality) {
    return Optional.ofNullable(features.get(modality));
  }

  /** A copy of this domain with one more (or a replaced) feature table. */
  public Domain withFeature(FeatureTable table) {
    Map<String, FeatureTable> copy = new LinkedHashMap<>(features);
    copy.put(table.modality(), table);
    return new Domain(name, itemIds, itemTexts, copy, userIds, splits);
  }

  /** Users, items, interactions and average length, for logging. */
  public DomainStats stats() {
    return DomainStats.of(this);
  }
}
