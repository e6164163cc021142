package io.missrec.activities.impl;

import io.missrec.workflows.TaskQueues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The activity implementations a worker registers, per task queue it serves. */
public final class ActivityImplementations {

  private ActivityImplementations() {}

  /**
   * @param queues served queues, a subset of {@link TaskQueues#CPU} and {@link TaskQueues#GPU}
   * @return per served queue, the implementations to register there (for {@code Workers.register},
   *     which also routes each by {@link TaskQueues#forActivity})
   */
  public static Map<String, List<Object>> forQueues(ActivityContext ctx, Set<String> queues) {
    Map<String, List<Object>> byQueue = new LinkedHashMap<>();
    if (queues.contains(TaskQueues.CPU)) {
      byQueue.put(
          TaskQueues.CPU,
          List.of(
              new DatasetActivitiesImpl(ctx),
              new FeatureActivitiesImpl(ctx),
              new AugmentationActivitiesImpl(ctx),
              new InterestActivitiesImpl(ctx),
              new EvaluationActivitiesImpl(ctx),
              new ServingActivitiesImpl(ctx),
              new RegistryActivitiesImpl(ctx),
              new RetrainActivitiesImpl(ctx),
              new RetentionActivitiesImpl(ctx)));
    }
    if (queues.contains(TaskQueues.GPU)) {
      byQueue.put(TaskQueues.GPU, List.of(new TrainingActivitiesImpl(ctx)));
    }
    for (String queue : queues) {
      if (!byQueue.containsKey(queue)) {
        throw new IllegalArgumentException(
            "unknown task queue " + queue + "; use " + TaskQueues.CPU + " or " + TaskQueues.GPU);
      }
    }
    return byQueue;
  }
}
