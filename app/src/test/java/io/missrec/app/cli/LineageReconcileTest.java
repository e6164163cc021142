package io.missrec.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariDataSource;
import io.missrec.activities.lineage.JdbcLineageStore;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.RetrainEntry;
import io.missrec.activities.lineage.RunFailure;
import io.missrec.activities.lineage.RunOutputs;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.lineage.RunStart;
import io.missrec.activities.lineage.RunStatus;
import io.missrec.activities.metrics.MetricsSink;
import io.missrec.activities.metrics.TrackedRun;
import io.missrec.app.config.Settings;
import io.missrec.app.reconcile.RunReconciler;
import io.missrec.app.reconcile.RunReconciler.Outcome;
import io.missrec.app.reconcile.TemporalWorkflowLiveness;
import io.missrec.app.stack.EmbeddedStack;
import io.missrec.app.stack.EmbeddedTemporal;
import io.missrec.app.stack.FreshDatabase;
import io.missrec.app.stack.TemporalConnection;
import io.missrec.workflows.payload.RetrainChoice;
import io.missrec.workflows.payload.RetrainDecision;
import io.missrec.workflows.payload.RetrainRecord;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code missrec lineage reconcile} against a real PostgreSQL and Temporal's in-memory server:
 * workflows left open (started on a task queue no worker polls), terminated, and never known to the
 * server stand for a live pipeline, one an operator gave up on after its worker died, and one that
 * ran on an embedded server that has stopped.
 */
class LineageReconcileTest {
  private static final String DIGEST = "a".repeat(64);

  @TempDir Path dir;

  private FreshDatabase db;
  private EmbeddedTemporal temporal;
  private TemporalConnection connection;
  private HikariDataSource dataSource;
  private LineageStore lineage;
  private Settings settings;
  private final List<String> tracked = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    db = FreshDatabase.create();
    temporal = EmbeddedTemporal.start();
    settings =
        Settings.fromEnv(
            Map.of(
                "MISSREC_DATA", dir.toString(),
                "MISSREC_JDBC_URL", db.jdbcUrl(),
                "TEMPORAL_ADDRESS", temporal.address()),
            dir);
    connection = TemporalConnection.open(settings);
    dataSource = db.config().toDataSource("reconcile-test");
    io.missrec.activities.lineage.Migrator.migrate(dataSource);
    lineage = new JdbcLineageStore(dataSource);
  }

  @AfterEach
  void stop() throws Exception {
    dataSource.close();
    connection.close();
    temporal.close();
    db.close();
  }

  @Test
  void runsOfClosedWorkflowsAreMarkedFailedAndOpenOnesAreLeftAlone() throws Exception {
    String open = startWorkflow(false);
    String terminated = startWorkflow(true);
    String gone = "pretrain-" + UUID.randomUUID(); // never known to this server
    RunRecord live = lineage.startRun(RunStart.of(open, "wf", "train.pretrain", "code"));
    RunRecord dead = lineage.startRun(RunStart.of(terminated, "wf", "train.pretrain", "code"));
    RunStart doneStart = RunStart.of(terminated, "wf", "features", "code");
    RunRecord done = lineage.completeRun(doneStart, RunOutputs.builder().build());
    RunRecord lost = lineage.startRun(RunStart.of(gone, "wf", "train.finetune", "code"));
    lineage.retrainLedger().recordDecision(retrain(open, "still-training"));
    lineage.retrainLedger().recordDecision(retrain(terminated, "abandoned"));

    RunReconciler.Reconciliation pass = reconciler().reconcile(false);

    assertThat(pass.findings())
        .extracting(RunReconciler.Finding::id, RunReconciler.Finding::outcome)
        .containsExactly(
            tuple(Long.toString(live.id()), Outcome.LEFT_RUNNING),
            tuple(Long.toString(dead.id()), Outcome.MARKED_FAILED),
            tuple(Long.toString(lost.id()), Outcome.MARKED_FAILED),
            tuple(open, Outcome.LEFT_RUNNING),
            tuple(terminated, Outcome.MARKED_FAILED));
    assertThat(status(live)).isEqualTo(RunStatus.RUNNING);
    assertThat(status(dead)).isEqualTo(RunStatus.FAILED);
    assertThat(status(lost)).isEqualTo(RunStatus.FAILED);
    assertThat(lineage.findRun(done.id()).orElseThrow()).isEqualTo(done);
    assertThat(lineage.failures(dead.id()))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.source()).isEqualTo(RunFailure.Source.RECONCILE);
              assertThat(f.attempt()).isEqualTo(1);
              assertThat(f.reason()).contains(terminated).contains("TERMINATED");
            });
    assertThat(lineage.failures(lost.id()).get(0).reason()).contains("NOT_FOUND");
    try (var c = dataSource.getConnection();
        var st = c.prepareStatement("SELECT failure FROM run_summary WHERE run_id = ?")) {
      st.setLong(1, dead.id());
      try (var rs = st.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1))
            .startsWith("reconcile: workflow " + terminated + " is TERMINATED");
      }
    }
    assertThat(ledger("abandoned").status()).isEqualTo("failed");
    assertThat(ledger("abandoned").failure()).contains("TERMINATED");
    assertThat(ledger("still-training").status()).isEqualTo("running");
    // the tracking runs of the two marked runs, and only those, were closed as failed
    assertThat(tracked).containsExactlyInAnyOrder(dead.id() + " FAILED", lost.id() + " FAILED");

    // a second pass finds only what is still open, and marks nothing again
    tracked.clear();
    RunReconciler.Reconciliation again = reconciler().reconcile(false);
    assertThat(again.findings())
        .extracting(RunReconciler.Finding::outcome)
        .containsExactly(Outcome.LEFT_RUNNING, Outcome.LEFT_RUNNING);
    assertThat(tracked).isEmpty();

    // a pipeline started again under the same id reopens the run: attempt 2, cause of 1 kept
    RunRecord retried = lineage.startRun(RunStart.of(terminated, "wf2", "train.pretrain", "code"));
    assertThat(retried.attempt()).isEqualTo(2);
    assertThat(lineage.failures(dead.id())).hasSize(1);
  }

  @Test
  void aRunThatFinishesBeforeTheMarkKeepsItsOutcome() {
    String terminated = startWorkflow(true);
    RunStart start = RunStart.of(terminated, "wf", "train.pretrain", "code");
    RunRecord run = lineage.startRun(start);
    // the worker's completion commits between the listing and the mark
    TemporalWorkflowLiveness temporalSays = liveness();
    RunReconciler.Reconciliation pass =
        new RunReconciler(
                lineage,
                sink(),
                workflowId -> {
                  lineage.completeRun(start, RunOutputs.builder().build());
                  return temporalSays.state(workflowId);
                })
            .reconcile(false);

    assertThat(pass.findings())
        .extracting(RunReconciler.Finding::outcome)
        .containsExactly(Outcome.FINISHED_MEANWHILE);
    assertThat(status(run)).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(lineage.failures(run.id())).isEmpty();
    assertThat(tracked).isEmpty();
  }

  @Test
  void theCommandListsOnADryRunThenMarks() {
    String terminated = startWorkflow(true);
    String open = startWorkflow(false);
    RunRecord dead = lineage.startRun(RunStart.of(terminated, "wf", "train.pretrain", "code"));
    RunRecord live = lineage.startRun(RunStart.of(open, "wf", "train.finetune", "code"));

    Result dry = run(settings, "reconcile", "--dry-run");
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out())
        .contains("run     " + dead.id())
        .contains(terminated + " TERMINATED: would be marked failed")
        .contains(open + " RUNNING: left running")
        .contains("2 running: 1 would be marked failed, 1 left running");
    assertThat(status(dead)).isEqualTo(RunStatus.RUNNING);

    Result wet = run(settings, "reconcile");
    assertThat(wet.code()).as(wet.err()).isZero();
    assertThat(wet.out()).contains(terminated + " TERMINATED: marked failed");
    assertThat(status(dead)).isEqualTo(RunStatus.FAILED);
    assertThat(status(live)).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void aSharedDatabaseWithoutItsTemporalIsRefused() {
    Settings noTemporal =
        Settings.fromEnv(
            Map.of("MISSREC_DATA", dir.toString(), "MISSREC_JDBC_URL", db.jdbcUrl()), dir);
    RunRecord run =
        lineage.startRun(RunStart.of("pretrain-" + UUID.randomUUID(), "wf", "train", "c"));

    Result refused = run(noTemporal, "reconcile");

    assertThat(refused.code()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(refused.err()).contains("TEMPORAL_ADDRESS");
    assertThat(status(run)).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void withEverythingEmbeddedTheRunsOfEarlierCommandsAreMarked() {
    Settings embedded = Settings.fromEnv(Map.of("MISSREC_DATA", dir.toString()), dir);
    long runId;
    try (EmbeddedStack stack = EmbeddedStack.startDatabase(embedded);
        HikariDataSource ds = stack.settings().database().toDataSource("reconcile-test-seed")) {
      // what an earlier `./missrec pretrain` killed mid-training left behind
      runId =
          new JdbcLineageStore(ds)
              .startRun(RunStart.of("pretrain-killed", "wf", "train.pretrain", "code"))
              .id();
    }

    Result result = run(embedded, "reconcile");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("no TEMPORAL_ADDRESS")
        .contains("pretrain-killed NOT_FOUND in namespace default: marked failed");
    try (EmbeddedStack stack = EmbeddedStack.startDatabase(embedded);
        HikariDataSource ds = stack.settings().database().toDataSource("reconcile-test-check")) {
      assertThat(new JdbcLineageStore(ds).findRun(runId).orElseThrow().status())
          .isEqualTo(RunStatus.FAILED);
    }
  }

  private RunReconciler reconciler() {
    return new RunReconciler(lineage, sink(), liveness());
  }

  private TemporalWorkflowLiveness liveness() {
    return new TemporalWorkflowLiveness(connection.stubs(), settings.temporalNamespace());
  }

  /** Records which tracking runs were finished, and how. */
  private MetricsSink sink() {
    return run ->
        new TrackedRun() {
          private String failure;

          @Override
          public void logParams(Map<String, String> params) {}

          @Override
          public void logMetrics(List<MetricPoint> points) {}

          @Override
          public void setTags(Map<String, String> tags) {
            failure = tags.get(RunReconciler.FAILURE_TAG);
          }

          @Override
          public void finish(RunStatus status) {
            assertThat(failure).as("the reason is tagged before the finish").isNotBlank();
            tracked.add(run.id() + " " + status);
          }
        };
  }

  /** Starts a workflow on a queue nobody polls: it stays open until terminated. */
  private String startWorkflow(boolean terminate) {
    String id = (terminate ? "abandoned-" : "live-") + UUID.randomUUID();
    WorkflowStub stub =
        connection
            .client()
            .newUntypedWorkflowStub(
                "PretrainWorkflow",
                WorkflowOptions.newBuilder()
                    .setWorkflowId(id)
                    .setTaskQueue("reconcile-test-nobody-polls")
                    .build());
    stub.start();
    if (terminate) {
      stub.terminate("worker lost; operator gave up");
    }
    return id;
  }

  private static RetrainRecord retrain(String workflowId, String model) {
    return new RetrainRecord(
        workflowId,
        model,
        new RetrainDecision(RetrainChoice.RETRAIN, "new data", Map.of("a", DIGEST), DIGEST, null),
        workflowId + "-pipeline");
  }

  private RetrainEntry ledger(String model) {
    return lineage.retrainLedger().recent(model, 1).get(0);
  }

  private RunStatus status(RunRecord run) {
    return lineage.findRun(run.id()).orElseThrow().status();
  }

  private record Result(int code, String out, String err) {}

  private static Result run(Settings settings, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LineageCommand.commandLine(new LineageCommand(() -> settings));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
