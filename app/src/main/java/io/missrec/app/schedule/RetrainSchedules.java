package io.missrec.app.schedule;

import io.missrec.workflows.TaskQueues;
import io.missrec.workflows.retrain.ScheduledRetrainWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import java.util.List;

/** Translates a {@link RetrainScheduleSpec} into the Temporal schedule that carries it out. */
public final class RetrainSchedules {
  private RetrainSchedules() {}

  /**
   * Overlap SKIP: a firing while the previous retrain still runs is dropped, so two trainings of
   * one model never run at once. Each firing starts a {@link ScheduledRetrainWorkflow}, which
   * decides from the data whether to train.
   */
  public static Schedule toSchedule(RetrainScheduleSpec spec, String note) {
    return Schedule.newBuilder()
        .setAction(action(spec))
        .setSpec(spec(spec))
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .setCatchupWindow(spec.catchupWindow())
                .build())
        .setState(ScheduleState.newBuilder().setNote(note).build())
        .build();
  }

  static ScheduleActionStartWorkflow action(RetrainScheduleSpec spec) {
    return ScheduleActionStartWorkflow.newBuilder()
        .setWorkflowType(ScheduledRetrainWorkflow.class)
        .setArguments(spec.request())
        .setOptions(
            WorkflowOptions.newBuilder()
                .setWorkflowId(spec.workflowIdPrefix())
                .setTaskQueue(TaskQueues.CPU)
                .build())
        .build();
  }

  static ScheduleSpec spec(RetrainScheduleSpec spec) {
    ScheduleSpec.Builder builder = ScheduleSpec.newBuilder();
    if (spec.cron() != null) {
      builder.setCronExpressions(List.of(spec.cron()));
    } else {
      builder.setIntervals(List.of(new ScheduleIntervalSpec(spec.every())));
    }
    return builder.build();
  }
}
