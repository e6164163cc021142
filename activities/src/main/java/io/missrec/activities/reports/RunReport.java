package io.missrec.activities.reports;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a run report shows; no clock values, so that the same run renders to the same bytes.
 *
 * @param title heading, e.g. the activity and workflow id
 * @param facts run metadata in display order (workflow, activity, code version)
 * @param params the run's parameters, shown sorted
 * @param history per-epoch loss and validation metrics, ascending epochs (empty for a run without
 *     training curves)
 * @param finalMetrics metric tables by column, e.g. {@code "test" -> {"NDCG@10" -> 0.12}}, columns
 *     in the given order
 */
public record RunReport(
    String title,
    Map<String, String> facts,
    Map<String, String> params,
    List<EpochPoint> history,
    Map<String, Map<String, Double>> finalMetrics) {

  public RunReport {
    Objects.requireNonNull(title, "title");
    facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    params = Collections.unmodifiableMap(new TreeMap<>(params));
    List<EpochPoint> sorted = new ArrayList<>(history);
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).epoch() <= sorted.get(i - 1).epoch()) {
        throw new IllegalArgumentException(
            "history epochs must ascend: "
                + sorted.get(i - 1).epoch()
                + " then "
                + sorted.get(i).epoch());
      }
    }
    history = List.copyOf(sorted);
    Map<String, Map<String, Double>> columns = new LinkedHashMap<>();
    finalMetrics.forEach(
        (column, values) ->
            columns.put(column, Collections.unmodifiableMap(new TreeMap<>(values))));
    finalMetrics = Collections.unmodifiableMap(columns);
  }
}
