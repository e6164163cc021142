package io.missrec.app.status;

import io.missrec.workflows.payload.Stage;
import java.util.List;

/**
 * The stages a pipeline goes through, in order, to tell how far along it is. A run that keeps its
 * intermediates goes from registration to completed: the bar then jumps over the clean-up.
 */
public record StagePlan(List<Stage> stages) {
  public static final StagePlan PRETRAIN =
      new StagePlan(
          List.of(
              Stage.INGEST,
              Stage.FEATURES,
              Stage.AUGMENTATION,
              Stage.INTERESTS,
              Stage.PRETRAINING,
              Stage.EVALUATION,
              Stage.REGISTRATION,
              Stage.CLEANUP));
  public static final StagePlan TRANSFER =
      new StagePlan(
          List.of(
              Stage.INGEST,
              Stage.FEATURES,
              Stage.FINE_TUNING,
              Stage.EVALUATION,
              Stage.REGISTRATION,
              Stage.CLEANUP));

  public static final StagePlan RECOMMEND =
      new StagePlan(List.of(Stage.INGEST, Stage.FEATURES, Stage.RECOMMENDATION));

  public StagePlan {
    stages = List.copyOf(stages);
  }

  /** By the workflow id's kind prefix ({@code WorkflowIds}: {@code transfer-...}, ...). */
  public static StagePlan forWorkflowId(String workflowId) {
    if (workflowId.startsWith("recommend-")) {
      return RECOMMEND;
    }
    return workflowId.startsWith("transfer-") ? TRANSFER : PRETRAIN;
  }

  /** 1-based position of {@code stage}, 0 before the first, {@link #size()} once completed. */
  public int position(Stage stage) {
    if (stage == Stage.COMPLETED) {
      return size();
    }
    return stages.indexOf(stage) + 1;
  }

  public int size() {
    return stages.size();
  }
}
