package io.missrec.app.cli;

import io.missrec.activities.artifact.S3ArtifactStore;
import io.missrec.activities.lineage.ModelVersion;
import io.missrec.app.client.RecommendClient;
import io.missrec.app.config.Settings;
import io.missrec.app.demo.DemoData;
import io.missrec.app.recommend.Coverage;
import io.missrec.app.registry.ModelRef;
import io.missrec.app.registry.ModelRegistry;
import io.missrec.app.registry.ModelSelector;
import io.missrec.app.stack.WorkflowSession;
import io.missrec.app.status.RunFollower;
import io.missrec.workflows.WorkflowIds;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.FeatureSpec;
import io.missrec.workflows.payload.RecommendRequest;
import io.missrec.workflows.payload.RecommendResult;
import io.missrec.workflows.payload.RecommendationSet;
import io.temporal.client.WorkflowFailedException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code recommend --workflow}: the lists computed by the recommendation workflow on the cluster's
 * workers (or a worker in this process when TEMPORAL_ADDRESS is unset), stored in S3 with lineage
 * from the model version and the dataset snapshot.
 */
final class RecommendThroughWorkflow {
  private final RecommendCommand options;
  private final PrintStream out = System.out;

  RecommendThroughWorkflow(RecommendCommand options) {
    this.options = options;
  }

  int run(Settings configured) throws InterruptedException {
    refuseLocalOnlyOptions();
    ModelSelector model = ModelSelector.parse(options.source.model);
    DatasetRef target = target();
    FeatureSpec features =
        options.encoders.isEmpty() ? DemoData.features() : new FeatureSpec(options.encoders);
    // checked before any service starts
    String requestId =
        WorkflowIds.checkRequestId(
            options.requestId != null ? options.requestId : UUID.randomUUID().toString());
    try (WorkflowSession session =
        WorkflowSession.forCommand(
            configured,
            "missrec-recommend",
            options.follow.detach,
            "where " + model + " is registered",
            out)) {
      return startAndFollow(session, model, target, features, requestId);
    }
  }

  private int startAndFollow(
      WorkflowSession session,
      ModelSelector selector,
      DatasetRef target,
      FeatureSpec features,
      String requestId)
      throws InterruptedException {
    RecommendClient client =
        new RecommendClient(session.client(), session.lineage(), options.follow.pollInterval());
    // a stage is resolved now: the run, and its workflow id, name the version it serves
    ModelVersion version = new ModelRegistry(session.lineage()).select(selector);
    ModelRef model = new ModelRef(version.name(), version.version());
    RecommendRequest request =
        client.request(model, target, features, options.k, !options.includeSeen, 0);
    RecommendClient.Started started = client.start(request, requestId);
    if (options.follow.detach) {
      out.println(started.workflowId());
      return 0;
    }
    out.println(
        "recommend  "
            + model
            + (selector.stage() != null ? " (" + selector + ")" : "")
            + " -> "
            + target.name()
            + " (top "
            + options.k
            + (options.includeSeen ? ", seen items kept" : "")
            + ")");
    RunFollower follower = new RunFollower(out, session.settings().temporalAddress());
    RecommendResult result;
    try {
      result =
          follower.follow(
              started.workflowId(),
              started.attached() ? "(request id already started: attached to that run)" : "",
              p -> client.await(started.workflowId(), p));
    } catch (WorkflowFailedException e) {
      System.err.println(
          "recommend " + started.workflowId() + " failed: " + RunFollower.rootMessage(e));
      return CliErrors.exitCodeOf(e);
    }
    RecommendationSet lists = result.recommendations();
    out.println();
    out.printf(
        Locale.ROOT,
        "lists     %s%n          %d users, %d items each; %s%n",
        lists.lists().uri(),
        lists.users(),
        options.k,
        Coverage.describe(lists));
    out.println("          snapshot " + result.snapshot().uri());
    if (options.out != null) {
      // verified against the digest and moved into place whole, as `artifact get` does
      S3ArtifactStore.connect(session.settings().s3()).download(lists.lists().uri(), options.out);
      out.println(options.out);
    }
    return 0;
  }

  private void refuseLocalOnlyOptions() {
    if (options.source.model == null) {
      throw new IllegalArgumentException(
          "--workflow serves a registered version: give --model NAME:VERSION");
    }
    DomainOptions d = options.data;
    if (d.encodeText || d.encodeImages != null || d.features != null || d.imageList != null) {
      throw new IllegalArgumentException(
          "with --workflow, name the item features with --encoder modality=encoder (as"
              + " transfer does), not --encode-text, --encode-images, --features or --images");
    }
    if (options.users != null) {
      throw new IllegalArgumentException("--users is not supported with --workflow");
    }
  }

  /** The dataset as the workflow names it: an absolute folder URI, or a synthetic domain. */
  private DatasetRef target() {
    DomainOptions d = options.data;
    if (d.synthetic != null) {
      String name = d.syntheticName();
      return new DatasetRef("synthetic://" + name, null, name, "synthetic");
    }
    if (d.dataset == null) {
      throw new IllegalArgumentException("give --dataset DIR or --synthetic N");
    }
    Path dir = d.dataset.toAbsolutePath().normalize();
    return new DatasetRef(dir.toUri().toString(), null, dir.getFileName().toString(), layout(d));
  }

  private static String layout(DomainOptions d) {
    if (d.format == null) {
      return "auto";
    }
    return switch (d.format) {
      case RECBOLE -> "recbole";
      case OFFICE_RECHORUS -> "rechorus";
      case MOVIELENS -> "recbole-atomic";
    };
  }
}
