package io.missrec.app.cli;

import static io.missrec.app.cli.ServeClient.JSON;
import static io.missrec.app.cli.ServeClient.assertError;
import static io.missrec.app.cli.ServeClient.get;
import static io.missrec.app.cli.ServeClient.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.missrec.app.serve.RecommendationServer;
import io.missrec.model.data.Domain;
import io.missrec.model.data.DomainReadOptions;
import io.missrec.model.data.RecBoleDomainWriter;
import io.missrec.model.data.SyntheticConfig;
import io.missrec.model.data.SyntheticDomains;
import io.missrec.model.nn.MissRecConfig;
import io.missrec.model.train.Checkpoints;
import io.missrec.model.train.MissRecModel;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --follow-dataset}: an item appended to the dataset folder (its id, text and feature
 * rows) is recommended and accepted in histories without a restart or a retraining, since an
 * inductive model scores any item from its features; a half-written change is refused until the
 * files change again; a transductive model, whose item IDs were fixed at training, keeps the
 * catalogue it was loaded on.
 */
class ServeFollowDatasetTest {
  private static final String NEW_ITEM = "synth-a-new-arrival";

  @TempDir static Path trained;
  @TempDir Path dir;

  private static final Domain DOMAIN = SyntheticDomains.generate(SyntheticConfig.defaults()).get(0);

  private static Path inductive;
  private static Path transductive;

  @BeforeAll
  static void train() throws Exception {
    inductive = SyntheticCheckpoint.trainOneEpoch(trained.resolve("inductive"), 2023);
    // an untrained transductive model is enough to be refused: its item-ID table has 300 rows
    Map<String, Integer> dims = new LinkedHashMap<>();
    DOMAIN.features().forEach((modality, table) -> dims.put(modality, table.dim()));
    MissRecConfig config =
        new MissRecConfig(16, 2, 32, 1, 1, 0.1f, 10, 10, dims, DOMAIN.numItems(), 1e-12f);
    transductive = trained.resolve("transductive");
    try (MissRecModel model = MissRecModel.create(config, 5)) {
      Checkpoints.save(model, 1, "transductive", transductive);
    }
  }

  @Test
  void anItemAddedToTheDatasetIsServedWithoutARestart() throws Exception {
    Path data = writeDataset();
    ServeClient.Serving server = serveFollowing(inductive, data);
    String base = server.base();
    try {
      String user = DOMAIN.userIds().get(3);
      JsonNode before = JSON.readTree(post(base, "{\"user\": \"" + user + "\"}").body());
      String top = before.get("items").get(0).asText();
      double topScore = before.get("scores").get(0).asDouble();
      assertError(post(base, "{\"items\": [\"" + NEW_ITEM + "\"]}"), 400, "is not an item of");

      // the id arrives before its feature rows: that reading fails, and nothing changes
      int clone = DOMAIN.itemIds().indexOf(top);
      change(
          data,
          d -> appendLine(d.resolve("synth-a.item2index"), NEW_ITEM + "\t" + DOMAIN.numItems()));
      awaitMetric(base, "missrec_serve_catalogue_loads_total{outcome=\"failed\"} 1");
      assertThat(get(base + "/metrics").body())
          .contains("missrec_serve_catalogue_items " + DOMAIN.numItems());
      assertThat(post(base, "{\"user\": \"" + user + "\"}").statusCode()).isEqualTo(200);

      // then its text and features: a copy of the user's top item's, so it must score the same
      change(
          data,
          d -> {
            appendLine(d.resolve("synth-a.text"), NEW_ITEM + "\tnew arrival");
            for (String suffix : DomainReadOptions.STANDARD_FEATURES.values()) {
              appendRow(d.resolve("synth-a." + suffix), DOMAIN.numItems(), clone);
            }
          });
      awaitMetric(base, "missrec_serve_catalogue_items " + (DOMAIN.numItems() + 1));

      HttpResponse<String> after = post(base, "{\"user\": \"" + user + "\"}");
      assertThat(after.headers().firstValue(RecommendationServer.MODEL_HEADER))
          .as("the same model, reopened on the new catalogue")
          .hasValue(inductive.toString());
      JsonNode list = JSON.readTree(after.body());
      int at = indexOf(list.get("items"), NEW_ITEM);
      int original = indexOf(list.get("items"), top);
      assertThat(at).as("the new item is recommended: %s", list).isBetween(0, 1);
      assertThat(original).isBetween(0, 1);
      // the same features, the same score; the interests, discovered again over the catalogue's
      // items, may move every score a little
      assertThat(list.get("scores").get(at).asDouble())
          .isCloseTo(list.get("scores").get(original).asDouble(), within(1e-5))
          .isCloseTo(topScore, within(0.01));

      HttpResponse<String> session = post(base, "{\"items\": [\"" + NEW_ITEM + "\"]}");
      assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
      JsonNode about = JSON.readTree(get(base + "/v1/model").body());
      assertThat(about.get("items").asInt()).isEqualTo(DOMAIN.numItems() + 1);
      assertThat(get(base + "/metrics").body())
          .contains("missrec_serve_catalogue_loads_total{outcome=\"ok\"} 1")
          .contains("missrec_serve_catalogue_loads_total{outcome=\"failed\"} 1");
    } finally {
      CliRun run = server.stop();
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out())
          .contains("following " + data + ": checked every 200ms")
          .contains("stopped");
    }
  }

  @Test
  void aTransductiveModelKeepsTheCatalogueItsItemIdsWereTrainedOn() throws Exception {
    Path data = writeDataset();
    ServeClient.Serving server = serveFollowing(transductive, data);
    String base = server.base();
    try {
      change(
          data,
          d -> {
            appendLine(d.resolve("synth-a.item2index"), NEW_ITEM + "\t" + DOMAIN.numItems());
            appendLine(d.resolve("synth-a.text"), NEW_ITEM + "\tnew arrival");
            for (String suffix : DomainReadOptions.STANDARD_FEATURES.values()) {
              appendRow(d.resolve("synth-a." + suffix), DOMAIN.numItems(), 0);
            }
          });
      awaitMetric(base, "missrec_serve_catalogue_loads_total{outcome=\"failed\"} 1");
      assertThat(get(base + "/metrics").body())
          .contains("missrec_serve_catalogue_items " + DOMAIN.numItems());
      assertError(post(base, "{\"items\": [\"" + NEW_ITEM + "\"]}"), 400, "is not an item of");
      String user = DOMAIN.userIds().get(3);
      assertThat(post(base, "{\"user\": \"" + user + "\"}").statusCode()).isEqualTo(200);
      Thread.sleep(600); // several more checks: the refused reading is not tried again
      assertThat(get(base + "/metrics").body())
          .contains("missrec_serve_catalogue_loads_total{outcome=\"failed\"} 1");
    } finally {
      assertThat(server.stop().exitCode()).isZero();
    }
  }

  @Test
  void aSyntheticDomainCannotBeFollowed() {
    CliRun run =
        CliRun.of(
            "serve",
            "--checkpoint",
            inductive.toString(),
            "--synthetic",
            "0",
            "--follow-dataset",
            "1s");
    assertThat(run.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
    assertThat(run.err()).contains("--follow-dataset needs --dataset DIR");
  }

  /** {@code serve} of {@code checkpoint} on {@code data}, checking it every 200 ms. */
  private static ServeClient.Serving serveFollowing(Path checkpoint, Path data) throws Exception {
    return ServeClient.serve(
        "--checkpoint",
        checkpoint.toString(),
        "--dataset",
        data.toString(),
        "--follow-dataset",
        "200ms",
        "--port",
        "0");
  }

  private Path writeDataset() {
    Path data = dir.resolve("synth-a");
    RecBoleDomainWriter.write(DOMAIN, data, DomainReadOptions.STANDARD_FEATURES);
    return data;
  }

  /** What a test does to a copy of the dataset folder before it takes the folder's place. */
  @FunctionalInterface
  private interface Edit {
    void apply(Path folder) throws Exception;
  }

  /**
   * Edits a copy of {@code data}, then puts the copy in its place with two renames, so that a check
   * sees the files either all before or all after the edit (between the renames there is no folder,
   * which a check skips), never some of them appended and others not.
   */
  private void change(Path data, Edit edit) throws Exception {
    Path staged = Files.createTempDirectory(dir, "staged");
    try (Stream<Path> files = Files.list(data)) {
      for (Path file : files.toList()) {
        Files.copy(file, staged.resolve(file.getFileName()));
      }
    }
    edit.apply(staged);
    Files.move(data, Files.createTempDirectory(dir, "replaced").resolve("old"));
    Files.move(staged, data);
  }

  private static void appendLine(Path file, String line) throws Exception {
    Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  /** Appends a copy of row {@code row} of a raw float32 table of {@code items} rows. */
  private static void appendRow(Path file, int items, int row) throws Exception {
    byte[] table = Files.readAllBytes(file);
    int width = table.length / items;
    Files.write(
        file, Arrays.copyOfRange(table, row * width, (row + 1) * width), StandardOpenOption.APPEND);
  }

  private static int indexOf(JsonNode array, String value) {
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i).asText().equals(value)) {
        return i;
      }
    }
    return -1;
  }

  private static void awaitMetric(String base, String line) throws Exception {
    for (int i = 0; i < 300; i++) {
      if (get(base + "/metrics").body().contains(line)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no metric line " + line + " in:\n" + get(base + "/metrics").body());
  }
}
