package io.missrec.app.stack;

import com.zaxxer.hikari.HikariDataSource;
import io.missrec.activities.artifact.ArtifactStore;
import io.missrec.activities.artifact.S3ArtifactStore;
import io.missrec.activities.lineage.ArtifactRetention;
import io.missrec.activities.lineage.JdbcArtifactRetention;
import io.missrec.activities.lineage.JdbcLineageStore;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.Migrator;
import io.missrec.activities.metrics.MetricsSink;
import io.missrec.activities.metrics.MetricsSinks;
import io.missrec.app.config.Settings;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Clients of the four services, embedded or real alike: Temporal (stubs and workflow client), S3
 * artifact store, lineage database (pooled, schema migrated: Flyway is a no-op when up to date) and
 * the metrics sink. Every service must be set in the settings (use {@link EmbeddedStack#settings()}
 * for the embedded ones).
 */
public final class ServiceConnections implements AutoCloseable {
  private final TemporalConnection temporal;
  private final HikariDataSource dataSource;
  private final ArtifactStore artifacts;
  private final LineageStore lineage;
  private final ArtifactRetention retention;
  private final MetricsSink metrics;

  private ServiceConnections(
      TemporalConnection temporal,
      HikariDataSource dataSource,
      ArtifactStore artifacts,
      LineageStore lineage,
      MetricsSink metrics) {
    this.temporal = temporal;
    this.dataSource = dataSource;
    this.artifacts = artifacts;
    this.lineage = lineage;
    this.retention = new JdbcArtifactRetention(dataSource);
    this.metrics = metrics;
  }

  public static ServiceConnections open(Settings settings) {
    Objects.requireNonNull(settings.database(), "no lineage database configured");
    Objects.requireNonNull(settings.s3(), "no S3 endpoint configured");
    HikariDataSource dataSource = settings.database().toDataSource("missrec-lineage");
    try {
      Migrator.migrate(dataSource);
      ArtifactStore artifacts = S3ArtifactStore.connect(settings.s3());
      LineageStore lineage = new JdbcLineageStore(dataSource);
      MetricsSink metrics = metricsSink(settings, lineage);
      TemporalConnection temporal = TemporalConnection.open(settings);
      return new ServiceConnections(temporal, dataSource, artifacts, lineage, metrics);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /** Lineage, plus MLflow when the settings name a tracking server (experiment from the env). */
  public static MetricsSink metricsSink(Settings settings, LineageStore lineage) {
    Map<String, String> env = new HashMap<>();
    if (settings.mlflowTrackingUri() != null) {
      env.put(MetricsSinks.TRACKING_URI_ENV, settings.mlflowTrackingUri());
    }
    String experiment = System.getenv(MetricsSinks.EXPERIMENT_ENV);
    if (experiment != null) {
      env.put(MetricsSinks.EXPERIMENT_ENV, experiment);
    }
    return MetricsSinks.fromEnv(lineage, env);
  }

  public WorkflowServiceStubs serviceStubs() {
    return temporal.stubs();
  }

  public WorkflowClient workflowClient() {
    return temporal.client();
  }

  public ArtifactStore artifacts() {
    return artifacts;
  }

  public ArtifactRetention retention() {
    return retention;
  }

  public LineageStore lineage() {
    return lineage;
  }

  public MetricsSink metrics() {
    return metrics;
  }

  /** The lineage database, for read-only reports. */
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    try {
      temporal.close();
    } finally {
      dataSource.close();
    }
  }
}
