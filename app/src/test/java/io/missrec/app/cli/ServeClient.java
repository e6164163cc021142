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
import java.util.concurrent.atomic.AtomicReference;

/** What the serve tests do over HTTP, and how they compare its lists with `recommend`'s. */
final class ServeClient {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private ServeClient() {}

  /** A {@code serve} command running on its own thread, answering at {@link #base()}. */
  record Serving(Thread thread, AtomicReference<CliRun> run, ServeCommand.Running running) {
    String base() {
      return "http://127.0.0.1:" + running.server().port();
    }

    /** Stops it as SIGTERM does and returns what it printed. */
    CliRun stop() throws InterruptedException {
      running.stop().countDown();
      thread.join(60_000);
      return run.get();
    }
  }

  /** Runs {@code serve args...} on a new thread and waits until it answers. */
  static Serving serve(String... args) throws InterruptedException {
    ServeCommand.started.set(null);
    AtomicReference<CliRun> run = new AtomicReference<>();
    String[] command = new String[args.length + 1];
    command[0] = "serve";
    System.arraycopy(args, 0, command, 1, args.length);
    Thread serving = new Thread(() -> run.set(CliRun.of(command)));
    serving.start();
    return new Serving(serving, run, awaitStarted(serving));
  }

  /** Waits until the {@code serve} run on {@code serving} answers. */
  private static ServeCommand.Running awaitStarted(Thread serving) throws InterruptedException {
    for (int i = 0; i < 1200 && serving.isAlive(); i++) {
      ServeCommand.Running running = ServeCommand.started.get();
      if (running != null) {
        return running;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the server did not start");
  }

  /** {@code recommend --checkpoint DIR --synthetic 0 -o out}: the lists it wrote, as JSON. */
  static List<JsonNode> recommendLists(Path checkpoint, Path out) throws Exception {
    CliRun run =
        CliRun.of(
            "recommend",
            "--checkpoint",
            checkpoint.toString(),
            "--synthetic",
            "0",
            "-o",
            out.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    return readLists(out);
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
