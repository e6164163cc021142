package io.missrec.model.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MeansByClusterTest {

  private static final int T = 60;
  private static final int D = 7;
  private static final int K = 6; // cluster 4 stays empty

  @Test
  void equalsNaiveMeansAndEmptyClusterIsZero() {
    Random random = new Random(5);
    float[] values = new float[T * D];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (10 * random.nextGaussian());
    }
    int[] assignment = assignment(random);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray tokens = manager.create(values, new Shape(T, D));

      NDArray means = MeansByCluster.means(tokens, assignment, K);

      assertThat(means.getShape()).isEqualTo(new Shape(K, D));
      float[] actual = means.toFloatArray();
      for (int c = 0; c < K; c++) {
        for (int j = 0; j < D; j++) {
          double sum = 0;
          int count = 0;
          for (int t = 0; t < T; t++) {
            if (assignment[t] == c) {
              sum += values[t * D + j];
              count++;
            }
          }
          double expected = count == 0 ? 0 : sum / count;
          assertThat(actual[c * D + j])
              .as("cluster %d dim %d", c, j)
              .isCloseTo((float) expected, within(1e-5f));
        }
      }
    }
  }

  @Test
  void smallClusterAfterALargeOneKeepsFullPrecision() {
    // A float32 running sum reaches ~2e6 here, where one float32 step is 0.125.
    int large = 2000;
    float[] values = new float[large + 1];
    int[] assignment = new int[large + 1];
    for (int t = 0; t < large; t++) {
      values[t] = 1000f + t % 7;
    }
    values[large] = 0.123456f;
    assignment[large] = 1;
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray tokens = manager.create(values, new Shape(large + 1, 1));

      float[] means = MeansByCluster.means(tokens, assignment, 2).toFloatArray();

      double expectedLarge = 0;
      for (int t = 0; t < large; t++) {
        expectedLarge += values[t];
      }
      assertThat(means[0]).isEqualTo((float) (expectedLarge / large));
      assertThat(means[1]).isEqualTo(0.123456f);
    }
  }

  @Test
  void gradientReachesEachTokenAsOneOverItsClusterSize() {
    int[] assignment = assignment(new Random(9));
    int[] sizes = new int[K];
    for (int c : assignment) {
      sizes[c]++;
    }
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray tokens = manager.randomNormal(new Shape(T, D));
      tokens.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(MeansByCluster.means(tokens, assignment, K).sum());
      }
      float[] gradient = tokens.getGradient().toFloatArray();
      for (int t = 0; t < T; t++) {
        for (int j = 0; j < D; j++) {
          assertThat(gradient[t * D + j]).isCloseTo(1f / sizes[assignment[t]], within(1e-6f));
        }
      }
    }
  }

  private static int[] assignment(Random random) {
    int[] assignment = new int[T];
    for (int t = 0; t < T; t++) {
      int c = random.nextInt(K - 1);
      assignment[t] = c >= 4 ? c + 1 : c;
    }
    return assignment;
  }
}
