package io.missrec.model.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random-start k-means against a plain Java Lloyd step on the same start. */
class LloydKMeansTest {

  private static final int D = 5;

  private static float[][] points(int t, long seed) {
    Random random = new Random(seed);
    float[][] x = new float[t][D];
    for (float[] row : x) {
      for (int j = 0; j < D; j++) {
        row[j] = (float) random.nextGaussian();
      }
    }
    return x;
  }

  private static NDArray array(NDManager manager, float[][] x) {
    float[] flat = new float[x.length * D];
    for (int i = 0; i < x.length; i++) {
      System.arraycopy(x[i], 0, flat, i * D, D);
    }
    return manager.create(flat, new Shape(x.length, D));
  }

  /** Nearest centre by squared distance, in doubles (ties: lower index). */
  private static int[] nearest(float[][] x, double[][] centres) {
    int[] out = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      double best = Double.POSITIVE_INFINITY;
      for (int c = 0; c < centres.length; c++) {
        double d = 0;
        for (int j = 0; j < D; j++) {
          double diff = x[i][j] - centres[c][j];
          d += diff * diff;
        }
        if (d < best) {
          best = d;
          out[i] = c;
        }
      }
    }
    return out;
  }

  private static double[][] seedsAsCentres(float[][] x, int[] seeds) {
    double[][] c = new double[seeds.length][D];
    for (int m = 0; m < seeds.length; m++) {
      for (int j = 0; j < D; j++) {
        c[m][j] = x[seeds[m]][j];
      }
    }
    return c;
  }

  @Test
  void startsAtDistinctTokensAndEachSeedIsItsOwnCluster() {
    float[][] x = points(300, 1);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      LloydKMeans.Result r = new LloydKMeans(0).cluster(array(manager, x), 120, new Random(3));
      assertThat(Arrays.stream(r.seeds()).distinct().count()).isEqualTo(120);
      assertThat(Arrays.stream(r.seeds()).allMatch(s -> s >= 0 && s < 300)).isTrue();
      for (int m = 0; m < r.seeds().length; m++) {
        assertThat(r.assignment()[r.seeds()[m]]).isEqualTo(m);
      }
      assertThat(r.assignment()).isEqualTo(nearest(x, seedsAsCentres(x, r.seeds())));
    }
  }

  /** Plain Java Lloyd from the same start: {@code steps} of assign, move (empty keeps), assign. */
  private static int[] referenceLloyd(float[][] x, int[] seeds, int steps) {
    double[][] centres = seedsAsCentres(x, seeds);
    int k = seeds.length;
    int[] assignment = nearest(x, centres);
    for (int step = 0; step < steps; step++) {
      double[][] moved = new double[k][D];
      int[] counts = new int[k];
      for (int i = 0; i < x.length; i++) {
        counts[assignment[i]]++;
        for (int j = 0; j < D; j++) {
          moved[assignment[i]][j] += x[i][j];
        }
      }
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < D; j++) {
          moved[c][j] = counts[c] == 0 ? centres[c][j] : moved[c][j] / counts[c];
        }
      }
      centres = moved;
      assignment = nearest(x, centres);
    }
    return assignment;
  }

  @Test
  void lloydStepsMatchAPlainJavaReference() {
    // more rows than one distance block, so the blocked assignment is exercised
    float[][] x = points(LloydKMeans.BLOCK_ROWS + 700, 2);
    int k = 40;
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray tokens = array(manager, x);
      for (int steps : new int[] {1, 3}) {
        LloydKMeans.Result r = new LloydKMeans(steps).cluster(tokens, k, new Random(9 + steps));
        int[] expected = referenceLloyd(x, r.seeds(), steps);
        long differing = 0;
        for (int i = 0; i < x.length; i++) {
          if (expected[i] != r.assignment()[i]) {
            differing++;
          }
        }
        // float32 distances may flip a near-tie; gaussian points make those vanishingly rare
        assertThat(differing).as("steps %d", steps).isLessThanOrEqualTo(2);
        assertThat(Arrays.stream(r.assignment()).distinct().count()).isGreaterThan(k / 2);
      }
    }
  }

  @Test
  void stepsMoveATokenToTheCentreOfItsGroup() {
    // two tight groups far apart, both seeds drawn from group 0 (tokens 0..9) by a rigged stream:
    // the first assignment splits group 0 and gives all of group 1 to the nearer seed; one step
    // later the centre that owned group 1 has moved between the groups and the other stays put
    float[][] x = new float[20][D];
    Random noise = new Random(4);
    for (int i = 0; i < 20; i++) {
      x[i][0] = (i < 10 ? 0 : 100) + (float) (0.01 * noise.nextGaussian());
      x[i][1] = (float) (0.01 * noise.nextGaussian());
    }
    Random rigged =
        new Random() {
          @Override
          public int nextInt(int bound) {
            return 0; // Fisher-Yates keeps tokens 0 and 1 as the seeds
          }
        };
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      LloydKMeans.Result r = new LloydKMeans(10).cluster(array(manager, x), 2, rigged);
      assertThat(r.seeds()).containsExactly(0, 1);
      // converged: the groups are separated whatever the start
      for (int i = 1; i < 20; i++) {
        assertThat(r.assignment()[i] == r.assignment()[0]).as("token %d", i).isEqualTo(i < 10);
      }
    }
  }

  @Test
  void sameRandomStreamSameClustering() {
    float[][] x = points(500, 5);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray tokens = array(manager, x);
      LloydKMeans.Result a = new LloydKMeans(1).cluster(tokens, 250, new Random(77));
      LloydKMeans.Result b = new LloydKMeans(1).cluster(tokens, 250, new Random(77));
      LloydKMeans.Result c = new LloydKMeans(1).cluster(tokens, 250, new Random(78));
      assertThat(b.assignment()).isEqualTo(a.assignment());
      assertThat(c.seeds()).isNotEqualTo(a.seeds());
    }
  }

  @Test
  void duplicateTokensLeaveAnEmptyClusterWithoutNaN() {
    float[][] x = {{1, 0, 0, 0, 0}, {1, 0, 0, 0, 0}, {0, 5, 0, 0, 0}, {0, 6, 0, 0, 0}};
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      // k = T: every token is a seed; the duplicate's cluster loses its token to the lower index
      LloydKMeans.Result r = new LloydKMeans(3).cluster(array(manager, x), 4, new Random(1));
      assertThat(r.assignment()[0]).isEqualTo(r.assignment()[1]);
      assertThat(r.assignment()[2]).isNotEqualTo(r.assignment()[3]);
      assertThat(Arrays.stream(r.assignment()).allMatch(a -> a >= 0 && a < 4)).isTrue();
    }
  }

  @Test
  void rejectsBadSizes() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray tokens = array(manager, points(10, 6));
      assertThatThrownBy(() -> new LloydKMeans(1).cluster(tokens, 11, new Random(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("numClusters must be in [1, 10]");
      assertThatThrownBy(() -> new LloydKMeans(-1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("iterations");
    }
  }
}
