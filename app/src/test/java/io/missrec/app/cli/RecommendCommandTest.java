package io.missrec.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.ModelStage;
import io.missrec.app.recommend.RecommendationFile;
import io.missrec.app.stack.AuditStorage;
import io.missrec.model.data.Domain;
import io.missrec.model.data.SyntheticConfig;
import io.missrec.model.data.SyntheticDomains;
import io.missrec.model.nn.MissRecConfig;
import io.missrec.model.serve.UserHistory;
import io.missrec.model.train.Checkpoints;
import io.missrec.model.train.MissRecModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code missrec recommend} on a model the trainer wrote: every user gets K unseen items of the
 * dataset by their own ids, from a local checkpoint or a registered version (real PostgreSQL + the
 * embedded S3); bad input is named and leaves no file.
 */
class RecommendCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  @TempDir Path dir;

  private static Path checkpoint;
  private static Domain domain;

  @BeforeAll
  static void trainOneEpoch() {
    checkpoint = SyntheticCheckpoint.trainOneEpoch(shared);
    domain = SyntheticDomains.generate(SyntheticConfig.defaults()).get(0);
  }

  @Test
  void givesEveryUserKUnseenItemsByTheDatasetsIds() throws Exception {
    Path out = dir.resolve("recs/synth-a.jsonl");
    CliRun run = fromTrained(0, "-k", "7", "-o", out.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("recommended 7 items to each of 600 users")
        .contains("interests from the checkpoint");

    List<String> lines = Files.readAllLines(out);
    List<UserHistory> latest = UserHistory.latest(domain);
    assertThat(lines).hasSize(latest.size());
    for (int u = 0; u < lines.size(); u++) {
      JsonNode line = JSON.readTree(lines.get(u));
      assertThat(line.get("user").asText()).isEqualTo(domain.userIds().get(latest.get(u).user()));
      Set<String> seen = new HashSet<>();
      for (int item : latest.get(u).items()) {
        seen.add(domain.itemIds().get(item));
      }
      Set<String> listed = new HashSet<>();
      line.get("items").forEach(item -> listed.add(item.asText()));
      assertThat(listed).hasSize(7).doesNotContainAnyElementsOf(seen);
      JsonNode scores = line.get("scores");
      assertThat(scores).hasSize(7);
      for (int j = 1; j < 7; j++) {
        assertThat(scores.get(j).asDouble()).isLessThanOrEqualTo(scores.get(j - 1).asDouble());
      }
    }
    JsonNode meta = JSON.readTree(Files.readString(dir.resolve("recs/synth-a.jsonl.meta.json")));
    assertThat(meta.get("k").asInt()).isEqualTo(7);
    assertThat(meta.get("excludeSeen").asBoolean()).isTrue();
    assertThat(meta.get("users").asInt()).isEqualTo(600);
    assertThat(meta.get("checkpoint").asText()).isEqualTo(checkpoint.toAbsolutePath().toString());
    // the exposure figures describe the lists written, recounted here from the file
    JsonNode exposure = meta.get("exposure");
    Set<String> distinct = new HashSet<>();
    for (String l : lines) {
      JSON.readTree(l).get("items").forEach(item -> distinct.add(item.asText()));
    }
    assertThat(exposure.get("slots").asLong()).isEqualTo(7L * 600);
    assertThat(exposure.get("distinctItems").asInt()).isEqualTo(distinct.size());
    assertThat(exposure.get("coverage").asDouble())
        .isEqualTo((double) distinct.size() / domain.numItems());
    assertThat(exposure.get("gini").asDouble()).isBetween(0.0, 1.0);
    assertThat(exposure.get("headShare").asDouble()).isBetween(0.0, 1.0);
    assertThat(run.out())
        .contains(
            String.format(
                java.util.Locale.ROOT,
                "catalogue coverage %d of %d items",
                distinct.size(),
                domain.numItems()));
    try (var files = Files.list(dir.resolve("recs"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary file left behind")
          .containsExactlyInAnyOrder("synth-a.jsonl", "synth-a.jsonl.meta.json");
    }
  }

  @Test
  void servesAnUnseenDomainColdStartWithInterestsDiscoveredThere() throws Exception {
    Path out = dir.resolve("cold.jsonl");
    CliRun run = fromTrained(2, "-o", out.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("interests from the dataset (discovered)");
    JsonNode first = JSON.readTree(Files.readAllLines(out).get(0));
    assertThat(first.get("items").get(0).asText()).startsWith("synth-c-");
  }

  @Test
  void servesOnlyTheListedUsersInTheirOrder() throws Exception {
    Path users = Files.writeString(dir.resolve("users.txt"), "user-42\n\n# a comment\nuser-7\n");
    Path out = dir.resolve("some.jsonl");
    CliRun run = fromTrained(0, "--users", users.toString(), "-o", out.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(0)).get("user").asText()).isEqualTo("user-42");
    assertThat(JSON.readTree(lines.get(1)).get("user").asText()).isEqualTo("user-7");
  }

  @Test
  void namesTheFaultAndWritesNothingOnBadInput() throws Exception {
    Path users = Files.writeString(dir.resolve("users.txt"), "user-1\nnobody\n");
    Path out = dir.resolve("bad.jsonl");
    CliRun unknownUser = fromTrained(0, "--users", users.toString(), "-o", out.toString());
    assertThat(unknownUser.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(unknownUser.err()).contains(users + ":2 [user]: unknown user 'nobody'");

    Path narrow = dir.resolve("narrow");
    MissRecConfig config =
        new MissRecConfig(16, 2, 32, 1, 1, 0.1f, 10, 10, Map.of("text", 8), 0, 1e-12f);
    try (MissRecModel model = MissRecModel.create(config, 5)) {
      Checkpoints.save(model, 1, "narrow", narrow);
    }
    CliRun widths =
        CliRun.of(
            "recommend",
            "--checkpoint",
            narrow.toString(),
            "--synthetic",
            "0",
            "-o",
            out.toString());
    assertThat(widths.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(widths.err()).contains("has feature widths {text=8} but synth-a has");

    CliRun zero = fromTrained(0, "-k", "0", "-o", out.toString());
    assertThat(zero.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(zero.err()).contains("--top must be at least 1");
    assertThat(out).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
    }
  }

  @Test
  void aRegisteredVersionGivesTheSameListsAsItsCheckpoint() throws Exception {
    try (AuditStorage storage = AuditStorage.start(dir, "recommend");
        CommandEnvironment env = CommandEnvironment.of(storage.settings())) {
      ArtifactRef stored = storage.registerCheckpoint("served", checkpoint);

      Path fromRegistry = dir.resolve("registry.jsonl");
      CliRun viaModel =
          CliRun.of(
              "recommend",
              "--model",
              "served:1",
              "--synthetic",
              "0",
              "-o",
              fromRegistry.toString());
      assertThat(viaModel.exitCode()).as(viaModel.out() + viaModel.err()).isZero();
      Path fromFolder = dir.resolve("folder.jsonl");
      CliRun viaFolder = fromTrained(0, "-o", fromFolder.toString());
      assertThat(viaFolder.exitCode()).as(viaFolder.out() + viaFolder.err()).isZero();
      assertThat(Files.readAllBytes(fromRegistry)).isEqualTo(Files.readAllBytes(fromFolder));
      JsonNode meta = JSON.readTree(Files.readString(dir.resolve("registry.jsonl.meta.json")));
      assertThat(meta.get("model").asText()).isEqualTo("served:1");
      assertThat(meta.get("checkpoint").asText()).isEqualTo(stored.uri());

      // by stage: whichever version holds it now
      CliRun noneInProduction =
          CliRun.of("recommend", "--model", "served@production", "--synthetic", "0");
      assertThat(noneInProduction.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
      assertThat(noneInProduction.err()).contains("no version of served is in stage production");
      assertThat(CliRun.of("recommend", "--model", "served@archived", "--synthetic", "0").err())
          .contains("serve a production or candidate version");
      storage.lineage().transitionStage("served", 1, ModelStage.CANDIDATE);
      Path byStage = dir.resolve("stage.jsonl");
      CliRun viaStage =
          CliRun.of(
              "recommend",
              "--model",
              "served@candidate",
              "--synthetic",
              "0",
              "-o",
              byStage.toString());
      assertThat(viaStage.exitCode()).as(viaStage.out() + viaStage.err()).isZero();
      assertThat(Files.readAllBytes(byStage)).isEqualTo(Files.readAllBytes(fromFolder));
      JsonNode stageMeta = JSON.readTree(Files.readString(dir.resolve("stage.jsonl.meta.json")));
      assertThat(stageMeta.get("model").asText()).isEqualTo("served:1");
      assertThat(stageMeta.get("selectedAs").asText()).isEqualTo("served@candidate");

      CliRun both =
          CliRun.of(
              "recommend",
              "--model",
              "served:1",
              "--checkpoint",
              checkpoint.toString(),
              "--synthetic",
              "0");
      assertThat(both.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
      assertThat(both.err()).contains("mutually exclusive");
    }
  }

  @Test
  void theWorkflowStoresTheListsTheLocalCommandWritesWithLineage() throws Exception {
    try (AuditStorage storage = AuditStorage.start(dir, "recommend-workflow");
        CommandEnvironment env = CommandEnvironment.of(storage.settings())) {
      ArtifactRef stored = storage.registerCheckpoint("served", checkpoint);

      Path local = dir.resolve("local.jsonl");
      CliRun viaFolder = fromTrained(0, "-o", local.toString());
      assertThat(viaFolder.exitCode()).as(viaFolder.out() + viaFolder.err()).isZero();

      Path durable = dir.resolve("durable.jsonl");
      String[] args = {
        "recommend",
        "--workflow",
        "--model",
        "served:1",
        "--synthetic",
        "0",
        "--request-id",
        "nightly-1",
        "--interval",
        "200ms",
        "-o",
        durable.toString()
      };
      CliRun first = CliRun.of(args);
      assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
      assertThat(first.out())
          .contains("recommend  served:1 -> synth-a (top 10)")
          .contains("RECOMMENDATION")
          .contains("600 users, 10 items each")
          .contains("interests from the checkpoint");
      assertThat(Files.readAllBytes(durable))
          .as("the workflow serves what the local command serves, byte for byte")
          .isEqualTo(Files.readAllBytes(local));

      // lineage: the lists come from the registered checkpoint and the dataset snapshot
      String listsUri;
      try (var c = storage.dataSource().getConnection();
          var rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT e.role, e.input_artifact_uri, a.uri FROM run r"
                          + " JOIN lineage_edge e ON e.run_id = r.id"
                          + " JOIN artifact a ON a.uri = e.output_artifact_uri"
                          + " WHERE r.activity = 'recommend:synth-a' AND a.kind = 'recommendations'"
                          + " ORDER BY e.role")) {
        Map<String, String> inputs = new java.util.TreeMap<>();
        String output = null;
        while (rs.next()) {
          inputs.put(rs.getString(1), rs.getString(2));
          output = rs.getString(3);
        }
        assertThat(inputs).containsKeys("checkpoint", "dataset", "features:text");
        assertThat(inputs.get("checkpoint")).isEqualTo(stored.uri());
        listsUri = output;
      }
      assertThat(first.out()).contains(listsUri);
      String spread = coverageLine(viaFolder.out());
      assertThat(first.out()).as("the same lists, the same figures").contains(spread);

      // the figures are run metrics in lineage, as the local sidecar gives them
      JsonNode exposure =
          JSON.readTree(Files.readString(RecommendationFile.metaOf(local))).get("exposure");
      try (var c = storage.dataSource().getConnection();
          var rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT m.key, m.value FROM metric m JOIN run r ON r.id = m.run_id"
                          + " WHERE r.activity = 'recommend:synth-a' ORDER BY m.key")) {
        Map<String, Double> metrics = new java.util.TreeMap<>();
        while (rs.next()) {
          metrics.put(rs.getString(1), rs.getDouble(2));
        }
        assertThat(metrics)
            .containsEntry("lists/users", 600.0)
            .containsEntry("lists/coverage", exposure.get("coverage").asDouble())
            .containsEntry("lists/exposureGini", exposure.get("gini").asDouble())
            .containsEntry("lists/headShare", exposure.get("headShare").asDouble());
      }

      // an auditor follows the lists back to the registered checkpoint and the dataset
      java.io.StringWriter traced = new java.io.StringWriter();
      picocli.CommandLine lineage =
          LineageCommand.commandLine(new LineageCommand(storage::settings))
              .setOut(new java.io.PrintWriter(traced))
              .setErr(new java.io.PrintWriter(new java.io.StringWriter()));
      assertThat(lineage.execute("trace", listsUri)).isZero();
      assertThat(traced.toString())
          .contains("lineage of " + listsUri)
          .contains("traced: recommendations " + listsUri)
          .contains("recommend:synth-a")
          .contains("checkpoint: checkpoint " + stored.uri())
          .contains("features:text: feature_table")
          .containsPattern("dataset: dataset_snapshot s3://\\S+")
          .contains("top=10");
      assertThat(lineage.execute("trace", "s3://missrec/recommendations/" + "0".repeat(64)))
          .isEqualTo(CliErrors.BAD_INPUT);
      assertThat(lineage.execute("trace", "served:1")).isEqualTo(CliErrors.BAD_INPUT);

      // the other audits take the lists' URI too: JSON, DOT, re-hashing, OpenLineage
      traced.getBuffer().setLength(0);
      assertThat(lineage.execute("show", listsUri, "--format", "json")).isZero();
      JsonNode graph = JSON.readTree(traced.toString());
      assertThat(graph.get("root").asText()).isEqualTo(listsUri);
      assertThat(graph.get("model").isNull()).isTrue();
      assertThat(graph.get("artifacts").findValuesAsText("uri")).contains(listsUri, stored.uri());
      assertThat(graph.get("runs").findValuesAsText("activity")).contains("recommend:synth-a");
      traced.getBuffer().setLength(0);
      assertThat(lineage.execute("show", listsUri, "--format", "dot")).isZero();
      assertThat(traced.toString()).startsWith("digraph").contains("traced\\nrecommendations");
      traced.getBuffer().setLength(0);
      assertThat(lineage.execute("verify", listsUri)).as(traced.toString()).isZero();
      assertThat(traced.toString())
          .contains("OK         recommendations")
          .containsPattern("all \\d+ artifacts intact");
      traced.getBuffer().setLength(0);
      assertThat(lineage.execute("export", listsUri, "--openlineage")).isZero();
      assertThat(traced.toString().lines())
          .anySatisfy(event -> assertThat(event).contains("recommend:synth-a").contains(listsUri));

      // each call here starts its own in-memory Temporal server, so the retried start runs the
      // workflow again; its activities find their recorded results by the same request id
      CliRun retried = CliRun.of(args);
      assertThat(retried.exitCode()).as(retried.out() + retried.err()).isZero();
      assertThat(retried.out()).contains(listsUri);
      try (var c = storage.dataSource().getConnection();
          var rs =
              c.createStatement()
                  .executeQuery("SELECT count(*) FROM run WHERE activity = 'recommend:synth-a'")) {
        rs.next();
        assertThat(rs.getLong(1)).as("the same request id serves once").isEqualTo(1);
      }

      // named by stage: resolved to served:1 before the run, so the same run and lists
      storage.lineage().transitionStage("served", 1, ModelStage.CANDIDATE);
      String[] byStage = args.clone();
      byStage[3] = "served@candidate";
      CliRun candidate = CliRun.of(byStage);
      assertThat(candidate.exitCode()).as(candidate.out() + candidate.err()).isZero();
      assertThat(candidate.out())
          .contains("recommend  served:1 (served@candidate) -> synth-a")
          .contains(listsUri);
    }
  }

  @Test
  void theWorkflowNeedsARegisteredVersionAndItsOwnFeatureNames() {
    CliRun noModel =
        CliRun.of(
            "recommend", "--workflow", "--checkpoint", checkpoint.toString(), "--synthetic", "0");
    assertThat(noModel.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(noModel.err()).contains("--workflow serves a registered version");
    CliRun encodeText =
        CliRun.of("recommend", "--workflow", "--model", "x:1", "--synthetic", "0", "--encode-text");
    assertThat(encodeText.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(encodeText.err()).contains("--encoder modality=encoder");
    CliRun localDetach = fromTrained(0, "--detach");
    assertThat(localDetach.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(localDetach.err()).contains("need --workflow");
    CliRun badId =
        CliRun.of(
            "recommend", "--workflow", "--model", "x:1", "--synthetic", "0", "--request-id", "a/b");
    assertThat(badId.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(badId.err()).contains("request id 'a/b'");
  }

  /** The trained checkpoint in the store's S3, registered as {@code served:1}. */
  /**
   * {@code recommend --checkpoint <the trained checkpoint> --synthetic <domain>}, then {@code
   * more}.
   */
  private static CliRun fromTrained(int domain, String... more) {
    String[] args = new String[5 + more.length];
    args[0] = "recommend";
    args[1] = "--checkpoint";
    args[2] = checkpoint.toString();
    args[3] = "--synthetic";
    args[4] = Integer.toString(domain);
    System.arraycopy(more, 0, args, 5, more.length);
    return CliRun.of(args);
  }

  /** The line that gives the lists' coverage, Gini and head share (up to the interests used). */
  private static String coverageLine(String out) {
    return out.lines()
        .filter(l -> l.contains("catalogue coverage"))
        .map(l -> l.substring(l.indexOf("catalogue coverage"), l.indexOf(';')))
        .findFirst()
        .orElseThrow();
  }
}
