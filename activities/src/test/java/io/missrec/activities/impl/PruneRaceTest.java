package io.missrec.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.ArtifactStore;
import io.missrec.activities.lineage.ArtifactRetention;
import io.missrec.activities.lineage.JdbcArtifactRetention;
import io.missrec.activities.lineage.LineageEdge;
import io.missrec.activities.lineage.RunOutputs;
import io.missrec.activities.lineage.RunStart;
import io.missrec.activities.metrics.LineageMetricsSink;
import io.missrec.activities.retention.ArtifactPruner;
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
import io.temporal.testing.TestActivityEnvironment;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Content addressing lets two runs produce the same artifact, so a prune of one run's intermediates
 * can meet another run that is just recording identical bytes as its own. Both orders, against the
 * real PostgreSQL and S3 endpoint: the prune re-checks under the artifact's row lock, and training
 * puts back bytes that went before its edges were in.
 */
class PruneRaceTest {
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
  void anEdgeRecordedWhileThePruneRunsMakesItKeepTheArtifact() throws Exception {
    ArtifactStore store = stack.ctx.artifacts();
    ArtifactRetention retention = new JdbcArtifactRetention(stack.db.dataSource());
    ArtifactRef features = put(ArtifactKind.FEATURE_TABLE, "race features");
    stack.lineage.recordArtifact(features);
    // a finished run whose epoch nothing consumed: an intermediate
    RunStart finished = RunStart.of("wf-finished", "run-1", "fine-tune:race", "c0ffee1");
    long finishedId = stack.lineage.startRun(finished).id();
    ArtifactRef epoch = put(ArtifactKind.CHECKPOINT, "race epoch");
    stack.lineage.recordArtifact(epoch);
    stack.lineage.recordEdges(
        List.of(LineageEdge.fromArtifact(features.uri(), epoch.uri(), finishedId, "features")));
    stack.lineage.completeRun(finished, RunOutputs.builder().build());
    long runningId =
        stack
            .lineage
            .startRun(RunStart.of("wf-running", "run-1", "fine-tune:race-2", "c0ffee1"))
            .id();
    ArtifactPruner pruner = new ArtifactPruner(retention, store);
    assertThat(pruner.candidates(Duration.ZERO)).contains(epoch);

    // the running run produces the same bytes and records its edge, not yet committed
    try (Connection running = stack.db.dataSource().getConnection()) {
      running.setAutoCommit(false);
      try (PreparedStatement st =
          running.prepareStatement(
              "INSERT INTO lineage_edge (input_artifact_uri, output_artifact_uri, run_id, role)"
                  + " VALUES (?, ?, ?, 'features')")) {
        st.setString(1, features.uri());
        st.setString(2, epoch.uri());
        st.setLong(3, runningId);
        st.executeUpdate();
      }
      CompletableFuture<List<ArtifactRef>> prune =
          CompletableFuture.supplyAsync(
              () ->
                  pruner.remove(
                      List.of(epoch), pruner.intermediates(Duration.ZERO, "race"), removed -> {}));
      Thread.sleep(500);
      assertThat(prune).as("the prune waits for the run's transaction").isNotDone();
      running.commit();

      assertThat(prune.get(30, TimeUnit.SECONDS)).as("nothing removed").isEmpty();
    }
    assertThat(store.exists(epoch)).isTrue();
    assertThat(retention.lastRemoval(epoch.uri())).isEmpty();
  }

  @Test
  void trainingPutsBackBytesThatWentBeforeItsEdgesWereIn() throws Exception {
    // every checkpoint and optimizer state vanishes right after its first upload, as if another
    // run's identical bytes had been pruned between this upload and this run's edges
    ForgetfulStore forgetful = new ForgetfulStore(stack.ctx.artifacts());
    ActivityContext ctx =
        new ActivityContext(
            forgetful,
            stack.lineage,
            stack.ctx.retention(),
            new LineageMetricsSink(stack.lineage),
            stack.ctx.workDir(),
            stack.ctx.codeVersion());
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(
          new DatasetActivitiesImpl(ctx),
          new FeatureActivitiesImpl(ctx),
          new TrainingActivitiesImpl(ctx));
      ActivityOptions options =
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(5))
              .setHeartbeatTimeout(Duration.ofMinutes(5))
              .build();
      DatasetActivities datasets = env.newActivityStub(DatasetActivities.class, options);
      FeatureActivities features = env.newActivityStub(FeatureActivities.class, options);
      TrainingActivities training = env.newActivityStub(TrainingActivities.class, options);
      DatasetRef snapshot = datasets.ingest(TestStack.synthetic("synth-c"));
      FeatureSet both = features.extract(new FeatureRequest(snapshot, TestStack.FEATURES));

      training.fineTune(
          new FineTuneInput(
              new TrainingDomain(snapshot, both, null),
              TestStack.training(TrainingMode.INDUCTIVE, 2, null)));
    } finally {
      env.close();
    }

    assertThat(forgetful.forgotten())
        .as("two epochs: two checkpoints, two optimizer states")
        .hasSize(4);
    for (String uri : forgetful.forgotten()) {
      assertThat(stack.ctx.artifacts().exists(uri)).as(uri + " is stored again").isTrue();
      stack.ctx.artifacts().verify(uri);
    }
  }

  private static ArtifactRef put(ArtifactKind kind, String content) {
    return stack
        .ctx
        .artifacts()
        .put(kind, content.getBytes(StandardCharsets.UTF_8), "application/octet-stream");
  }

  /** Removes each checkpoint and optimizer state once, right after its first upload. */
  private static final class ForgetfulStore implements ArtifactStore {
    private final ArtifactStore real;
    private final Set<String> forgotten = new HashSet<>();

    ForgetfulStore(ArtifactStore real) {
      this.real = real;
    }

    synchronized Set<String> forgotten() {
      return Set.copyOf(forgotten);
    }

    @Override
    public ArtifactRef put(ArtifactKind kind, Path file, String mediaType) {
      ArtifactRef ref = real.put(kind, file, mediaType);
      forgetOnce(ref);
      return ref;
    }

    @Override
    public ArtifactRef put(ArtifactKind kind, byte[] content, String mediaType) {
      ArtifactRef ref = real.put(kind, content, mediaType);
      forgetOnce(ref);
      return ref;
    }

    private synchronized void forgetOnce(ArtifactRef ref) {
      boolean intermediateKind =
          ref.kind() == ArtifactKind.CHECKPOINT || ref.kind() == ArtifactKind.OPTIMIZER_STATE;
      if (intermediateKind && forgotten.add(ref.uri())) {
        real.remove(ref.uri());
      }
    }

    @Override
    public InputStream open(String uri) {
      return real.open(uri);
    }

    @Override
    public Path download(String uri, Path target) {
      return real.download(uri, target);
    }

    @Override
    public byte[] readAllBytes(String uri) {
      return real.readAllBytes(uri);
    }

    @Override
    public boolean exists(String uri) {
      return real.exists(uri);
    }

    @Override
    public void remove(String uri) {
      real.remove(uri);
    }

    @Override
    public void verify(String uri) {
      real.verify(uri);
    }
  }
}
