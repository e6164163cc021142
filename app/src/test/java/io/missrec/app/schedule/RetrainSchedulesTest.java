package io.missrec.app.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.workflows.TaskQueues;
import io.missrec.workflows.payload.AugmentationConfig;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.FeatureSpec;
import io.missrec.workflows.payload.InterestConfig;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.TrainingConfig;
import io.missrec.workflows.payload.TrainingMode;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI's schedule description as the Temporal schedule it creates; no server involved. */
class RetrainSchedulesTest {
  private static final PipelineRequest REQUEST =
      new PipelineRequest(
          "nightly",
          List.of(new DatasetRef("file:///data/scientific/", null, "scientific", "auto")),
          new FeatureSpec(Map.of("text", "precomputed:feat1CLS")),
          AugmentationConfig.defaults(42),
          InterestConfig.pretrainDefaults(),
          new TrainingConfig(TrainingMode.INDUCTIVE, 3, 42, 64, 1e-3, 3, null, Map.of()));

  private static RetrainScheduleSpec spec(String cron, Duration every, Duration catchup) {
    return new RetrainScheduleSpec("nightly-sci", REQUEST, cron, every, catchup);
  }

  @Test
  void cronScheduleSkipsOverlapsCatchesUpWithinTheWindowAndStartsTheRetrainWorkflow() {
    Schedule schedule =
        RetrainSchedules.toSchedule(spec("0 3 * * *", null, Duration.ofHours(1)), "note");

    assertThat(schedule.getSpec().getCronExpressions()).containsExactly("0 3 * * *");
    assertThat(schedule.getSpec().getIntervals()).isNullOrEmpty();
    assertThat(schedule.getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    assertThat(schedule.getPolicy().getCatchupWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(schedule.getState().getNote()).isEqualTo("note");

    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) schedule.getAction();
    assertThat(action.getWorkflowType()).isEqualTo("ScheduledRetrainWorkflow");
    assertThat(action.getOptions().getWorkflowId()).isEqualTo("retrain-nightly-sci");
    assertThat(action.getOptions().getTaskQueue()).isEqualTo(TaskQueues.CPU);
    assertThat(action.getArguments().get(0, PipelineRequest.class)).isEqualTo(REQUEST);
  }

  @Test
  void intervalScheduleUsesAnIntervalSpecInsteadOfCron() {
    Schedule schedule =
        RetrainSchedules.toSchedule(spec(null, Duration.ofHours(24), Duration.ofMinutes(5)), "");
    assertThat(schedule.getSpec().getIntervals())
        .containsExactly(new ScheduleIntervalSpec(Duration.ofHours(24)));
    assertThat(schedule.getSpec().getCronExpressions()).isNullOrEmpty();
    assertThat(schedule.getPolicy().getCatchupWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(schedule.getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
  }

  @Test
  void rejectsAmbiguousOrMalformedTimingWithTheOptionNamed() {
    Duration hour = Duration.ofHours(1);
    assertThatThrownBy(() -> spec("0 3 * * *", hour, hour))
        .hasMessage("give exactly one of --cron and --every");
    assertThatThrownBy(() -> spec(null, null, hour))
        .hasMessage("give exactly one of --cron and --every");
    assertThatThrownBy(() -> spec("0 3 * *", null, hour))
        .hasMessageContaining("--cron '0 3 * *': expected 5 fields")
        .hasMessageEndingWith("got 4");
    assertThatThrownBy(() -> spec(null, Duration.ofSeconds(30), hour))
        .hasMessageContaining("--every PT30S: at least one minute");
    assertThatThrownBy(() -> spec("@daily", null, Duration.ofSeconds(5)))
        .hasMessageContaining("--catchup-window PT5S: at least 10s");
    assertThatThrownBy(() -> new RetrainScheduleSpec("bad id", REQUEST, "@daily", null, hour))
        .hasMessageContaining("schedule id 'bad id'");
  }

  @Test
  void datasetArgumentsBecomeAbsoluteUrisWithTheirNames() {
    List<DatasetRef> refs =
        DatasetArgs.parse(List.of("sci=relative/sci", "syn=synthetic://synth-a?seed=1"), "auto");
    assertThat(refs.get(0).name()).isEqualTo("sci");
    assertThat(refs.get(0).uri())
        .isEqualTo(Path.of("relative/sci").toAbsolutePath().toUri().toString());
    assertThat(refs.get(1).uri()).isEqualTo("synthetic://synth-a?seed=1");
    assertThat(refs).extracting(DatasetRef::format).containsOnly("auto");
    assertThat(refs).extracting(DatasetRef::sha256).containsOnlyNulls();

    assertThatThrownBy(() -> DatasetArgs.parse(List.of("no-name"), "auto"))
        .hasMessageContaining("--dataset no-name: expected NAME=LOCATION");
    assertThatThrownBy(() -> DatasetArgs.parse(List.of("a=/x", "a=/y"), "auto"))
        .hasMessageContaining("name a is given twice");
  }
}
