/**
 * Training progress, from the training activity to the workflow's {@code progress()} query.
 *
 * <p>Design: training stays one long activity per run (model, optimizer and data stay in GPU
 * memory; early stopping and best-model selection stay in the trainer). Its heartbeats carry a
 * {@link io.missrec.workflows.payload.TrainingHeartbeat} (the last stored checkpoint) so a retry
 * resumes, but workflows cannot read heartbeats; so each epoch the activity also signals the
 * workflow through a {@link io.missrec.workflows.progress.ProgressReporter} ({@link
 * io.missrec.workflows.progress.SignalProgressReporter}), which the workflow keeps in a {@link
 * io.missrec.workflows.progress.PipelineProgress}. Signals are in the history, so queries give the
 * same answer after replay. Cost: one history event per epoch. Rejected: one activity per epoch
 * (reloads model and data every epoch, three events per epoch, early stopping moved into workflow
 * code).
 */
package io.missrec.workflows.progress;
