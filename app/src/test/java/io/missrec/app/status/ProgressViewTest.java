package io.missrec.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.workflows.payload.Progress;
import io.missrec.workflows.payload.Stage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressViewTest {

  @Test
  void barFillsCellsInProportionAndClamps() {
    assertThat(ProgressView.bar(0, 10)).isEqualTo("[..........]   0%");
    assertThat(ProgressView.bar(0.3, 10)).isEqualTo("[###.......]  30%");
    assertThat(ProgressView.bar(2 / 3.0, 10)).isEqualTo("[######....]  66%");
    assertThat(ProgressView.bar(1, 10)).isEqualTo("[##########] 100%");
    assertThat(ProgressView.bar(1.7, 4)).isEqualTo("[####] 100%");
    assertThat(ProgressView.bar(Double.NaN, 4)).isEqualTo("[....]   0%");
  }

  @Test
  void trainingLineShowsEpochBarLossAndValidMetrics() {
    Progress p =
        new Progress(
            Stage.PRETRAINING, 3, 10, 4.12345, Map.of("ndcg@10", 0.1234, "recall@10", 0.25));

    String line = new ProgressView(StagePlan.PRETRAIN).line(p);

    assertThat(line)
        .isEqualTo(
            "PRETRAINING (5/8)  epoch 3/10 [#########.....................]  30%"
                + "  loss 4.1235  ndcg@10 0.1234  recall@10 0.2500");
  }

  @Test
  void metricsShowInOrderOfNameThenCutoffAsANumber() {
    Progress p =
        new Progress(
            Stage.EVALUATION,
            0,
            0,
            null,
            Map.of("NDCG@50", 0.5, "NDCG@5", 0.05, "NDCG@10", 0.1, "Recall@20", 0.2));

    assertThat(new ProgressView(StagePlan.PRETRAIN).line(p))
        .endsWith("NDCG@5 0.0500  NDCG@10 0.1000  NDCG@50 0.5000  Recall@20 0.2000");
  }

  @Test
  void stageLineCountsFinishedStagesOfThePlan() {
    ProgressView transfer = new ProgressView(StagePlan.forWorkflowId("transfer-ab-cd"));

    // FEATURES is stage 2 of 6 (clean-up last): one stage, a sixth, is done (rounded down).
    assertThat(transfer.line(new Progress(Stage.FEATURES, 0, 0, null, Map.of())))
        .isEqualTo("FEATURES (2/6)  [#####.........................]  16%");
    assertThat(transfer.line(new Progress(Stage.COMPLETED, 3, 3, 1.0, Map.of())))
        .startsWith("COMPLETED  [##############################] 100%");
  }

  @Test
  void blockForStatusHasOneLinePerFact() {
    Progress p =
        new Progress(
            Stage.EVALUATION, 5, 5, 3.5, Map.of("synth-a/ndcg@10", 0.3, "synth-b/ndcg@10", 0.2));

    assertThat(new ProgressView(StagePlan.PRETRAIN).block("pretrain-1-2", p))
        .containsExactly(
            "workflow  pretrain-1-2",
            "stage     EVALUATION (6/8)           [##################............]  62%",
            "epoch     5/5                        [##############################] 100%",
            "loss      3.5000",
            "metrics   synth-a/ndcg@10 0.3000  synth-b/ndcg@10 0.2000");
    assertThat(ProgressView.terminal(p)).isFalse();
    assertThat(ProgressView.terminal(p.at(Stage.FAILED))).isTrue();
  }
}
