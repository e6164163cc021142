package io.missrec.activities.lineage;

import io.missrec.activities.artifact.ArtifactRef;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link ArtifactRetention} over the lineage tables and {@code artifact_removal} (V008). */
public final class JdbcArtifactRetention implements ArtifactRetention {

  /**
   * Epoch checkpoints and optimizer states that only runs of {@code status} produced, all of them
   * finished before the age parameter, and that nothing consumes: the conditions of both training
   * rules, which differ in how the producing runs ended.
   */
  private static String trainingOutputs(String status) {
    return """
        SELECT a.uri, a.sha256, a.size_bytes, a.media_type
          FROM artifact a
         WHERE a.kind IN ('checkpoint', 'optimizer_state')
           AND EXISTS (SELECT 1 FROM lineage_edge e WHERE e.output_artifact_uri = a.uri)
           AND NOT EXISTS (SELECT 1 FROM lineage_edge e JOIN run r ON r.id = e.run_id
                            WHERE e.output_artifact_uri = a.uri
                              AND (r.status <> '%s'
                                   OR r.finished_at > now() - make_interval(secs => ?)))
           AND NOT EXISTS (SELECT 1 FROM lineage_edge e
                            WHERE e.input_artifact_uri = a.uri
                              AND NOT (e.role = 'weights' AND a.kind = 'checkpoint'))
           AND NOT EXISTS (SELECT 1 FROM model_version m WHERE m.checkpoint_uri = a.uri)
        """
        .formatted(status);
  }

  /** Intermediates of succeeded runs; the age parameter first. */
  private static final String INTERMEDIATES = trainingOutputs("succeeded");

  /** Intermediates of failed runs; the age parameter first. */
  private static final String ABANDONED = trainingOutputs("failed");

  private static final String OF_WORKFLOW =
      """
         AND EXISTS (SELECT 1 FROM lineage_edge e JOIN run r ON r.id = e.run_id
                      WHERE e.output_artifact_uri = a.uri AND r.workflow_id = ?)
      """;

  private static final String ORDER = " ORDER BY a.kind, a.uri";

  /**
   * Recommendation lists each with the feed it belongs to (the dataset's serving activity and the
   * checkpoint that scored it), when a succeeded run last produced it, and its recency within the
   * feed (1: the latest); lists that something consumes are not candidates at all.
   */
  private static final String LISTS =
      """
      WITH produced AS (
        SELECT a.uri, a.sha256, a.size_bytes, a.media_type, r.activity, e.input_artifact_uri AS model,
               max(r.finished_at) AS produced_at
          FROM artifact a
          JOIN lineage_edge e ON e.output_artifact_uri = a.uri AND e.role = 'checkpoint'
          JOIN run r ON r.id = e.run_id AND r.status = 'succeeded'
         WHERE a.kind = 'recommendations'
           AND NOT EXISTS (SELECT 1 FROM lineage_edge c WHERE c.input_artifact_uri = a.uri)
         GROUP BY a.uri, a.sha256, a.size_bytes, a.media_type, r.activity, e.input_artifact_uri
      ), ranked AS (
        SELECT p.*, row_number() OVER (PARTITION BY p.activity, p.model
                                           ORDER BY p.produced_at DESC, p.uri) AS recency
          FROM produced p
      )
      """;

  /** Lists superseded in every feed they belong to; the keep count, then the age parameter. */
  private static final String SUPERSEDED =
      LISTS
          + """
          SELECT DISTINCT l.uri, l.sha256, l.size_bytes, l.media_type
            FROM ranked l
           WHERE NOT EXISTS (SELECT 1 FROM ranked n
                              WHERE n.uri = l.uri
                                AND (n.recency <= ?
                                     OR n.produced_at > now() - make_interval(secs => ?)))
          """;

  private final Transactions tx;

  public JdbcArtifactRetention(DataSource dataSource) {
    this.tx = new Transactions(dataSource);
  }

  @Override
  public List<ArtifactRef> intermediates(Duration finishedBefore) {
    requireAge(finishedBefore);
    return list(
        "list intermediate artifacts", INTERMEDIATES + ORDER, finishedBefore.toMillis() / 1000.0);
  }

  @Override
  public List<ArtifactRef> intermediatesOf(String workflowId) {
    if (workflowId == null || workflowId.isBlank()) {
      throw new IllegalArgumentException("a workflow id is needed");
    }
    return list(
        "list intermediate artifacts of " + workflowId,
        INTERMEDIATES + OF_WORKFLOW + ORDER,
        0.0,
        workflowId);
  }

  @Override
  public List<ArtifactRef> abandoned(Duration failedBefore) {
    requireAge(failedBefore);
    return list(
        "list intermediates of failed runs", ABANDONED + ORDER, failedBefore.toMillis() / 1000.0);
  }

  private static void requireAge(Duration finishedBefore) {
    if (finishedBefore.isNegative()) {
      throw new IllegalArgumentException("a negative age: " + finishedBefore);
    }
  }

  private List<ArtifactRef> list(String what, String sql, Object... args) {
    return tx.inTransaction(
        what,
        c ->
            Sql.list(
                c,
                sql,
                rs ->
                    JdbcValues.artifact(
                        rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)),
                args));
  }

  @Override
  public List<ArtifactRef> supersededLists(int keep, Duration producedBefore) {
    requireKeep(keep);
    requireAge(producedBefore);
    return list(
        "list superseded recommendation lists",
        SUPERSEDED + " ORDER BY l.uri",
        keep,
        producedBefore.toMillis() / 1000.0);
  }

  private static void requireKeep(int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep at least the latest list of each feed, not " + keep);
    }
  }

  @Override
  public boolean removeIfIntermediate(
      String uri, Duration finishedBefore, String reason, Runnable deleteBytes) {
    return removeIfTrainingOutput(INTERMEDIATES, uri, finishedBefore, reason, deleteBytes);
  }

  @Override
  public boolean removeIfAbandoned(
      String uri, Duration failedBefore, String reason, Runnable deleteBytes) {
    return removeIfTrainingOutput(ABANDONED, uri, failedBefore, reason, deleteBytes);
  }

  /** {@link #removeIf} for a {@link #trainingOutputs} listing. */
  private boolean removeIfTrainingOutput(
      String listing, String uri, Duration age, String reason, Runnable deleteBytes) {
    requireAge(age);
    return removeIf(
        uri,
        listing + " AND a.uri = ?",
        new Object[] {age.toMillis() / 1000.0, uri},
        reason,
        deleteBytes);
  }

  @Override
  public boolean removeIfSuperseded(
      String uri, int keep, Duration producedBefore, String reason, Runnable deleteBytes) {
    requireKeep(keep);
    requireAge(producedBefore);
    return removeIf(
        uri,
        SUPERSEDED + " AND l.uri = ?",
        new Object[] {keep, producedBefore.toMillis() / 1000.0, uri},
        reason,
        deleteBytes);
  }

  /**
   * Under the artifact's row lock, re-checks that {@code stillDue} (with {@code args}) lists it,
   * then records the removal, deletes the bytes and commits; nothing is recorded if the delete
   * throws.
   */
  private boolean removeIf(
      String uri, String stillDue, Object[] args, String reason, Runnable deleteBytes) {
    return tx.inTransaction(
        "remove " + uri,
        c -> {
          // FOR UPDATE excludes the KEY SHARE lock that inserting an edge, a model version or a
          // removal naming this row takes for its foreign key: such writers wait for the commit
          if (Sql.first(c, "SELECT uri FROM artifact WHERE uri = ? FOR UPDATE", rs -> true, uri)
              .isEmpty()) {
            return false;
          }
          // a new statement: it sees what was committed while this one waited for the lock
          if (Sql.first(c, stillDue, rs -> true, args).isEmpty()) {
            return false;
          }
          Sql.update(
              c, "INSERT INTO artifact_removal (artifact_uri, reason) VALUES (?, ?)", uri, reason);
          deleteBytes.run();
          return true;
        });
  }

  @Override
  public Optional<Removal> lastRemoval(String uri) {
    return tx.inTransaction(
        "read removal of " + uri,
        c ->
            Sql.first(
                c,
                "SELECT reason, removed_at FROM artifact_removal WHERE artifact_uri = ?"
                    + " ORDER BY removed_at DESC, id DESC LIMIT 1",
                rs -> new Removal(uri, rs.getString(1), JdbcValues.instant(rs.getTimestamp(2))),
                uri));
  }
}
