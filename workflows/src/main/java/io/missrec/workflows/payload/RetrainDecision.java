package io.missrec.workflows.payload;

import java.util.Map;
import java.util.Objects;

/**
 * A scheduled retrain's decision and why.
 *
 * @param choice retrain or skip
 * @param reason human-readable reason, e.g. which dataset changed
 * @param datasetDigests current sha256 per dataset name
 * @param datasetsDigest one sha256 over {@code datasetDigests} (see {@code DatasetsDigest})
 * @param previousDigest the same digest of the last successful training, null when none
 */
public record RetrainDecision(
    RetrainChoice choice,
    String reason,
    Map<String, String> datasetDigests,
    String datasetsDigest,
    String previousDigest) {
  public RetrainDecision {
    Objects.requireNonNull(choice, "choice");
    Objects.requireNonNull(reason, "reason");
    datasetDigests = Maps.sortedCopy(datasetDigests, "datasetDigests");
    Objects.requireNonNull(datasetsDigest, "datasetsDigest");
  }
}
