package io.missrec.app.status;

import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.Progress;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What the commands that start a pipeline print while they wait for it: how to watch it from
 * another shell, one line per progress change (seconds since the start, stage, bar, metrics), and
 * the registered version at the end.
 */
public final class RunFollower {
  /** Waits for a workflow's result, handing it every progress change. */
  @FunctionalInterface
  public interface Await<T> {
    T await(Consumer<Progress> onProgress) throws InterruptedException;
  }

  private final PrintStream out;
  private final String temporalAddress;

  /**
   * @param temporalAddress where the workflow's Temporal frontend is, for the watch hint
   */
  public RunFollower(PrintStream out, String temporalAddress) {
    this.out = out;
    this.temporalAddress = temporalAddress;
  }

  /**
   * Prints the workflow id ({@code note} after it, e.g. that the start attached to a run already
   * going) and the watch hint, then follows the progress until {@code await} returns.
   *
   * @throws io.temporal.client.WorkflowFailedException when the workflow failed
   */
  public <T> T follow(String workflowId, String note, Await<T> await) throws InterruptedException {
    out.println("workflow  " + workflowId + (note == null || note.isEmpty() ? "" : "  " + note));
    out.println(
        "          (watch from another shell: TEMPORAL_ADDRESS="
            + temporalAddress
            + " ./missrec status "
            + workflowId
            + ")");
    ProgressView view = new ProgressView(StagePlan.forWorkflowId(workflowId));
    long t0 = System.nanoTime();
    return await.await(
        p ->
            out.printf(
                Locale.ROOT, "  %5.1fs  %s%n", (System.nanoTime() - t0) / 1e9, view.line(p)));
  }

  /** {@code model version name:version checkpoint uri (epoch n)}. */
  public void printVersion(PipelineResult result) {
    out.println(
        "model version "
            + result.modelVersion().name()
            + ":"
            + result.modelVersion().version()
            + "  checkpoint "
            + result.checkpoint().artifact().uri()
            + " (epoch "
            + result.checkpoint().epoch()
            + ")");
    if (result.pruned() != null && result.pruned().artifacts() > 0) {
      int count = result.pruned().artifacts();
      out.printf(
          Locale.ROOT,
          "removed %d training intermediate%s (%.1f MiB) that nothing uses; lineage keeps their"
              + " digests (pretrain or transfer --keep-intermediates keeps them)%n",
          count,
          count == 1 ? "" : "s",
          result.pruned().bytes() / (1024.0 * 1024.0));
    }
  }

  /**
   * The innermost cause's message: what went wrong, without Temporal's wrapping failures (and
   * without an application failure's type and retry flags).
   */
  public static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof ApplicationFailure f ? f.getOriginalMessage() : cause.getMessage();
  }
}
