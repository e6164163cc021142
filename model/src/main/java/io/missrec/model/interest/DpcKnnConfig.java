package io.missrec.model.interest;

/**
 * Parameters of one DPC-KNN run.
 *
 * @param k neighbours per token for the local density, in {@code [1, T-1]}
 * @param numCentres number of interests {@code K_c}, in {@code [1, T]}
 * @param blockRows rows of the distance matrix computed at once by {@link BlockedDpcKnn}; memory of
 *     one block is about {@code blockRows * T * 4} bytes per live matrix. {@code 0} picks {@link
 *     #defaultBlockRows(int)} for the actual token count.
 */
public record DpcKnnConfig(int k, int numCentres, int blockRows) {

  /** Released code: {@code K_c = ceil(0.02 * T)} while pre-training. */
  public static final double PRETRAIN_CLUSTER_RATIO = 0.02;

  /** Released code: {@code K_c = ceil(0.5 * T)} while fine-tuning. */
  public static final double FINETUNE_CLUSTER_RATIO = 0.5;

  /** Released code: {@code k = ceil(0.1 * T)}. */
  public static final double KNN_RATIO = 0.1;

  /**
   * Elements of one {@code (blockRows, T)} float matrix under the default: 64 MB. Measured at T =
   * 10000 on 2 cores: 1/4 of the time of a single 6710-row block (fresh large buffers cost page
   * faults and cache misses).
   */
  static final long DEFAULT_BLOCK_ELEMENTS = 1L << 24;

  /**
   * Fewest rows of an automatic block: the distance product is a {@code (rows, d) x (d, T)} GEMM,
   * and libtorch ran it at ~55 GFLOP/s with 55 rows against ~165 with 167-670 rows (T = 30000, d =
   * 300, 2 threads). So past {@code T = 65536} a block grows beyond 64 MB: about {@code 1 KB * T}.
   */
  static final int MIN_EFFICIENT_BLOCK_ROWS = 256;

  /**
   * Automatic block rows are a multiple of this: each token's run of distances to a block then
   * fills whole SIMD vectors (up to 16 floats), with no scalar tail per run. At T = 50000 on a
   * 2-core AVX2 machine, 320 rows took 22.3-23.0 s against 24.5-26.7 s for 335.
   */
  static final int ROW_MULTIPLE = 64;

  /** Float32 elements of one block that a Java buffer can address (2 GiB of bytes). */
  static final long MAX_BLOCK_ELEMENTS = Integer.MAX_VALUE / Float.BYTES;

  public DpcKnnConfig {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    if (numCentres < 1) {
      throw new IllegalArgumentException("numCentres must be >= 1, got " + numCentres);
    }
    if (blockRows < 0) {
      throw new IllegalArgumentException(
          "blockRows must be >= 0 (0 = automatic), got " + blockRows);
    }
  }

  /** Explicit {@code k} and {@code K_c}, automatic block size. */
  public static DpcKnnConfig of(int k, int numCentres) {
    return new DpcKnnConfig(k, numCentres, 0);
  }

  /**
   * Sizes as in the released code: {@code K_c = ceil(clusterRatio * T)}, {@code k = ceil(knnRatio *
   * T)}, both clamped to {@code [1, T-1]}. A product that is an integer up to floating-point noise
   * (e.g. {@code 0.02 * 100}) is not rounded up to the next integer.
   *
   * @param numTokens {@code T}, at least 2
   */
  public static DpcKnnConfig fromRatios(int numTokens, double clusterRatio, double knnRatio) {
    if (numTokens < 2) {
      throw new IllegalArgumentException("DPC-KNN needs at least 2 tokens, got " + numTokens);
    }
    if (!(clusterRatio > 0) || !(knnRatio > 0)) {
      throw new IllegalArgumentException(
          "ratios must be > 0, got clusterRatio=" + clusterRatio + ", knnRatio=" + knnRatio);
    }
    return new DpcKnnConfig(
        ceilClamped(knnRatio, numTokens), ceilClamped(clusterRatio, numTokens), 0);
  }

  /**
   * {@code K_c = ceil(clusterRatio * T)} clamped to {@code [1, T-1]}, as {@link #fromRatios}; any
   * interest method that takes a cluster ratio sizes itself with this.
   */
  public static int centresFor(int numTokens, double clusterRatio) {
    return fromRatios(numTokens, clusterRatio, clusterRatio).numCentres();
  }

  /** Same sizes with an explicit block size. */
  public DpcKnnConfig withBlockRows(int rows) {
    return new DpcKnnConfig(k, numCentres, rows);
  }

  /** Block rows actually used for {@code numTokens} tokens. */
  public int blockRowsFor(int numTokens) {
    return blockRows > 0 ? Math.min(blockRows, numTokens) : defaultBlockRows(numTokens);
  }

  /**
   * Rows such that one {@code (rows, T)} float32 matrix holds about 64 MB, but at least {@link
   * #MIN_EFFICIENT_BLOCK_ROWS} while a block stays within {@link #MAX_BLOCK_ELEMENTS}; a multiple
   * of {@link #ROW_MULTIPLE} unless one block takes all tokens.
   */
  public static int defaultBlockRows(int numTokens) {
    long tokens = Math.max(1, numTokens);
    long rows =
        Math.min(
            MAX_BLOCK_ELEMENTS / tokens,
            Math.max(MIN_EFFICIENT_BLOCK_ROWS, DEFAULT_BLOCK_ELEMENTS / tokens));
    if (rows >= numTokens) {
      return Math.max(1, numTokens);
    }
    // down, so the element limits still hold
    return (int) Math.max(1, rows >= ROW_MULTIPLE ? rows - rows % ROW_MULTIPLE : rows);
  }

  /** Throws unless {@code k} and {@code K_c} fit {@code numTokens} tokens. */
  void validateFor(int numTokens) {
    if (numTokens < 2) {
      throw new IllegalArgumentException("DPC-KNN needs at least 2 tokens, got " + numTokens);
    }
    if (k > numTokens - 1) {
      throw new IllegalArgumentException(
          "k = " + k + " exceeds T - 1 = " + (numTokens - 1) + " other tokens");
    }
    long blockElements = (long) blockRowsFor(numTokens) * numTokens;
    if (blockElements > MAX_BLOCK_ELEMENTS) {
      throw new IllegalArgumentException(
          "blockRows = "
              + blockRows
              + " gives "
              + blockElements
              + " distances per block for T = "
              + numTokens
              + ", more than one buffer can hold ("
              + MAX_BLOCK_ELEMENTS
              + ")");
    }
    if (numCentres > numTokens) {
      throw new IllegalArgumentException(
          "numCentres = " + numCentres + " exceeds T = " + numTokens + " tokens");
    }
  }

  private static int ceilClamped(double ratio, int numTokens) {
    double product = ratio * numTokens;
    long up = (long) Math.ceil(product - 1e-9 * Math.max(1.0, product));
    return (int) Math.max(1, Math.min(numTokens - 1, up));
  }
}
