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
import io.missrec.workflows.payload.FeatureMergeRequest;
import io.missrec.workflows.payload.FeatureRequest;
import io.missrec.workflows.payload.FeatureSet;
import io.missrec.workflows.payload.FeatureShard;
import io.missrec.workflows.payload.FeatureShardRequest;
import io.missrec.workflows.payload.FeatureSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Feature tables per modality: imported from the snapshot's {@code <name>.<suffix>} file for {@code
 * precomputed:<suffix>}, encoded from the item texts with MiniLM (cached on disk by encoder and
 * texts), or for {@code onnx:<artifact URI>} and {@code torchscript:<artifact URI>} encoded from
 * the snapshot's item images by that ONNX or TorchScript model (see {@link ImageEncoders}). Each
 * table is stored in {@link FeatureTableCodec} form, content-addressed; lineage has one edge
 * snapshot -> table per modality.
 *
 * <p>Large catalogues are encoded in shards ({@link #extractShard}, one partial table each) and
 * assembled by {@link #mergeShards} into the table {@link #extract} would store, with extra edges
 * shard -> table.
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

  @Override
  public FeatureShard extractShard(FeatureShardRequest request) {
    if (!FeatureSpec.encodesTexts(request.encoder())) {
      throw ActivityErrors.invalidInput(
          "shard of '"
              + request.modality()
              + "': only text encoders are sharded; precomputed features and image models are"
              + " not sharded");
    }
    RunStart start =
        runs.start("feature-shard:" + request.dataset().name() + ":" + request.modality(), request);
    var previous = runs.previousResult(start, FeatureShard.class);
    if (previous.isPresent()) {
      return previous.get();
    }
    Domain domain = loader.bare(request.dataset());
    if (request.endItem() > domain.numItems()) {
      throw ActivityErrors.invalidInput(
          "shard ["
              + request.firstItem()
              + ", "
              + request.endItem()
              + ") of dataset "
              + domain.name()
              + " ends beyond its "
              + domain.numItems()
              + " items");
    }
    FeatureTable table =
        encode(
            domain, request.modality(), request.encoder(), request.firstItem(), request.endItem());
    ArtifactRef snapshot = artifacts.storeRef(DomainLoader.snapshotRef(request.dataset()));
    ArtifactRef stored =
        artifacts.put(
            ArtifactKind.FEATURE_TABLE, FeatureTableCodec.encode(table), LocalArtifacts.FEATURES);
    RunOutputs.Builder outputs =
        RunOutputs.builder()
            .artifact(snapshot)
            .artifact(stored)
            .edge(
                RunOutputs.Edge.fromArtifact(
                    snapshot.uri(), stored.uri(), "feature-shard:" + request.modality()))
            .params(
                Map.of(
                    "encoder." + request.modality(),
                    request.encoder(),
                    "firstItem",
                    Integer.toString(request.firstItem()),
                    "endItem",
                    Integer.toString(request.endItem())));
    FeatureShard result =
        new FeatureShard(
            request.modality(),
            request.encoder(),
            request.firstItem(),
            request.endItem(),
            table.dim(),
            LocalArtifacts.toPayload(stored));
    return runs.complete(start, outputs, result);
  }

  @Override
  public FeatureSet mergeShards(FeatureMergeRequest request) {
    Domain domain = loader.bare(request.dataset());
    Map<String, String> sharded = new TreeMap<>();
    request
        .spec()
        .encoders()
        .forEach(
            (modality, encoder) -> {
              if (FeatureSpec.encodesTexts(encoder)) {
                sharded.put(modality, encoder);
              }
            });
    Map<String, List<FeatureShard>> shards;
    try {
      shards = ShardCoverage.check(sharded, domain.numItems(), request.shards());
    } catch (IllegalArgumentException e) {
      throw ActivityErrors.invalidInput("dataset " + domain.name() + ": " + e.getMessage());
    }
    RunStart start = runs.start("feature-merge:" + request.dataset().name(), request);
    var previous = runs.previousResult(start, FeatureSet.class);
    if (previous.isPresent()) {
      return previous.get();
    }
    Path dir = loader.folder(request.dataset());
    ArtifactRef snapshot = artifacts.storeRef(DomainLoader.snapshotRef(request.dataset()));
    RunOutputs.Builder outputs = RunOutputs.builder().artifact(snapshot);
    Map<String, io.missrec.workflows.payload.ArtifactRef> refs = new TreeMap<>();
    Map<String, Integer> dims = new TreeMap<>();
    for (Map.Entry<String, String> entry : request.spec().encoders().entrySet()) {
      String modality = entry.getKey();
      List<FeatureShard> parts = shards.get(modality);
      FeatureTable table =
          parts == null
              ? table(domain, dir, modality, entry.getValue())
              : assemble(modality, parts);
      ArtifactRef stored =
          artifacts.put(
              ArtifactKind.FEATURE_TABLE, FeatureTableCodec.encode(table), LocalArtifacts.FEATURES);
      outputs
          .artifact(stored)
          .edge(RunOutputs.Edge.fromArtifact(snapshot.uri(), stored.uri(), "features:" + modality));
      for (FeatureShard part : parts == null ? List.<FeatureShard>of() : parts) {
        ArtifactRef shard = artifacts.storeRef(part.table());
        outputs
            .artifact(shard)
            .edge(RunOutputs.Edge.fromArtifact(shard.uri(), stored.uri(), "shard:" + modality));
      }
      refs.put(modality, LocalArtifacts.toPayload(stored));
      dims.put(modality, table.dim());
    }
    Map<String, String> params = new TreeMap<>();
    request
        .spec()
        .encoders()
        .forEach((modality, encoder) -> params.put("encoder." + modality, encoder));
    params.put("shards", Integer.toString(request.shards().size()));
    outputs.params(params);
    FeatureSet result = new FeatureSet(request.dataset().name(), refs, dims, domain.numItems());
    return runs.complete(start, outputs, result);
  }

  /** The shards' rows in item order, each shard checked against its declared range and width. */
  private FeatureTable assemble(String modality, List<FeatureShard> parts) {
    int numItems = parts.get(parts.size() - 1).endItem();
    int dim = parts.get(0).dim();
    float[] values = new float[numItems * dim];
    boolean[] missing = new boolean[numItems];
    for (FeatureShard part : parts) {
      FeatureTable rows;
      try {
        rows = FeatureTableCodec.decode(artifacts.read(part.table()), part.table().uri());
      } catch (DataFormatException e) {
        throw DomainLoader.dataFormat(e);
      }
      int count = part.endItem() - part.firstItem();
      if (rows.numItems() != count || rows.dim() != dim) {
        throw ActivityErrors.invalidInput(
            modality
                + " shard "
                + part.table().uri()
                + " holds "
                + rows.numItems()
                + " x "
                + rows.dim()
                + " features, its range and width say "
                + count
                + " x "
                + dim);
      }
      System.arraycopy(rows.values(), 0, values, part.firstItem() * dim, count * dim);
      System.arraycopy(rows.missing(), 0, missing, part.firstItem(), count);
    }
    return new FeatureTable(modality, numItems, dim, values, missing);
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
    if (ImageEncoders.isImageModel(encoder)) {
      return ImageEncoders.extract(domain, dir, modality, encoder, artifacts, ctx.workDir());
    }
    return encode(domain, modality, encoder, 0, domain.numItems());
  }

  /** Items {@code [first, end)} encoded; a vector depends on its text only, not on the range. */
  private FeatureTable encode(Domain domain, String modality, String encoder, int first, int end) {
    if (domain.itemTexts().isEmpty()) {
      throw ActivityErrors.invalidInput(
          "dataset " + domain.name() + " has no item texts to encode for '" + modality + "'");
    }
    TextFeatureExtractor extractor = TextEncoders.extractor(encoder, ctx.workDir());
    try {
      return extractor.extract(domain.itemTexts().subList(first, end), modality).table();
    } finally {
      extractor.encoder().close();
    }
  }
}
