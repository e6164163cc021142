package io.missrec.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.EmbeddedS3Server;
import io.missrec.activities.artifact.S3ArtifactStore;
import io.missrec.activities.lineage.Dataset;
import io.missrec.activities.lineage.JdbcLineageStore;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.MetricPoint;
import io.missrec.activities.lineage.RunFailure;
import io.missrec.activities.lineage.RunOutputs;
import io.missrec.activities.lineage.RunRecord;
import io.missrec.activities.lineage.RunStart;
import io.missrec.app.config.Settings;
import io.missrec.app.stack.AuditStorage;
import io.missrec.app.stack.EmbeddedStack;
import io.missrec.app.stack.FreshDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code missrec lineage show|verify|export} against a real PostgreSQL and the embedded S3: lineage
 * rows recorded through {@link JdbcLineageStore}, artifacts stored through {@link S3ArtifactStore}.
 */
class LineageCommandTest {
  private static final String BUCKET = AuditStorage.BUCKET;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static AuditStorage storage;
  private static FreshDatabase db;
  private static EmbeddedS3Server s3;
  private static S3ArtifactStore artifacts;
  private static LineageStore lineage;
  private static Settings settings;
  private static Chain chain;

  /** What {@link #recordChain} stored. */
  record Chain(
      String model,
      String datasetDigest,
      ArtifactRef snapshot,
      ArtifactRef features,
      ArtifactRef checkpoint,
      String workflowId) {}

  @BeforeAll
  static void start() throws Exception {
    storage = AuditStorage.start(dir, "lineage-command-test");
    db = storage.db();
    s3 = storage.s3();
    artifacts = storage.artifacts();
    lineage = storage.lineage();
    settings = storage.settings();
    chain = recordChain("audited", "v1");
    recordChain("audited", "v2"); // a second, later version of the same model
  }

  @AfterAll
  static void stop() throws Exception {
    if (storage != null) {
      storage.close();
    }
  }

  @Test
  void showPrintsTheWholeChainWithDigestsCodeParamsMetricsAndWorkflows() {
    Result r = run("show", "audited:1");

    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out)
        .startsWith(
            "model audited:1  stage none  synth-a/test/ndcg@10=0.1250 ± 0.0211,"
                + " synth-a/test/recall@10=0.2500\n")
        .contains("checkpoint: checkpoint " + chain.checkpoint().uri())
        .contains("features: feature_table " + chain.features().uri())
        .contains("dataset: dataset_snapshot " + chain.snapshot().uri())
        .contains(
            "source: dataset synth-a (unisrec) sha256:"
                + chain.datasetDigest()
                + " from synthetic://synth-a?seed=1")
        .contains("pretrain [succeeded, code c0ffee1, workflow " + chain.workflowId())
        .contains("ingest:synth-a [succeeded, code c0ffee1")
        .contains("params epochs=2, lr=0.001")
        .contains("metrics loss=0.5000 (step 2)")
        .contains("(inputs shown above)") // the snapshot feeds both features and pre-training
        .doesNotContain("result=");
  }

  @Test
  void nameAloneIsTheLatestVersionAndJsonCarriesEveryNode() throws Exception {
    Result r = run("show", "audited", "--format", "json");

    assertThat(r.code).as(r.err).isZero();
    JsonNode root = JSON.readTree(r.out);
    assertThat(root.at("/model/version").asLong()).isEqualTo(2);

    JsonNode v1 = JSON.readTree(run("show", "audited:1", "--format", "JSON").out);
    assertThat(v1.at("/model/checkpointSha256").asText()).isEqualTo(chain.checkpoint().sha256());
    assertThat(v1.at("/model/metrics/synth-a~1test~1ndcg@10").asDouble()).isEqualTo(0.125);
    assertThat(v1.at("/model/metrics/synth-a~1test~1se~1ndcg@10").asDouble()).isEqualTo(0.0211);
    assertThat(texts(v1.get("artifacts"), "sha256"))
        .containsExactly(
            chain.checkpoint().sha256(), chain.features().sha256(), chain.snapshot().sha256());
    assertThat(texts(v1.get("datasets"), "sha256")).containsExactly(chain.datasetDigest());
    assertThat(texts(v1.get("runs"), "activity"))
        .containsExactly("pretrain", "features", "ingest:synth-a");
    JsonNode pretrain = v1.get("runs").get(0);
    assertThat(pretrain.get("workflowId").asText()).isEqualTo(chain.workflowId());
    assertThat(pretrain.get("codeVersion").asText()).isEqualTo("c0ffee1");
    assertThat(pretrain.at("/params/lr").asText()).isEqualTo("0.001");
    assertThat(pretrain.get("metrics")).hasSize(2);
    assertThat(v1.get("edges")).hasSize(4);
    assertThat(v1.get("edges").get(3).get("inputDataset").asText())
        .isEqualTo(chain.datasetDigest());
  }

  @Test
  void aRetriedRunShowsWhyItsEarlierAttemptsFailed() throws Exception {
    Result tree = run("show", "audited:2");
    assertThat(tree.code).as(tree.err).isZero();
    assertThat(tree.out)
        .contains("pretrain [succeeded, attempt 2, code c0ffee1")
        .contains("  attempt 1 failed (reconcile): workflow w is TERMINATED");
    assertThat(run("show", "audited:1").out).doesNotContain("failed (");

    JsonNode json = JSON.readTree(run("show", "audited:2", "--format", "json").out);
    JsonNode failed = json.get("runs").get(0).get("failedAttempts");
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).get("attempt").asInt()).isEqualTo(1);
    assertThat(failed.get(0).get("source").asText()).isEqualTo("reconcile");
    assertThat(failed.get(0).get("reason").asText()).isEqualTo("workflow w is TERMINATED");
  }

  @Test
  void dotIsAGraphvizDigraphFromDatasetThroughRunsToTheCheckpoint() {
    Result r = run("show", "audited:1", "--format", "dot");

    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out).startsWith("digraph \"lineage audited:1\" {").endsWith("}\n");
    assertThat(r.out)
        .contains(
            "\"dataset:"
                + chain.datasetDigest()
                + "\" [label=\"dataset synth-a (unisrec)\\nsha256:")
        .contains("\"" + chain.checkpoint().uri() + "\" [label=\"model audited:1\\ncheckpoint")
        .containsPattern(
            "\"dataset:" + chain.datasetDigest() + "\" -> \"run:\\d+\" \\[label=\"source\"\\];")
        .containsPattern("\"run:\\d+\" -> \"" + chain.checkpoint().uri() + "\";");
    assertThat(r.out.chars().filter(c -> c == '{').count())
        .isEqualTo(r.out.chars().filter(c -> c == '}').count());
  }

  @Test
  void badOrUnknownModelVersionsAreNamed() {
    Result bad = run("show", "audited:one");
    assertThat(bad.code).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(bad.err).contains("version 'one' is not a positive integer");

    Result unknown = run("verify", "audited:9");
    assertThat(unknown.code).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(unknown.err).contains("no model version audited:9");

    Result noName = run("export", "nobody", "--openlineage");
    assertThat(noName.code).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(noName.err).contains("no model version nobody");
  }

  @Test
  void exportWritesOneOpenLineageRunEventPerRunWithSha256Facets() throws Exception {
    Path file = dir.resolve("events.jsonl");
    Result r = run("export", "audited:1", "--openlineage", "--output", file.toString());

    assertThat(r.code).as(r.err).isZero();
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      events.add(JSON.readTree(line));
    }
    assertThat(events).hasSize(3);
    for (JsonNode event : events) {
      assertThat(event.get("eventType").asText()).isEqualTo("COMPLETE");
      Instant.parse(event.get("eventTime").asText());
      UUID.fromString(event.at("/run/runId").asText());
      assertThat(event.get("producer").asText()).isNotBlank();
      assertThat(event.get("schemaURL").asText()).contains("openlineage.io/spec");
      assertThat(event.at("/job/namespace").asText()).isEqualTo("missrec");
      assertThat(event.at("/run/facets/parent/job/name").asText()).isEqualTo(chain.workflowId());
      assertThat(event.at("/run/facets/missrec_run/codeVersion").asText()).isEqualTo("c0ffee1");
    }
    JsonNode pretrain = events.get(0);
    assertThat(pretrain.at("/job/name").asText()).isEqualTo("pretrain");
    assertThat(pretrain.at("/run/facets/missrec_run/params/lr").asText()).isEqualTo("0.001");
    assertThat(datasetNames(pretrain.get("inputs")))
        .containsExactly(chain.features().key(), chain.snapshot().key());
    JsonNode output = pretrain.get("outputs").get(0);
    assertThat(output.get("namespace").asText()).isEqualTo("s3://" + BUCKET);
    assertThat(output.get("name").asText()).isEqualTo(chain.checkpoint().key());
    assertThat(output.at("/facets/version/datasetVersion").asText())
        .isEqualTo(chain.checkpoint().sha256());
    assertThat(output.at("/facets/missrec_digest/sha256").asText())
        .isEqualTo(chain.checkpoint().sha256());

    JsonNode ingest = events.get(2);
    assertThat(ingest.at("/job/name").asText()).isEqualTo("ingest:synth-a");
    JsonNode source = ingest.get("inputs").get(0);
    assertThat(source.get("namespace").asText()).isEqualTo("synthetic://synth-a");
    assertThat(source.at("/facets/missrec_digest/sha256").asText())
        .isEqualTo(chain.datasetDigest());

    // Stable run ids: a second export (to stdout) gives the same events.
    Result again = run("export", "audited:1", "--openlineage");
    assertThat(again.out).isEqualTo(Files.readString(file));
  }

  @Test
  void verifyReportsChangedAndMissingObjectsAndExitsNonZero() throws Exception {
    Chain own = recordChain("tampered", "own");
    Result intact = run("verify", "tampered:1");
    assertThat(intact.code).as(intact.out + intact.err).isZero();
    assertThat(intact.out).contains("all 3 artifacts intact");

    // Flip one byte of the feature table on the S3 server's disk, delete the snapshot object.
    Path onDisk = objectFile(own.features().sha256());
    byte[] bytes = Files.readAllBytes(onDisk);
    bytes[0] ^= 1;
    Files.write(onDisk, bytes);
    MinioClient raw =
        MinioClient.builder()
            .endpoint(s3.endpoint())
            .credentials(storage.s3Config().accessKey(), storage.s3Config().secretKey())
            .build();
    raw.removeObject(
        RemoveObjectArgs.builder().bucket(BUCKET).object(own.snapshot().key()).build());

    Result broken = run("verify", "tampered:1");
    assertThat(broken.code).isEqualTo(LineageCommand.PROBLEMS);
    assertThat(broken.out)
        .containsPattern("OK +checkpoint +" + own.checkpoint().uri())
        .containsPattern("MISMATCH +feature_table +" + own.features().uri())
        .contains("expected sha256 " + own.features().sha256())
        .containsPattern("MISSING +dataset_snapshot +" + own.snapshot().uri())
        .contains("2 of 3 artifacts missing or changed");
  }

  @Test
  void auditCommandsStartEmbeddedStorageButNeverTemporal() {
    Settings withoutS3 =
        Settings.fromEnv(
            Map.of(
                Settings.JDBC_URL, db.jdbcUrl(), Settings.DATA_DIR, dir.resolve("bare").toString()),
            dir);
    try (EmbeddedStack stack = EmbeddedStack.startStorage(withoutS3)) {
      assertThat(stack.temporal()).isNull();
      assertThat(stack.postgres()).isNull();
      assertThat(stack.s3()).isNotNull();
      assertThat(stack.settings().temporalAddress()).isNull();
    }
    Result r =
        run(LineageCommand.commandLine(new LineageCommand(() -> withoutS3)), "show", "audited:1");
    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out).contains(chain.checkpoint().uri());
  }

  /**
   * dataset -> ingest -> snapshot -> features -> feature table; (feature table, snapshot) ->
   * pretrain -> checkpoint, registered as the next version of {@code model}. Contents differ per
   * {@code salt}, so each chain has its own objects.
   */
  private static Chain recordChain(String model, String salt) {
    String workflowId = "pretrain-" + model + "-" + salt;
    ArtifactRef snapshot = put(ArtifactKind.DATASET_SNAPSHOT, "snapshot " + salt);
    ArtifactRef features = put(ArtifactKind.FEATURE_TABLE, "features " + salt);
    ArtifactRef checkpoint = put(ArtifactKind.CHECKPOINT, "weights " + salt);
    lineage.completeRun(
        RunStart.of(workflowId, "run-" + salt, "ingest:synth-a", "c0ffee1"),
        RunOutputs.builder()
            .dataset(
                new Dataset(snapshot.sha256(), "synth-a", "unisrec", "synthetic://synth-a?seed=1"))
            .artifact(snapshot)
            .edge(RunOutputs.Edge.fromDataset(snapshot.sha256(), snapshot.uri(), "source"))
            .params(Map.of("format", "unisrec", "result", "{\"stored\":true}"))
            .build());
    lineage.completeRun(
        RunStart.of(workflowId, "run-" + salt, "features", "c0ffee1"),
        RunOutputs.builder()
            .artifact(features)
            .edge(RunOutputs.Edge.fromArtifact(snapshot.uri(), features.uri(), "dataset"))
            .params(Map.of("encoder", "minilm"))
            .build());
    if (salt.equals("v2")) {
      // v2's training was resumed after its first worker died and reconcile marked attempt 1
      long first =
          lineage.startRun(RunStart.of(workflowId, "run-" + salt, "pretrain", "c0ffee1")).id();
      lineage.failRun(first, RunFailure.Source.RECONCILE, "workflow w is TERMINATED");
    }
    RunRecord train =
        lineage.completeRun(
            RunStart.of(workflowId, "run-" + salt, "pretrain", "c0ffee1"),
            RunOutputs.builder()
                .artifact(checkpoint)
                .edge(RunOutputs.Edge.fromArtifact(features.uri(), checkpoint.uri(), "features"))
                .edge(RunOutputs.Edge.fromArtifact(snapshot.uri(), checkpoint.uri(), "dataset"))
                .params(Map.of("lr", "0.001", "epochs", "2"))
                .metric(new MetricPoint("loss", 0.9, 1))
                .metric(new MetricPoint("loss", 0.5, 2))
                .build());
    lineage.registerModelVersion(
        model,
        checkpoint.uri(),
        train.id(),
        Map.of(
            "synth-a/test/ndcg@10", 0.125,
            "synth-a/test/se/ndcg@10", 0.0211,
            "synth-a/test/recall@10", 0.25));
    return new Chain(model, snapshot.sha256(), snapshot, features, checkpoint, workflowId);
  }

  private static ArtifactRef put(ArtifactKind kind, String content) {
    return artifacts.put(
        kind, content.getBytes(StandardCharsets.UTF_8), "application/octet-stream");
  }

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    return run(LineageCommand.commandLine(new LineageCommand(() -> settings)), args);
  }

  private static Result run(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = commandLine.setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.get(field).asText()));
    return values;
  }

  private static List<String> datasetNames(JsonNode array) {
    return texts(array, "name");
  }

  private static Path objectFile(String sha256) throws Exception {
    try (Stream<Path> files = Files.walk(s3.dataDir())) {
      return files
          .filter(p -> p.getFileName().toString().equals(sha256) && Files.isRegularFile(p))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no object file " + sha256));
    }
  }
}
