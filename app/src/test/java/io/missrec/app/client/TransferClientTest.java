package io.missrec.app.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.app.cli.CliRun;
import io.missrec.app.cli.CommandEnvironment;
import io.missrec.app.config.Settings;
import io.missrec.app.demo.DemoData;
import io.missrec.app.pipeline.PipelineRunner;
import io.missrec.app.registry.ModelRef;
import io.missrec.app.stack.EmbeddedStack;
import io.missrec.app.stack.FreshDatabase;
import io.missrec.app.stack.ServiceConnections;
import io.missrec.app.worker.WorkerHost;
import io.missrec.workflows.TaskQueues;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.Progress;
import io.missrec.workflows.payload.Stage;
import io.missrec.workflows.payload.TrainingConfig;
import io.missrec.workflows.payload.TrainingMode;
import io.missrec.workflows.payload.TransferRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfers on demand against the embedded Temporal server, S3Proxy and the local PostgreSQL with a
 * real worker: the same transfer started three times (twice while it runs, once after it completed)
 * is one workflow execution and one training run with one result; the CLI attaches to it as well
 * and prints the metrics and the new version.
 */
class TransferClientTest {
  private static final String SOURCE = "synthetic://synth-a?items=120&users=200";
  private static final String TARGET = "synthetic://synth-c?items=120&users=200";

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void startingTheSameTransferTwiceTrainsOnceAndGivesOneResult() throws Exception {
    try (FreshDatabase db = FreshDatabase.create()) {
      Settings configured =
          Settings.fromEnv(
              Map.of("MISSREC_DATA", dataDir.toString(), "MISSREC_JDBC_URL", db.jdbcUrl()),
              dataDir);
      try (EmbeddedStack stack = EmbeddedStack.start(configured);
          ServiceConnections services = ServiceConnections.open(stack.settings());
          WorkerHost worker =
              WorkerHost.start(
                  services, stack.settings(), Set.of(TaskQueues.CPU, TaskQueues.GPU))) {
        ModelRef source = registerSourceModel(services);
        TransferSpec spec =
            TransferSpec.of(
                    source,
                    new DatasetRef(TARGET, null, "synth-c", "synthetic"),
                    TrainingMode.INDUCTIVE)
                .withTraining(2, 64, 2);
        TransferClient client =
            new TransferClient(
                services.workflowClient(), services.lineage(), Duration.ofMillis(200));

        TransferHandle first = client.start(spec);
        TransferHandle second = client.start(spec);
        List<Progress> seen = new CopyOnWriteArrayList<>();
        PipelineResult result = first.await(seen::add);
        TransferHandle third = client.start(spec);

        assertThat(first.workflowId()).startsWith("transfer-");
        assertThat(first.attached()).isFalse();
        assertThat(List.of(second, third))
            .allSatisfy(
                h -> {
                  assertThat(h.attached()).isTrue();
                  assertThat(h.workflowId()).isEqualTo(first.workflowId());
                  assertThat(h.runId()).as("one execution").isEqualTo(first.runId());
                });
        assertThat(second.result()).isEqualTo(result);
        assertThat(third.result()).isEqualTo(result);
        assertThat(seen).extracting(Progress::stage).contains(Stage.FINE_TUNING, Stage.COMPLETED);

        assertThat(result.modelVersion().name()).isEqualTo(source.name() + "-synth-c");
        assertThat(result.reports())
            .singleElement()
            .satisfies(
                r -> {
                  assertThat(r.split()).isEqualTo("test");
                  assertThat(r.metrics()).containsKey("NDCG@10");
                });
        DataSource ds = services.dataSource();
        assertThat(count(ds, "SELECT count(*) FROM run WHERE activity = 'fine-tune:synth-c'"))
            .as("one training run for the target")
            .isEqualTo(1);
        assertThat(
                count(
                    ds,
                    "SELECT count(*) FROM model_version WHERE name = ?",
                    result.modelVersion().name()))
            .isEqualTo(1);
        // The new version's training started from the registered source checkpoint.
        String sourceCheckpoint =
            services
                .lineage()
                .findModelVersion(source.name(), source.version())
                .orElseThrow()
                .checkpointUri();
        assertThat(
                count(
                    ds,
                    "SELECT count(*) FROM lineage_edge WHERE input_artifact_uri = ?"
                        + " AND output_artifact_uri = ?",
                    sourceCheckpoint,
                    result.checkpoint().artifact().uri()))
            .isEqualTo(1);

        // The CLI, pointed at these services as at a cluster, attaches and prints the result.
        String output = runCli(stack.settings(), source);
        assertThat(output)
            .contains("workflow  " + first.workflowId())
            .contains("attached")
            .contains("NDCG@10")
            .contains(
                "model version "
                    + result.modelVersion().name()
                    + ":"
                    + result.modelVersion().version());

        // Without TEMPORAL_ADDRESS the command starts its own (in-memory) Temporal and a worker:
        // a new execution under the same id, whose activities find their finished lineage runs.
        String local = runCli(stack.settings().withTemporalAddress(null), source);
        assertThat(local)
            .contains("starting embedded services and a worker")
            .contains("workflow  " + first.workflowId())
            .contains(
                "model version "
                    + result.modelVersion().name()
                    + ":"
                    + result.modelVersion().version());
        assertThat(count(ds, "SELECT count(*) FROM run WHERE activity = 'fine-tune:synth-c'"))
            .as("nothing trained again")
            .isEqualTo(1);

        // Zero-shot: the source model evaluated on the target as it is, under its own name.
        TransferSpec zeroShot =
            new TransferSpec(
                source,
                spec.target(),
                TrainingMode.INDUCTIVE,
                spec.features(),
                2,
                spec.seed(),
                64,
                1e-3,
                2,
                Map.of(),
                "zero-shot-synth-c",
                true,
                0,
                List.of(5, 100),
                false);
        PipelineResult untuned = client.start(zeroShot).await(p -> {});
        assertThat(untuned.checkpoint().artifact().uri()).isEqualTo(sourceCheckpoint);
        assertThat(untuned.modelVersion().name()).isEqualTo("zero-shot-synth-c");
        assertThat(untuned.reports())
            .singleElement()
            .satisfies(
                r ->
                    assertThat(r.metrics())
                        .containsKeys(
                            "NDCG@5", "NDCG@10", "NDCG@50", "NDCG@100", "Recall@5", "Recall@100"));
        assertThat(count(ds, "SELECT count(*) FROM run WHERE activity = 'fine-tune:synth-c'"))
            .as("zero-shot trains nothing")
            .isEqualTo(1);
      }
    }
  }

  /** A model trained from scratch on synth-a for one epoch, registered like any other. */
  private static ModelRef registerSourceModel(ServiceConnections services)
      throws InterruptedException {
    PipelineRunner runner = new PipelineRunner(services.workflowClient(), Duration.ofMillis(200));
    TransferRequest scratch =
        new TransferRequest(
            "transfer-test-source",
            new DatasetRef(SOURCE, null, "synth-a", "synthetic"),
            DemoData.features(),
            new TrainingConfig(TrainingMode.INDUCTIVE, 1, 7, 64, 1e-3, 1, null, Map.of()));
    PipelineResult result = runner.await(runner.startTransfer(scratch), p -> {});
    return new ModelRef(result.modelVersion().name(), result.modelVersion().version());
  }

  private static String runCli(Settings settings, ModelRef source) {
    CliRun run;
    try (CommandEnvironment env = CommandEnvironment.of(settings)) {
      run =
          CliRun.of(
              "transfer",
              "--model",
              source.toString(),
              "--target",
              TARGET,
              "--mode",
              "inductive",
              "--epochs",
              "2",
              "--batch-size",
              "64",
              "--interval",
              "200ms");
    }
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    System.out.println(run.out()); // what a user sees, for the test log
    return run.out();
  }

  private static long count(DataSource ds, String sql, Object... args) throws Exception {
    try (Connection c = ds.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
