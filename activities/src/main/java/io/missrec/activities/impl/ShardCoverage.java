package io.missrec.activities.impl;

import io.missrec.workflows.payload.FeatureShard;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks that feature shards tile a catalogue: per modality, shards of the spec's encoder whose
 * ranges start at 0, follow each other without gap or overlap and end at the item count.
 */
final class ShardCoverage {
  private ShardCoverage() {}

  /**
   * The shards of every sharded modality, sorted by first item.
   *
   * @param encoders modality to encoder id, for the modalities that must come from shards
   * @param numItems items in the catalogue
   * @throws IllegalArgumentException naming the first fault
   */
  static Map<String, List<FeatureShard>> check(
      Map<String, String> encoders, int numItems, List<FeatureShard> shards) {
    Map<String, List<FeatureShard>> byModality = new TreeMap<>();
    encoders.keySet().forEach(modality -> byModality.put(modality, new ArrayList<>()));
    for (FeatureShard shard : shards) {
      List<FeatureShard> list = byModality.get(shard.modality());
      if (list == null) {
        throw new IllegalArgumentException(
            "shard of modality '" + shard.modality() + "', which is not sharded in the spec");
      }
      if (!shard.encoder().equals(encoders.get(shard.modality()))) {
        throw new IllegalArgumentException(
            "shard "
                + range(shard)
                + " was encoded with '"
                + shard.encoder()
                + "', the spec names '"
                + encoders.get(shard.modality())
                + "'");
      }
      list.add(shard);
    }
    for (Map.Entry<String, List<FeatureShard>> entry : byModality.entrySet()) {
      List<FeatureShard> list = entry.getValue();
      list.sort(Comparator.comparingInt(FeatureShard::firstItem));
      int next = 0;
      for (FeatureShard shard : list) {
        if (shard.firstItem() > next) {
          throw new IllegalArgumentException(
              entry.getKey() + ": items [" + next + ", " + shard.firstItem() + ") are in no shard");
        }
        if (shard.firstItem() < next) {
          throw new IllegalArgumentException(
              entry.getKey() + ": shard " + range(shard) + " overlaps items before " + next);
        }
        if (shard.dim() != list.get(0).dim()) {
          throw new IllegalArgumentException(
              entry.getKey()
                  + ": shard "
                  + range(shard)
                  + " is "
                  + shard.dim()
                  + " wide, shard "
                  + range(list.get(0))
                  + " "
                  + list.get(0).dim());
        }
        next = shard.endItem();
      }
      if (next != numItems) {
        throw new IllegalArgumentException(
            entry.getKey()
                + ": shards cover items [0, "
                + next
                + "), the catalogue has "
                + numItems
                + " items");
      }
    }
    return byModality;
  }

  private static String range(FeatureShard shard) {
    return "[" + shard.firstItem() + ", " + shard.endItem() + ")";
  }
}
