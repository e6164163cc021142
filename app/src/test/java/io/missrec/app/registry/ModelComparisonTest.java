package io.missrec.app.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.S3ArtifactStore;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.RunOutputs;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.lineage.RunStart;
import io.missrec.app.cli.CliRun;
import io.missrec.app.cli.CommandEnvironment;
import io.missrec.app.config.Settings;
import io.missrec.app.stack.AuditStorage;
import io.missrec.model.eval.PairedComparison;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model compare} against a real PostgreSQL and the embedded S3: evaluation reports stored as
 * the evaluation activity stores them (JSON with per-user ranks, an edge from the checkpoint).
 */
class ModelComparisonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SNAPSHOT_C = "c".repeat(64);
  private static final String SNAPSHOT_D = "d".repeat(64);
  // baseline hits at 10 for users 0, 1, 4; candidate for users 1, 2, 3, 4
  private static final long[] BASELINE = {0, 4, 30, 12, 9, 100};
  private static final long[] CANDIDATE = {15, 2, 9, 0, 9, 60};

  @TempDir static Path dir;

  private static AuditStorage storage;
  private static S3ArtifactStore artifacts;
  private static LineageStore lineage;
  private static Settings settings;

  @BeforeAll
  static void start() throws Exception {
    storage = AuditStorage.start(dir, "model-compare-test");
    artifacts = storage.artifacts();
    lineage = storage.lineage();
    settings = storage.settings();
  }

  @AfterAll
  static void stop() throws Exception {
    if (storage != null) {
      storage.close();
    }
  }

  @Test
  void pairsTheUsersOfTheSharedTestSetAndIgnoresOtherSplitsAndSets() {
    String name = "cmp-" + UUID.randomUUID();
    ModelRef baseline =
        register(
            name,
            "a",
            Map.of(
                "test:synth-c", new Evaluation(SNAPSHOT_C, "test", BASELINE),
                "valid:synth-c", new Evaluation(SNAPSHOT_C, "valid", new long[] {0, 0})));
    ModelRef candidate =
        register(
            name,
            "b",
            Map.of(
                "test:synth-c", new Evaluation(SNAPSHOT_C, "test", CANDIDATE),
                "test:synth-d", new Evaluation(SNAPSHOT_D, "test", new long[] {1})));

    List<ModelComparison.TestSet> sets =
        new ModelComparison(lineage, artifacts).compare(baseline, candidate, List.of(10, 50));

    assertThat(sets).hasSize(1);
    ModelComparison.TestSet set = sets.get(0);
    assertThat(set.dataset()).isEqualTo("synth-c");
    assertThat(set.datasetSha256()).isEqualTo(SNAPSHOT_C);
    assertThat(set.metrics())
        .extracting(PairedComparison::metric)
        .containsExactly("NDCG@10", "NDCG@50", "Recall@10", "Recall@50");
    PairedComparison recall = set.metrics().get(2);
    // per-user hit differences -1, 0, +1, +1, 0, 0: mean 1/6
    assertThat(recall.users()).isEqualTo(6);
    assertThat(recall.baseline()).isCloseTo(3.0 / 6, within(1e-12));
    assertThat(recall.candidate()).isCloseTo(4.0 / 6, within(1e-12));
    assertThat(recall.difference()).isCloseTo(1.0 / 6, within(1e-12));
    double mean = 1.0 / 6;
    double variance =
        (Math.pow(-1 - mean, 2) + 2 * Math.pow(1 - mean, 2) + 3 * Math.pow(mean, 2)) / 5;
    assertThat(recall.standardError()).isCloseTo(Math.sqrt(variance / 6), within(1e-12));
    assertThat(recall.better()).isEqualTo(2);
    assertThat(recall.worse()).isEqualTo(1);
    assertThat(set.metrics().get(0))
        .isEqualTo(PairedComparison.of(PairedComparison.Metric.NDCG, 10, BASELINE, CANDIDATE));
  }

  @Test
  void refusesVersionsWithoutACommonTestSetOrThatDoNotExist() {
    String name = "cmp-" + UUID.randomUUID();
    ModelRef onC =
        register(name, "c", Map.of("test:synth-c", new Evaluation(SNAPSHOT_C, "test", BASELINE)));
    ModelRef onD =
        register(name, "d", Map.of("test:synth-d", new Evaluation(SNAPSHOT_D, "test", BASELINE)));
    ModelRef untested = register(name, "e", Map.of());
    ModelComparison comparison = new ModelComparison(lineage, artifacts);

    assertThatThrownBy(() -> comparison.compare(onC, onD, List.of(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not evaluated on a common test set")
        .hasMessageContaining(onC + ": synth-c sha256:cccccccccccc")
        .hasMessageContaining(onD + ": synth-d sha256:dddddddddddd");
    assertThatThrownBy(() -> comparison.compare(onC, untested, List.of(10)))
        .hasMessageContaining(untested + ": no test evaluation");
    assertThatThrownBy(() -> comparison.compare(onC, new ModelRef(name, 99), List.of(10)))
        .hasMessageContaining("no model version " + name + ":99");
    assertThatThrownBy(() -> comparison.compare(onC, onC, List.of(0)))
        .hasMessageContaining("cutoffs must be >= 1, got 0");
  }

  @Test
  void cliPrintsOneRowPerMetricAndExits2OnABadReference() {
    String name = "cmp-" + UUID.randomUUID();
    ModelRef baseline =
        register(name, "f", Map.of("test:synth-c", new Evaluation(SNAPSHOT_C, "test", BASELINE)));
    ModelRef candidate =
        register(name, "g", Map.of("test:synth-c", new Evaluation(SNAPSHOT_C, "test", CANDIDATE)));
    try (CommandEnvironment env = CommandEnvironment.of(settings)) {
      CliRun ok = CliRun.of("model", "compare", baseline.toString(), candidate.toString());
      CliRun bad = CliRun.of("model", "compare", name, candidate.toString());
      CliRun unknown = CliRun.of("model", "compare", name + ":42", candidate.toString());

      assertThat(ok.exitCode()).as(ok.err()).isZero();
      PairedComparison recall =
          PairedComparison.of(PairedComparison.Metric.RECALL, 10, BASELINE, CANDIDATE);
      assertThat(ok.out())
          .contains(baseline + " (baseline) against " + candidate + " (candidate)")
          .contains("synth-c (snapshot sha256:" + SNAPSHOT_C + ", 6 users)")
          // the protocol's cutoffs by default
          .contains("NDCG@10", "NDCG@50", "Recall@10", "Recall@50");
      assertThat(ok.out().lines().map(l -> l.strip().replaceAll(" +", " ")))
          .contains(
              String.format(
                  java.util.Locale.ROOT,
                  "Recall@10 0.5000 0.6667 +0.1667 %.4f %.2f 2/1",
                  recall.standardError(),
                  recall.z()));
      assertThat(bad.exitCode()).isEqualTo(2);
      assertThat(bad.err()).contains("is not of the form name:version");
      assertThat(unknown.exitCode()).isEqualTo(2);
      assertThat(unknown.err()).contains("no model version " + name + ":42");
    }
  }

  /** One stored evaluation: the split of a dataset snapshot and the per-user ranks. */
  private record Evaluation(String snapshot, String split, long[] ranks) {}

  /**
   * A checkpoint, registered as the next version of {@code name}, with one evaluation report per
   * entry linked from it as the evaluation activity links them.
   */
  private static ModelRef register(String name, String salt, Map<String, Evaluation> evaluations) {
    ArtifactRef checkpoint = put(ArtifactKind.CHECKPOINT, "weights " + name + salt);
    String workflowId = "wf-" + name + "-" + salt;
    RunRecord train =
        lineage.completeRun(
            RunStart.of(workflowId, "run-1", "fine-tune:synth-c", "c0ffee1"),
            RunOutputs.builder().artifact(checkpoint).build());
    evaluations.forEach(
        (key, evaluation) -> {
          String dataset = key.substring(key.indexOf(':') + 1);
          Map<String, Object> report = new LinkedHashMap<>();
          report.put("checkpointUri", checkpoint.uri());
          report.put("dataset", dataset);
          report.put("datasetSha256", evaluation.snapshot());
          report.put("split", evaluation.split());
          report.put("users", evaluation.ranks().length);
          report.put("ranks", evaluation.ranks());
          ArtifactRef stored;
          try {
            stored =
                artifacts.put(
                    ArtifactKind.EVALUATION_REPORT,
                    JSON.writeValueAsBytes(report),
                    "application/json");
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
          }
          lineage.completeRun(
              RunStart.of(workflowId, "run-1", "evaluate:" + key, "c0ffee1"),
              RunOutputs.builder()
                  .artifact(checkpoint)
                  .artifact(stored)
                  .edge(RunOutputs.Edge.fromArtifact(checkpoint.uri(), stored.uri(), "checkpoint"))
                  .build());
        });
    long version =
        lineage.registerModelVersion(name, checkpoint.uri(), train.id(), Map.of()).version();
    return new ModelRef(name, version);
  }

  private static ArtifactRef put(ArtifactKind kind, String content) {
    return artifacts.put(
        kind, content.getBytes(StandardCharsets.UTF_8), "application/octet-stream");
  }
}
