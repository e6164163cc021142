package io.missrec.workflows.fakes;

import io.missrec.workflows.activities.TrainingActivities;
import io.missrec.workflows.payload.ArtifactKind;
import io.missrec.workflows.payload.Checkpoint;
import io.missrec.workflows.payload.FineTuneInput;
import io.missrec.workflows.payload.PretrainInput;
import io.missrec.workflows.payload.Progress;
import io.missrec.workflows.payload.Stage;
import io.missrec.workflows.payload.TrainingConfig;
import io.missrec.workflows.payload.TrainingHeartbeat;
import io.missrec.workflows.progress.ProgressReporter;
import io.missrec.workflows.progress.SignalProgressReporter;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A training stand-in that behaves like the contract says: one "epoch" per loop, a heartbeat with
 * the epoch's checkpoint, a progress report through the real {@link SignalProgressReporter}. It can
 * be held after a given epoch until the test opens the gate.
 */
public final class FakeTrainingActivities implements TrainingActivities {
  private final CallLog log;
  private final Failures failures;
  private final WorkflowClient client;
  private volatile int holdAfterEpoch = Integer.MAX_VALUE;
  private final CountDownLatch gate = new CountDownLatch(1);

  public FakeTrainingActivities(CallLog log, Failures failures, WorkflowClient client) {
    this.log = log;
    this.failures = failures;
    this.client = client;
  }

  /** Makes training wait after {@code epoch} until {@link #release()}. */
  public FakeTrainingActivities holdAfter(int epoch) {
    holdAfterEpoch = epoch;
    return this;
  }

  public void release() {
    gate.countDown();
  }

  @Override
  public Checkpoint pretrain(PretrainInput input) {
    String subject =
        input.interests().assignments().sha256().substring(0, 8) + "/" + input.domains().size();
    failures.maybeFail("TrainingPretrain", log.record(subject));
    return train(Stage.PRETRAINING, input.config(), "pretrain/" + subject);
  }

  @Override
  public Checkpoint fineTune(FineTuneInput input) {
    String subject = input.target().dataset().name() + "/" + input.config().mode();
    failures.maybeFail("TrainingFineTune", log.record(subject));
    String from =
        input.config().initialCheckpoint() == null
            ? "scratch"
            : input.config().initialCheckpoint().artifact().sha256().substring(0, 8);
    return train(Stage.FINE_TUNING, input.config(), "finetune/" + subject + "/" + from);
  }

  private Checkpoint train(Stage stage, TrainingConfig config, String key) {
    ProgressReporter reporter = SignalProgressReporter.forCurrentActivity(client);
    Checkpoint last = null;
    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      Map<String, Double> valid = Map.of("NDCG@10", epoch / 100.0);
      last =
          new Checkpoint(
              FakeCpuActivities.artifact(key + "/epoch-" + epoch, ArtifactKind.CHECKPOINT),
              epoch,
              config.mode(),
              valid);
      Activity.getExecutionContext().heartbeat(new TrainingHeartbeat(epoch, last, last, 0));
      reporter.report(new Progress(stage, epoch, config.epochs(), 1.0 / epoch, valid));
      if (epoch == holdAfterEpoch) {
        await();
      }
    }
    return last;
  }

  private void await() {
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released training");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
