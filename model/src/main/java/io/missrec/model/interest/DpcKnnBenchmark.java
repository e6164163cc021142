package io.missrec.model.interest;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times {@link BlockedDpcKnn} on blobby random tokens. Arguments: token counts (default 10000
 * 100000). System properties: {@code dim} (300), {@code blockRows} (0 = automatic), {@code
 * clusterRatio} (0.02), {@code knnRatio} (0.1), {@code seed} (42). Prints seconds per phase and the
 * process's peak resident memory ({@code VmHWM}); run one size per JVM for a per-size peak.
 *
 * <p>{@code OMP_WAIT_POLICY=PASSIVE} matters: libtorch's OpenMP threads otherwise spin after each
 * product and take the cores from the Java threads that scan its rows. Past about 32 MB per block
 * (T > 32768 with 256-row blocks), glibc maps every block freshly and the page faults cost ~25 % of
 * the CPU; {@code MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2000000000} makes it reuse the memory.
 *
 * <pre>
 * ./mvnw -q -o dependency:build-classpath -pl model -Dmdep.outputFile=/tmp/dpc-cp.txt
 * OMP_WAIT_POLICY=PASSIVE MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2000000000 java -Xmx2g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 \
 *     -Dai.djl.pytorch.num_interop_threads=1 -cp model/target/classes:$(cat /tmp/dpc-cp.txt) \
 *     io.missrec.model.interest.DpcKnnBenchmark 100000
 * </pre>
 */
public final class DpcKnnBenchmark {

  private DpcKnnBenchmark() {}

  public static void main(String[] args) throws IOException {
    int[] sizes =
        args.length == 0
            ? new int[] {10_000, 100_000}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    int dim = Integer.getInteger("dim", 300);
    int blockRows = Integer.getInteger("blockRows", 0);
    double clusterRatio = Double.parseDouble(System.getProperty("clusterRatio", "0.02"));
    double knnRatio = Double.parseDouble(System.getProperty("knnRatio", "0.1"));
    Engine.getEngine("PyTorch").setRandomSeed(Integer.getInteger("seed", 42));
    DensityPeakClusterer clusterer = new BlockedDpcKnn();
    for (int numTokens : sizes) {
      DpcKnnConfig config =
          DpcKnnConfig.fromRatios(numTokens, clusterRatio, knnRatio).withBlockRows(blockRows);
      try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
        NDArray tokens = blobs(manager, numTokens, dim, Math.max(2, numTokens / 100));
        long start = System.nanoTime();
        DpcKnnResult result = clusterer.cluster(tokens, config);
        double wall = DpcKnnTimings.since(start);
        DpcKnnTimings t = result.timings();
        System.out.printf(
            Locale.ROOT,
            "T=%d d=%d k=%d Kc=%d blockRows=%d threads=%s | density %.2f s, separation %.2f s,"
                + " assignment %.2f s, total %.2f s (wall %.2f s) | peak RSS %s%n",
            numTokens,
            dim,
            config.k(),
            config.numCentres(),
            config.blockRowsFor(numTokens),
            System.getProperty("ai.djl.pytorch.num_threads", "default"),
            t.densitySeconds(),
            t.separationSeconds(),
            t.assignmentSeconds(),
            t.totalSeconds(),
            wall,
            peakRss());
      }
    }
  }

  /** {@code (T, dim)}: {@code numBlobs} N(0,1) centres plus N(0, 0.5^2) noise per token. */
  private static NDArray blobs(NDManager manager, int numTokens, int dim, int numBlobs) {
    NDArray centres = manager.randomNormal(new Shape(numBlobs, dim));
    NDArray which = manager.randomInteger(0, numBlobs, new Shape(numTokens), DataType.INT64);
    return centres.get(which).add(manager.randomNormal(new Shape(numTokens, dim)).mul(0.5f));
  }

  private static String peakRss() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return "n/a";
    }
    return Files.readAllLines(status).stream()
        .filter(line -> line.startsWith("VmHWM:"))
        .map(line -> line.substring("VmHWM:".length()).trim())
        .findFirst()
        .orElse("n/a");
  }
}
