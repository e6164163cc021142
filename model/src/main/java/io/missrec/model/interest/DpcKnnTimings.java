package io.missrec.model.interest;

/**
 * Wall-clock seconds spent in each phase of one DPC-KNN run.
 *
 * @param densitySeconds distances and k-nearest-neighbour density {@code rho}
 * @param separationSeconds distance to the nearest denser token {@code delta}
 * @param assignmentSeconds centre selection and nearest-centre assignment
 */
public record DpcKnnTimings(
    double densitySeconds, double separationSeconds, double assignmentSeconds) {

  public double totalSeconds() {
    return densitySeconds + separationSeconds + assignmentSeconds;
  }

  static double since(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
