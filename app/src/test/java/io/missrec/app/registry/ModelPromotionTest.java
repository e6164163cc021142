package io.missrec.app.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.zaxxer.hikari.HikariDataSource;
import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.artifact.Sha256;
import io.missrec.activities.lineage.JdbcLineageStore;
import io.missrec.activities.lineage.LineageStore;
import io.missrec.activities.lineage.Migrator;
import io.missrec.activities.lineage.ModelStage;
import io.missrec.activities.lineage.ModelVersion;
import io.missrec.activities.lineage.RunStart;
import io.missrec.app.cli.CliRun;
import io.missrec.app.cli.CommandEnvironment;
import io.missrec.app.config.Settings;
import io.missrec.app.stack.FreshDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promotion to production against the real PostgreSQL: the NDCG@10 gate and its record. */
class ModelPromotionTest {
  private static FreshDatabase db;
  private static HikariDataSource dataSource;
  private static LineageStore lineage;
  private static ModelRegistry registry;

  @BeforeAll
  static void migrate() throws Exception {
    db = FreshDatabase.create();
    dataSource = db.config().toDataSource("promotion-test");
    Migrator.migrate(dataSource);
    lineage = new JdbcLineageStore(dataSource);
    registry = new ModelRegistry(lineage);
  }

  @AfterAll
  static void drop() throws Exception {
    if (dataSource != null) {
      dataSource.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void firstProductionThenBetterIsPromotedAndWorseIsRefusedNamingBothValues() {
    String name = "model-" + UUID.randomUUID();
    ModelVersion v1 = register(name, "v1", Map.of("synth-c/test/NDCG@10", 0.0500));
    ModelVersion v2 =
        register(
            name, "v2", Map.of("synth-c/test/NDCG@10", 0.0612, "synth-c/test/se/NDCG@10", 0.0104));
    ModelVersion v3 =
        register(
            name, "v3", Map.of("synth-c/test/NDCG@10", 0.0611, "synth-c/test/se/NDCG@10", 0.0103));

    // First production version of the name: nothing to compare with.
    assertThat(registry.promote(ref(v1), ModelStage.PRODUCTION).stage())
        .isEqualTo(ModelStage.PRODUCTION);

    // Better: promoted, the previous production version archived.
    assertThat(registry.promote(ref(v2), ModelStage.PRODUCTION).stage())
        .isEqualTo(ModelStage.PRODUCTION);
    assertThat(stage(name, 1)).isEqualTo(ModelStage.ARCHIVED);

    // Worse (by 0.0001): refused with both values and their standard errors, nothing changes.
    registry.promote(ref(v3), ModelStage.CANDIDATE);
    assertThatThrownBy(() -> registry.promote(ref(v3), ModelStage.PRODUCTION))
        .isInstanceOf(PromotionRefusedException.class)
        .hasMessageContaining(name + ":3 test NDCG@10 0.061100")
        .hasMessageContaining("production " + name + ":2 test NDCG@10 0.061200")
        .hasMessageContaining("standard errors over the test users 0.010300 and 0.010400");
    assertThat(stage(name, 2)).isEqualTo(ModelStage.PRODUCTION);
    assertThat(stage(name, 3)).isEqualTo(ModelStage.CANDIDATE);

    // Equal is not worse; promoting the production version again changes nothing.
    ModelVersion v4 = register(name, "v4", Map.of("synth-c/test/NDCG@10", 0.0612));
    assertThat(registry.promote(ref(v4), ModelStage.PRODUCTION).stage())
        .isEqualTo(ModelStage.PRODUCTION);
    assertThat(registry.promote(ref(v4), ModelStage.PRODUCTION).stage())
        .isEqualTo(ModelStage.PRODUCTION);
    assertThat(registry.list(name))
        .extracting(v -> v.version() + ":" + v.stage().dbValue())
        .containsExactly("1:archived", "2:archived", "3:candidate", "4:production");

    // The history keeps every decision, refusals included, and cannot be rewritten.
    assertThat(lineage.stageEvents(name))
        .extracting(
            e ->
                e.version()
                    + ":"
                    + e.from().dbValue()
                    + "->"
                    + e.to().dbValue()
                    + ":"
                    + e.decision().dbValue()
                    + ":"
                    + (e.productionVersion() == null ? "-" : e.productionVersion()))
        .containsExactly(
            "1:none->production:applied:-",
            "1:production->archived:applied:1",
            "2:none->production:applied:1",
            "3:none->candidate:applied:2",
            "3:candidate->production:refused:2",
            "2:production->archived:applied:2",
            "4:none->production:applied:2");
    assertThat(lineage.stageEvents(name).get(4).reason()).contains("0.061100").contains("0.061200");
    assertThat(lineage.stageEvents(name).get(1).reason()).isEqualTo("replaced in production by v2");
    assertThatThrownBy(
            () -> {
              try (var c = dataSource.getConnection();
                  var st = c.createStatement()) {
                st.executeUpdate("DELETE FROM model_stage_event WHERE model_name = '" + name + "'");
              }
            })
        .hasMessageContaining("immutable");
  }

  @Test
  void productionNeedsATestNdcgOnTheSameDatasetsAndAnExistingVersion() {
    String name = "model-" + UUID.randomUUID();
    ModelVersion untested = register(name, "a", Map.of("synth-c/valid/NDCG@10", 0.9));
    ModelVersion onC = register(name, "b", Map.of("synth-c/test/NDCG@10", 0.05));
    ModelVersion onD = register(name, "c", Map.of("synth-d/test/NDCG@10", 0.50));

    assertThatThrownBy(() -> registry.promote(ref(untested), ModelStage.PRODUCTION))
        .isInstanceOf(PromotionRefusedException.class)
        .hasMessageContaining("has no test NDCG@10");
    registry.promote(ref(onC), ModelStage.PRODUCTION);
    assertThatThrownBy(() -> registry.promote(ref(onD), ModelStage.PRODUCTION))
        .isInstanceOf(PromotionRefusedException.class)
        .hasMessageContaining("[synth-d]")
        .hasMessageContaining("[synth-c]");
    assertThat(stage(name, 2)).isEqualTo(ModelStage.PRODUCTION);
    assertThatThrownBy(() -> registry.promote(new ModelRef(name, 9), ModelStage.PRODUCTION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no model version " + name + ":9");
  }

  @Test
  void cliListsVersionsAndExplainsARefusal(@TempDir Path dataDir) {
    String name = "model-" + UUID.randomUUID();
    register(name, "v1", Map.of("synth-c/test/NDCG@10", 0.07, "synth-c/test/se/NDCG@10", 0.011));
    register(name, "v2", Map.of("synth-c/test/NDCG@10", 0.03));
    Settings settings =
        Settings.fromEnv(
            Map.of("MISSREC_DATA", dataDir.toString(), "MISSREC_JDBC_URL", db.jdbcUrl()), dataDir);
    try (CommandEnvironment env = CommandEnvironment.of(settings)) {
      CliRun first = CliRun.of("model", "promote", name + ":1", "--stage", "production");
      CliRun worse = CliRun.of("model", "promote", name + ":2", "--stage", "production");
      CliRun list = CliRun.of("model", "list", name);
      CliRun bad = CliRun.of("model", "promote", name, "--stage", "production");

      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(first.out())
          .contains(name + ":1 is now production (test NDCG@10 0.0700, s.e. 0.0110)");
      assertThat(worse.exitCode()).isEqualTo(1);
      assertThat(worse.err())
          .contains(name + ":2 test NDCG@10 0.030000 is worse than production")
          .contains(name + ":1 test NDCG@10 0.070000")
          .as("v2 was registered without a standard error, so none is quoted")
          .doesNotContain("standard errors");
      assertThat(list.exitCode()).isZero();
      assertThat(list.out().lines().filter(l -> l.startsWith(name)))
          .satisfiesExactly(
              l ->
                  assertThat(l)
                      .startsWith(
                          String.format(
                              "%-40s  %-10s  %-10s  %-8s  %-20s",
                              name + ":1", "production", "0.0700", "0.0110", "synth-c")),
              l ->
                  assertThat(l)
                      .startsWith(
                          String.format(
                              "%-40s  %-10s  %-10s  %-8s  %-20s",
                              name + ":2", "none", "0.0300", "-", "synth-c")));
      assertThat(bad.exitCode()).isEqualTo(2);
      assertThat(bad.err()).contains("is not of the form name:version");
    }
  }

  @Test
  void theStandardErrorOfAMeanOverDatasetsAddsTheirErrorsInQuadrature() {
    ModelVersion two =
        new ModelVersion(
            "m",
            1,
            "s3://missrec/checkpoint/x",
            1,
            ModelStage.NONE,
            Map.of(
                "a/test/NDCG@10", 0.2,
                "a/test/se/NDCG@10", 0.03,
                "b/test/NDCG@10", 0.4,
                "b/test/se/NDCG@10", 0.04,
                "b/valid/se/NDCG@10", 0.5),
            null);
    assertThat(TestNdcg.perDataset(two)).containsOnlyKeys("a", "b");
    assertThat(TestNdcg.mean(TestNdcg.perDataset(two))).isCloseTo(0.3, within(1e-12));
    // sqrt(0.03^2 + 0.04^2) / 2
    assertThat(TestNdcg.standardErrorOfMean(two)).isCloseTo(0.025, within(1e-12));
    assertThat(TestNdcg.standardErrorOfMean(java.util.List.of("a", "c"), Map.of("a", 0.03)))
        .as("a dataset without an error leaves the mean's unknown")
        .isNaN();
  }

  @Test
  void modelRefsParseNameColonVersionAndNameWhatIsWrong() {
    assertThat(ModelRef.parse("ns:model:12")).isEqualTo(new ModelRef("ns:model", 12));
    assertThatThrownBy(() -> ModelRef.parse("model"))
        .hasMessageContaining("'model' is not of the form name:version");
    assertThatThrownBy(() -> ModelRef.parse("model:latest"))
        .hasMessageContaining("'latest' is not a version number");
    assertThatThrownBy(() -> ModelRef.parse("model:0")).hasMessageContaining("1 or more");
  }

  private static ModelVersion register(String name, String tag, Map<String, Double> metrics) {
    long run =
        lineage.startRun(RunStart.of("wf-" + UUID.randomUUID(), "run-1", "fine-tune", "test")).id();
    byte[] bytes = (name + tag).getBytes(StandardCharsets.UTF_8);
    ArtifactRef checkpoint =
        new ArtifactRef(
            "missrec", ArtifactKind.CHECKPOINT, Sha256.hex(bytes), bytes.length, "application/zip");
    lineage.recordArtifact(checkpoint);
    return lineage.registerModelVersion(name, checkpoint.uri(), run, metrics);
  }

  private static ModelRef ref(ModelVersion v) {
    return new ModelRef(v.name(), v.version());
  }

  private static ModelStage stage(String name, long version) {
    return lineage.findModelVersion(name, version).orElseThrow().stage();
  }
}
