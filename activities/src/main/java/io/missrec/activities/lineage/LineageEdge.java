package io.missrec.activities.lineage;

import java.util.Objects;

/**
 * "Run {@code runId} used an input (a dataset or an artifact) as {@code role} to produce {@code
 * outputArtifactUri}". Exactly one of the two input fields is set; use the factories.
 */
public record LineageEdge(
    String inputDatasetDigest,
    String inputArtifactUri,
    String outputArtifactUri,
    long runId,
    String role) {
  public LineageEdge {
    if ((inputDatasetDigest == null) == (inputArtifactUri == null)) {
      throw new IllegalArgumentException(
          "edge into " + outputArtifactUri + ": exactly one of dataset digest / artifact uri");
    }
    Objects.requireNonNull(outputArtifactUri, "outputArtifactUri");
    Objects.requireNonNull(role, "role");
  }

  public static LineageEdge fromDataset(
      String datasetDigest, String outputArtifactUri, long runId, String role) {
    return new LineageEdge(datasetDigest, null, outputArtifactUri, runId, role);
  }

  public static LineageEdge fromArtifact(
      String inputArtifactUri, String outputArtifactUri, long runId, String role) {
    return new LineageEdge(null, inputArtifactUri, outputArtifactUri, runId, role);
  }
}
