package io.missrec.activities.impl;

import io.missrec.activities.lineage.RunOutputs;
import io.missrec.model.data.DataFormatException;
import io.missrec.model.data.Domain;
import io.missrec.model.data.DomainReadOptions;
import io.missrec.model.data.Domains;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.data.FeatureTableCodec;
import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.payload.ArtifactRef;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.FeatureSet;
import io.missrec.workflows.payload.TrainingDomain;
import io.temporal.failure.ApplicationFailure;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** Domains from their artifacts: the snapshot's files plus the stored feature tables. */
final class DomainLoader {
  private final LocalArtifacts artifacts;

  DomainLoader(LocalArtifacts artifacts) {
    this.artifacts = artifacts;
  }

  /** The snapshot's folder on local disk. */
  Path folder(DatasetRef snapshot) {
    return artifacts.unpacked(snapshotArtifact(snapshot));
  }

  /** Items, texts and splits of a snapshot, without features. */
  Domain bare(DatasetRef snapshot) {
    Path dir = folder(snapshot);
    return read(dir, snapshot, DomainReadOptions.defaults().withFeatures(Map.of(), 0));
  }

  /** Reads a dataset folder, turning reader errors into non-retryable failures. */
  static Domain read(Path dir, DatasetRef source, DomainReadOptions options) {
    try {
      return Domains.read(dir, DatasetSources.format(source, dir), options);
    } catch (DataFormatException e) {
      throw dataFormat(e);
    } catch (UncheckedIOException e) {
      throw ActivityErrors.invalidInput(
          "dataset " + source.name() + ": cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The domain with the feature tables of {@code domain.features()}. */
  Domain load(TrainingDomain domain) {
    return withFeatures(bare(domain.dataset()), domain.features());
  }

  Domain withFeatures(Domain bare, FeatureSet features) {
    Domain domain = bare;
    for (Map.Entry<String, ArtifactRef> entry : features.tables().entrySet()) {
      FeatureTable table = table(entry.getValue());
      try {
        domain = domain.withFeature(rename(table, entry.getKey()));
      } catch (DataFormatException e) {
        throw dataFormat(e);
      }
    }
    return domain;
  }

  FeatureTable table(ArtifactRef ref) {
    try {
      return FeatureTableCodec.decode(artifacts.read(ref), ref.uri());
    } catch (DataFormatException e) {
      throw dataFormat(e);
    }
  }

  static FeatureTable rename(FeatureTable table, String modality) {
    return table.modality().equals(modality)
        ? table
        : new FeatureTable(
            modality, table.numItems(), table.dim(), table.values(), table.missing());
  }

  static ApplicationFailure dataFormat(DataFormatException e) {
    return ApplicationFailure.newNonRetryableFailureWithCause(
        e.getMessage(), ActivityErrors.DATA_FORMAT, e);
  }

  private static ArtifactRef snapshotArtifact(DatasetRef snapshot) {
    if (snapshot.sha256() == null) {
      throw ActivityErrors.invalidInput(
          "dataset " + snapshot.name() + " (" + snapshot.uri() + ") is not an ingested snapshot");
    }
    return new ArtifactRef(
        snapshot.uri(),
        snapshot.sha256(),
        0,
        io.missrec.workflows.payload.ArtifactKind.DATASET_SNAPSHOT);
  }

  static ArtifactRef snapshotRef(DatasetRef snapshot) {
    return snapshotArtifact(snapshot);
  }

  /**
   * Records that {@code output} was computed from {@code domain}: its snapshot (role {@code
   * dataset}) and each of its feature tables (role {@code features:<modality>}).
   */
  RunOutputs.Builder recordInputs(
      TrainingDomain domain, String output, RunOutputs.Builder outputs) {
    io.missrec.activities.artifact.ArtifactRef snapshot =
        artifacts.storeRef(snapshotRef(domain.dataset()));
    outputs
        .artifact(snapshot)
        .edge(RunOutputs.Edge.fromArtifact(snapshot.uri(), output, "dataset"));
    domain
        .features()
        .tables()
        .forEach(
            (modality, ref) -> {
              io.missrec.activities.artifact.ArtifactRef table = artifacts.storeRef(ref);
              outputs
                  .artifact(table)
                  .edge(RunOutputs.Edge.fromArtifact(table.uri(), output, "features:" + modality));
            });
    return outputs;
  }
}
