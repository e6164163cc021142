package io.missrec.workflows.progress;

import io.missrec.workflows.payload.Progress;
import io.temporal.failure.TemporalFailure;

/**
 * What every pipeline workflow implementation shares: its {@link PipelineProgress}, the query and
 * signal of {@link ProgressTracking} (which the subclass's workflow interface extends), and a
 * failed stage shown as such before the failure ends the run.
 *
 * @param <I> the workflow's request
 * @param <O> its result
 */
public abstract class TrackedPipeline<I, O> {
  protected final PipelineProgress progress = new PipelineProgress();

  /** Runs {@link #runStages}; a stage's failure marks the progress failed and is rethrown. */
  protected final O tracked(I request) {
    try {
      return runStages(request);
    } catch (TemporalFailure e) {
      progress.failed();
      throw e;
    }
  }

  /** The stages, one after another, entering each in {@link #progress}. */
  protected abstract O runStages(I request);

  /** {@link ProgressTracking#progress}. */
  public Progress progress() {
    return progress.current();
  }

  /** {@link ProgressTracking#reportProgress}. */
  public void reportProgress(Progress report) {
    progress.onTrainingReport(report);
  }
}
