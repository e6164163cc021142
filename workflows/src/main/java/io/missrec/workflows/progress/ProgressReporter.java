package io.missrec.workflows.progress;

import io.missrec.workflows.payload.Progress;

/**
 * Where a training activity sends per-epoch progress. Reporting is best effort: implementations
 * never throw, since losing a progress update must not fail training.
 */
@FunctionalInterface
public interface ProgressReporter {
  void report(Progress progress);
}
