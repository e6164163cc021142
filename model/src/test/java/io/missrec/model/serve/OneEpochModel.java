package io.missrec.model.serve;

import io.missrec.model.data.Domain;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.data.SyntheticConfig;
import io.missrec.model.data.SyntheticDomains;
import io.missrec.model.nn.MissRecConfig;
import io.missrec.model.train.ItemInputs;
import io.missrec.model.train.MissRecModel;
import io.missrec.model.train.MissRecTrainer;
import io.missrec.model.train.TrainConfig;
import io.missrec.model.train.TrainingListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small model trained one epoch on the first synthetic domain, with its item inputs. */
record OneEpochModel(Domain domain, MissRecModel model, ItemInputs items) implements AutoCloseable {

  static OneEpochModel train() {
    Domain domain = SyntheticDomains.generate(SyntheticConfig.defaults()).get(0);
    Map<String, Integer> dims = new LinkedHashMap<>();
    for (FeatureTable t : domain.features().values()) {
      dims.put(t.modality(), t.dim());
    }
    MissRecModel model =
        MissRecModel.create(new MissRecConfig(64, 4, 128, 1, 1, 0.2f, 50, 50, dims, 0, 1e-12f), 7);
    TrainConfig quick =
        TrainConfig.fineTuneDefaults().withEpochs(1).withBatchSize(256).withPatience(0).withSeed(7);
    new MissRecTrainer(quick, TrainingListener.none()).fit(model, domain, Optional.empty(), 0);
    ItemInputs items =
        new ItemInputs(model.manager(), domain, model.block().modalities(), List.of());
    return new OneEpochModel(domain, model, items);
  }

  @Override
  public void close() {
    items.close();
    model.close();
  }
}
