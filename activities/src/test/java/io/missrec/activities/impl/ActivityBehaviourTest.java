package io.missrec.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.activities.DatasetActivities;
import io.missrec.workflows.activities.FeatureActivities;
import io.missrec.workflows.activities.TrainingActivities;
import io.missrec.workflows.payload.ArtifactKind;
import io.missrec.workflows.payload.Checkpoint;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.FeatureRequest;
import io.missrec.workflows.payload.FeatureSet;
import io.missrec.workflows.payload.FeatureSpec;
import io.missrec.workflows.payload.FineTuneInput;
import io.missrec.workflows.payload.TrainingConfig;
import io.missrec.workflows.payload.TrainingDomain;
import io.missrec.workflows.payload.TrainingHeartbeat;
import io.missrec.workflows.payload.TrainingMode;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Activities one at a time: retries record nothing twice, bad input fails fast, resume. */
class ActivityBehaviourTest {
  @TempDir static Path dir;
  private static TestStack stack;
  private TestActivityEnvironment env;
  private DatasetActivities datasets;
  private FeatureActivities features;
  private TrainingActivities training;

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

  @BeforeEach
  void environment() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(stack.activities());
    ActivityOptions options =
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(5))
            .setHeartbeatTimeout(Duration.ofMinutes(5))
            .build();
    datasets = env.newActivityStub(DatasetActivities.class, options);
    features = env.newActivityStub(FeatureActivities.class, options);
    training = env.newActivityStub(TrainingActivities.class, options);
  }

  @AfterEach
  void closeEnvironment() {
    env.close();
  }

  @Test
  void repeatedIngestAndExtractionRecordNothingTwice() throws Exception {
    DatasetRef source = TestStack.synthetic("synth-a");
    DatasetRef snapshot = datasets.ingest(source);
    FeatureSet set = features.extract(new FeatureRequest(snapshot, TestStack.FEATURES));
    String before = stack.rowCounts();

    assertThat(datasets.ingest(source)).isEqualTo(snapshot);
    assertThat(features.extract(new FeatureRequest(snapshot, TestStack.FEATURES))).isEqualTo(set);
    assertThat(stack.rowCounts()).isEqualTo(before);
    assertThat(snapshot.sha256()).isNotNull();
    assertThat(
            stack.count("SELECT count(*) FROM dataset WHERE digest = '" + snapshot.sha256() + "'"))
        .isEqualTo(1);
    assertThat(set.dims()).containsEntry("text", 64).containsEntry("image", 32);
    // a pinned digest that does not match is refused
    DatasetRef wrong =
        new DatasetRef(source.uri(), "0".repeat(64), "synth-a-pinned", source.format());
    assertThat(failureOf(() -> datasets.ingest(wrong)).getType())
        .isEqualTo(ActivityErrors.DIGEST_MISMATCH);
  }

  @Test
  void missingFolderFailsFastAndRecordsNothing() throws Exception {
    String before = stack.rowCounts();
    DatasetRef missing =
        new DatasetRef(dir.resolve("nowhere").toUri().toString(), null, "nowhere", "unisrec");
    ApplicationFailure failure = failureOf(() -> datasets.ingest(missing));
    assertThat(failure.getType()).isEqualTo(ActivityErrors.INVALID_INPUT);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("nowhere").contains("does not exist");
    assertThat(stack.rowCounts()).isEqualTo(before);
  }

  @Test
  void malformedFileFailsFastNamingFileAndLine() throws Exception {
    Path generated = new DatasetSources(stack.ctx.workDir()).folder(TestStack.synthetic("synth-b"));
    Path copy = Files.createDirectories(dir.resolve("broken"));
    try (var files = Files.list(generated)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    Path train = copy.resolve("synth-b.train.inter");
    List<String> lines = new ArrayList<>(Files.readAllLines(train));
    lines.set(3, "0\t1 2 x\t3");
    Files.write(train, lines);
    String before = stack.rowCounts();
    ApplicationFailure failure =
        failureOf(
            () ->
                datasets.ingest(
                    new DatasetRef(copy.toUri().toString(), null, "broken", "unisrec")));
    assertThat(failure.getType()).isEqualTo(ActivityErrors.DATA_FORMAT);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("synth-b.train.inter").contains("4");
    assertThat(stack.rowCounts()).isEqualTo(before);
  }

  @Test
  void checkpointOfOtherWidthsIsRefusedAndResumeContinuesAtTheNextEpoch() throws Exception {
    DatasetRef snapshot = datasets.ingest(TestStack.synthetic("synth-c"));
    FeatureSet both = features.extract(new FeatureRequest(snapshot, TestStack.FEATURES));
    TrainingDomain target = new TrainingDomain(snapshot, both, null);
    Checkpoint epoch1 =
        training.fineTune(
            new FineTuneInput(target, TestStack.training(TrainingMode.INDUCTIVE, 1, null)));
    assertThat(epoch1.epoch()).isEqualTo(1);

    // text only: 64 wide, while the checkpoint also has a 32-wide image modality
    FeatureSet textOnly =
        features.extract(
            new FeatureRequest(snapshot, new FeatureSpec(Map.of("text", "precomputed:feat1CLS"))));
    String before = stack.rowCounts();
    ApplicationFailure mismatch =
        failureOf(
            () ->
                training.fineTune(
                    new FineTuneInput(
                        new TrainingDomain(snapshot, textOnly, null),
                        TestStack.training(TrainingMode.INDUCTIVE, 2, epoch1))));
    assertThat(mismatch.getType()).isEqualTo(ActivityErrors.INCOMPATIBLE_CHECKPOINT);
    assertThat(mismatch.isNonRetryable()).isTrue();
    assertThat(mismatch.getOriginalMessage()).contains("image=32").contains("text=64");
    assertThat(stack.rowCounts()).isEqualTo(before);

    // a retry whose last heartbeat names the epoch-1 checkpoint trains epoch 2 only
    List<TrainingHeartbeat> beats = new ArrayList<>();
    env.setActivityHeartbeatListener(TrainingHeartbeat.class, beats::add);
    env.setHeartbeatDetails(new TrainingHeartbeat(1, epoch1, epoch1, 0));
    Checkpoint resumed =
        training.fineTune(
            new FineTuneInput(target, TestStack.training(TrainingMode.INDUCTIVE, 2, null)));
    List<Integer> epochs =
        beats.stream().filter(b -> b.last() != null).map(b -> b.last().epoch()).distinct().toList();
    assertThat(epochs).as("epochs trained after resuming").containsExactly(2);
    assertThat(beats.get(beats.size() - 1).epoch()).isEqualTo(2);
    assertThat(resumed.epoch()).isBetween(1, 2);
    long run =
        stack.count(
            "SELECT id FROM run WHERE activity = 'fine-tune:synth-c' ORDER BY id DESC LIMIT 1");
    assertThat(stack.lineage.metrics(run))
        .filteredOn(p -> p.key().equals("train/loss"))
        .extracting(p -> p.step())
        .containsExactly(2L);
  }

  /**
   * A worker dies right after heartbeating epoch 1 of 3; the retry resumes from that heartbeat
   * (checkpoint, early-stopping state and optimizer state) and ends exactly where the uninterrupted
   * run ended: the same checkpoints and optimizer states, byte for byte, and the same losses and
   * valid metrics. The retry's only input from the dead attempt is its last heartbeat, so the test
   * hands it the uninterrupted run's epoch-1 heartbeat. Requests differ in patience alone (never
   * reached in 3 epochs), since the test environment's fixed workflow id would otherwise return the
   * finished run. A heartbeat without optimizer state (the format before it was stored) still
   * resumes, with Adam restarted, and ends elsewhere.
   */
  @Test
  void retriedTrainingEndsExactlyWhereAnUninterruptedRunEnds() throws Exception {
    DatasetRef snapshot = datasets.ingest(TestStack.synthetic("synth-c"));
    FeatureSet both = features.extract(new FeatureRequest(snapshot, TestStack.FEATURES));
    TrainingDomain target = new TrainingDomain(snapshot, both, null);
    List<TrainingHeartbeat> beats = new ArrayList<>();
    env.setActivityHeartbeatListener(TrainingHeartbeat.class, beats::add);

    Checkpoint straight = training.fineTune(new FineTuneInput(target, threeEpochs(10)));
    long straightRun = lastFineTuneRun();
    TrainingHeartbeat afterEpoch1 =
        beats.stream().filter(b -> b.epoch() == 1).findFirst().orElseThrow();
    assertThat(afterEpoch1.optimizerState()).isNotNull();
    assertThat(afterEpoch1.optimizerState().kind()).isEqualTo(ArtifactKind.OPTIMIZER_STATE);
    assertThat(afterEpoch1.optimizerState().uri()).contains("/optimizer_state/");

    env.setHeartbeatDetails(afterEpoch1);
    Checkpoint retried = training.fineTune(new FineTuneInput(target, threeEpochs(11)));
    long retriedRun = lastFineTuneRun();
    assertThat(retried).isEqualTo(straight);
    assertThat(epochOutputs(retriedRun)).as("epochs 2 and 3 only").hasSize(2);
    assertThat(epochOutputs(straightRun)).hasSize(3).containsAll(epochOutputs(retriedRun));
    assertThat(metricsFrom(retriedRun, 2)).isEqualTo(metricsFrom(straightRun, 2));

    TrainingHeartbeat oldFormat =
        new TrainingHeartbeat(
            afterEpoch1.epoch(),
            afterEpoch1.last(),
            afterEpoch1.best(),
            afterEpoch1.epochsWithoutGain());
    env.setHeartbeatDetails(oldFormat);
    training.fineTune(new FineTuneInput(target, threeEpochs(12)));
    long restartedRun = lastFineTuneRun();
    assertThat(epochOutputs(restartedRun))
        .hasSize(2)
        .doesNotContainAnyElementsOf(epochOutputs(straightRun));
    assertThat(metricsFrom(restartedRun, 2)).isNotEqualTo(metricsFrom(straightRun, 2));
  }

  @Test
  void trainingRunsRecordHowManyParametersTheyTrained() throws Exception {
    DatasetRef snapshot = datasets.ingest(TestStack.synthetic("synth-c"));
    FeatureSet both = features.extract(new FeatureRequest(snapshot, TestStack.FEATURES));
    TrainingDomain target = new TrainingDomain(snapshot, both, null);

    Checkpoint scratch =
        training.fineTune(
            new FineTuneInput(target, TestStack.training(TrainingMode.INDUCTIVE, 1, null)));
    Map<String, String> full = stack.lineage.params(lastFineTuneRun());
    training.fineTune(
        new FineTuneInput(target, TestStack.training(TrainingMode.INDUCTIVE, 1, scratch)));
    Map<String, String> efficient = stack.lineage.params(lastFineTuneRun());

    long total = Long.parseLong(full.get(TrainingActivitiesImpl.PARAMETERS_TOTAL));
    assertThat(total).isPositive();
    assertThat(full)
        .containsEntry(TrainingActivitiesImpl.PARAMETERS_TRAINABLE, Long.toString(total));
    assertThat(efficient)
        .containsEntry(TrainingActivitiesImpl.PARAMETERS_TOTAL, Long.toString(total));
    assertThat(Long.parseLong(efficient.get(TrainingActivitiesImpl.PARAMETERS_TRAINABLE)))
        .as("from a checkpoint the core is frozen (parameter-efficient)")
        .isPositive()
        .isLessThan(total);
  }

  private static TrainingConfig threeEpochs(int patience) {
    TrainingConfig c = TestStack.training(TrainingMode.INDUCTIVE, 3, null);
    return new TrainingConfig(
        c.mode(),
        c.epochs(),
        c.seed(),
        c.batchSize(),
        c.learningRate(),
        patience,
        c.initialCheckpoint(),
        c.overrides());
  }

  private long lastFineTuneRun() throws Exception {
    return stack.count(
        "SELECT id FROM run WHERE activity = 'fine-tune:synth-c' ORDER BY id DESC LIMIT 1");
  }

  /** Each epoch's "checkpoint -> optimizer state" pair that a run recorded. */
  private List<String> epochOutputs(long run) throws Exception {
    return stack.strings(
        "SELECT e.input_artifact_uri || ' -> ' || e.output_artifact_uri FROM lineage_edge e"
            + " JOIN artifact a ON a.uri = e.output_artifact_uri"
            + " WHERE a.kind = 'optimizer_state' AND e.role = 'weights' AND e.run_id = "
            + run);
  }

  /** Every metric a run logged from epoch {@code from} on, values to the last bit. */
  private List<String> metricsFrom(long run, int from) throws Exception {
    return stack.strings(
        "SELECT key || '@' || step || '=' || value::text FROM metric WHERE run_id = "
            + run
            + " AND step >= "
            + from
            + " AND key <> 'train/seconds' ORDER BY key, step");
  }

  private static ApplicationFailure failureOf(Runnable call) {
    try {
      call.run();
    } catch (ActivityFailure e) {
      assertThat(e.getCause()).isInstanceOf(ApplicationFailure.class);
      return (ApplicationFailure) e.getCause();
    }
    throw new AssertionError("expected the activity to fail");
  }
}
