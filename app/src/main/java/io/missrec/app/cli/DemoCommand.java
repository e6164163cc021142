package io.missrec.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.missrec.app.client.RecommendClient;
import io.missrec.app.config.Settings;
import io.missrec.app.demo.DemoData;
import io.missrec.app.demo.DemoRequests;
import io.missrec.app.demo.MetricsTable;
import io.missrec.app.lineage.LineageGraphReader;
import io.missrec.app.lineage.LineageTree;
import io.missrec.app.lineage.ModelVersionRef;
import io.missrec.app.pipeline.PipelineRunner;
import io.missrec.app.recommend.Coverage;
import io.missrec.app.stack.EmbeddedStack;
import io.missrec.app.stack.ServiceConnections;
import io.missrec.app.status.RunFollower;
import io.missrec.app.worker.WorkerHost;
import io.missrec.workflows.TaskQueues;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.payload.RecommendRequest;
import io.missrec.workflows.payload.RecommendResult;
import io.missrec.workflows.payload.RecommendationSet;
import io.missrec.workflows.payload.TransferRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code missrec demo}: the whole platform on one machine. Starts the embedded services (or uses
 * the configured ones) and a worker, pre-trains on two synthetic domains, transfers cold-start to a
 * third, then prints the final model's lineage and the metrics.
 */
@Command(
    name = "demo",
    header = "Run the whole platform end to end on generated data.",
    mixinStandardHelpOptions = true,
    description = {
      "Run the platform end to end on generated data: pre-train MISSRec on synth-a +",
      "synth-b, transfer it cold-start (inductive) to synth-c, then print the final",
      "model's lineage and the metrics. Needs nothing installed: Temporal, S3 and",
      "PostgreSQL start embedded unless TEMPORAL_ADDRESS, MISSREC_S3_* or",
      "MISSREC_JDBC_URL point at real ones."
    })
public final class DemoCommand implements Callable<Integer> {
  /** List length of the demo's recommendations. */
  private static final int DEMO_TOP = 10;

  @Option(names = "--epochs", defaultValue = "3", description = "pre-training epochs (default 3)")
  int pretrainEpochs;

  @Option(
      names = "--transfer-epochs",
      defaultValue = "3",
      description = "fine-tuning epochs on synth-c (default 3)")
  int transferEpochs;

  @Option(names = "--batch-size", defaultValue = "256")
  int batchSize;

  @Option(names = "--seed", defaultValue = "2023")
  long seed;

  @Option(
      names = "--set",
      description = "extra trainer hyper-parameter, repeatable (e.g. --set hiddenSize=32)")
  Map<String, String> overrides = Map.of();

  @Override
  public Integer call() throws InterruptedException {
    PrintStream out = System.out;
    long started = System.nanoTime();
    out.println("MISSRec platform demo");
    out.println("  1. start the services and a worker serving the cpu and gpu queues");
    out.println("  2. pre-train on synth-a + synth-b  (ingest, features, augmentation, interests,");
    out.println("     pre-training, evaluation, registration, clean-up: a durable Temporal");
    out.println("     workflow)");
    out.println("  3. transfer cold-start to synth-c  (inductive fine-tuning, evaluation,");
    out.println("     registration, clean-up)");
    out.println("  4. print the final model's lineage and the metrics");
    out.println(
        "  5. recommend to synth-c's users with it  (recommendation workflow: lists in S3,");
    out.println("     traced back to the model and the data)");
    out.println();

    Settings configured = Settings.fromEnv();
    section(out, "1. services");
    out.println("starting embedded services where none is configured (first run: ~10 s) ...");
    try (EmbeddedStack stack = EmbeddedStack.start(configured)) {
      Settings settings = stack.settings();
      out.println(indent(settings.describe()));
      try (ServiceConnections services = ServiceConnections.open(settings);
          WorkerHost worker =
              WorkerHost.start(services, settings, Set.of(TaskQueues.CPU, TaskQueues.GPU))) {
        out.println("worker    serving " + worker.queues() + " in this process");
        List<DatasetRef> domains = DemoData.under(settings.dataDir()).ensureWritten();
        out.println(
            "datasets  "
                + domains.stream().map(DatasetRef::name).toList()
                + " in "
                + settings.dataDir().resolve("datasets"));
        DemoRequests requests =
            new DemoRequests(pretrainEpochs, transferEpochs, batchSize, seed, overrides);
        PipelineRunner runner =
            new PipelineRunner(services.workflowClient(), Duration.ofSeconds(1));

        section(out, "2. pre-training on synth-a + synth-b");
        PipelineRequest pretrain = requests.pretrain(domains.subList(0, 2));
        String pretrainId = runner.startPretrain(pretrain);
        PipelineResult pre = follow(out, runner, pretrainId, settings);

        section(out, "3. cold-start transfer to synth-c");
        TransferRequest transfer = requests.transfer(domains.get(2), pre.checkpoint());
        String transferId = runner.startTransfer(transfer);
        PipelineResult post = follow(out, runner, transferId, settings);

        section(out, "4. lineage of the final model");
        var lineage = new LineageGraphReader(services.lineage());
        new LineageTree(LineageTree.Detail.COMPACT)
            .render(
                lineage.read(
                    ModelVersionRef.of(post.modelVersion().name(), post.modelVersion().version())))
            .forEach(out::println);

        section(out, "metrics (test split, full ranking over all items)");
        new MetricsTable()
            .add(DemoRequests.PRETRAINED_MODEL, pre.reports())
            .add(DemoRequests.TRANSFER_MODEL, post.reports())
            .render()
            .forEach(out::println);

        section(out, "5. recommendations for synth-c's users");
        RecommendRequest recommend =
            new RecommendRequest(
                post.modelVersion().name() + ":" + post.modelVersion().version(),
                post.checkpoint(),
                domains.get(2),
                DemoData.features(),
                DEMO_TOP,
                true,
                0);
        // one request id: a rerun of the demo finds this run, as it finds the pipelines
        RecommendClient recommender =
            new RecommendClient(
                services.workflowClient(), services.lineage(), Duration.ofSeconds(1));
        String recommendId = recommender.start(recommend, "demo").workflowId();
        RecommendResult lists =
            new RunFollower(out, settings.temporalAddress())
                .follow(recommendId, "", p -> recommender.await(recommendId, p));
        printLists(out, services, lists.recommendations());

        out.println();
        out.printf(
            Locale.ROOT,
            "done in %.0f s. Lineage and artifacts are kept in %s (PostgreSQL tables, S3 objects);%n"
                + "run `./missrec demo` again: finished stages are found by their business keys.%n",
            (System.nanoTime() - started) / 1e9,
            settings.dataDir());
      }
    }
    return 0;
  }

  private static PipelineResult follow(
      PrintStream out, PipelineRunner runner, String workflowId, Settings settings)
      throws InterruptedException {
    RunFollower follower = new RunFollower(out, settings.temporalAddress());
    PipelineResult result = follower.follow(workflowId, "", p -> runner.await(workflowId, p));
    follower.printVersion(result);
    return result;
  }

  /** The lists' URI and coverage, the first users' lists, and how to trace them. */
  private static void printLists(
      PrintStream out, ServiceConnections services, RecommendationSet lists) {
    out.printf(
        Locale.ROOT,
        "lists     %s%n          %d users, top %d unseen items each; %s%n",
        lists.lists().uri(),
        lists.users(),
        DEMO_TOP,
        Coverage.describe(lists));
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                services.artifacts().open(lists.lists().uri()), StandardCharsets.UTF_8))) {
      ObjectMapper json = new ObjectMapper();
      for (int i = 0; i < 3; i++) {
        String line = in.readLine();
        if (line == null) {
          break;
        }
        JsonNode list = json.readTree(line);
        StringBuilder items = new StringBuilder();
        for (int j = 0; j < Math.min(5, list.get("items").size()); j++) {
          items.append("  ").append(list.get("items").get(j).asText());
        }
        out.println("          " + list.get("user").asText() + ":" + items + "  ...");
      }
    } catch (IOException e) {
      out.println("          (cannot read the lists: " + e.getMessage() + ")");
    }
    out.println("          trace them: ./missrec lineage trace " + lists.lists().uri());
  }

  private static void section(PrintStream out, String title) {
    out.println();
    out.println("== " + title + " " + "=".repeat(Math.max(3, 72 - title.length())));
  }

  private static String indent(String text) {
    return text.lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElse("");
  }
}
