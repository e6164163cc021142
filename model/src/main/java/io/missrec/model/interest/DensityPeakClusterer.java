package io.missrec.model.interest;

import ai.djl.ndarray.NDArray;

/** Clusters token vectors by density peaks (MISSRec multi-modal interest discovery). */
public interface DensityPeakClusterer {

  /**
   * Runs DPC-KNN without gradient; the caller's array is neither modified nor closed.
   *
   * @param tokens {@code (T, d)} float32 token vectors, {@code T >= 2}
   * @param config neighbour count, number of centres, block size
   * @return centres, assignment, densities and separations of all tokens
   */
  DpcKnnResult cluster(NDArray tokens, DpcKnnConfig config);
}
