package io.missrec.app.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactStore;
import io.missrec.activities.artifact.ArtifactUri;
import io.missrec.activities.lineage.LineageEdge;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.ModelVersion;
import io.missrec.model.eval.PairedComparison;
import io.missrec.model.eval.PairedComparison.Metric;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Compares two registered model versions user by user, on every test set both were evaluated on.
 * Each evaluation stores the test users' ranks (in the split's user order) in its report artifact,
 * linked in lineage from the evaluated checkpoint; two reports on the same dataset snapshot (same
 * sha256) rank the same users in the same order, so their ranks pair up one to one.
 */
public final class ModelComparison {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEST = "test";

  private final LineageStore lineage;
  private final ArtifactStore artifacts;
  private final ModelRegistry registry;

  public ModelComparison(LineageStore lineage, ArtifactStore artifacts) {
    this.lineage = lineage;
    this.registry = new ModelRegistry(lineage);
    this.artifacts = artifacts;
  }

  /** One test set both versions were evaluated on, and the paired differences there. */
  public record TestSet(String dataset, String datasetSha256, List<PairedComparison> metrics) {
    public TestSet {
      metrics = List.copyOf(metrics);
    }
  }

  /** A version's test ranks on one dataset snapshot. */
  private record TestRanks(String dataset, String datasetSha256, long[] ranks) {}

  /**
   * NDCG@K and Recall@K at each cutoff, candidate against baseline, on each shared test set (in
   * dataset-name order).
   *
   * @throws IllegalArgumentException if a version does not exist, the two share no test set, or a
   *     cutoff is below 1
   */
  public List<TestSet> compare(ModelRef baseline, ModelRef candidate, List<Integer> cutoffs) {
    for (int k : cutoffs) {
      if (k < 1) {
        throw new IllegalArgumentException("cutoffs must be >= 1, got " + k);
      }
    }
    Map<String, TestRanks> mine = testRanks(registry.version(baseline));
    Map<String, TestRanks> theirs = testRanks(registry.version(candidate));
    List<TestSet> sets = new ArrayList<>();
    for (TestRanks a : mine.values()) {
      TestRanks b = theirs.get(a.datasetSha256());
      if (b == null) {
        continue;
      }
      List<PairedComparison> metrics = new ArrayList<>();
      for (Metric metric : List.of(Metric.NDCG, Metric.RECALL)) {
        for (int k : cutoffs) {
          metrics.add(PairedComparison.of(metric, k, a.ranks(), b.ranks()));
        }
      }
      sets.add(new TestSet(a.dataset(), a.datasetSha256(), metrics));
    }
    if (sets.isEmpty()) {
      throw new IllegalArgumentException(
          baseline
              + " and "
              + candidate
              + " were not evaluated on a common test set ("
              + baseline
              + ": "
              + describe(mine)
              + "; "
              + candidate
              + ": "
              + describe(theirs)
              + "); a paired comparison needs the same test users");
    }
    sets.sort(Comparator.comparing(TestSet::dataset));
    return sets;
  }

  /**
   * The test evaluations of a version's checkpoint, by dataset snapshot digest; where a snapshot
   * was evaluated more than once (other cutoffs), the first report: ranks do not depend on them.
   */
  private Map<String, TestRanks> testRanks(ModelVersion version) {
    Map<String, TestRanks> bySnapshot = new TreeMap<>();
    for (LineageEdge edge : lineage.edgesFrom(version.checkpointUri())) {
      String uri = edge.outputArtifactUri();
      if (ArtifactUri.parse(uri).kind() != ArtifactKind.EVALUATION_REPORT) {
        continue;
      }
      JsonNode report = read(uri);
      if (!TEST.equals(report.path("split").asText())) {
        continue;
      }
      String digest = report.path("datasetSha256").asText();
      if (!bySnapshot.containsKey(digest)) {
        bySnapshot.put(
            digest, new TestRanks(report.path("dataset").asText(), digest, ranks(uri, report)));
      }
    }
    return bySnapshot;
  }

  private JsonNode read(String uri) {
    try {
      return JSON.readTree(artifacts.readAllBytes(uri));
    } catch (IOException e) {
      throw new IllegalStateException("evaluation report " + uri + " is not readable JSON", e);
    }
  }

  private static long[] ranks(String uri, JsonNode report) {
    JsonNode ranks = report.path("ranks");
    if (!ranks.isArray()) {
      throw new IllegalStateException("evaluation report " + uri + " holds no per-user ranks");
    }
    long[] out = new long[ranks.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ranks.get(i).asLong();
    }
    return out;
  }

  private static String describe(Map<String, TestRanks> tested) {
    if (tested.isEmpty()) {
      return "no test evaluation";
    }
    return tested.values().stream()
        .map(
            t ->
                t.dataset()
                    + " sha256:"
                    + t.datasetSha256().substring(0, Math.min(12, t.datasetSha256().length())))
        .collect(Collectors.joining(", "));
  }
}
