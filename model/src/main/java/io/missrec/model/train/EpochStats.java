package io.missrec.model.train;

import java.util.Map;

/**
 * What one epoch did.
 *
 * @param epoch 1-based epoch number
 * @param loss mean training loss
 * @param valid validation metrics (recall@K, ndcg@K)
 * @param trainSeconds wall time of the optimisation steps
 * @param clusterSeconds wall time of interest discovery before the epoch
 * @param evalSeconds wall time of the validation pass
 * @param sequencesPerSecond training throughput
 * @param improved whether valid NDCG@10 improved on the best so far
 */
public record EpochStats(
    int epoch,
    double loss,
    Map<String, Double> valid,
    double trainSeconds,
    double clusterSeconds,
    double evalSeconds,
    double sequencesPerSecond,
    boolean improved) {}
