package io.missrec.activities.impl;

import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.RunOutputs;
import io.missrec.activities.lineage.RunStart;
import io.missrec.model.data.Domain;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.data.FeatureTableCodec;
import io.missrec.model.encode.TextFeatureExtractor;
import io.missrec.model.encode.TextViews;
import io.missrec.model.encode.WordDrop;
import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.activities.AugmentationActivities;
import io.missrec.workflows.payload.AugmentationConfig;
import io.missrec.workflows.payload.AugmentationRequest;
import io.missrec.workflows.payload.AugmentedViews;
import java.util.Map;
import java.util.TreeMap;

/**
 * Word-dropped text view: the item texts with words dropped (seeded) and re-encoded by the text
 * modality's encoder, stored as a feature table named like the text modality (the trainer swaps it
 * in for the text features). Only a MiniLM-encoded text modality can be re-encoded; with
 * precomputed text features there is no word-dropped view and pre-training uses item drop only.
 * Item drop itself happens in the trainer, seeded by the training seed; its parameters are recorded
 * here. The trainer implements the released code's item drop (probability 0.9, keep 0.8), so other
 * values are rejected rather than silently ignored.
 */
public final class AugmentationActivitiesImpl implements AugmentationActivities {
  private static final AugmentationConfig RELEASED = AugmentationConfig.defaults(0);

  private final ActivityContext ctx;
  private final LocalArtifacts artifacts;
  private final DomainLoader loader;
  private final Runs runs;

  public AugmentationActivitiesImpl(ActivityContext ctx) {
    this.ctx = ctx;
    this.artifacts = new LocalArtifacts(ctx);
    this.loader = new DomainLoader(artifacts);
    this.runs = new Runs(ctx);
  }

  @Override
  public AugmentedViews augment(AugmentationRequest request) {
    AugmentationConfig config = request.config();
    if (config.itemDropProbability() != RELEASED.itemDropProbability()
        || config.itemKeepProbability() != RELEASED.itemKeepProbability()) {
      throw ActivityErrors.invalidInput(
          "item drop is fixed at probability "
              + RELEASED.itemDropProbability()
              + ", keep "
              + RELEASED.itemKeepProbability()
              + " in the trainer; got "
              + config.itemDropProbability()
              + ", "
              + config.itemKeepProbability());
    }
    if (!(config.wordDropRate() >= 0 && config.wordDropRate() < 1)) {
      throw ActivityErrors.invalidInput("wordDropRate must be in [0, 1): " + config.wordDropRate());
    }
    RunStart start = runs.start("augment:" + request.dataset().name(), request);
    var previous = runs.previousResult(start, AugmentedViews.class);
    if (previous.isPresent()) {
      return previous.get();
    }
    ArtifactRef snapshot = artifacts.storeRef(DomainLoader.snapshotRef(request.dataset()));
    RunOutputs.Builder outputs = RunOutputs.builder().artifact(snapshot);
    Map<String, io.missrec.workflows.payload.ArtifactRef> views = new TreeMap<>();
    String textEncoder = request.spec().encoders().get(FeatureTable.TEXT);
    if (textEncoder != null && TextEncoders.isMiniLm(textEncoder)) {
      Domain domain = loader.bare(request.dataset());
      TextFeatureExtractor extractor = TextEncoders.extractor(textEncoder, ctx.workDir());
      FeatureTable view;
      try {
        view =
            new TextViews(extractor, new WordDrop(config.wordDropRate()))
                .wordDropped(domain, config.seed());
      } finally {
        extractor.encoder().close();
      }
      ArtifactRef stored =
          artifacts.put(
              ArtifactKind.AUGMENTATION_VIEWS,
              FeatureTableCodec.encode(DomainLoader.rename(view, FeatureTable.TEXT)),
              LocalArtifacts.FEATURES);
      outputs
          .artifact(stored)
          .edge(RunOutputs.Edge.fromArtifact(snapshot.uri(), stored.uri(), "texts"));
      views.put(FeatureTable.TEXT, LocalArtifacts.toPayload(stored));
    }
    outputs.params(
        Map.of(
            "item_drop_probability", Double.toString(config.itemDropProbability()),
            "item_keep_probability", Double.toString(config.itemKeepProbability()),
            "word_drop_rate", Double.toString(config.wordDropRate()),
            "seed", Long.toString(config.seed()),
            "word_dropped_view", Boolean.toString(!views.isEmpty())));
    return runs.complete(
        start, outputs, new AugmentedViews(request.dataset().name(), views, config));
  }
}
