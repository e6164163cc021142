package io.missrec.app.cli;

import static io.missrec.app.cli.ServeClient.HTTP;
import static io.missrec.app.cli.ServeClient.JSON;
import static io.missrec.app.cli.ServeClient.assertError;
import static io.missrec.app.cli.ServeClient.assertSameList;
import static io.missrec.app.cli.ServeClient.get;
import static io.missrec.app.cli.ServeClient.post;
import static io.missrec.app.cli.ServeClient.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.missrec.model.data.Domain;
import io.missrec.model.data.SyntheticConfig;
import io.missrec.model.data.SyntheticDomains;
import io.missrec.model.serve.UserHistory;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code missrec serve} over real HTTP: a user's list is the one {@code recommend} writes for them,
 * a history of items gets the list of the user it belongs to, bad requests are named with their
 * status, concurrent requests each get their own answer, and a stop answers what was accepted.
 */
class ServeCommandTest {
  @TempDir static Path shared;

  private static Path checkpoint;
  private static Domain domain;
  private static List<JsonNode> written;

  @BeforeAll
  static void trainAndRecommend() throws Exception {
    checkpoint = SyntheticCheckpoint.trainOneEpoch(shared);
    domain = SyntheticDomains.generate(SyntheticConfig.defaults()).get(0);
    written = ServeClient.recommendLists(checkpoint, shared.resolve("lists.jsonl"));
  }

  @Test
  void answersUsersAndHistoriesAsRecommendListsThem() throws Exception {
    ServeClient.Serving server =
        ServeClient.serve(
            "--checkpoint",
            checkpoint.toString(),
            "--synthetic",
            "0",
            "--port",
            "0",
            "--max-k",
            "50",
            "--request-log",
            shared.resolve("logs/requests.jsonl").toString());
    String base = server.base();
    JsonNode taggedItems;
    try {
      // a user: the list recommend wrote for them
      for (JsonNode expected : written.subList(0, 20)) {
        HttpResponse<String> r =
            post(base, "{\"user\": \"" + expected.get("user").asText() + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertSameList(expected, JSON.readTree(r.body()));
      }
      // the same user's history sent as items: the same list, without a user field
      UserHistory first = UserHistory.latest(domain).get(0);
      StringBuilder items = new StringBuilder("{\"items\": [");
      for (int j = 0; j < first.items().length; j++) {
        items
            .append(j == 0 ? "" : ", ")
            .append('"')
            .append(domain.itemIds().get(first.items()[j]))
            .append('"');
      }
      HttpResponse<String> session = post(base, items.append("]}").toString());
      assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
      JsonNode sessionList = JSON.readTree(session.body());
      assertThat(sessionList.has("user")).isFalse();
      assertSameList(written.get(0), sessionList);
      String user = written.get(0).get("user").asText();
      JsonNode three =
          JSON.readTree(
              post(base, "{\"user\": \"" + user + "\", \"k\": 3, \"includeSeen\": true}").body());
      assertThat(three.get("items")).hasSize(3);

      // many at once: each answer is the one its request gets alone
      List<CompletableFuture<HttpResponse<String>>> parallel = new ArrayList<>();
      for (JsonNode expected : written.subList(0, 60)) {
        parallel.add(
            HTTP.sendAsync(
                request(base, "{\"user\": \"" + expected.get("user").asText() + "\"}"),
                HttpResponse.BodyHandlers.ofString()));
      }
      for (int u = 0; u < parallel.size(); u++) {
        HttpResponse<String> r = parallel.get(u).get();
        assertThat(r.statusCode()).isEqualTo(200);
        assertSameList(written.get(u), JSON.readTree(r.body()));
      }

      // refusals name the field
      assertError(
          post(base, "{\"items\": [\"" + domain.itemIds().get(0) + "\", \"nope\"]}"),
          400,
          "items[1]: 'nope' is not an item of synth-a");
      assertError(post(base, "{\"user\": \"nobody\"}"), 400, "user: 'nobody' has no history");
      assertError(post(base, "{\"user\": \"" + user + "\", \"k\": 0}"), 400, "k: between 1 and 50");
      assertError(
          post(base, "{\"user\": \"" + user + "\", \"k\": 51}"), 400, "k: between 1 and 50");
      assertError(
          post(base, "{\"user\": \"" + user + "\", \"top\": 5}"), 400, "unknown field 'top'");
      assertError(post(base, "{\"items\": []}"), 400, "items: 1 to 1000 item ids, got 0");
      assertError(post(base, "{\"user\": \"a\", \"items\": [\"b\"]}"), 400, "not both or neither");
      assertError(post(base, "{\"user\": "), 400, "body is not JSON");
      assertError(post(base, "x".repeat((1 << 20) + 1)), 413, "body over");
      assertError(get(base + "/v1/recommendations"), 405, "use POST");
      assertError(get(base + "/v2/anything"), 404, "no such endpoint");
      assertError(get(base + "/healthzz"), 404, "no such endpoint");

      // a caller's request id is echoed (and logged); without one, the server makes one
      HttpResponse<String> tagged =
          HTTP.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(base + "/v1/recommendations"))
                  .header("X-Request-Id", "trace-42")
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          "{\"user\": \"" + user + "\", \"k\": 4}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(tagged.headers().firstValue("X-Request-Id")).hasValue("trace-42");
      taggedItems = JSON.readTree(tagged.body()).get("items");
      assertThat(tagged.headers().firstValue("X-Missrec-Model"))
          .hasValue(checkpoint.toAbsolutePath().toString());
      assertThat(post(base, "{\"user\": \"" + user + "\"}").headers().firstValue("X-Request-Id"))
          .hasValueSatisfying(id -> assertThat(id).hasSize(36));

      assertThat(get(base + "/healthz").body()).isEqualTo("ok\n");
      JsonNode about = JSON.readTree(get(base + "/v1/model").body());
      assertThat(about.get("dataset").asText()).isEqualTo("synth-a");
      assertThat(about.get("items").asInt()).isEqualTo(domain.numItems());
      assertThat(about.get("checkpoint").asText())
          .isEqualTo(checkpoint.toAbsolutePath().toString());
      String metrics = get(base + "/metrics").body();
      assertThat(metrics)
          .contains("missrec_serve_model_info{model=\"" + checkpoint.toAbsolutePath() + "\"} 1")
          .contains("missrec_serve_requests_total{endpoint=\"recommendations\",code=\"200\"} 84")
          .contains("missrec_serve_requests_total{endpoint=\"recommendations\",code=\"400\"} 8")
          .contains("missrec_serve_requests_total{endpoint=\"recommendations\",code=\"413\"} 1")
          .contains("missrec_serve_request_seconds_count 94")
          .containsPattern("missrec_serve_batched_requests_total 84\\b");
      // idle, a stop does not sit out the grace period (JDK 17's HttpServer.stop would)
      long stopping = System.nanoTime();
      server.stop();
      assertThat((System.nanoTime() - stopping) / 1e9).isLessThan(4.0);
    } finally {
      server.stop();
    }
    CliRun run = server.run().get();
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("serving " + checkpoint.toAbsolutePath())
        .contains(
            "request log "
                + shared.resolve("logs/requests.jsonl")
                + ": 84 lines written, 0 dropped")
        .contains("stopped");

    // one line per list served: which model, what was asked, what was answered
    List<JsonNode> logged = ServeClient.readLists(shared.resolve("logs/requests.jsonl"));
    assertThat(logged).hasSize(84);
    for (JsonNode line : logged) {
      assertThat(line.get("model").asText()).isEqualTo(checkpoint.toAbsolutePath().toString());
      assertThat(java.time.Instant.parse(line.get("time").asText())).isNotNull();
      assertThat(line.get("items").size()).isEqualTo(line.get("k").asInt());
      assertThat(line.has("user") != line.has("history")).isTrue();
    }
    JsonNode traced =
        logged.stream()
            .filter(l -> l.get("requestId").asText().equals("trace-42"))
            .findFirst()
            .orElseThrow();
    assertThat(traced.get("k").asInt()).isEqualTo(4);
    assertThat(traced.get("items")).isEqualTo(taggedItems);
    JsonNode byItems = logged.stream().filter(l -> l.has("history")).findFirst().orElseThrow();
    assertThat(byItems.get("history")).hasSize(UserHistory.latest(domain).get(0).items().length);
  }

  @Test
  void badOptionsAreRefusedBeforeListening() throws Exception {
    String cp = checkpoint.toString();
    java.nio.file.Files.writeString(shared.resolve("a-file"), "x");
    CliRun log =
        CliRun.of(
            "serve",
            "--checkpoint",
            cp,
            "--synthetic",
            "0",
            "--request-log",
            shared.resolve("a-file/requests.jsonl").toString());
    assertThat(log.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(log.err()).contains("--request-log " + shared.resolve("a-file/requests.jsonl"));
    CliRun port = CliRun.of("serve", "--checkpoint", cp, "--synthetic", "0", "--port", "70000");
    assertThat(port.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(port.err()).contains("--port must be in 0..65535");
    CliRun k =
        CliRun.of("serve", "--checkpoint", cp, "--synthetic", "0", "-k", "20", "--max-k", "5");
    assertThat(k.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(k.err()).contains("--max-k at least --top");
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      CliRun busy =
          CliRun.of(
              "serve",
              "--checkpoint",
              cp,
              "--synthetic",
              "0",
              "--port",
              Integer.toString(taken.getLocalPort()));
      assertThat(busy.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
      assertThat(busy.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
    CliRun folder =
        CliRun.of("serve", "--checkpoint", shared.toString(), "--synthetic", "0", "--port", "0");
    assertThat(folder.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(folder.err()).contains("is not a readable checkpoint folder");
  }
}
