package io.missrec.activities.lineage;

import io.missrec.activities.artifact.ArtifactRef;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link ArtifactRetention} over the lineage tables and {@code artifact_removal} (V008). */
public final class JdbcArtifactRetention implements ArtifactRetention {

  /** Both listings' conditions; the age parameter first. */
  private static final String INTERMEDIATES =
      """
      SELECT a.uri, a.sha256, a.size_bytes, a.media_type
        FROM artifact a
       WHERE a.kind IN ('checkpoint', 'optimizer_state')
         AND EXISTS (SELECT 1 FROM lineage_edge e WHERE e.output_artifact_uri = a.uri)
         AND NOT EXISTS (SELECT 1 FROM lineage_edge e JOIN run r ON r.id = e.run_id
                          WHERE e.output_artifact_uri = a.uri
                            AND (r.status <> 'succeeded'
                                 OR r.finished_at > now() - make_interval(secs => ?)))
         AND NOT EXISTS (SELECT 1 FROM lineage_edge e
                          WHERE e.input_artifact_uri = a.uri
                            AND NOT (e.role = 'weights' AND a.kind = 'checkpoint'))
         AND NOT EXISTS (SELECT 1 FROM model_version m WHERE m.checkpoint_uri = a.uri)
      """;

  private static final String OF_WORKFLOW =
      """
         AND EXISTS (SELECT 1 FROM lineage_edge e JOIN run r ON r.id = e.run_id
                      WHERE e.output_artifact_uri = a.uri AND r.workflow_id = ?)
      """;

  private static final String ORDER = " ORDER BY a.kind, a.uri";

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
  public boolean removeIfIntermediate(
      String uri, Duration finishedBefore, String reason, Runnable deleteBytes) {
    requireAge(finishedBefore);
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
          boolean intermediate =
              Sql.first(
                      c,
                      INTERMEDIATES + " AND a.uri = ?",
                      rs -> true,
                      finishedBefore.toMillis() / 1000.0,
                      uri)
                  .isPresent();
          if (!intermediate) {
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
