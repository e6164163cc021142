package io.missrec.app.stack;

import com.zaxxer.hikari.HikariDataSource;
import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.DeterministicArchive;
import io.missrec.activities.artifact.EmbeddedS3Server;
import io.missrec.activities.artifact.S3ArtifactStore;
import io.missrec.activities.artifact.S3Config;
import io.missrec.activities.lineage.JdbcLineageStore;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.Migrator;
import io.missrec.activities.lineage.RunOutputs;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.lineage.RunStart;
import io.missrec.app.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the read-side commands ({@code lineage}, {@code model compare}) work with: a fresh, migrated
 * database on the local PostgreSQL and the embedded S3 endpoint, with the {@link Settings} that
 * point a command at both. Skips the calling test when PostgreSQL is not reachable.
 */
public final class AuditStorage implements AutoCloseable {
  public static final String BUCKET = "missrec";

  private final FreshDatabase db;
  private final HikariDataSource dataSource;
  private final EmbeddedS3Server s3;
  private final S3ArtifactStore artifacts;
  private final LineageStore lineage;
  private final Settings settings;

  private AuditStorage(
      FreshDatabase db,
      HikariDataSource dataSource,
      EmbeddedS3Server s3,
      S3ArtifactStore artifacts,
      Settings settings) {
    this.db = db;
    this.dataSource = dataSource;
    this.s3 = s3;
    this.artifacts = artifacts;
    this.lineage = new JdbcLineageStore(dataSource);
    this.settings = settings;
  }

  /**
   * Starts both under {@code dir} (S3 objects in {@code dir/s3}, the data folder in {@code
   * dir/data}).
   */
  public static AuditStorage start(Path dir, String name) throws Exception {
    FreshDatabase db = FreshDatabase.create();
    HikariDataSource dataSource = db.config().toDataSource(name);
    Migrator.migrate(dataSource);
    EmbeddedS3Server s3 =
        EmbeddedS3Server.start(dir.resolve("s3"), 0, name + "-access", name + "-secret-key");
    S3Config s3Config = s3.config(BUCKET);
    Map<String, String> env = new HashMap<>();
    env.put(Settings.JDBC_URL, db.jdbcUrl());
    env.put(S3Config.ENDPOINT_ENV, s3Config.endpoint());
    env.put(S3Config.ACCESS_KEY_ENV, s3Config.accessKey());
    env.put(S3Config.SECRET_KEY_ENV, s3Config.secretKey());
    env.put(S3Config.BUCKET_ENV, BUCKET);
    env.put(Settings.DATA_DIR, dir.resolve("data").toString());
    return new AuditStorage(
        db, dataSource, s3, S3ArtifactStore.connect(s3Config), Settings.fromEnv(env, dir));
  }

  public EmbeddedS3Server s3() {
    return s3;
  }

  /** The S3 config the store and the settings use (endpoint, credentials, bucket). */
  public S3Config s3Config() {
    return s3.config(BUCKET);
  }

  public FreshDatabase db() {
    return db;
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  public S3ArtifactStore artifacts() {
    return artifacts;
  }

  public LineageStore lineage() {
    return lineage;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Stores a checkpoint folder as the trainer's zip and registers it as the next version of {@code
   * name}, produced by a completed fine-tuning run.
   *
   * @return the stored checkpoint
   */
  public ArtifactRef registerCheckpoint(String name, Path folder) throws Exception {
    Path zip = Files.createTempFile("checkpoint", ".zip");
    try {
      DeterministicArchive.pack(folder, zip);
      ArtifactRef stored = artifacts.put(ArtifactKind.CHECKPOINT, zip, "application/zip");
      RunRecord producer =
          lineage.completeRun(
              RunStart.of("wf-train-" + stored.sha256(), "run-1", "fine-tune:" + name, "c0ffee1"),
              RunOutputs.builder().artifact(stored).build());
      lineage.registerModelVersion(name, stored.uri(), producer.id(), Map.of());
      return stored;
    } finally {
      Files.deleteIfExists(zip);
    }
  }

  @Override
  public void close() throws Exception {
    s3.close();
    dataSource.close();
    db.close();
  }
}
