package io.missrec.activities.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.Sha256;
import io.missrec.workflows.payload.LastTraining;
import io.missrec.workflows.payload.RetrainChoice;
import io.missrec.workflows.payload.RetrainDecision;
import io.missrec.workflows.payload.RetrainOutcome;
import io.missrec.workflows.payload.RetrainRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcRetrainLedgerTest {
  private static final String D1 = "d1".repeat(32);
  private static final String D2 = "d2".repeat(32);
  private static TestDatabase db;
  private static LineageStore store;
  private static RetrainLedger ledger;

  @BeforeAll
  static void migrate() throws SQLException {
    db = TestDatabase.migrated();
    store = new JdbcLineageStore(db.dataSource());
    ledger = store.retrainLedger();
  }

  @AfterAll
  static void drop() throws SQLException {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void lastTrainingIsTheNewestSucceededRegistrationOfTheName() {
    String model = "m-" + UUID.randomUUID();
    assertThat(ledger.lastTraining(model)).isEqualTo(LastTraining.none(model));

    register(model, Map.of("a", D1, "b", D1), true);
    register(model, Map.of("a", D2, "b", D1), true);
    register(model, Map.of("a", D1), false); // a registration that failed does not count
    register("other-" + model, Map.of("a", D1), true);

    LastTraining last = ledger.lastTraining(model);
    assertThat(last.modelVersion()).isEqualTo(2);
    assertThat(last.datasetDigests()).containsExactly(Map.entry("a", D2), Map.entry("b", D1));
  }

  @Test
  void decisionsAreRecordedOnceAndOutcomesCannotBeRewritten() {
    String model = "m-" + UUID.randomUUID();
    RetrainRecord skip = record("skip-" + model, model, RetrainChoice.SKIP);
    ledger.recordDecision(skip);
    ledger.recordDecision(skip); // retried activity: no second row
    RetrainRecord retrain = record("retrain-" + model, model, RetrainChoice.RETRAIN);
    ledger.recordDecision(retrain);

    ledger.recordOutcome(RetrainOutcome.succeeded(retrain.workflowId(), 4));
    ledger.recordOutcome(RetrainOutcome.succeeded(retrain.workflowId(), 4)); // no-op
    assertThatThrownBy(() -> ledger.recordOutcome(RetrainOutcome.failed(retrain.workflowId(), "x")))
        .isInstanceOf(LineageConflictException.class)
        .hasMessageContaining("is succeeded, cannot become failed");
    assertThatThrownBy(() -> ledger.recordOutcome(RetrainOutcome.failed("nobody", "x")))
        .isInstanceOf(LineageConflictException.class)
        .hasMessageContaining("no retrain decision recorded for workflow nobody");

    assertThat(ledger.recent(model, 10))
        .extracting(RetrainEntry::workflowId, RetrainEntry::status, RetrainEntry::modelVersion)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(retrain.workflowId(), "succeeded", 4L),
            org.assertj.core.groups.Tuple.tuple(skip.workflowId(), "skipped", null));
  }

  @Test
  void theSchemaRejectsAStatusThatDoesNotFitTheDecision() {
    assertThatThrownBy(
            () -> {
              try (Connection c = db.dataSource().getConnection();
                  Statement st = c.createStatement()) {
                st.executeUpdate(
                    "INSERT INTO retrain_decision (workflow_id, model_name, decision, status,"
                        + " reason, datasets_digest, dataset_digests)"
                        + " VALUES ('w', 'm', 'skip', 'running', 'r', '"
                        + D1
                        + "', '{}')");
              }
            })
        .hasMessageContaining("retrain_decision_status_fits_ck");
  }

  private static RetrainRecord record(String workflowId, String model, RetrainChoice choice) {
    RetrainDecision decision =
        new RetrainDecision(choice, "because " + choice, Map.of("a", D1), D1, null);
    return new RetrainRecord(
        workflowId, model, decision, choice == RetrainChoice.RETRAIN ? workflowId + "-p" : null);
  }

  /** What the registry activity writes: a register run with tag params, then the version. */
  private static void register(String model, Map<String, String> datasets, boolean succeeded) {
    ArtifactRef checkpoint =
        new ArtifactRef(
            "missrec",
            ArtifactKind.CHECKPOINT,
            Sha256.hex(UUID.randomUUID().toString().getBytes()),
            10,
            "application/zip");
    store.recordArtifact(checkpoint);
    RunStart start = RunStart.of("wf-" + UUID.randomUUID(), "run", "register:" + model, "code");
    Map<String, String> params = new java.util.TreeMap<>();
    datasets.forEach((name, sha) -> params.put("tag.dataset." + name, sha));
    params.put("checkpoint", checkpoint.uri());
    RunRecord run = store.startRun(start);
    store.recordParams(run.id(), params);
    store.finishRun(run.id(), succeeded ? RunStatus.SUCCEEDED : RunStatus.FAILED);
    if (succeeded) {
      store.registerModelVersion(model, checkpoint.uri(), run.id(), Map.of());
    }
  }
}
