package io.missrec.workflows.fakes;

import io.missrec.workflows.payload.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the order of pipeline stages off a call log. */
public final class Stages {
  private static final Map<String, Stage> BY_ACTIVITY_TYPE =
      Map.ofEntries(
          Map.entry("DatasetIngest", Stage.INGEST),
          Map.entry("DatasetValidate", Stage.INGEST),
          Map.entry("FeatureExtract", Stage.FEATURES),
          Map.entry("FeatureExtractShard", Stage.FEATURES),
          Map.entry("FeatureMergeShards", Stage.FEATURES),
          Map.entry("AugmentationAugment", Stage.AUGMENTATION),
          Map.entry("InterestDiscover", Stage.INTERESTS),
          Map.entry("TrainingPretrain", Stage.PRETRAINING),
          Map.entry("TrainingFineTune", Stage.FINE_TUNING),
          Map.entry("EvaluationEvaluate", Stage.EVALUATION),
          Map.entry("RegistryRegister", Stage.REGISTRATION),
          Map.entry("RetentionPruneIntermediates", Stage.CLEANUP),
          Map.entry("ServingRecommend", Stage.RECOMMENDATION));

  private Stages() {}

  /**
   * The stage of every call, with runs of the same stage collapsed: a stage that appears twice
   * means stages interleaved.
   */
  public static List<Stage> sequence(List<String> calls) {
    List<Stage> stages = new ArrayList<>();
    for (String call : calls) {
      Stage stage = BY_ACTIVITY_TYPE.get(call.substring(0, call.indexOf(':')));
      if (stages.isEmpty() || stages.get(stages.size() - 1) != stage) {
        stages.add(stage);
      }
    }
    return stages;
  }
}
