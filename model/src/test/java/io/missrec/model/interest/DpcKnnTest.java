package io.missrec.model.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DpcKnnTest {

  private static NDManager manager;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  /** Blocked with block sizes that do and do not divide T, and the direct reference. */
  static Stream<Arguments> clusterers() {
    return Stream.of(
        Arguments.of("direct", new DirectDpcKnn(), 0),
        Arguments.of("blocked-1", new BlockedDpcKnn(), 1),
        Arguments.of("blocked-2", new BlockedDpcKnn(), 2),
        Arguments.of("blocked-3", new BlockedDpcKnn(), 3),
        Arguments.of("blocked-auto", new BlockedDpcKnn(), 0),
        Arguments.of("blocked-1-neighbour", new BlockedDpcKnn(1), 2),
        Arguments.of("blocked-2-neighbours", new BlockedDpcKnn(2), 0));
  }

  /**
   * A(0,0) B(1,0) C(0,2) D(4,0) E(4,1), k = 2. Squared distances: AB 1, AC 4, AD 16, AE 17, BC 5,
   * BD 9, BE 10, CD 20, CE 17, DE 1. Two smallest per point: A 1+4, B 1+5, C 4+5, D 1+9, E 1+10, so
   * the density order is A > B > C > D > E. delta: A (densest) = max 17; B -> {A} 1; C -> {A,B} 4;
   * D -> {A,B,C} 9; E -> {A..D} 1. Scores: A 17e^-2.5 = 1.395, D 9e^-5 = 0.0606, B e^-3 = 0.0498, C
   * 4e^-4.5 = 0.0444, E e^-5.5 = 0.0041.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("clusterers")
  void fivePointExampleMatchesHandComputation(
      String name, DensityPeakClusterer clusterer, int block) {
    NDArray x = points(0, 0, 1, 0, 0, 2, 4, 0, 4, 1);

    DpcKnnResult two = clusterer.cluster(x, new DpcKnnConfig(2, 2, block));

    double[] expectedLogRho = {-5 / 2.0, -6 / 2.0, -9 / 2.0, -10 / 2.0, -11 / 2.0};
    for (int i = 0; i < 5; i++) {
      assertThat(two.logRho()[i]).isCloseTo(expectedLogRho[i], within(1e-9));
      assertThat(two.rho()[i]).isCloseTo((float) Math.exp(expectedLogRho[i]), within(1e-6f));
    }
    assertThat(two.delta()).containsExactly(17f, 1f, 4f, 9f, 1f);
    assertThat(two.centres()).containsExactly(0, 3);
    assertThat(two.assignment()).containsExactly(0, 0, 0, 1, 1);

    DpcKnnResult three = clusterer.cluster(x, new DpcKnnConfig(2, 3, block));
    assertThat(three.centres()).containsExactly(0, 3, 1);
    // C: to A 4, to D 20, to B 5 -> A's cluster.
    assertThat(three.assignment()).containsExactly(0, 2, 0, 1, 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clusterers")
  void threeBlobsGiveTheirCoresAsCentres(String name, DensityPeakClusterer clusterer, int block) {
    Random random = new Random(7);
    int[] sizes = {40, 25, 12};
    double[][] middles = {{0, 0}, {10, 0}, {0, 10}};
    double[][] outliers = {{20, 20}, {-15, 5}, {5, -15}, {25, -5}};
    int numBlobPoints = sizes[0] + sizes[1] + sizes[2];
    int numTokens = numBlobPoints + outliers.length;
    float[] coords = new float[numTokens * 2];
    int[] blobOf = new int[numTokens];
    int p = 0;
    for (int blob = 0; blob < sizes.length; blob++) {
      for (int i = 0; i < sizes[blob]; i++, p++) {
        coords[2 * p] = (float) (middles[blob][0] + 0.3 * random.nextGaussian());
        coords[2 * p + 1] = (float) (middles[blob][1] + 0.3 * random.nextGaussian());
        blobOf[p] = blob;
      }
    }
    for (double[] outlier : outliers) {
      coords[2 * p] = (float) outlier[0];
      coords[2 * p + 1] = (float) outlier[1];
      blobOf[p++] = -1;
    }
    NDArray x = manager.create(coords, new Shape(numTokens, 2));

    DpcKnnResult result = clusterer.cluster(x, new DpcKnnConfig(5, 3, block == 0 ? 0 : 7));

    int[] clusterOfBlob = {-1, -1, -1};
    for (int m = 0; m < 3; m++) {
      int centre = result.centres()[m];
      int blob = blobOf[centre];
      assertThat(blob).as("centre %d lies in a blob", centre).isNotNegative();
      assertThat(clusterOfBlob[blob]).as("blob %d has one centre", blob).isEqualTo(-1);
      clusterOfBlob[blob] = m;
      assertThat(centre)
          .as("centre is the densest point of its blob")
          .isEqualTo(densest(result, blobOf, blob));
    }
    for (int i = 0; i < numBlobPoints; i++) {
      assertThat(result.assignment()[i]).as("point %d", i).isEqualTo(clusterOfBlob[blobOf[i]]);
    }
  }

  /**
   * Corners of the unit square, k = 1: all densities equal e^-1, so the tie rule alone orders them
   * 0 > 1 > 2 > 3. delta: 0 -> max 2; 1 -> {0} 1; 2 -> {0,1} 1; 3 -> {0,1,2} 1. Scores 2e^-1, e^-1,
   * e^-1, e^-1: centres 0 then 1 (lower index among the tie).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("clusterers")
  void equalDensitiesAreOrderedByLowerIndex(
      String name, DensityPeakClusterer clusterer, int block) {
    NDArray x = points(0, 0, 1, 0, 0, 1, 1, 1);

    DpcKnnResult result = clusterer.cluster(x, new DpcKnnConfig(1, 2, block));

    assertThat(result.rho()).containsOnly((float) Math.exp(-1));
    assertThat(result.delta()).containsExactly(2f, 1f, 1f, 1f);
    assertThat(result.centres()).containsExactly(0, 1);
    assertThat(result.assignment()).containsExactly(0, 1, 0, 1);
  }

  /**
   * Exact duplicates: P0 = P3 = (5,5), P1 = P2 = P4 = (1,2), k = 1: every density is e^0 = 1. Order
   * 0 > 1 > 2 > 3 > 4; delta 25, 25, 0, 0, 0; scores tie pairwise and fall back to index.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("clusterers")
  void duplicatesResolveByIndexRepeatably(String name, DensityPeakClusterer clusterer, int block) {
    NDArray x = points(5, 5, 1, 2, 1, 2, 5, 5, 1, 2);

    DpcKnnResult first = clusterer.cluster(x, new DpcKnnConfig(1, 3, block));
    DpcKnnResult second = clusterer.cluster(x, new DpcKnnConfig(1, 3, block));

    assertThat(first.delta()).containsExactly(25f, 25f, 0f, 0f, 0f);
    assertThat(first.centres()).containsExactly(0, 1, 2);
    // P4 is at distance 0 from centres 1 and 2: the lower cluster id wins.
    assertThat(first.assignment()).containsExactly(0, 1, 2, 0, 1);
    assertThat(second.centres()).isEqualTo(first.centres());
    assertThat(second.assignment()).isEqualTo(first.assignment());
    assertThat(second.logRho()).isEqualTo(first.logRho());
  }

  static Stream<Arguments> randomCases() {
    // seed, T, d, k, K_c, block (none divides T), neighbours m, quantised (many exact ties)
    return Stream.of(
        Arguments.of(1L, 37, 5, 4, 3, 8, 32, false),
        Arguments.of(2L, 101, 16, 10, 5, 7, 32, false),
        Arguments.of(3L, 250, 300, 25, 5, 64, 32, false),
        Arguments.of(4L, 64, 3, 7, 32, 10, 32, false),
        Arguments.of(5L, 200, 8, 20, 100, 33, 32, false),
        Arguments.of(6L, 200, 8, 20, 10, 33, 1, false),
        Arguments.of(7L, 300, 4, 30, 6, 0, 3, false),
        Arguments.of(8L, 180, 2, 18, 9, 17, 2, true),
        Arguments.of(9L, 150, 3, 15, 40, 11, 8, true),
        // Above RowNeighbours' sampling limit, so the bracketing path runs in both.
        Arguments.of(10L, 4500, 6, 450, 90, 700, 16, false),
        Arguments.of(11L, 4500, 2, 450, 90, 1000, 4, true));
  }

  @ParameterizedTest(name = "seed {0}: T={1} d={2} k={3} Kc={4} block={5} m={6} ties={7}")
  @MethodSource("randomCases")
  void blockedEqualsDirect(
      long seed,
      int numTokens,
      int dim,
      int k,
      int numCentres,
      int block,
      int neighbours,
      boolean quantised) {
    NDArray x = blobby(seed, numTokens, dim);
    if (quantised) {
      // Coordinates on a coarse grid: many exact duplicate points and equal distances.
      x = x.mul(4f).round().div(4f);
    }
    DpcKnnConfig config = new DpcKnnConfig(k, numCentres, block);

    DpcKnnResult direct = new DirectDpcKnn().cluster(x, config);
    for (RunKernel kernel : kernels()) {
      DpcKnnResult blocked = new BlockedDpcKnn(neighbours, kernel).cluster(x, config);
      assertMatches(blocked, direct, x, numCentres);
    }
  }

  /** Both scans of the density pass; the test JVM runs with the Vector API module. */
  private static List<RunKernel> kernels() {
    return List.of(RunKernels.scalar(), RunKernels.vector().orElseThrow());
  }

  private static void assertMatches(
      DpcKnnResult blocked, DpcKnnResult direct, NDArray x, int numCentres) {
    int numTokens = direct.logRho().length;
    assertThat(blocked.centres()).isEqualTo(direct.centres());
    assertThat(blocked.assignment()).isEqualTo(direct.assignment());
    // libtorch's matmul may round a product differently for a block of rows than for the whole
    // matrix (seen on an AVX-512 CPU, at every width d): densities and separations then differ in
    // their last bits, never more (the density pass also sums in another order).
    // A distance ||a||^2 + ||b||^2 - 2 a.b carries rounding of the size of the norms' last bits.
    float rounding = 1e-6f * x.square().sum(new int[] {1}).max().getFloat();
    for (int i = 0; i < numTokens; i++) {
      assertThat(blocked.logRho()[i])
          .as("logRho[%d]", i)
          .isCloseTo(direct.logRho()[i], within((double) rounding));
      assertThat(blocked.delta()[i])
          .as("delta[%d]", i)
          .isCloseTo(direct.delta()[i], within(rounding));
    }
    // Every cluster contains its own centre.
    for (int m = 0; m < numCentres; m++) {
      assertThat(blocked.assignment()[blocked.centres()[m]]).isEqualTo(m);
    }
  }

  /**
   * The symmetric density pass brackets each row's k-th distance with strided sample columns. Here
   * the sampled tokens lie far from all others, so for every other token the bracket sits above far
   * more than k distances: its row must be computed again and selected exactly.
   */
  @Test
  void bracketMissesFallBackToExactRows() {
    int numTokens = 4500;
    int stride = numTokens / SymmetricDensity.sampleSize(numTokens);
    Random random = new Random(3);
    float[] values = new float[numTokens * 2];
    for (int i = 0; i < numTokens; i++) {
      boolean sampled = i % stride == 0;
      values[2 * i] = sampled ? 1000f + i : (float) random.nextGaussian();
      values[2 * i + 1] = (float) random.nextGaussian();
    }
    NDArray x = manager.create(values, new Shape(numTokens, 2));
    DpcKnnConfig config = new DpcKnnConfig(450, 40, 500);

    DpcKnnResult direct = new DirectDpcKnn().cluster(x, config);
    for (RunKernel kernel : kernels()) {
      DpcKnnResult blocked =
          new BlockedDpcKnn(BlockedDpcKnn.DEFAULT_NEIGHBOURS, kernel).cluster(x, config);
      assertThat(blocked.centres()).isEqualTo(direct.centres());
      assertThat(blocked.assignment()).isEqualTo(direct.assignment());
      for (int i = 0; i < numTokens; i++) {
        assertThat(blocked.logRho()[i])
            .as("logRho[%d]", i)
            .isCloseTo(direct.logRho()[i], within(1e-6 * Math.abs(direct.logRho()[i])));
      }
    }
  }

  @Test
  void sampleGrowsWithTheTokensWithinBounds() {
    assertThat(SymmetricDensity.sampleSize(5000)).isEqualTo(1024);
    assertThat(SymmetricDensity.sampleSize(100_000)).isEqualTo(4096);
    assertThat(SymmetricDensity.sampleSize(300_000)).isEqualTo(16384);
    assertThat(SymmetricDensity.sampleSize(10_000_000)).isEqualTo(16384);
    assertThat(SymmetricDensity.sampleSize(1000)).isEqualTo(999);
  }

  /** The row scan's density equals the definition (sort, sum the k smallest) up to rounding. */
  @Test
  void densityMatchesSortedSumOfKSmallest() {
    int numTokens = 120;
    int k = 12;
    NDArray x = blobby(21L, numTokens, 5);
    DpcKnnResult result = new BlockedDpcKnn().cluster(x, new DpcKnnConfig(k, 4, 50));
    float[] xs = x.toFloatArray();
    for (int i = 0; i < numTokens; i++) {
      double[] others = new double[numTokens - 1];
      int n = 0;
      for (int j = 0; j < numTokens; j++) {
        if (j != i) {
          double s = 0;
          for (int c = 0; c < 5; c++) {
            double diff = xs[i * 5 + c] - xs[j * 5 + c];
            s += diff * diff;
          }
          others[n++] = s;
        }
      }
      java.util.Arrays.sort(others);
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += others[j];
      }
      assertThat(result.logRho()[i]).isCloseTo(-sum / k, within(1e-5));
    }
  }

  @Test
  void doesNotLeakNativeArraysOrTouchGradients() {
    try (NDManager local = manager.newSubManager()) {
      NDArray x = blobby(11L, 90, 6);
      x.attach(local);
      x.setRequiresGradient(true);
      int before = local.getManagedArrays().size();
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        new BlockedDpcKnn().cluster(x, new DpcKnnConfig(9, 4, 13));
        new DirectDpcKnn().cluster(x, new DpcKnnConfig(9, 4, 0));
        assertThat(local.getManagedArrays()).hasSize(before);
        collector.backward(x.mul(x).sum());
      }
      // The clustering added nothing to the graph: d(sum x^2)/dx = 2x exactly.
      assertThat(x.getGradient().toFloatArray()).containsExactly(x.mul(2).toFloatArray());
    }
  }

  @Test
  void ratiosFollowTheReleasedCode() {
    assertThat(DpcKnnConfig.fromRatios(100, DpcKnnConfig.PRETRAIN_CLUSTER_RATIO, 0.1))
        .returns(2, DpcKnnConfig::numCentres)
        .returns(10, DpcKnnConfig::k);
    assertThat(DpcKnnConfig.fromRatios(1001, 0.02, 0.1))
        .returns(21, DpcKnnConfig::numCentres)
        .returns(101, DpcKnnConfig::k);
    assertThat(DpcKnnConfig.fromRatios(10, DpcKnnConfig.FINETUNE_CLUSTER_RATIO, 0.1))
        .returns(5, DpcKnnConfig::numCentres)
        .returns(1, DpcKnnConfig::k);
    assertThat(DpcKnnConfig.fromRatios(3, 0.02, 0.1))
        .returns(1, DpcKnnConfig::numCentres)
        .returns(1, DpcKnnConfig::k);
    assertThat(DpcKnnConfig.fromRatios(4, 0.9, 0.9))
        .returns(3, DpcKnnConfig::numCentres)
        .returns(3, DpcKnnConfig::k);
    assertThat(DpcKnnConfig.defaultBlockRows(50_000)).isEqualTo(320);
    assertThat(DpcKnnConfig.defaultBlockRows(100_000)).isEqualTo(256);
    assertThat(DpcKnnConfig.defaultBlockRows(300_000)).isEqualTo(256);
    assertThat(DpcKnnConfig.defaultBlockRows(100)).isEqualTo(100);
    assertThat(DpcKnnConfig.defaultBlockRows(1_000)).isEqualTo(1_000);
    assertThat(DpcKnnConfig.defaultBlockRows(10_000)).isEqualTo(1_664);
  }

  @Test
  void rejectsSizesThatDoNotFitTheTokens() {
    NDArray x = points(0, 0, 1, 1, 2, 2);
    assertThatThrownBy(() -> new BlockedDpcKnn().cluster(x, new DpcKnnConfig(3, 1, 0)))
        .hasMessageContaining("k = 3 exceeds T - 1 = 2");
    assertThatThrownBy(() -> new BlockedDpcKnn().cluster(x, new DpcKnnConfig(1, 4, 0)))
        .hasMessageContaining("numCentres = 4 exceeds T = 3");
    assertThatThrownBy(() -> new BlockedDpcKnn().cluster(x.reshape(6), DpcKnnConfig.of(1, 1)))
        .hasMessageContaining("(T, d)");
    assertThatThrownBy(() -> new DpcKnnConfig(1, 1, 30_000).validateFor(30_000))
        .hasMessageContaining("blockRows = 30000 gives 900000000 distances per block");
    new DpcKnnConfig(1, 1, 0).validateFor(300_000); // automatic blocks always fit
    new DpcKnnConfig(1, 1, 0).validateFor(5_000_000);
    assertThat(DpcKnnConfig.defaultBlockRows(5_000_000)).isEqualTo(64);
  }

  private static int densest(DpcKnnResult result, int[] blobOf, int blob) {
    int best = -1;
    for (int i = 0; i < blobOf.length; i++) {
      if (blobOf[i] == blob && (best < 0 || result.logRho()[i] > result.logRho()[best])) {
        best = i;
      }
    }
    return best;
  }

  private static NDArray points(float... xy) {
    return manager.create(xy, new Shape(xy.length / 2, 2));
  }

  /** Gaussian clusters of unit-scale spread, so squared distances are O(1). */
  private static NDArray blobby(long seed, int numTokens, int dim) {
    Random random = new Random(seed);
    int numBlobs = 1 + numTokens / 10;
    double[][] middles = new double[numBlobs][dim];
    for (double[] middle : middles) {
      for (int j = 0; j < dim; j++) {
        middle[j] = random.nextGaussian() / Math.sqrt(dim);
      }
    }
    float[] values = new float[numTokens * dim];
    for (int i = 0; i < numTokens; i++) {
      double[] middle = middles[random.nextInt(numBlobs)];
      for (int j = 0; j < dim; j++) {
        values[i * dim + j] = (float) (middle[j] + 0.3 * random.nextGaussian() / Math.sqrt(dim));
      }
    }
    return manager.create(values, new Shape(numTokens, dim));
  }
}
