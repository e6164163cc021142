package io.missrec.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.missrec.model.nn.MissRecBlock;
import io.missrec.model.torch.TorchOwned;

/**
 * The MISSRec objectives (spec 7 and 8), each averaged over the batch. All inputs are scores or
 * L2-normalised vectors; {@code tau} is the softmax temperature.
 */
public final class Losses {

  private Losses() {}

  /**
   * Softmax cross-entropy of {@code scores / tau} against integer targets.
   *
   * @param scores {@code (B, C)}
   * @param targets {@code (B)} int64 column index of the positive
   */
  public static NDArray crossEntropy(NDArray scores, NDArray targets, float tau) {
    NDArray logProbs = scores.div(TorchOwned.scalar(scores, tau)).logSoftmax(1);
    return logProbs.gather(targets.expandDims(1), 1).mean().neg();
  }

  /**
   * Fine-tuning loss l^{S-I} over all items: softmax over every candidate of the domain.
   *
   * @param scores {@code (B, N)} fused scores of each user against all items
   * @param targets {@code (B)} int64 next items
   */
  public static NDArray allItems(NDArray scores, NDArray targets, float tau) {
    return crossEntropy(scores, targets, tau);
  }

  /**
   * Pre-training sequence-item loss: the positive for user i is its own next item, the negatives
   * are the next items of the other sequences in the batch.
   *
   * @param scores {@code (B, B)}: row i = user i against the next item of every sequence j
   */
  public static NDArray sequenceItem(NDArray scores, float tau) {
    return crossEntropy(
        scores, diagonalTargets(scores.getManager(), scores.getShape().get(0)), tau);
  }

  /**
   * Pre-training sequence-sequence loss: {@code -log exp(<u_i,u'_i>/tau) / sum_j
   * [exp(<u_i,u_j>/tau) + exp(<u_i,u'_j>/tau)]} with the trivial {@code j = i} term {@code
   * <u_i,u_i>} (always 1 for normalised vectors) left out of the denominator, as in the usual
   * NT-Xent form.
   *
   * @param users {@code (B, d)} normalised user vectors
   * @param views {@code (B, d)} normalised user vectors of the augmented views
   */
  public static NDArray sequenceSequence(NDArray users, NDArray views, float tau) {
    NDManager manager = users.getManager();
    long batch = users.getShape().get(0);
    NDArray toViews = users.matMul(views.transpose());
    NDArray toUsers = users.matMul(users.transpose());
    NDArray eye = manager.eye((int) batch);
    NDArray selfMask = eye.mul(TorchOwned.scalar(eye, MissRecBlock.MASKED));
    NDArray logits = toViews.concat(toUsers.add(selfMask), 1);
    return crossEntropy(logits, diagonalTargets(manager, batch), tau);
  }

  /**
   * Interest diversity regulariser {@code (gamma / M_i^2) sum_{m,m'} <xi_m, xi_m'>} over the
   * encoded interests of each sequence (cosine similarity, padded interests excluded), averaged
   * over the batch.
   *
   * @param interests {@code (B, M, d)} encoded interests
   * @param valid {@code (B, M)} float, 1 for real interests, 0 for padding
   */
  public static NDArray interestDiversity(NDArray interests, NDArray valid, float gamma) {
    NDArray xi = MissRecBlock.l2Normalize(interests).mul(valid.expandDims(2));
    NDArray gram = xi.matMul(xi.transpose(0, 2, 1)).sum(new int[] {1, 2});
    NDArray count = valid.sum(new int[] {1});
    NDArray squared = count.square();
    NDArray mean = gram.div(squared.maximum(TorchOwned.scalar(squared, 1))).mean();
    return mean.mul(TorchOwned.scalar(mean, gamma));
  }

  /**
   * The released code's diversity regulariser: {@code gamma * sum_b |sum_m w_bm xi_bm|^2 / d}, a
   * sum over the batch (not a mean), where {@code xi} are encoder outputs and {@code w} weighs
   * every position, padding included (see {@code MicroBatched}).
   *
   * @param interests {@code (B, M, d)} encoded interests
   * @param weights {@code (B, M)} weight of each position
   */
  public static NDArray pooledInterestNorm(NDArray interests, NDArray weights, float gamma) {
    NDArray pooled = interests.mul(weights.expandDims(2)).sum(new int[] {1});
    double scale = gamma / (double) interests.getShape().get(2);
    NDArray total = pooled.square().sum();
    return total.mul(TorchOwned.scalar(total, scale));
  }

  private static NDArray diagonalTargets(NDManager manager, long batch) {
    return manager.arange(0, (int) batch, 1, DataType.INT64);
  }
}
