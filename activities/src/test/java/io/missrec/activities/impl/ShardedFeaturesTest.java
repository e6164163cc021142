package io.missrec.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.model.data.FeatureTable;
import io.missrec.model.data.FeatureTableCodec;
import io.missrec.workflows.StageOptions;
import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.activities.DatasetActivities;
import io.missrec.workflows.activities.FeatureActivities;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.FeatureMergeRequest;
import io.missrec.workflows.payload.FeatureRequest;
import io.missrec.workflows.payload.FeatureSet;
import io.missrec.workflows.payload.FeatureShard;
import io.missrec.workflows.payload.FeatureShardRequest;
import io.missrec.workflows.payload.FeatureSpec;
import io.missrec.workflows.support.FeatureStage;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharded feature extraction with the real MiniLM encoder, PostgreSQL and S3Proxy: the workflow
 * fan-out on the test server, the merged table against the unsharded one, and shard retries.
 */
class ShardedFeaturesTest {
  private static final String QUEUE = "sharded-features-test";
  private static final int SHARD_ITEMS = 16;

  /** MiniLM text and a precomputed image table, so the merge also imports. */
  private static final FeatureSpec SPEC =
      new FeatureSpec(Map.of("text", "all-minilm-l6-v2", "image", "precomputed:feat3CLS"));

  @TempDir static Path dir;
  private static TestStack stack;
  private static TestWorkflowEnvironment env;
  private static TestActivityEnvironment activities;
  private static FeatureActivities features;
  private static DatasetRef snapshot;

  /** Ingest, validate and the features stage of the pipelines, nothing else. */
  @WorkflowInterface
  public interface FeaturesOnly {
    @WorkflowMethod
    FeatureSet run(DatasetRef source, FeatureSpec spec, int shardItems);
  }

  public static class FeaturesOnlyImpl implements FeaturesOnly {
    private final DatasetActivities datasets =
        Workflow.newActivityStub(DatasetActivities.class, StageOptions.CPU_WORK);
    private final FeatureActivities features =
        Workflow.newActivityStub(FeatureActivities.class, StageOptions.CPU_WORK);

    @Override
    public FeatureSet run(DatasetRef source, FeatureSpec spec, int shardItems) {
      return FeatureStage.extract(
          features, datasets.validate(datasets.ingest(source)), spec, shardItems);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    stack = new TestStack(dir);
    env = stack.workflowEnvironment();
    env.newWorker(QUEUE).registerWorkflowImplementationTypes(FeaturesOnlyImpl.class);
    env.start();
    activities = TestActivityEnvironment.newInstance();
    activities.registerActivitiesImplementations(stack.activities());
    ActivityOptions options =
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(5))
            .setHeartbeatTimeout(Duration.ofMinutes(5))
            .build();
    features = activities.newActivityStub(FeatureActivities.class, options);
    snapshot =
        activities
            .newActivityStub(DatasetActivities.class, options)
            .ingest(TestStack.synthetic("synth-a"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (activities != null) {
      activities.close();
    }
    if (env != null) {
      env.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shardsRunInParallelActivitiesAndMergeToTheUnshardedTableBitForBit() throws Exception {
    String workflowId = "features-sharded";
    FeatureSet sharded =
        env.getWorkflowClient()
            .newWorkflowStub(
                FeaturesOnly.class,
                WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(QUEUE).build())
            .run(TestStack.synthetic("synth-a"), SPEC, SHARD_ITEMS);

    // 60 items in shards of 16: [0,16) [16,32) [32,48) [48,60), text only
    List<String> scheduled =
        env.getWorkflowClient().fetchHistory(workflowId).getHistory().getEventsList().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .map(HistoryEvent::getActivityTaskScheduledEventAttributes)
            .map(a -> a.getActivityType().getName())
            .toList();
    assertThat(scheduled)
        .containsExactly(
            "DatasetIngest",
            "DatasetValidate",
            "FeatureExtractShard",
            "FeatureExtractShard",
            "FeatureExtractShard",
            "FeatureExtractShard",
            "FeatureMergeShards");
    assertThat(
            stack.count(
                "SELECT count(*) FROM run WHERE workflow_id = '"
                    + workflowId
                    + "' AND activity = 'feature-shard:synth-a:text'"))
        .isEqualTo(4);

    FeatureSet whole = features.extract(new FeatureRequest(snapshot, SPEC));
    assertThat(sharded).isEqualTo(whole); // same sha256 per table: the same bytes
    FeatureTable text =
        FeatureTableCodec.decode(
            new LocalArtifacts(stack.ctx).read(sharded.tables().get("text")), "merged");
    assertThat(text.numItems()).isEqualTo(60);
    assertThat(text.dim()).isEqualTo(384);
    assertThat(text.presentCount()).isEqualTo(60);
    assertThat(text.row(59)).isNotEqualTo(new float[384]);

    String table = sharded.tables().get("text").uri();
    assertThat(
            stack.count(
                "SELECT count(*) FROM lineage_edge WHERE role = 'shard:text'"
                    + " AND output_artifact_uri = '"
                    + table
                    + "'"))
        .isEqualTo(4);
  }

  @Test
  void aRetriedShardRecordsNothingTwiceAndBadShardsAreRefused() throws Exception {
    FeatureShardRequest first =
        new FeatureShardRequest(snapshot, "text", "all-minilm-l6-v2", 0, 30);
    FeatureShard shard = features.extractShard(first);
    String before = stack.rowCounts();
    long artifacts = stack.count("SELECT count(*) FROM artifact");

    assertThat(features.extractShard(first)).isEqualTo(shard);
    assertThat(stack.rowCounts()).isEqualTo(before);
    assertThat(stack.count("SELECT count(*) FROM artifact")).isEqualTo(artifacts);
    assertThat(shard.dim()).isEqualTo(384);

    FeatureShard last =
        features.extractShard(
            new FeatureShardRequest(snapshot, "text", "all-minilm-l6-v2", 31, 60));
    String beforeMerge = stack.rowCounts();
    ApplicationFailure gap =
        failureOf(
            () ->
                features.mergeShards(
                    new FeatureMergeRequest(snapshot, SPEC, List.of(shard, last))));
    assertThat(gap.getType()).isEqualTo(ActivityErrors.INVALID_INPUT);
    assertThat(gap.getOriginalMessage()).contains("text: items [30, 31) are in no shard");
    ApplicationFailure short_ =
        failureOf(
            () -> features.mergeShards(new FeatureMergeRequest(snapshot, SPEC, List.of(shard))));
    assertThat(short_.getOriginalMessage()).contains("[0, 30)").contains("60 items");
    ApplicationFailure overlap =
        failureOf(
            () ->
                features.mergeShards(
                    new FeatureMergeRequest(snapshot, SPEC, List.of(shard, shard, last))));
    assertThat(overlap.getOriginalMessage()).contains("overlaps");
    assertThat(stack.rowCounts()).isEqualTo(beforeMerge);

    ApplicationFailure beyond =
        failureOf(
            () ->
                features.extractShard(
                    new FeatureShardRequest(snapshot, "text", "all-minilm-l6-v2", 50, 61)));
    assertThat(beyond.getOriginalMessage()).contains("[50, 61)").contains("60 items");
    ApplicationFailure imported =
        failureOf(
            () ->
                features.extractShard(
                    new FeatureShardRequest(snapshot, "image", "precomputed:feat3CLS", 0, 10)));
    assertThat(imported.getOriginalMessage()).contains("not sharded");
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
