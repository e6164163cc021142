package io.missrec.activities.impl;

import io.missrec.activities.artifact.ArtifactStore;
import io.missrec.activities.lineage.ArtifactRetention;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.metrics.MetricsSink;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What every activity implementation works with.
 *
 * @param artifacts content-addressed artifact store
 * @param lineage lineage database
 * @param retention which stored artifacts nothing needs any more, over the same database
 * @param metrics where training and evaluation log params and metrics; pass {@code
 *     MetricsSinks.fromEnv(lineage)} so that the lineage database always gets them
 * @param workDir local scratch and cache folder (downloaded artifacts, unpacked snapshots,
 *     generated synthetic data, the text feature cache); safe to delete between runs
 * @param codeVersion git commit recorded with every run ({@link CodeVersion#current()})
 */
public record ActivityContext(
    ArtifactStore artifacts,
    LineageStore lineage,
    ArtifactRetention retention,
    MetricsSink metrics,
    Path workDir,
    String codeVersion) {
  public ActivityContext {
    Objects.requireNonNull(artifacts, "artifacts");
    Objects.requireNonNull(lineage, "lineage");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(codeVersion, "codeVersion");
  }
}
