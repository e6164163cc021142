package io.missrec.workflows.payload;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Copies maps held by payload records into sorted, unmodifiable maps. Sorted because iteration
 * order must be the same in every JVM (workflow code replays, config digests hash the JSON), which
 * {@link Map#copyOf} does not promise.
 */
final class Maps {
  private Maps() {}

  static <V> Map<String, V> sortedCopy(Map<String, V> map, String field) {
    if (map == null) {
      return Collections.emptySortedMap();
    }
    TreeMap<String, V> copy = new TreeMap<>();
    map.forEach(
        (key, value) ->
            copy.put(
                Objects.requireNonNull(key, field + " has a null key"),
                Objects.requireNonNull(value, field + " has a null value for " + key)));
    return Collections.unmodifiableSortedMap(copy);
  }
}
