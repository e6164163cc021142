package io.missrec.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.missrec.model.interest.BlockedDpcKnn;
import io.missrec.model.interest.DpcKnnConfig;
import io.missrec.model.interest.DpcKnnResult;
import io.missrec.model.interest.InterestIndex;
import io.missrec.model.interest.LloydKMeans;
import io.missrec.model.interest.MeansByCluster;
import io.missrec.model.interest.TokenLayout;
import io.missrec.model.nn.MissRecBlock;
import io.missrec.model.nn.MissRecConfig;
import io.missrec.model.torch.TorchOwned;
import java.util.Random;

/**
 * A MISSRec network with its parameters and its current interest clustering. Owns a native memory
 * manager; close it when done.
 */
public final class MissRecModel implements AutoCloseable {

  private final MissRecConfig config;
  private final NDManager manager;
  private final MissRecBlock block;
  private final ParameterStore parameterStore;
  private Interests interests;
  private NDArray interestTable;

  /** The clustering that maps tokens to interests, and what the model derives from it. */
  public record Interests(int[] assignment, int numInterests, InterestIndex index) {}

  private MissRecModel(MissRecConfig config, NDManager manager) {
    this.config = config;
    this.manager = manager;
    this.block = new MissRecBlock(config);
    block.initialize(manager);
    this.parameterStore = new ParameterStore(manager, false);
  }

  /** A freshly initialised model (seeded through the engine's random generator). */
  public static MissRecModel create(MissRecConfig config, long seed) {
    Engine.getInstance().setRandomSeed((int) seed);
    return new MissRecModel(config, NDManager.newBaseManager());
  }

  public MissRecConfig config() {
    return config;
  }

  public MissRecBlock block() {
    return block;
  }

  public ParameterStore parameterStore() {
    return parameterStore;
  }

  public NDManager manager() {
    return manager;
  }

  public Interests interests() {
    if (interests == null) {
      throw new IllegalStateException("interests not discovered yet: call discoverInterests");
    }
    return interests;
  }

  /** Number of parameters, all and those that train (not frozen). */
  public long[] parameterCounts() {
    long total = 0;
    long trainable = 0;
    for (Pair<String, Parameter> p : block.getParameters()) {
      long n = p.getValue().getArray().size();
      total += n;
      if (p.getValue().requiresGradient()) {
        trainable += n;
      }
    }
    return new long[] {total, trainable};
  }

  /**
   * Re-clusters the items' adapted tokens with DPC-KNN (no gradient) and installs the result.
   *
   * @return the clustering result (for timing / reporting)
   */
  public DpcKnnResult discoverInterests(ItemInputs items, double clusterRatio, double knnRatio) {
    DpcKnnResult result;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDList adapted = block.adapt(parameterStore, items.features(), items.present(), false);
      NDArray tokens = items.tokens(adapted).stopGradient();
      int t = (int) tokens.getShape().get(0);
      result =
          new BlockedDpcKnn().cluster(tokens, DpcKnnConfig.fromRatios(t, clusterRatio, knnRatio));
    }
    installInterests(items, result.assignment(), result.numClusters());
    return result;
  }

  /**
   * Re-clusters the items' adapted tokens with random-start k-means (no gradient) and installs the
   * result: {@code K = ceil(clusterRatio * T)} clusters, as many as DPC-KNN would find.
   *
   * @param random draws the starting centres
   */
  public LloydKMeans.Result discoverInterestsByKMeans(
      ItemInputs items, double clusterRatio, int iterations, Random random) {
    LloydKMeans.Result result;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDList adapted = block.adapt(parameterStore, items.features(), items.present(), false);
      NDArray tokens = items.tokens(adapted).stopGradient();
      int t = (int) tokens.getShape().get(0);
      int k = DpcKnnConfig.centresFor(t, clusterRatio);
      result = new LloydKMeans(iterations).cluster(tokens, k, random);
    }
    installInterests(items, result.assignment(), result.numClusters());
    return result;
  }

  /**
   * Recomputes the interest embeddings {@code (K, d)} from the current adapters, without gradient.
   * Training uses this table for a whole epoch, as the released code keeps it in a buffer.
   */
  public NDArray refreshInterestTable(ItemInputs items) {
    if (interestTable != null) {
      interestTable.close();
    }
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDList adapted = block.adapt(parameterStore, items.features(), items.present(), false);
      interestTable = interestMeans(items.tokens(adapted)).stopGradient();
      NDScope.unregister(interestTable);
    }
    interestTable.attach(manager);
    return interestTable;
  }

  /** Interest embeddings {@code (K, d)}: the mean of each interest's tokens {@code (T, d)}. */
  public NDArray interestMeans(NDArray tokens) {
    Interests current = interests();
    return MeansByCluster.means(tokens, current.assignment(), current.numInterests());
  }

  /** The table of the last {@link #refreshInterestTable}. */
  public NDArray interestTable() {
    if (interestTable == null) {
      throw new IllegalStateException("interest table not computed: call refreshInterestTable");
    }
    return interestTable;
  }

  /** Installs a known token-to-interest assignment (e.g. restored from a checkpoint). */
  public void installInterests(ItemInputs items, int[] assignment, int numInterests) {
    TokenLayout layout = items.layout();
    if (layout.numTokens() != assignment.length) {
      throw new IllegalArgumentException(
          "interest assignment covers "
              + assignment.length
              + " tokens but the domain has "
              + layout.numTokens());
    }
    interests =
        new Interests(
            assignment.clone(), numInterests, InterestIndex.of(layout, assignment, numInterests));
  }

  /** Snapshot of every parameter's values (for keeping the best epoch). */
  public float[][] snapshot() {
    var params = block.getParameters();
    float[][] out = new float[params.size()][];
    for (int i = 0; i < params.size(); i++) {
      out[i] = params.get(i).getValue().getArray().toFloatArray();
    }
    return out;
  }

  /** Restores a {@link #snapshot()}. */
  public void restore(float[][] values) {
    var params = block.getParameters();
    for (int i = 0; i < params.size(); i++) {
      TorchOwned.overwrite(params.get(i).getValue().getArray(), values[i]);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
