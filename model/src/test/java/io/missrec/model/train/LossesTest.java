package io.missrec.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each loss against a computation by hand on tiny tensors. */
class LossesTest {

  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private static double logSumExp(double... xs) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : xs) {
      max = Math.max(max, x);
    }
    double sum = 0;
    for (double x : xs) {
      sum += Math.exp(x - max);
    }
    return max + Math.log(sum);
  }

  @Test
  void allItemsCrossEntropy() {
    float[] s = {0.5f, -0.2f, 0.1f, 0.9f, 0.3f, -0.4f};
    NDArray scores = manager.create(s, new Shape(2, 3));
    float tau = 0.5f;
    double l0 = -(s[2] / tau - logSumExp(s[0] / tau, s[1] / tau, s[2] / tau));
    double l1 = -(s[3] / tau - logSumExp(s[3] / tau, s[4] / tau, s[5] / tau));
    float loss = Losses.allItems(scores, manager.create(new long[] {2, 0}), tau).getFloat();
    assertThat((double) loss).isCloseTo((l0 + l1) / 2, within(1e-5));
  }

  @Test
  void sequenceItemUsesTheDiagonalAsPositives() {
    float[] s = {0.8f, 0.1f, 0.3f, 0.6f};
    float tau = 0.07f;
    double l0 = -(s[0] / tau - logSumExp(s[0] / tau, s[1] / tau));
    double l1 = -(s[3] / tau - logSumExp(s[2] / tau, s[3] / tau));
    float loss = Losses.sequenceItem(manager.create(s, new Shape(2, 2)), tau).getFloat();
    assertThat((double) loss).isCloseTo((l0 + l1) / 2, within(1e-4));
  }

  @Test
  void sequenceSequenceByHand() {
    double r = Math.sqrt(0.5);
    float[][] u = {{1, 0}, {(float) r, (float) r}};
    float[][] v = {{0.6f, 0.8f}, {0, 1}};
    float tau = 0.5f;
    double[] losses = new double[2];
    for (int i = 0; i < 2; i++) {
      double[] terms = new double[3];
      int t = 0;
      for (int j = 0; j < 2; j++) {
        terms[t++] = dot(u[i], v[j]) / tau;
      }
      terms[t] = dot(u[i], u[1 - i]) / tau; // u_i . u_j for j != i
      losses[i] = -(dot(u[i], v[i]) / tau - logSumExp(terms));
    }
    NDArray users = manager.create(new float[] {1, 0, (float) r, (float) r}, new Shape(2, 2));
    NDArray views = manager.create(new float[] {0.6f, 0.8f, 0, 1}, new Shape(2, 2));
    float loss = Losses.sequenceSequence(users, views, tau).getFloat();
    assertThat((double) loss).isCloseTo((losses[0] + losses[1]) / 2, within(1e-5));
  }

  @Test
  void interestDiversityByHandWithPadding() {
    // sequence 0: two interests at 90 degrees + one padded; sequence 1: one interest
    NDArray xi =
        manager.create(new float[] {2, 0, 0, 3, 5, 5, 1, 1, 0, 0, 0, 0}, new Shape(2, 3, 2));
    NDArray valid = manager.create(new float[] {1, 1, 0, 1, 0, 0}, new Shape(2, 3));
    float gamma = 1e-4f;
    // seq 0: sum over m,m' of cosines = 1 + 0 + 0 + 1 = 2, / M^2 = 4 -> 0.5; seq 1: 1 / 1 = 1
    double expected = gamma * (0.5 + 1.0) / 2;
    assertThat((double) Losses.interestDiversity(xi, valid, gamma).getFloat())
        .isCloseTo(expected, within(1e-9));
  }

  @Test
  void pooledInterestNormByHand() {
    // sequence 0: outputs (1,2), (3,0), weights 0.5, 1 -> pooled (3.5, 1);
    // sequence 1: outputs (2,2), (0,4), weights 0.25, 0 -> pooled (0.5, 0.5)
    NDArray xi = manager.create(new float[] {1, 2, 3, 0, 2, 2, 0, 4}, new Shape(2, 2, 2));
    NDArray weights = manager.create(new float[] {0.5f, 1, 0.25f, 0}, new Shape(2, 2));
    float gamma = 1e-2f;
    // a sum over the batch of |pooled|^2 / d
    double expected = gamma * ((3.5 * 3.5 + 1) + (0.25 + 0.25)) / 2;
    assertThat((double) Losses.pooledInterestNorm(xi, weights, gamma).getFloat())
        .isCloseTo(expected, within(1e-7));
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
