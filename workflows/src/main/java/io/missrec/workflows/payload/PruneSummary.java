package io.missrec.workflows.payload;

/**
 * The training intermediates of a workflow that are no longer stored after its clean-up: epoch
 * checkpoints it did not hand on and optimizer states. Lineage keeps their digests and edges.
 *
 * @param artifacts how many
 * @param bytes their total size
 */
public record PruneSummary(int artifacts, long bytes) {
  public PruneSummary {
    if (artifacts < 0 || bytes < 0) {
      throw new IllegalArgumentException("a negative count: " + artifacts + ", " + bytes);
    }
  }
}
