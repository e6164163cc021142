package io.missrec.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.RunFailure;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.lineage.RunStatus;
import io.missrec.activities.metrics.LineageMetricsSink;
import io.missrec.activities.metrics.MetricsSink;
import io.missrec.activities.metrics.TrackedRun;
import io.missrec.workflows.activities.DatasetActivities;
import io.missrec.workflows.activities.FeatureActivities;
import io.missrec.workflows.activities.TrainingActivities;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.FeatureRequest;
import io.missrec.workflows.payload.FeatureSet;
import io.missrec.workflows.payload.FineTuneInput;
import io.missrec.workflows.payload.TrainingDomain;
import io.missrec.workflows.payload.TrainingMode;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run that fails once it is recorded marks itself failed with the cause, and a retry
 * reopens it as the next attempt without losing the first attempt's cause (real PostgreSQL and S3
 * endpoint).
 */
class TrainingFailureTest {
  @TempDir static Path dir;
  private static TestStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = new TestStack(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aFailedAttemptKeepsItsCauseWhenTheRetrySucceeds() throws SQLException {
    MetricsSink lineageOnly = new LineageMetricsSink(stack.lineage);
    // the tracking backend refuses the first epoch's metrics, as an MLflow outage would
    MetricsSink refusing =
        run -> {
          TrackedRun real = lineageOnly.open(run);
          return new TrackedRun() {
            @Override
            public void logParams(Map<String, String> params) {
              real.logParams(params);
            }

            @Override
            public void logMetrics(List<MetricPoint> points) {
              throw new IllegalStateException("tracking server answered 503 for epoch metrics");
            }

            @Override
            public void setTags(Map<String, String> tags) {}

            @Override
            public void finish(RunStatus status) {}
          };
        };
    FineTuneInput input;
    TestActivityEnvironment env = environment(refusing);
    try {
      DatasetActivities datasets = env.newActivityStub(DatasetActivities.class, options());
      FeatureActivities features = env.newActivityStub(FeatureActivities.class, options());
      DatasetRef snapshot = datasets.ingest(TestStack.synthetic("synth-c"));
      FeatureSet both = features.extract(new FeatureRequest(snapshot, TestStack.FEATURES));
      input =
          new FineTuneInput(
              new TrainingDomain(snapshot, both, null),
              TestStack.training(TrainingMode.INDUCTIVE, 1, null));
      TrainingActivities training = env.newActivityStub(TrainingActivities.class, options());
      FineTuneInput failing = input;
      assertThatThrownBy(() -> training.fineTune(failing)).isInstanceOf(ActivityFailure.class);
    } finally {
      env.close();
    }
    RunRecord failed = onlyTrainingRun();
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(stack.lineage.failures(failed.id()))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.attempt()).isEqualTo(1);
              assertThat(f.source()).isEqualTo(RunFailure.Source.ACTIVITY);
              assertThat(f.reason())
                  .isEqualTo(
                      "IllegalStateException: tracking server answered 503 for epoch metrics");
            });

    TestActivityEnvironment retry = environment(lineageOnly);
    try {
      retry.newActivityStub(TrainingActivities.class, options()).fineTune(input);
    } finally {
      retry.close();
    }
    RunRecord succeeded = onlyTrainingRun();
    assertThat(succeeded.id()).isEqualTo(failed.id());
    assertThat(succeeded.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(succeeded.attempt()).isEqualTo(2);
    assertThat(stack.lineage.failures(failed.id())).hasSize(1);
  }

  private static RunRecord onlyTrainingRun() throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection c = stack.db.dataSource().getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT id FROM run WHERE activity LIKE 'fine-tune%'")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    assertThat(ids).hasSize(1);
    return stack.lineage.findRun(ids.get(0)).orElseThrow();
  }

  private static TestActivityEnvironment environment(MetricsSink metrics) {
    ActivityContext ctx =
        new ActivityContext(
            stack.ctx.artifacts(),
            stack.lineage,
            stack.ctx.retention(),
            metrics,
            stack.ctx.workDir(),
            stack.ctx.codeVersion());
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new DatasetActivitiesImpl(ctx),
        new FeatureActivitiesImpl(ctx),
        new TrainingActivitiesImpl(ctx));
    return env;
  }

  private static ActivityOptions options() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(5))
        .setHeartbeatTimeout(Duration.ofMinutes(5))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
  }
}
