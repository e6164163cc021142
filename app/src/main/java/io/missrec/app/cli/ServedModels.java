package io.missrec.app.cli;

import io.missrec.activities.impl.CodeVersion;
import io.missrec.app.config.Settings;
import io.missrec.app.registry.ModelSelector;
import io.missrec.app.serve.ServedModel;
import io.missrec.app.serve.StageFollower;
import io.missrec.model.data.Domain;
import io.missrec.model.serve.BatchingRecommender;
import io.missrec.model.train.LoadedCheckpoint;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * How {@code serve} gets its models: a resolved checkpoint or a registered version opened on the
 * dataset with a batching recommender, and, for a {@link StageFollower}, the version a stage holds.
 */
final class ServedModels {
  private final Settings settings;
  private final Domain domain;
  private final String dataSource;
  private final int defaultK;
  private final int maxBatch;
  private final int queue;

  /**
   * @param dataSource how the dataset was given, for {@code /v1/model}
   * @param maxBatch most requests scored at once
   * @param queue most requests waiting
   */
  ServedModels(
      Settings settings, Domain domain, String dataSource, int defaultK, int maxBatch, int queue) {
    this.settings = settings;
    this.domain = domain;
    this.dataSource = dataSource;
    this.defaultK = defaultK;
    this.maxBatch = maxBatch;
    this.queue = queue;
  }

  /**
   * Opens a resolved checkpoint on the domain, ready to answer; takes {@code resolved} over.
   *
   * @param batches told the size of each batch scored
   */
  ServedModel load(ModelSource.Resolved resolved, IntConsumer batches) throws Exception {
    LoadedCheckpoint loaded = null;
    try {
      loaded = LoadedCheckpoint.open(resolved.dir(), resolved.label(), domain);
      Map<String, Object> about = resolved.scoring(domain, dataSource, loaded.storedInterests());
      about.put("defaultK", defaultK);
      about.put("codeVersion", CodeVersion.current());
      BatchingRecommender batching =
          new BatchingRecommender(loaded.model(), loaded.items(), maxBatch, queue, batches);
      return new ServedModel(resolved.name(), about, loaded, batching, resolved);
    } catch (Exception | Error e) {
      if (loaded != null) {
        loaded.close();
      }
      resolved.close();
      throw e;
    }
  }

  /** The registered version {@code selector} names now, fetched and opened. */
  ServedModel load(ModelSelector selector, IntConsumer batches) throws Exception {
    return load(
        ModelSource.fetch(settings, selector, selector.stage() != null ? selector : null), batches);
  }

  /** The registry's view of {@code stage} for a follower: its version now, and that one loaded. */
  StageFollower.VersionSource stage(ModelSelector stage, IntConsumer batches) {
    return new StageFollower.VersionSource() {
      @Override
      public String current() {
        return ModelSource.nameOf(ModelFetchCommand.lookup(settings, stage));
      }

      @Override
      public ServedModel load(String version) throws Exception {
        return ServedModels.this.load(
            ModelSource.fetch(settings, ModelSelector.parse(version), stage), batches);
      }
    };
  }
}
