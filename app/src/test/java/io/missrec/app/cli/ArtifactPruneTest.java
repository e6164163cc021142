package io.missrec.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.ArtifactRetention;
import io.missrec.activities.lineage.JdbcArtifactRetention;
import io.missrec.activities.lineage.LineageEdge;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.RunOutputs;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.lineage.RunStart;
import io.missrec.activities.lineage.RunStatus;
import io.missrec.activities.retention.ArtifactPruner;
import io.missrec.app.stack.AuditStorage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code missrec artifact prune} on a lineage built as the training, evaluation and transfer
 * activities record it, against a real PostgreSQL and the embedded S3: only intermediates of
 * finished runs that nothing consumed lose their bytes, lineage keeps them and says why they went,
 * and a model version's audit still passes.
 */
class ArtifactPruneTest {
  @TempDir Path dir;

  @Test
  void removesOnlyFinishedRunsIntermediatesThatNothingConsumed() throws Exception {
    try (AuditStorage storage = AuditStorage.start(dir, "prune")) {
      LineageStore lineage = storage.lineage();
      ArtifactRef features = put(storage, ArtifactKind.FEATURE_TABLE, "features");
      lineage.recordArtifact(features);

      // a finished training run: three epochs, the second one best and handed on
      RunStart training = RunStart.of("wf-train", "run-1", "fine-tune:synth-c", "c0ffee1");
      long trainingId = lineage.startRun(training).id();
      List<ArtifactRef> epochs = new ArrayList<>();
      List<ArtifactRef> adams = new ArrayList<>();
      for (int epoch = 1; epoch <= 3; epoch++) {
        epochs.add(epoch(storage, trainingId, features, "epoch " + epoch));
        adams.add(adamOf(storage, trainingId, epochs.get(epoch - 1), "adam " + epoch));
      }
      ArtifactRef best = epochs.get(1);
      ArtifactRef runReport = put(storage, ArtifactKind.RUN_REPORT, "report");
      lineage.completeRun(
          training,
          RunOutputs.builder()
              .artifact(runReport)
              .edge(RunOutputs.Edge.fromArtifact(best.uri(), runReport.uri(), "checkpoint"))
              .build());
      lineage.registerModelVersion("pruned", best.uri(), trainingId, Map.of());
      // another run started from epoch 1: that epoch is consumed too
      ArtifactRef transferred = put(storage, ArtifactKind.CHECKPOINT, "transferred");
      RunRecord transfer =
          lineage.completeRun(
              RunStart.of("wf-transfer", "run-1", "fine-tune:synth-d", "c0ffee1"),
              RunOutputs.builder()
                  .artifact(transferred)
                  .edge(
                      RunOutputs.Edge.fromArtifact(
                          epochs.get(0).uri(), transferred.uri(), "initial"))
                  .build());
      lineage.registerModelVersion("transferred", transferred.uri(), transfer.id(), Map.of());
      // a training run still going: nothing of it may go
      long runningId =
          lineage.startRun(RunStart.of("wf-running", "run-1", "fine-tune:synth-e", "c0ffee1")).id();
      ArtifactRef running = epoch(storage, runningId, features, "running epoch");
      ArtifactRef runningAdam = adamOf(storage, runningId, running, "running adam");

      List<ArtifactRef> removable =
          List.of(epochs.get(2), adams.get(0), adams.get(1), adams.get(2));
      ArtifactRetention retention = new JdbcArtifactRetention(storage.dataSource());
      assertThat(retention.intermediatesOf("wf-train"))
          .as("what the training workflow's own clean-up would remove")
          .extracting(ArtifactRef::uri)
          .containsExactlyInAnyOrderElementsOf(removable.stream().map(ArtifactRef::uri).toList());
      assertThat(retention.intermediatesOf("wf-running")).as("a run still going").isEmpty();
      assertThat(retention.intermediatesOf("wf-transfer")).as("registered output").isEmpty();

      CliRun both = run(storage, "prune", "--workflow", "wf-train", "--older-than", "P1D");
      assertThat(both.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
      assertThat(both.err()).contains("not several");
      CliRun ofRunning = run(storage, "prune", "--workflow", "wf-running");
      assertThat(ofRunning.out()).as("a run still going").contains("removed 0 artifacts");

      CliRun dryRun = run(storage, "prune", "--dry-run");
      assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
      assertThat(dryRun.out()).contains("would remove 4 artifacts");
      removable.forEach(a -> assertThat(dryRun.out()).contains(a.uri()));
      removable.forEach(a -> assertThat(storage.artifacts().exists(a)).isTrue());

      CliRun recent = run(storage, "prune", "--older-than", "P1D");
      assertThat(recent.out()).as("every run finished just now").contains("removed 0 artifacts");
      assertThat(run(storage, "prune", "--older-than", "-PT1S").exitCode())
          .isEqualTo(CliErrors.BAD_INPUT);

      CliRun prune = run(storage, "prune");
      assertThat(prune.exitCode()).as(prune.err()).isZero();
      assertThat(prune.out()).contains("removed 4 artifacts");
      for (ArtifactRef gone : removable) {
        assertThat(storage.artifacts().exists(gone)).as(gone.uri()).isFalse();
        assertThat(lineage.findArtifact(gone.uri())).as("lineage keeps " + gone.uri()).isPresent();
      }
      assertThat(lineage.edgesInto(epochs.get(2).uri())).isNotEmpty();
      for (ArtifactRef kept :
          List.of(features, epochs.get(0), best, runReport, transferred, running, runningAdam)) {
        assertThat(storage.artifacts().exists(kept)).as(kept.uri()).isTrue();
      }
      assertThat(retention.lastRemoval(epochs.get(2).uri()))
          .hasValueSatisfying(
              r -> assertThat(r.reason()).isEqualTo(ArtifactRetention.INTERMEDIATE));
      assertThat(retention.lastRemoval(best.uri())).isEmpty();
      try (java.sql.Connection c = storage.dataSource().getConnection();
          java.sql.Statement st = c.createStatement()) {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> st.executeUpdate("DELETE FROM artifact_removal"))
            .as("the removal record is append-only")
            .hasMessageContaining("lineage rows are immutable");
      }

      assertThat(run(storage, "prune").out()).as("a second prune").contains("removed 0 artifacts");
      CliRun verifyGone = run(storage, "verify", epochs.get(2).uri());
      assertThat(verifyGone.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
      assertThat(verifyGone.err())
          .contains(epochs.get(2).uri() + " was removed on")
          .contains(ArtifactRetention.INTERMEDIATE);

      StringWriter out = new StringWriter();
      int audit =
          LineageCommand.commandLine(new LineageCommand(storage::settings))
              .setOut(new PrintWriter(out))
              .setErr(new PrintWriter(new StringWriter()))
              .execute("verify", "pruned:1");
      assertThat(audit).as("the model's lineage still verifies\n" + out).isZero();
    }
  }

  @Test
  void keepsTheLatestListsOfEachFeedAndRemovesTheSupersededOnes() throws Exception {
    try (AuditStorage storage = AuditStorage.start(dir, "prune-lists")) {
      LineageStore lineage = storage.lineage();
      ArtifactRef v1 = put(storage, ArtifactKind.CHECKPOINT, "model v1");
      ArtifactRef v2 = put(storage, ArtifactKind.CHECKPOINT, "model v2");
      lineage.recordArtifact(v1);
      lineage.recordArtifact(v2);
      // nightly lists of synth-a from v1; the fifth night gives the first night's lists again
      List<ArtifactRef> nightly = new ArrayList<>();
      for (int night = 1; night <= 4; night++) {
        nightly.add(served(storage, "night-" + night, v1, "synth-a", "lists a " + night));
      }
      served(storage, "night-5", v1, "synth-a", "lists a 1");
      ArtifactRef fromV2 = served(storage, "v2-night-1", v2, "synth-a", "lists a from v2");
      ArtifactRef otherOld = served(storage, "b-night-1", v1, "synth-b", "lists b 1");
      ArtifactRef otherNew = served(storage, "b-night-2", v1, "synth-b", "lists b 2");
      // a serving run still going has recorded nothing yet; its bytes are not a feed's
      ArtifactRef unrecorded = put(storage, ArtifactKind.RECOMMENDATIONS, "lists in flight");

      assertThat(run(storage, "prune", "--keep", "2").err()).contains("it needs --lists");
      assertThat(run(storage, "prune", "--lists", "--keep", "0").exitCode())
          .isEqualTo(CliErrors.BAD_INPUT);
      assertThat(run(storage, "prune", "--lists", "--workflow", "night-1").err())
          .contains("not several");
      assertThat(run(storage, "prune", "--lists", "--keep", "2", "--older-than", "P1D").out())
          .as("every list produced just now")
          .contains("removed 0 artifacts");

      // synth-a from v1, newest first: lists 1 (again on night 5), 4, then 3 and 2 superseded
      List<ArtifactRef> superseded = List.of(nightly.get(1), nightly.get(2));
      CliRun dryRun = run(storage, "prune", "--lists", "--keep", "2", "--dry-run");
      assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
      assertThat(dryRun.out()).contains("would remove 2 artifacts");
      superseded.forEach(a -> assertThat(dryRun.out()).contains(a.uri()));

      CliRun prune = run(storage, "prune", "--lists", "--keep", "2");
      assertThat(prune.exitCode()).as(prune.err()).isZero();
      assertThat(prune.out()).contains("removed 2 artifacts");
      for (ArtifactRef gone : superseded) {
        assertThat(storage.artifacts().exists(gone)).as(gone.uri()).isFalse();
        assertThat(lineage.findArtifact(gone.uri())).as("lineage keeps " + gone.uri()).isPresent();
      }
      for (ArtifactRef kept :
          List.of(nightly.get(0), nightly.get(3), fromV2, otherOld, otherNew, unrecorded, v1, v2)) {
        assertThat(storage.artifacts().exists(kept)).as(kept.uri()).isTrue();
      }
      ArtifactRetention retention = new JdbcArtifactRetention(storage.dataSource());
      assertThat(retention.lastRemoval(nightly.get(1).uri()))
          .hasValueSatisfying(
              r -> assertThat(r.reason()).isEqualTo(ArtifactRetention.superseded(2)));
      assertThat(run(storage, "verify", nightly.get(2).uri()).err())
          .contains("was removed on")
          .contains("superseded by the latest 2 of their feed");

      assertThat(run(storage, "prune", "--lists").out())
          .as("the default keeps 3: nothing more")
          .contains("removed 0 artifacts");
      assertThat(retention.supersededLists(1, java.time.Duration.ZERO))
          .extracting(ArtifactRef::uri)
          .as("keeping only the latest: each feed's older lists, stored or not")
          .containsExactlyInAnyOrder(
              nightly.get(1).uri(), nightly.get(2).uri(), nightly.get(3).uri(), otherOld.uri());
      assertThat(run(storage, "prune").out())
          .as("lists are not training intermediates")
          .contains("removed 0 artifacts");
    }
  }

  /** Lists as the serving activity records them: an edge from the checkpoint that scored them. */
  private static ArtifactRef served(
      AuditStorage storage,
      String workflowId,
      ArtifactRef checkpoint,
      String dataset,
      String lines) {
    ArtifactRef lists = put(storage, ArtifactKind.RECOMMENDATIONS, lines);
    storage
        .lineage()
        .completeRun(
            RunStart.of(workflowId, "run-1", "recommend:" + dataset, "c0ffee1"),
            RunOutputs.builder()
                .artifact(checkpoint)
                .artifact(lists)
                .edge(RunOutputs.Edge.fromArtifact(checkpoint.uri(), lists.uri(), "checkpoint"))
                .build());
    return lists;
  }

  @Test
  void removesTheIntermediatesOfFailedRunsThatNoRetryResumed() throws Exception {
    try (AuditStorage storage = AuditStorage.start(dir, "prune-failed")) {
      LineageStore lineage = storage.lineage();
      ArtifactRef features = put(storage, ArtifactKind.FEATURE_TABLE, "features");
      lineage.recordArtifact(features);

      // a training run that failed after two epochs, and stayed failed
      RunStart abandoned = RunStart.of("wf-gave-up", "run-1", "fine-tune:synth-c", "c0ffee1");
      long abandonedId = lineage.startRun(abandoned).id();
      ArtifactRef first = epoch(storage, abandonedId, features, "gave up, epoch 1");
      ArtifactRef firstAdam = adamOf(storage, abandonedId, first, "gave up, adam 1");
      ArtifactRef second = epoch(storage, abandonedId, features, "gave up, epoch 2");
      // another run started from its first epoch: consumed, so kept
      ArtifactRef started = put(storage, ArtifactKind.CHECKPOINT, "started from epoch 1");
      RunRecord fromIt =
          lineage.completeRun(
              RunStart.of("wf-from-it", "run-1", "fine-tune:synth-d", "c0ffee1"),
              RunOutputs.builder()
                  .artifact(started)
                  .edge(RunOutputs.Edge.fromArtifact(first.uri(), started.uri(), "initial"))
                  .build());
      lineage.registerModelVersion("from-it", started.uri(), fromIt.id(), Map.of());
      lineage.finishRun(abandonedId, RunStatus.FAILED);

      // one that failed and was retried: its run is running again, the retry resumes its epoch
      RunStart retried = RunStart.of("wf-retried", "run-1", "fine-tune:synth-e", "c0ffee1");
      long retriedId = lineage.startRun(retried).id();
      ArtifactRef resumed = epoch(storage, retriedId, features, "retried, epoch 1");
      lineage.finishRun(retriedId, RunStatus.FAILED);
      lineage.startRun(retried);

      // one that failed, its epoch also produced by a run that succeeded: the succeeded run's rules
      long failedTwinId =
          lineage.startRun(RunStart.of("wf-twin-failed", "run-1", "fine-tune:a", "c0ffee1")).id();
      ArtifactRef twin = epoch(storage, failedTwinId, features, "same bytes");
      lineage.finishRun(failedTwinId, RunStatus.FAILED);
      RunStart succeeded = RunStart.of("wf-twin-ok", "run-1", "fine-tune:b", "c0ffee1");
      long succeededId = lineage.startRun(succeeded).id();
      epoch(storage, succeededId, features, "same bytes");
      ArtifactRef report = put(storage, ArtifactKind.RUN_REPORT, "twin report");
      lineage.completeRun(
          succeeded,
          RunOutputs.builder()
              .artifact(report)
              .edge(RunOutputs.Edge.fromArtifact(twin.uri(), report.uri(), "checkpoint"))
              .build());

      CliRun byDefault = run(storage, "prune", "--failed");
      assertThat(byDefault.exitCode()).as(byDefault.err()).isZero();
      assertThat(byDefault.out())
          .as("by default a failed run must be a day old: a retry may still resume it")
          .contains("removed 0 artifacts");
      assertThat(run(storage, "prune", "--failed", "--lists").err()).contains("not several");
      assertThat(run(storage, "prune").out())
          .as("the succeeded runs' rule leaves failed runs alone")
          .contains("removed 0 artifacts");

      CliRun dryRun = run(storage, "prune", "--failed", "--older-than", "PT0S", "--dry-run");
      assertThat(dryRun.out()).contains("would remove 2 artifacts");
      CliRun prune = run(storage, "prune", "--failed", "--older-than", "PT0S");
      assertThat(prune.exitCode()).as(prune.err()).isZero();
      assertThat(prune.out()).contains("removed 2 artifacts");
      for (ArtifactRef gone : List.of(firstAdam, second)) {
        assertThat(storage.artifacts().exists(gone)).as(gone.uri()).isFalse();
        assertThat(new JdbcArtifactRetention(storage.dataSource()).lastRemoval(gone.uri()))
            .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(ArtifactRetention.ABANDONED));
      }
      for (ArtifactRef kept : List.of(features, first, started, resumed, twin, report)) {
        assertThat(storage.artifacts().exists(kept)).as(kept.uri()).isTrue();
      }

      // a retry that starts between the listing and the removal keeps what it resumes from
      RunStart late = RunStart.of("wf-late-retry", "run-1", "fine-tune:synth-f", "c0ffee1");
      long lateId = lineage.startRun(late).id();
      ArtifactRef lateEpoch = epoch(storage, lateId, features, "late retry, epoch 1");
      lineage.finishRun(lateId, RunStatus.FAILED);
      ArtifactPruner pruner =
          new ArtifactPruner(new JdbcArtifactRetention(storage.dataSource()), storage.artifacts());
      List<ArtifactRef> listed = pruner.abandoned(Duration.ZERO);
      assertThat(listed).extracting(ArtifactRef::uri).containsExactly(lateEpoch.uri());
      lineage.startRun(late);
      assertThat(
              pruner.remove(
                  listed, pruner.abandoned(Duration.ZERO, ArtifactRetention.ABANDONED), a -> {}))
          .isEmpty();
      assertThat(storage.artifacts().exists(lateEpoch)).isTrue();
    }
  }

  /** An epoch checkpoint as training records it: an edge from each input. */
  private static ArtifactRef epoch(
      AuditStorage storage, long runId, ArtifactRef input, String content) {
    return produced(storage, runId, ArtifactKind.CHECKPOINT, content, input, "features");
  }

  /** The optimizer state after an epoch, linked from its checkpoint as training links it. */
  private static ArtifactRef adamOf(
      AuditStorage storage, long runId, ArtifactRef checkpoint, String content) {
    return produced(storage, runId, ArtifactKind.OPTIMIZER_STATE, content, checkpoint, "weights");
  }

  private static ArtifactRef produced(
      AuditStorage storage,
      long runId,
      ArtifactKind kind,
      String content,
      ArtifactRef input,
      String role) {
    ArtifactRef output = put(storage, kind, content);
    storage.lineage().recordArtifact(output);
    storage
        .lineage()
        .recordEdges(List.of(LineageEdge.fromArtifact(input.uri(), output.uri(), runId, role)));
    return output;
  }

  private static ArtifactRef put(AuditStorage storage, ArtifactKind kind, String content) {
    return storage
        .artifacts()
        .put(kind, content.getBytes(StandardCharsets.UTF_8), "application/octet-stream");
  }

  private static CliRun run(AuditStorage storage, String... args) {
    return ArtifactCommandTest.run(storage.settings(), args);
  }
}
