package io.missrec.app.cli;

import io.missrec.activities.impl.CodeVersion;
import io.missrec.app.config.Settings;
import io.missrec.app.registry.ModelSelector;
import io.missrec.app.serve.Catalogue;
import io.missrec.app.serve.CatalogueFollower;
import io.missrec.app.serve.DatasetFingerprint;
import io.missrec.app.serve.ServedModel;
import io.missrec.app.serve.StageFollower;
import io.missrec.model.data.Domain;
import io.missrec.model.serve.BatchingRecommender;
import io.missrec.model.train.LoadedCheckpoint;
import java.io.IOException;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * How {@code serve} gets its models: a resolved checkpoint or a registered version opened on a
 * catalogue with a batching recommender; for a {@link StageFollower}, the version a stage holds;
 * for a {@link CatalogueFollower}, the dataset read again.
 */
final class ServedModels {
  private final Settings settings;
  private final String dataSource;
  private final int defaultK;
  private final int maxBatch;
  private final int queue;

  /**
   * @param dataSource how the dataset was given, for {@code /v1/model}
   * @param maxBatch most requests scored at once
   * @param queue most requests waiting
   */
  ServedModels(Settings settings, String dataSource, int defaultK, int maxBatch, int queue) {
    this.settings = settings;
    this.dataSource = dataSource;
    this.defaultK = defaultK;
    this.maxBatch = maxBatch;
    this.queue = queue;
  }

  /**
   * Opens a resolved checkpoint on the catalogue, ready to answer; takes {@code resolved} over.
   *
   * @param batches told the size of each batch scored
   */
  ServedModel load(ModelSource.Resolved resolved, Catalogue catalogue, IntConsumer batches)
      throws Exception {
    LoadedCheckpoint loaded = null;
    try {
      Domain domain = catalogue.domain();
      loaded = LoadedCheckpoint.open(resolved.dir(), resolved.label(), domain);
      Map<String, Object> about = resolved.scoring(domain, dataSource, loaded.storedInterests());
      about.put("defaultK", defaultK);
      about.put("codeVersion", CodeVersion.current());
      BatchingRecommender batching =
          new BatchingRecommender(loaded.model(), loaded.items(), maxBatch, queue, batches);
      return new ServedModel(
          resolved.name(),
          about,
          catalogue,
          loaded,
          batching,
          resolved,
          next -> load(resolved.again(settings), next, batches));
    } catch (Exception | Error e) {
      if (loaded != null) {
        loaded.close();
      }
      resolved.close();
      throw e;
    }
  }

  /** The registered version {@code selector} names now, fetched and opened. */
  ServedModel load(ModelSelector selector, Catalogue catalogue, IntConsumer batches)
      throws Exception {
    return load(
        ModelSource.fetch(settings, selector, selector.stage() != null ? selector : null),
        catalogue,
        batches);
  }

  /** The registry's view of {@code stage} for a follower: its version now, and that one loaded. */
  StageFollower.VersionSource stage(ModelSelector stage, IntConsumer batches) {
    return new StageFollower.VersionSource() {
      @Override
      public String current() {
        return ModelSource.nameOf(ModelFetchCommand.lookup(settings, stage));
      }

      @Override
      public ServedModel load(String version, Catalogue catalogue) throws Exception {
        return ServedModels.this.load(
            ModelSource.fetch(settings, ModelSelector.parse(version), stage), catalogue, batches);
      }
    };
  }

  /** The dataset of {@code data} as a followed catalogue: its folder's files, read again. */
  static CatalogueFollower.CatalogueSource catalogues(DomainOptions data) {
    return new CatalogueFollower.CatalogueSource() {
      @Override
      public String fingerprint() throws IOException {
        return DatasetFingerprint.of(data.dataset);
      }

      @Override
      public Catalogue read(String fingerprint) {
        return new Catalogue(data.load(), fingerprint);
      }
    };
  }
}
