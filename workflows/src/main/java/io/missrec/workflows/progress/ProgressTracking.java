package io.missrec.workflows.progress;

import io.missrec.workflows.payload.Progress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;

/**
 * The progress part every pipeline workflow interface extends: a query for callers and a signal the
 * training activity sends through {@link SignalProgressReporter}.
 */
public interface ProgressTracking {
  /** Signal name of {@link #reportProgress}, shared by every pipeline workflow type. */
  String SIGNAL = "reportProgress";

  /** Where the pipeline is now. */
  @QueryMethod
  Progress progress();

  /**
   * Training progress from the running training activity. Ignored outside a training stage (a late
   * signal from an earlier attempt must not move the pipeline back).
   */
  @SignalMethod(name = SIGNAL)
  void reportProgress(Progress progress);
}
