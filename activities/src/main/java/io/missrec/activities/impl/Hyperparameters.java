package io.missrec.activities.impl;

import io.missrec.model.nn.MissRecConfig;
import io.missrec.model.train.TrainConfig;
import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.payload.TrainingConfig;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link TrainingConfig} as the model's settings. Known override names: architecture {@code
 * hidden, heads, ffn, encoder_layers, decoder_layers, dropout, max_len, max_interests} (ignored but
 * for {@code dropout} when starting from a checkpoint, whose architecture wins); optimisation
 * {@code tau, lambda, gamma, cluster_ratio, knn_ratio, interests} ({@code dpc-knn} or {@code
 * kmeans}), {@code kmeans_iterations, diversity} ({@code cosine} or {@code pooled}), {@code
 * freeze_core, length_buckets, eval_batch_size}. Any other name, or a value that does not parse, is
 * invalid input.
 */
record Hyperparameters(TrainConfig train, Map<String, String> architecture) {
  private static final Set<String> ARCHITECTURE =
      Set.of(
          "hidden",
          "heads",
          "ffn",
          "encoder_layers",
          "decoder_layers",
          "dropout",
          "max_len",
          "max_interests");
  private static final Set<String> TRAINING =
      Set.of(
          "tau",
          "lambda",
          "gamma",
          "cluster_ratio",
          "knn_ratio",
          "interests",
          "kmeans_iterations",
          "diversity",
          "padding_class",
          "freeze_core",
          "length_buckets",
          "eval_batch_size");

  /**
   * @param freezeCoreDefault parameter-efficient fine-tuning unless {@code freeze_core} says
   *     otherwise
   */
  static Hyperparameters of(
      TrainingConfig config, TrainConfig.Objective objective, boolean freezeCoreDefault) {
    Map<String, String> o = config.overrides();
    for (String key : o.keySet()) {
      if (!ARCHITECTURE.contains(key) && !TRAINING.contains(key)) {
        throw ActivityErrors.invalidInput(
            "unknown hyper-parameter override '" + key + "'; known: " + new TreeMap<>(known()));
      }
    }
    TrainConfig base =
        objective == TrainConfig.Objective.PRETRAIN
            ? TrainConfig.pretrainDefaults()
            : TrainConfig.fineTuneDefaults();
    try {
      TrainConfig train =
          new TrainConfig(
              objective,
              config.epochs(),
              config.batchSize(),
              (float) config.learningRate(),
              Float.parseFloat(o.getOrDefault("tau", "" + base.tau())),
              Float.parseFloat(o.getOrDefault("lambda", "" + base.lambda())),
              Float.parseFloat(o.getOrDefault("gamma", "" + base.gamma())),
              config.patience(),
              config.seed(),
              Double.parseDouble(o.getOrDefault("cluster_ratio", "" + base.clusterRatio())),
              Double.parseDouble(o.getOrDefault("knn_ratio", "" + base.knnRatio())),
              TrainConfig.InterestMethod.parse(
                  o.getOrDefault("interests", base.interestMethod().label())),
              Integer.parseInt(o.getOrDefault("kmeans_iterations", "" + base.kmeansIterations())),
              TrainConfig.DiversityForm.parse(
                  o.getOrDefault("diversity", base.diversity().label())),
              bool(o.getOrDefault("padding_class", "" + base.paddingClass())),
              bool(o.getOrDefault("freeze_core", "" + freezeCoreDefault)),
              bool(o.getOrDefault("length_buckets", "" + base.lengthBuckets())),
              Integer.parseInt(o.getOrDefault("eval_batch_size", "" + base.evalBatchSize())));
      Map<String, String> architecture = new TreeMap<>();
      o.forEach(
          (key, value) -> {
            if (ARCHITECTURE.contains(key)) {
              architecture.put(key, value);
            }
          });
      return new Hyperparameters(train, architecture);
    } catch (IllegalArgumentException e) {
      throw ActivityErrors.invalidInput("hyper-parameters " + o + ": " + e.getMessage(), e);
    }
  }

  /** The published architecture for these widths, with the overrides applied. */
  MissRecConfig modelConfig(Map<String, Integer> dims, int idItems) {
    MissRecConfig p = MissRecConfig.published(dims);
    try {
      return new MissRecConfig(
          integer("hidden", p.hidden()),
          integer("heads", p.heads()),
          integer("ffn", p.ffn()),
          integer("encoder_layers", p.encoderLayers()),
          integer("decoder_layers", p.decoderLayers()),
          Float.parseFloat(architecture.getOrDefault("dropout", "" + p.dropout())),
          integer("max_len", p.maxLen()),
          integer("max_interests", p.maxInterests()),
          dims,
          idItems,
          p.layerNormEps());
    } catch (IllegalArgumentException e) {
      throw ActivityErrors.invalidInput("architecture " + architecture + ": " + e.getMessage(), e);
    }
  }

  /** A checkpoint's architecture with the dropout override (the only one that may change). */
  MissRecConfig fromCheckpoint(MissRecConfig stored, int idItems) {
    MissRecConfig config = stored.withIdItems(idItems);
    String dropout = architecture.get("dropout");
    return dropout == null ? config : config.withDropout(Float.parseFloat(dropout));
  }

  private int integer(String key, int fallback) {
    return Integer.parseInt(architecture.getOrDefault(key, Integer.toString(fallback)));
  }

  private static boolean bool(String value) {
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException("not a boolean: " + value);
    }
    return Boolean.parseBoolean(value);
  }

  private static Map<String, String> known() {
    Map<String, String> all = new TreeMap<>();
    ARCHITECTURE.forEach(k -> all.put(k, "architecture"));
    TRAINING.forEach(k -> all.put(k, "training"));
    return all;
  }
}
