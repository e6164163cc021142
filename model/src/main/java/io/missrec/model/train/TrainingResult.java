package io.missrec.model.train;

import java.util.List;
import java.util.Map;

/**
 * Outcome of a training run; the model holds the best epoch's weights and interests.
 *
 * @param epochs per-epoch statistics
 * @param bestEpoch 1-based epoch with the best valid NDCG@10
 * @param bestValid its validation metrics
 * @param test test metrics of the best epoch's model (full ranking)
 * @param testStandardErrors their standard errors over the test users, under the same keys
 * @param totalParameters all parameters
 * @param trainableParameters parameters that were trained
 * @param testSeconds wall time of the test evaluation
 */
public record TrainingResult(
    List<EpochStats> epochs,
    int bestEpoch,
    Map<String, Double> bestValid,
    Map<String, Double> test,
    Map<String, Double> testStandardErrors,
    long totalParameters,
    long trainableParameters,
    double testSeconds) {}
