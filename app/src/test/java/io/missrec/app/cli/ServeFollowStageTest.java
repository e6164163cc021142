package io.missrec.app.cli;

import static io.missrec.app.cli.ServeClient.JSON;
import static io.missrec.app.cli.ServeClient.assertSameList;
import static io.missrec.app.cli.ServeClient.get;
import static io.missrec.app.cli.ServeClient.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.missrec.activities.lineage.ModelStage;
import io.missrec.app.serve.RecommendationServer;
import io.missrec.app.stack.AuditStorage;
import io.missrec.model.nn.MissRecConfig;
import io.missrec.model.train.Checkpoints;
import io.missrec.model.train.MissRecModel;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --model NAME@production --follow-stage}, against a real PostgreSQL and the embedded
 * S3: a promotion is served without a restart, every request during the swap is answered by one
 * model or the other (and says which), and a version that cannot score the catalogue is refused
 * once while the served one keeps answering.
 */
class ServeFollowStageTest {
  @TempDir static Path trained;
  @TempDir Path dir;

  private static Path first;
  private static Path second;
  private static List<JsonNode> firstLists;
  private static List<JsonNode> secondLists;

  @BeforeAll
  static void trainTwo() throws Exception {
    first = SyntheticCheckpoint.trainOneEpoch(trained.resolve("first"), 2023);
    second = SyntheticCheckpoint.trainOneEpoch(trained.resolve("second"), 7);
    firstLists = ServeClient.recommendLists(first, trained.resolve("first.jsonl"));
    secondLists = ServeClient.recommendLists(second, trained.resolve("second.jsonl"));
    assertThat(secondLists.get(0).get("scores"))
        .as("two seeds, two models")
        .isNotEqualTo(firstLists.get(0).get("scores"));
  }

  @Test
  void aPromotionReplacesTheServedVersionWithoutARestart() throws Exception {
    try (AuditStorage storage = AuditStorage.start(dir, "follow");
        CommandEnvironment env = CommandEnvironment.of(storage.settings())) {
      storage.registerCheckpoint("served", first);
      String secondUri = storage.registerCheckpoint("served", second).uri();
      storage.lineage().transitionStage("served", 1, ModelStage.PRODUCTION);

      ServeClient.Serving server =
          ServeClient.serve(
              "--model",
              "served@production",
              "--follow-stage",
              "200ms",
              "--synthetic",
              "0",
              "--port",
              "0");
      String base = server.base();
      try {
        JsonNode about = JSON.readTree(get(base + "/v1/model").body());
        assertThat(about.get("model").asText()).isEqualTo("served:1");
        assertThat(about.get("selectedAs").asText()).isEqualTo("served@production");

        // requests keep flowing while the stage moves: each is answered, by one model or the other
        AtomicBoolean flowing = new AtomicBoolean(true);
        List<String> failures = new ArrayList<>();
        List<String> answeredBy = new ArrayList<>();
        Thread traffic =
            new Thread(
                () -> {
                  for (int i = 0; flowing.get(); i++) {
                    JsonNode expected = firstLists.get(i % 40);
                    try {
                      HttpResponse<String> r =
                          post(base, "{\"user\": \"" + expected.get("user").asText() + "\"}");
                      String model =
                          r.headers().firstValue(RecommendationServer.MODEL_HEADER).orElse("");
                      if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.body());
                      } else {
                        List<JsonNode> lists = model.equals("served:1") ? firstLists : secondLists;
                        assertSameList(lists.get(i % 40), JSON.readTree(r.body()));
                        answeredBy.add(model);
                      }
                    } catch (Exception | AssertionError e) {
                      failures.add(e.toString());
                    }
                  }
                });
        traffic.start();
        Thread.sleep(300);
        storage.lineage().transitionStage("served", 2, ModelStage.PRODUCTION);
        about = awaitModel(base, m -> m.get("model").asText().equals("served:2"));
        Thread.sleep(300);
        flowing.set(false);
        traffic.join(30_000);

        assertThat(failures).isEmpty();
        assertThat(answeredBy).contains("served:1", "served:2");
        assertThat(answeredBy.subList(answeredBy.indexOf("served:2"), answeredBy.size()))
            .as("once swapped, the new version answers every request")
            .containsOnly("served:2");
        assertThat(about.get("checkpoint").asText()).isEqualTo(secondUri);
        assertThat(about.get("selectedAs").asText()).isEqualTo("served@production");
        for (JsonNode expected : secondLists.subList(0, 10)) {
          HttpResponse<String> r =
              post(base, "{\"user\": \"" + expected.get("user").asText() + "\"}");
          assertThat(r.headers().firstValue(RecommendationServer.MODEL_HEADER))
              .hasValue("served:2");
          assertSameList(expected, JSON.readTree(r.body()));
        }
        assertThat(get(base + "/metrics").body())
            .contains("missrec_serve_model_info{model=\"served:2\"} 1")
            .contains("missrec_serve_model_loads_total{outcome=\"ok\"} 1")
            .contains("missrec_serve_model_loads_total{outcome=\"failed\"} 0");

        // a version for other feature widths is refused once; the served one keeps answering
        Path narrow = dir.resolve("narrow");
        MissRecConfig config =
            new MissRecConfig(16, 2, 32, 1, 1, 0.1f, 10, 10, Map.of("text", 8), 0, 1e-12f);
        try (MissRecModel model = MissRecModel.create(config, 5)) {
          Checkpoints.save(model, 1, "narrow", narrow);
        }
        storage.registerCheckpoint("served", narrow);
        storage.lineage().transitionStage("served", 3, ModelStage.PRODUCTION);
        awaitMetric(base, "missrec_serve_model_loads_total{outcome=\"failed\"} 1");
        Thread.sleep(1_000); // five more checks: the refused version is not loaded again
        String metrics = get(base + "/metrics").body();
        assertThat(metrics)
            .contains("missrec_serve_model_loads_total{outcome=\"failed\"} 1")
            .contains("missrec_serve_model_info{model=\"served:2\"} 1");
        HttpResponse<String> still =
            post(base, "{\"user\": \"" + secondLists.get(0).get("user").asText() + "\"}");
        assertThat(still.statusCode()).isEqualTo(200);
        assertThat(still.headers().firstValue(RecommendationServer.MODEL_HEADER))
            .hasValue("served:2");
        assertThat(JSON.readTree(get(base + "/v1/model").body()).get("model").asText())
            .isEqualTo("served:2");
      } finally {
        server.stop();
      }
      CliRun done = server.run().get();
      assertThat(done.exitCode()).as(done.err()).isZero();
      assertThat(done.out())
          .contains("serving served:1 on http://127.0.0.1:")
          .contains("following served@production: checked every 200ms")
          .contains("stopped");
      assertThat(done.err())
          .contains("now serving served:2 (was served:1)")
          .contains("cannot serve served:3")
          .contains("has feature widths {text=8}")
          .contains("(not tried again)");
    }
  }

  @Test
  void aShadowScoresItsShareOffTheAnswersPathAndFollowsItsStage() throws Exception {
    try (AuditStorage storage = AuditStorage.start(dir, "shadow");
        CommandEnvironment env = CommandEnvironment.of(storage.settings())) {
      storage.registerCheckpoint("served", first);
      storage.registerCheckpoint("served", second);
      storage.lineage().transitionStage("served", 1, ModelStage.PRODUCTION);
      storage.lineage().transitionStage("served", 2, ModelStage.CANDIDATE);
      Path log = dir.resolve("requests.jsonl");
      ServeClient.Serving server =
          ServeClient.serve(
              "--model",
              "served:1",
              "--shadow",
              "served@candidate",
              "--shadow-fraction",
              "0.5",
              "--follow-stage",
              "200ms",
              "--request-log",
              log.toString(),
              "--synthetic",
              "0",
              "--port",
              "0");
      String base = server.base();
      try {
        JsonNode about = JSON.readTree(get(base + "/v1/model").body());
        assertThat(about.get("model").asText()).isEqualTo("served:1");
        assertThat(about.get("shadow").get("model").asText()).isEqualTo("served:2");
        for (JsonNode expected : firstLists.subList(0, 20)) {
          HttpResponse<String> r =
              post(base, "{\"user\": \"" + expected.get("user").asText() + "\"}");
          assertThat(r.headers().firstValue(RecommendationServer.MODEL_HEADER))
              .hasValue("served:1");
          assertSameList(expected, JSON.readTree(r.body()));
        }
        awaitMetric(base, "missrec_serve_shadow_requests_total{outcome=\"compared\"} 10");
        assertThat(get(base + "/metrics").body())
            .contains("missrec_serve_shadow_model_info{model=\"served:2\"} 1")
            .contains("missrec_serve_shadow_requests_total{outcome=\"skipped\"} 0")
            .contains("missrec_serve_shadow_overlap_count 10");

        // the candidate stage moves to version 1: the shadow follows, the served one stays
        storage.lineage().transitionStage("served", 2, ModelStage.ARCHIVED);
        storage.lineage().transitionStage("served", 1, ModelStage.CANDIDATE);
        awaitMetric(base, "missrec_serve_shadow_model_info{model=\"served:1\"} 1");
        for (JsonNode expected : firstLists.subList(20, 24)) {
          post(base, "{\"user\": \"" + expected.get("user").asText() + "\"}");
        }
        awaitMetric(base, "missrec_serve_shadow_requests_total{outcome=\"compared\"} 12");
      } finally {
        server.stop();
      }
      CliRun done = server.run().get();
      assertThat(done.exitCode()).as(done.err()).isZero();
      assertThat(done.out())
          .contains("shadow served:2 scores 50% of the requests")
          .contains("following served@candidate: checked every 200ms, a version moved into it")
          .contains("request log " + log + ": 24 lines written, 0 dropped");

      // half the lines carry the shadow's list, which is the candidate's own list
      List<JsonNode> lines = ServeClient.readLists(log);
      assertThat(lines).hasSize(24);
      assertThat(lines.stream().filter(l -> l.has("shadow"))).hasSize(12);
      Map<String, JsonNode> candidate = new java.util.HashMap<>();
      secondLists.forEach(l -> candidate.put(l.get("user").asText(), l));
      java.util.Set<String> afterTheMove = new java.util.HashSet<>();
      firstLists.subList(20, 24).forEach(l -> afterTheMove.add(l.get("user").asText()));
      for (JsonNode line : lines) {
        assertThat(line.get("model").asText()).isEqualTo("served:1");
        if (!line.has("shadow")) {
          continue;
        }
        JsonNode shadow = line.get("shadow");
        String user = line.get("user").asText();
        java.util.Set<String> served = new java.util.HashSet<>();
        line.get("items").forEach(item -> served.add(item.asText()));
        long common = 0;
        for (JsonNode item : shadow.get("items")) {
          common += served.contains(item.asText()) ? 1 : 0;
        }
        assertThat(shadow.get("overlap").asDouble())
            .isCloseTo(common / (double) line.get("k").asInt(), within(1e-9));
        if (afterTheMove.contains(user)) {
          assertThat(shadow.get("model").asText()).isEqualTo("served:1");
          assertThat(shadow.get("overlap").asDouble()).as("the same model").isEqualTo(1.0);
        } else {
          assertThat(shadow.get("model").asText()).isEqualTo("served:2");
          assertSameList(candidate.get(user), shadow);
        }
      }
    }
  }

  @Test
  void followingNeedsAStageAndAPositivePeriod() {
    Path cp = dir.resolve("none");
    CliRun fixed =
        CliRun.of("serve", "--model", "served:1", "--follow-stage", "1m", "--synthetic", "0");
    assertThat(fixed.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(fixed.err()).contains("--follow-stage needs --model (or --shadow) NAME@production");
    CliRun folder =
        CliRun.of(
            "serve", "--checkpoint", cp.toString(), "--follow-stage", "1m", "--synthetic", "0");
    assertThat(folder.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(folder.err()).contains("--follow-stage needs --model (or --shadow) NAME@production");
    CliRun zero =
        CliRun.of(
            "serve", "--model", "served@production", "--follow-stage", "0", "--synthetic", "0");
    assertThat(zero.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(zero.err()).contains("--follow-stage must be longer than 0");
    CliRun text =
        CliRun.of(
            "serve", "--model", "served@production", "--follow-stage", "soon", "--synthetic", "0");
    assertThat(text.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(text.err()).contains("--follow-stage=soon: not a duration");
  }

  private static JsonNode awaitModel(String base, Predicate<JsonNode> done) throws Exception {
    for (int i = 0; i < 600; i++) {
      JsonNode about = JSON.readTree(get(base + "/v1/model").body());
      if (done.test(about)) {
        return about;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the server did not switch models");
  }

  private static void awaitMetric(String base, String line) throws Exception {
    for (int i = 0; i < 600; i++) {
      if (get(base + "/metrics").body().contains(line)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no metric " + line);
  }
}
