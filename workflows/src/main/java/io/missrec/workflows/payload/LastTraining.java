package io.missrec.workflows.payload;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The datasets the last successful training of a model name used, as lineage recorded them at its
 * registration.
 *
 * @param modelName the model name
 * @param modelVersion the registered version, or null when the name was never trained
 * @param datasetDigests sha256 per dataset name (empty when never trained)
 */
public record LastTraining(
    String modelName, Integer modelVersion, Map<String, String> datasetDigests) {
  public LastTraining {
    Objects.requireNonNull(modelName, "modelName");
    datasetDigests = Maps.sortedCopy(datasetDigests, "datasetDigests");
  }

  public static LastTraining none(String modelName) {
    return new LastTraining(modelName, null, new TreeMap<>());
  }

  public boolean exists() {
    return modelVersion != null;
  }
}
