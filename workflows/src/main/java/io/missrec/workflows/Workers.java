package io.missrec.workflows;

import io.missrec.workflows.pretrain.PretrainPipelineWorkflowImpl;
import io.missrec.workflows.recommend.RecommendWorkflowImpl;
import io.missrec.workflows.retrain.ScheduledRetrainWorkflowImpl;
import io.missrec.workflows.transfer.TransferWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates the workers of one process: one per queue it serves. The {@link TaskQueues#CPU} worker
 * also runs the workflows. Each activity implementation goes to the queue of its interface ({@link
 * TaskQueues#forActivity}); implementations for queues not served here are left out, so every
 * process can be handed the same list. Call {@code factory.start()} afterwards.
 */
public final class Workers {
  /** Every workflow implementation of the platform. */
  public static final List<Class<?>> WORKFLOW_TYPES =
      List.of(
          PretrainPipelineWorkflowImpl.class,
          TransferWorkflowImpl.class,
          ScheduledRetrainWorkflowImpl.class,
          RecommendWorkflowImpl.class);

  private Workers() {}

  /**
   * @param queues queues this process serves, a subset of {@link TaskQueues#CPU} and {@link
   *     TaskQueues#GPU}
   * @return the worker per served queue
   */
  public static Map<String, Worker> register(
      WorkerFactory factory, Set<String> queues, WorkerSettings settings, Object... activityImpls) {
    return register(
        factory,
        queues,
        settings,
        WorkflowImplementationOptions.getDefaultInstance(),
        activityImpls);
  }

  /**
   * As {@link #register(WorkerFactory, Set, WorkerSettings, Object...)}, with options for the
   * workflow implementations, e.g. per-activity-type overrides of {@link StageOptions} (they take
   * precedence over a stub's options and only affect activities scheduled from then on).
   */
  public static Map<String, Worker> register(
      WorkerFactory factory,
      Set<String> queues,
      WorkerSettings settings,
      WorkflowImplementationOptions workflowOptions,
      Object... activityImpls) {
    if (queues.isEmpty() || !Set.of(TaskQueues.CPU, TaskQueues.GPU).containsAll(queues)) {
      throw new IllegalArgumentException(
          "queues " + queues + ": serve one or both of " + TaskQueues.CPU + ", " + TaskQueues.GPU);
    }
    Map<String, Worker> workers = new LinkedHashMap<>();
    for (String queue : List.of(TaskQueues.CPU, TaskQueues.GPU)) {
      if (queues.contains(queue)) {
        workers.put(queue, factory.newWorker(queue, options(queue, settings)));
      }
    }
    Worker cpu = workers.get(TaskQueues.CPU);
    if (cpu != null) {
      cpu.registerWorkflowImplementationTypes(
          workflowOptions, WORKFLOW_TYPES.toArray(Class<?>[]::new));
    }
    for (Object impl : activityImpls) {
      Worker worker = workers.get(TaskQueues.forActivity(impl));
      if (worker != null) {
        worker.registerActivitiesImplementations(impl);
      }
    }
    return workers;
  }

  /**
   * Training heartbeats once per epoch with the checkpoint to resume from; the SDK would otherwise
   * hold heartbeats back for up to 0.8 x the heartbeat timeout, so a worker killed in between would
   * redo every epoch since the last one that got through. One second keeps "at most one epoch
   * redone" true for any epoch longer than that, at one small RPC per epoch.
   */
  static final java.time.Duration HEARTBEAT_THROTTLE = java.time.Duration.ofSeconds(1);

  static WorkerOptions options(String queue, WorkerSettings settings) {
    return WorkerOptions.newBuilder()
        .setMaxHeartbeatThrottleInterval(HEARTBEAT_THROTTLE)
        .setDefaultHeartbeatThrottleInterval(HEARTBEAT_THROTTLE)
        .setStickyQueueScheduleToStartTimeout(settings.stickyQueueScheduleToStartTimeout())
        .setMaxConcurrentActivityExecutionSize(
            TaskQueues.GPU.equals(queue)
                ? settings.maxConcurrentTrainings()
                : settings.maxConcurrentCpuActivities())
        .build();
  }
}
