package io.missrec.activities.impl;

import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.RunOutputs;
import io.missrec.activities.lineage.RunStart;
import io.missrec.model.data.DataFormatException;
import io.missrec.model.data.Domain;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.data.FeatureTableCodec;
import io.missrec.model.data.FeatureTableReader;
import io.missrec.model.encode.TextFeatureExtractor;
import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.activities.FeatureActivities;
import io.missrec.workflows.payload.FeatureRequest;
import io.missrec.workflows.payload.FeatureSet;
import io.missrec.workflows.payload.FeatureSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Feature tables per modality: imported from the snapshot's {@code <name>.<suffix>} file for {@code
 * precomputed:<suffix>}, encoded from the item texts with MiniLM (cached on disk by encoder and
 * texts), or for {@code onnx:<artifact URI>} encoded from the snapshot's item images by that ONNX
 * model (see {@link ImageEncoders}). Each table is stored in {@link FeatureTableCodec} form,
 * content-addressed; lineage has one edge snapshot -> table per modality.
 */
public final class FeatureActivitiesImpl implements FeatureActivities {
  private final ActivityContext ctx;
  private final LocalArtifacts artifacts;
  private final DomainLoader loader;
  private final Runs runs;

  public FeatureActivitiesImpl(ActivityContext ctx) {
    this.ctx = ctx;
    this.artifacts = new LocalArtifacts(ctx);
    this.loader = new DomainLoader(artifacts);
    this.runs = new Runs(ctx);
  }

  @Override
  public FeatureSet extract(FeatureRequest request) {
    RunStart start = runs.start("features:" + request.dataset().name(), request);
    var previous = runs.previousResult(start, FeatureSet.class);
    if (previous.isPresent()) {
      return previous.get();
    }
    Domain domain = loader.bare(request.dataset());
    Path dir = loader.folder(request.dataset());
    Map<String, FeatureTable> tables = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : request.spec().encoders().entrySet()) {
      tables.put(entry.getKey(), table(domain, dir, entry.getKey(), entry.getValue()));
    }
    ArtifactRef snapshot = artifacts.storeRef(DomainLoader.snapshotRef(request.dataset()));
    RunOutputs.Builder outputs = RunOutputs.builder().artifact(snapshot);
    Map<String, io.missrec.workflows.payload.ArtifactRef> refs = new TreeMap<>();
    Map<String, Integer> dims = new TreeMap<>();
    for (FeatureTable table : tables.values()) {
      ArtifactRef stored =
          artifacts.put(
              ArtifactKind.FEATURE_TABLE, FeatureTableCodec.encode(table), LocalArtifacts.FEATURES);
      outputs
          .artifact(stored)
          .edge(
              RunOutputs.Edge.fromArtifact(
                  snapshot.uri(), stored.uri(), "features:" + table.modality()));
      refs.put(table.modality(), LocalArtifacts.toPayload(stored));
      dims.put(table.modality(), table.dim());
    }
    Map<String, String> params = new TreeMap<>();
    request
        .spec()
        .encoders()
        .forEach((modality, encoder) -> params.put("encoder." + modality, encoder));
    outputs.params(params);
    FeatureSet result = new FeatureSet(request.dataset().name(), refs, dims, domain.numItems());
    return runs.complete(start, outputs, result);
  }

  private FeatureTable table(Domain domain, Path dir, String modality, String encoder) {
    if (TextEncoders.isPrecomputed(encoder)) {
      String suffix = encoder.substring(FeatureSpec.PRECOMPUTED_PREFIX.length());
      Path file = dir.resolve(domain.name() + "." + suffix);
      if (!Files.isRegularFile(file)) {
        throw ActivityErrors.invalidInput(
            "dataset " + domain.name() + ": no precomputed feature file " + file.getFileName());
      }
      try {
        int dim = FeatureTableReader.inferDim(file, modality, domain.numItems());
        return FeatureTableReader.read(file, modality, dim, domain.numItems());
      } catch (DataFormatException e) {
        throw DomainLoader.dataFormat(e);
      }
    }
    if (ImageEncoders.isOnnx(encoder)) {
      return ImageEncoders.extract(domain, dir, modality, encoder, artifacts, ctx.workDir());
    }
    if (domain.itemTexts().isEmpty()) {
      throw ActivityErrors.invalidInput(
          "dataset " + domain.name() + " has no item texts to encode for '" + modality + "'");
    }
    TextFeatureExtractor extractor = TextEncoders.extractor(encoder, ctx.workDir());
    try {
      return extractor.extract(domain.itemTexts(), modality).table();
    } finally {
      extractor.encoder().close();
    }
  }
}
