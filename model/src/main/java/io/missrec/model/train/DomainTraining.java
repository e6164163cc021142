package io.missrec.model.train;

import io.missrec.model.data.Domain;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.nn.MissRecConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The steps every caller (CLI, pipeline activities) takes to get a model for a domain: the
 * architecture from the domain's feature widths, and a fresh or checkpoint-initialised model.
 */
public final class DomainTraining {

  private DomainTraining() {}

  /** Feature width per modality, in the domain's modality order. */
  public static Map<String, Integer> featureDims(Domain domain) {
    Map<String, Integer> dims = new LinkedHashMap<>();
    for (FeatureTable t : domain.features().values()) {
      dims.put(t.modality(), t.dim());
    }
    return dims;
  }

  /** The published architecture for the domain's features, with an ID table when transductive. */
  public static MissRecConfig modelConfig(Domain domain, boolean transductive) {
    MissRecConfig config = MissRecConfig.published(featureDims(domain));
    return transductive ? config.withIdItems(domain.numItems()) : config;
  }

  /**
   * A model with {@code config}: loaded from the checkpoint folder {@code init} when given (shared
   * parameters keep their stored values), else freshly initialised with {@code seed}.
   *
   * @throws IllegalArgumentException when the checkpoint's feature widths differ from the config's
   */
  public static MissRecModel open(MissRecConfig config, Path init, long seed) {
    return init != null ? Checkpoints.load(init, config) : MissRecModel.create(config, seed);
  }
}
