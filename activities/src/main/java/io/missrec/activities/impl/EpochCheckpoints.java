package io.missrec.activities.impl;

import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.DeterministicArchive;
import io.missrec.activities.lineage.LineageEdge;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.metrics.TrackedRun;
import io.missrec.model.train.Checkpoints;
import io.missrec.model.train.EpochStats;
import io.missrec.model.train.MissRecModel;
import io.missrec.model.train.ResumableAdam;
import io.missrec.model.train.TrainingListener;
import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.payload.Checkpoint;
import io.missrec.workflows.payload.Progress;
import io.missrec.workflows.payload.Stage;
import io.missrec.workflows.payload.TrainingHeartbeat;
import io.missrec.workflows.payload.TrainingMode;
import io.missrec.workflows.progress.ProgressReporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a training activity does at every epoch end: fail on a non-finite loss; save, upload and
 * record the checkpoint (edges from every input) and, as an artifact of its own, the optimizer
 * state (an edge from the checkpoint); log loss and valid metrics; heartbeat a {@link
 * TrainingHeartbeat} whose checkpoint and optimizer state are already stored; report progress to
 * the workflow. The optimizer state stays out of the checkpoint, which the registry serves and
 * which must stay small.
 */
final class EpochCheckpoints implements TrainingListener {

  /** An input of the run and its role in the lineage edges into each checkpoint. */
  record Input(String uri, String role) {}

  private final LocalArtifacts artifacts;
  private final LineageStore lineage;
  private final long runId;
  private final List<Input> inputs;
  private final TrackedRun tracked;
  private final Consumer<TrainingHeartbeat> heartbeat;
  private final ProgressReporter progress;
  private final Stage stage;
  private final TrainingMode mode;
  private final int totalEpochs;
  private final Path scratch;
  private final String note;
  private Checkpoint last;
  private io.missrec.workflows.payload.ArtifactRef lastOptimizer;
  private Checkpoint best;
  private int epochsWithoutGain;

  EpochCheckpoints(
      LocalArtifacts artifacts,
      LineageStore lineage,
      long runId,
      List<Input> inputs,
      TrackedRun tracked,
      Consumer<TrainingHeartbeat> heartbeat,
      ProgressReporter progress,
      Stage stage,
      TrainingMode mode,
      int totalEpochs,
      String note,
      TrainingHeartbeat resumed) {
    this.artifacts = artifacts;
    this.lineage = lineage;
    this.runId = runId;
    this.inputs = List.copyOf(inputs);
    this.tracked = tracked;
    this.heartbeat = heartbeat;
    this.progress = progress;
    this.stage = stage;
    this.mode = mode;
    this.totalEpochs = totalEpochs;
    this.note = note;
    this.scratch = artifacts.scratch("checkpoints");
    if (resumed != null) {
      last = resumed.last();
      lastOptimizer = resumed.optimizerState();
      best = resumed.best();
      epochsWithoutGain = resumed.epochsWithoutGain();
    }
  }

  @Override
  public void onEpochEnd(EpochStats stats, MissRecModel model) {
    throw new IllegalStateException("training checkpoints need the optimizer's state");
  }

  @Override
  public void onEpochEnd(EpochStats stats, MissRecModel model, ResumableAdam optimizer) {
    int epoch = stats.epoch();
    if (!Double.isFinite(stats.loss())) {
      throw ActivityErrors.trainingDiverged(epoch, stats.loss());
    }
    Path dir = scratch.resolve("epoch-" + epoch);
    Checkpoints.save(model, epoch, note + ", epoch " + epoch, dir);
    Path adamFile = scratch.resolve("epoch-" + epoch + ".adam");
    optimizer.state().write(adamFile);
    ArtifactRef stored;
    ArtifactRef adam;
    try {
      stored = artifacts.putFolder(ArtifactKind.CHECKPOINT, dir);
      lineage.recordArtifact(stored);
      adam =
          artifacts.putFile(ArtifactKind.OPTIMIZER_STATE, adamFile, LocalArtifacts.OPTIMIZER_STATE);
      lineage.recordArtifact(adam);
      List<LineageEdge> edges = new ArrayList<>();
      for (Input input : inputs) {
        edges.add(LineageEdge.fromArtifact(input.uri(), stored.uri(), runId, input.role()));
      }
      // the optimizer state belongs to these weights; through them it derives from the inputs
      edges.add(LineageEdge.fromArtifact(stored.uri(), adam.uri(), runId, "weights"));
      lineage.recordEdges(edges);
      // Content addressing: another run's identical epoch may have been pruned between the upload
      // (skipped, the bytes being there) and these edges. Once the edges are in, no prune removes
      // them (it re-checks under the row lock the edges' foreign keys wait for), so put back
      // whatever went.
      if (!artifacts.exists(stored)) {
        artifacts.putFolder(ArtifactKind.CHECKPOINT, dir);
      }
      if (!artifacts.exists(adam)) {
        artifacts.putFile(ArtifactKind.OPTIMIZER_STATE, adamFile, LocalArtifacts.OPTIMIZER_STATE);
      }
    } finally {
      try {
        DeterministicArchive.deleteTree(dir);
        Files.deleteIfExists(adamFile);
      } catch (IOException e) {
        // scratch space, deleted with the folder
      }
    }
    Map<String, Double> valid = MetricNames.display(stats.valid());
    last = new Checkpoint(LocalArtifacts.toPayload(stored), epoch, mode, valid);
    lastOptimizer = LocalArtifacts.toPayload(adam);
    if (stats.improved() || best == null) {
      best = last;
      epochsWithoutGain = 0;
    } else {
      epochsWithoutGain++;
    }
    List<MetricPoint> points = new ArrayList<>();
    points.add(new MetricPoint("train/loss", stats.loss(), epoch));
    points.add(new MetricPoint("train/seconds", stats.trainSeconds(), epoch));
    valid.forEach((key, value) -> points.add(new MetricPoint("valid/" + key, value, epoch)));
    tracked.logMetrics(points);
    heartbeat.accept(current());
    progress.report(new Progress(stage, epoch, totalEpochs, stats.loss(), valid));
  }

  TrainingHeartbeat current() {
    return new TrainingHeartbeat(
        last == null ? 0 : last.epoch(), last, best, epochsWithoutGain, lastOptimizer);
  }

  /** The best checkpoint so far (the last one if none improved), or null before any epoch. */
  Checkpoint best() {
    return best != null ? best : last;
  }

  void cleanUp() {
    try {
      DeterministicArchive.deleteTree(scratch);
    } catch (IOException e) {
      // scratch space only
    }
  }
}
