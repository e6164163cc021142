package io.missrec.activities.impl;

import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.DeterministicArchive;
import io.missrec.activities.lineage.Dataset;
import io.missrec.activities.lineage.RunOutputs;
import io.missrec.activities.lineage.RunStart;
import io.missrec.model.data.Domain;
import io.missrec.model.data.DomainReadOptions;
import io.missrec.model.data.DomainStats;
import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.activities.DatasetActivities;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.DatasetSummary;
import java.nio.file.Path;
import java.util.Map;

/**
 * Ingest: the dataset folder (or generated synthetic domain, see {@link DatasetSources}) is parsed
 * first, so a malformed file fails before anything is stored or recorded; then its files are packed
 * into one deterministic zip ({@link DeterministicArchive}) whose sha256 is both the snapshot's
 * artifact key and the dataset digest. Lineage (dataset row, artifact, edge dataset -> snapshot,
 * run) is written in one transaction at the end.
 */
public final class DatasetActivitiesImpl implements DatasetActivities {
  private final ActivityContext ctx;
  private final LocalArtifacts artifacts;
  private final DatasetSources sources;
  private final DomainLoader loader;
  private final Runs runs;

  public DatasetActivitiesImpl(ActivityContext ctx) {
    this.ctx = ctx;
    this.artifacts = new LocalArtifacts(ctx);
    this.sources = new DatasetSources(ctx.workDir());
    this.loader = new DomainLoader(artifacts);
    this.runs = new Runs(ctx);
  }

  @Override
  public DatasetRef ingest(DatasetRef source) {
    RunStart start = runs.start("ingest:" + source.name(), source);
    var previous = runs.previousResult(start, DatasetRef.class);
    if (previous.isPresent()) {
      return previous.get();
    }
    Path dir = sources.folder(source);
    DomainLoader.read(dir, source, DomainReadOptions.defaults());
    ArtifactRef snapshot = artifacts.putFolder(ArtifactKind.DATASET_SNAPSHOT, dir);
    if (source.sha256() != null && !source.sha256().equals(snapshot.sha256())) {
      throw ActivityErrors.digestMismatch(source.uri(), source.sha256(), snapshot.sha256());
    }
    String format =
        source.format().equals(DatasetSources.SYNTHETIC_SCHEME) ? "unisrec" : source.format();
    DatasetRef result = new DatasetRef(snapshot.uri(), snapshot.sha256(), source.name(), format);
    RunOutputs.Builder outputs =
        RunOutputs.builder()
            .dataset(new Dataset(snapshot.sha256(), source.name(), format, source.uri()))
            .artifact(snapshot)
            .edge(RunOutputs.Edge.fromDataset(snapshot.sha256(), snapshot.uri(), "source"))
            .params(Map.of("source_uri", source.uri(), "format", format));
    return runs.complete(start, outputs, result);
  }

  @Override
  public DatasetSummary validate(DatasetRef snapshot) {
    Domain domain = loader.bare(snapshot);
    DomainStats stats = DomainStats.of(domain);
    if (domain.splits().train().isEmpty() || domain.splits().test().isEmpty()) {
      throw ActivityErrors.invalidInput(
          "dataset " + snapshot.name() + " has no training or no test examples");
    }
    return new DatasetSummary(snapshot, stats.users(), stats.items(), stats.interactions());
  }
}
