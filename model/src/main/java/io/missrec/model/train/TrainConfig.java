package io.missrec.model.train;

import java.util.Map;
import java.util.TreeMap;

/**
 * Optimisation and protocol settings. Defaults ({@link #fineTuneDefaults()}) are the published
 * fine-tuning ones: Adam lr 1e-3, batch 512, tau 0.07, gamma 1e-4, early stopping on valid NDCG@10
 * with patience 10, interests from DPC-KNN with K_c = ceil(0.5 * tokens), k = ceil(0.1 * tokens).
 *
 * @param objective fine-tuning (softmax over all items) or pre-training (in-batch + views)
 * @param epochs maximum number of epochs
 * @param batchSize training batch size
 * @param learningRate Adam learning rate
 * @param tau softmax temperature
 * @param lambda weight of the sequence-sequence loss (pre-training)
 * @param gamma weight of the interest diversity regulariser
 * @param patience epochs without valid NDCG@10 gain before stopping (0 = never stop early)
 * @param seed seed for initialisation, dropout, shuffling and augmentation
 * @param clusterRatio K_c / tokens for interest discovery
 * @param knnRatio k / tokens for DPC-KNN local density
 * @param interestMethod how interests are discovered before every epoch (DPC-KNN as the paper, or
 *     k-means as the released code)
 * @param kmeansIterations Lloyd steps of k-means after its random start (the released code: 1)
 * @param diversity the form of the interest diversity regulariser (the spec's pairwise cosine, or
 *     the released code's pooled-memory norm)
 * @param paddingClass fine-tuning only: the softmax over all items also runs over the released
 *     code's padding item (a zero feature row, so the adapters' biases, and a zero ID embedding),
 *     which evaluation never ranks
 * @param freezeCore parameter-efficient fine-tuning: freeze encoder, decoder and positions
 * @param lengthBuckets draw batches of similar-length sequences (the layout of earlier versions;
 *     off by default: batches are uniformly random, and computed in length-grouped micro-batches
 *     either way, so this no longer saves time)
 * @param evalBatchSize users per evaluation batch
 */
public record TrainConfig(
    Objective objective,
    int epochs,
    int batchSize,
    float learningRate,
    float tau,
    float lambda,
    float gamma,
    int patience,
    long seed,
    double clusterRatio,
    double knnRatio,
    InterestMethod interestMethod,
    int kmeansIterations,
    DiversityForm diversity,
    boolean paddingClass,
    boolean freezeCore,
    boolean lengthBuckets,
    int evalBatchSize) {

  /** What the training loop optimises. */
  public enum Objective {
    FINE_TUNE,
    PRETRAIN
  }

  /** Interest discovery before every epoch. */
  public enum InterestMethod {
    /** Density peaks over k nearest neighbours, as the paper defines it (the default). */
    DPC_KNN,
    /** Random-start k-means, as the released code calls it ({@code LloydKMeans}). */
    KMEANS;

    /** The name used on command lines, in overrides and in reports: dpc-knn, kmeans. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Parses {@link #label()} (case-insensitive). */
    public static InterestMethod parse(String label) {
      for (InterestMethod m : values()) {
        if (m.label().equalsIgnoreCase(label.trim())) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "unknown interest method '" + label + "'; known: dpc-knn, kmeans");
    }
  }

  /** The interest diversity regulariser, both weighted by {@code gamma}. */
  public enum DiversityForm {
    /**
     * The spec's form: mean pairwise cosine similarity of a sequence's encoded interests, padding
     * excluded, averaged over the batch (the default).
     */
    COSINE,
    /**
     * The released code's form: per sequence, the encoder outputs at every position of the
     * batch-padded interest sequence (padding included) summed and scaled by the fraction of real
     * interests; the squared norm of that vector over d, summed over the batch.
     */
    POOLED;

    /** The name used on command lines, in overrides and in reports: cosine, pooled. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@link #label()} (case-insensitive). */
    public static DiversityForm parse(String label) {
      for (DiversityForm f : values()) {
        if (f.label().equalsIgnoreCase(label.trim())) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "unknown diversity form '" + label + "'; known: cosine, pooled");
    }
  }

  /** Each check names the field and the value it refused, so a bad override is found at once. */
  public TrainConfig {
    if (objective == null || interestMethod == null || diversity == null) {
      throw new IllegalArgumentException("objective, interestMethod and diversity must be set");
    }
    atLeast("epochs", epochs, 1);
    atLeast("batchSize", batchSize, 1);
    atLeast("evalBatchSize", evalBatchSize, 1);
    atLeast("patience", patience, 0);
    atLeast("kmeansIterations", kmeansIterations, 0);
    positive("learningRate", learningRate);
    positive("tau", tau);
    nonNegative("lambda", lambda);
    nonNegative("gamma", gamma);
    ratio("clusterRatio", clusterRatio);
    ratio("knnRatio", knnRatio);
  }

  private static void atLeast(String field, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
    }
  }

  private static void positive(String field, float value) {
    if (!(value > 0) || Float.isInfinite(value)) {
      throw new IllegalArgumentException(field + " must be finite and > 0, got " + value);
    }
  }

  private static void nonNegative(String field, float value) {
    if (!(value >= 0) || Float.isInfinite(value)) {
      throw new IllegalArgumentException(field + " must be finite and >= 0, got " + value);
    }
  }

  private static void ratio(String field, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(field + " must be in (0, 1], got " + value);
    }
  }

  public static TrainConfig fineTuneDefaults() {
    return new TrainConfig(
        Objective.FINE_TUNE,
        200,
        512,
        1e-3f,
        0.07f,
        1e-3f,
        1e-4f,
        10,
        2023L,
        0.5,
        0.1,
        InterestMethod.DPC_KNN,
        1,
        DiversityForm.COSINE,
        false,
        false,
        false,
        256);
  }

  /** Published pre-training settings: batch 4096, K_c = ceil(0.02 * tokens). */
  public static TrainConfig pretrainDefaults() {
    return fineTuneDefaults()
        .withObjective(Objective.PRETRAIN)
        .withBatchSize(4096)
        .withClusterRatio(0.02);
  }

  public TrainConfig withObjective(Objective value) {
    return toBuilder().objective(value).build();
  }

  public TrainConfig withEpochs(int value) {
    return toBuilder().epochs(value).build();
  }

  public TrainConfig withBatchSize(int value) {
    return toBuilder().batchSize(value).build();
  }

  public TrainConfig withSeed(long value) {
    return toBuilder().seed(value).build();
  }

  public TrainConfig withPatience(int value) {
    return toBuilder().patience(value).build();
  }

  public TrainConfig withClusterRatio(double value) {
    return toBuilder().clusterRatio(value).build();
  }

  public TrainConfig withInterestMethod(InterestMethod value) {
    return toBuilder().interestMethod(value).build();
  }

  public TrainConfig withDiversity(DiversityForm value) {
    return toBuilder().diversity(value).build();
  }

  public TrainConfig withPaddingClass(boolean value) {
    return toBuilder().paddingClass(value).build();
  }

  public TrainConfig withFreezeCore(boolean value) {
    return toBuilder().freezeCore(value).build();
  }

  public TrainConfig withLengthBuckets(boolean value) {
    return toBuilder().lengthBuckets(value).build();
  }

  public TrainConfig withLearningRate(float value) {
    return toBuilder().learningRate(value).build();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.objective = objective;
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.learningRate = learningRate;
    b.tau = tau;
    b.lambda = lambda;
    b.gamma = gamma;
    b.patience = patience;
    b.seed = seed;
    b.clusterRatio = clusterRatio;
    b.knnRatio = knnRatio;
    b.interestMethod = interestMethod;
    b.kmeansIterations = kmeansIterations;
    b.diversity = diversity;
    b.paddingClass = paddingClass;
    b.freezeCore = freezeCore;
    b.lengthBuckets = lengthBuckets;
    b.evalBatchSize = evalBatchSize;
    return b;
  }

  /** Mutable copy of a config; {@link #build()} validates. */
  public static final class Builder {
    private Objective objective;
    private int epochs;
    private int batchSize;
    private float learningRate;
    private float tau;
    private float lambda;
    private float gamma;
    private int patience;
    private long seed;
    private double clusterRatio;
    private double knnRatio;
    private InterestMethod interestMethod;
    private int kmeansIterations;
    private DiversityForm diversity;
    private boolean paddingClass;
    private boolean freezeCore;
    private boolean lengthBuckets;
    private int evalBatchSize;

    private Builder() {}

    public Builder objective(Objective value) {
      this.objective = value;
      return this;
    }

    public Builder epochs(int value) {
      this.epochs = value;
      return this;
    }

    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    public Builder learningRate(float value) {
      this.learningRate = value;
      return this;
    }

    public Builder tau(float value) {
      this.tau = value;
      return this;
    }

    public Builder lambda(float value) {
      this.lambda = value;
      return this;
    }

    public Builder gamma(float value) {
      this.gamma = value;
      return this;
    }

    public Builder patience(int value) {
      this.patience = value;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public Builder clusterRatio(double value) {
      this.clusterRatio = value;
      return this;
    }

    public Builder knnRatio(double value) {
      this.knnRatio = value;
      return this;
    }

    public Builder interestMethod(InterestMethod value) {
      this.interestMethod = value;
      return this;
    }

    public Builder kmeansIterations(int value) {
      this.kmeansIterations = value;
      return this;
    }

    public Builder diversity(DiversityForm value) {
      this.diversity = value;
      return this;
    }

    public Builder paddingClass(boolean value) {
      this.paddingClass = value;
      return this;
    }

    public Builder freezeCore(boolean value) {
      this.freezeCore = value;
      return this;
    }

    public Builder lengthBuckets(boolean value) {
      this.lengthBuckets = value;
      return this;
    }

    public Builder evalBatchSize(int value) {
      this.evalBatchSize = value;
      return this;
    }

    public TrainConfig build() {
      return new TrainConfig(
          objective,
          epochs,
          batchSize,
          learningRate,
          tau,
          lambda,
          gamma,
          patience,
          seed,
          clusterRatio,
          knnRatio,
          interestMethod,
          kmeansIterations,
          diversity,
          paddingClass,
          freezeCore,
          lengthBuckets,
          evalBatchSize);
    }
  }

  /** Flat key/value view for reports and lineage params. */
  public Map<String, String> asParams() {
    Map<String, String> p = new TreeMap<>();
    p.put("objective", objective.name().toLowerCase(java.util.Locale.ROOT));
    p.put("epochs", Integer.toString(epochs));
    p.put("batch_size", Integer.toString(batchSize));
    p.put("learning_rate", Float.toString(learningRate));
    p.put("tau", Float.toString(tau));
    p.put("lambda", Float.toString(lambda));
    p.put("gamma", Float.toString(gamma));
    p.put("patience", Integer.toString(patience));
    p.put("seed", Long.toString(seed));
    p.put("cluster_ratio", Double.toString(clusterRatio));
    p.put("knn_ratio", Double.toString(knnRatio));
    p.put("interests", interestMethod.label());
    p.put("kmeans_iterations", Integer.toString(kmeansIterations));
    p.put("diversity", diversity.label());
    p.put("padding_class", Boolean.toString(paddingClass));
    p.put("freeze_core", Boolean.toString(freezeCore));
    p.put("length_buckets", Boolean.toString(lengthBuckets));
    return p;
  }
}
