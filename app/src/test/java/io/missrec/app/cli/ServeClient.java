package io.missrec.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the serve tests do over HTTP, and how they compare its lists with `recommend`'s. */
final class ServeClient {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private ServeClient() {}

  /** Waits until the {@code serve} run on {@code serving} answers. */
  static ServeCommand.Running awaitStarted(Thread serving) throws InterruptedException {
    for (int i = 0; i < 1200 && serving.isAlive(); i++) {
      ServeCommand.Running running = ServeCommand.started.get();
      if (running != null) {
        return running;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the server did not start");
  }

  /** The lines of a `recommend` output file, as JSON. */
  static List<JsonNode> readLists(Path file) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  /** The same items up to swaps of near-equal scores (another batch pads differently). */
  static void assertSameList(JsonNode expected, JsonNode actual) {
    if (actual.has("user")) {
      assertThat(actual.get("user").asText()).isEqualTo(expected.get("user").asText());
    }
    JsonNode items = actual.get("items");
    assertThat(items).hasSameSizeAs(expected.get("items"));
    for (int j = 0; j < items.size(); j++) {
      double score = actual.get("scores").get(j).asDouble();
      assertThat(score).isCloseTo(expected.get("scores").get(j).asDouble(), within(1e-4));
      if (!items.get(j).asText().equals(expected.get("items").get(j).asText())) {
        int at = indexOf(expected.get("items"), items.get(j).asText());
        assertThat(at).as("listed item %s", items.get(j)).isNotNegative();
        assertThat(expected.get("scores").get(at).asDouble()).isCloseTo(score, within(1e-4));
      }
    }
  }

  private static int indexOf(JsonNode array, String value) {
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i).asText().equals(value)) {
        return i;
      }
    }
    return -1;
  }

  static void assertError(HttpResponse<String> response, int status, String message)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(JSON.readTree(response.body()).get("error").asText()).contains(message);
  }

  static HttpRequest request(String base, String body) {
    return HttpRequest.newBuilder(URI.create(base + "/v1/recommendations"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  static HttpResponse<String> post(String base, String body) throws Exception {
    return HTTP.send(request(base, body), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
