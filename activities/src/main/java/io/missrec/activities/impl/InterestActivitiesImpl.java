package io.missrec.activities.impl;

import io.missrec.activities.artifact.ArtifactKind;
import io.missrec.activities.artifact.ArtifactRef;
import io.missrec.activities.lineage.RunOutputs;
import io.missrec.activities.lineage.RunStart;
import io.missrec.model.data.Domain;
import io.missrec.model.data.DomainUnion;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.data.Splits;
import io.missrec.model.interest.DpcKnnResult;
import io.missrec.model.nn.MissRecConfig;
import io.missrec.model.train.DomainTraining;
import io.missrec.model.train.ItemInputs;
import io.missrec.model.train.MissRecModel;
import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.activities.InterestActivities;
import io.missrec.workflows.payload.FeatureSet;
import io.missrec.workflows.payload.InterestAssignments;
import io.missrec.workflows.payload.InterestRequest;
import io.temporal.activity.Activity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * DPC-KNN over the item tokens of all datasets together, as the initial model sees them: the
 * adapter outputs of a freshly initialised published-architecture model (seed {@value #SEED}). The
 * artifact is JSON: datasets, items per dataset, modalities, centres and the token-to-interest
 * assignment in {@code TokenLayout} order. It records the starting clusters for provenance; the
 * trainer re-clusters the tokens before every epoch (as the released code does), so training does
 * not read it.
 */
public final class InterestActivitiesImpl implements InterestActivities {
  static final long SEED = 0;

  private final LocalArtifacts artifacts;
  private final DomainLoader loader;
  private final Runs runs;

  public InterestActivitiesImpl(ActivityContext ctx) {
    this.artifacts = new LocalArtifacts(ctx);
    this.loader = new DomainLoader(artifacts);
    this.runs = new Runs(ctx);
  }

  /** What the assignment artifact holds. */
  public record Assignments(
      List<String> datasets,
      List<Integer> itemsPerDataset,
      List<String> modalities,
      int numTokens,
      int numInterests,
      int[] centres,
      int[] assignment) {}

  @Override
  public InterestAssignments discover(InterestRequest request) {
    if (request.features().isEmpty()) {
      throw ActivityErrors.invalidInput("no feature sets to cluster");
    }
    FeatureSet first = request.features().get(0);
    for (FeatureSet set : request.features()) {
      if (!set.dims().equals(first.dims())) {
        throw ActivityErrors.invalidInput(
            "feature sets disagree: "
                + first.dataset()
                + " has "
                + first.dims()
                + ", "
                + set.dataset()
                + " has "
                + set.dims());
      }
    }
    RunStart start = runs.start("interests", request);
    var previous = runs.previousResult(start, InterestAssignments.class);
    if (previous.isPresent()) {
      return previous.get();
    }
    RunOutputs.Builder outputs = RunOutputs.builder();
    List<Domain> domains = new ArrayList<>();
    for (FeatureSet set : request.features()) {
      Map<String, FeatureTable> tables = new LinkedHashMap<>();
      set.tables()
          .forEach(
              (modality, ref) -> {
                tables.put(modality, DomainLoader.rename(loader.table(ref), modality));
                outputs.artifact(artifacts.storeRef(ref));
              });
      domains.add(featuresOnly(set, tables));
    }
    Domain union = DomainUnion.of("interests", domains);
    MissRecConfig config = DomainTraining.modelConfig(union, false);
    DpcKnnResult result;
    // one native clustering call: minutes on a large catalogue, with no point to heartbeat from
    try (BackgroundHeartbeat beats =
            BackgroundHeartbeat.start(Activity.getExecutionContext(), () -> "clustering");
        MissRecModel model = MissRecModel.create(config, SEED);
        ItemInputs items =
            new ItemInputs(model.manager(), union, model.block().modalities(), List.of())) {
      result =
          model.discoverInterests(
              items, request.config().centreRatio(), request.config().neighbourRatio());
    }
    List<String> names = request.features().stream().map(FeatureSet::dataset).toList();
    Assignments content =
        new Assignments(
            names,
            request.features().stream().map(FeatureSet::numItems).toList(),
            List.copyOf(config.modalityDims().keySet()),
            result.numTokens(),
            result.numClusters(),
            result.centres(),
            result.assignment());
    ArtifactRef stored =
        artifacts.put(
            ArtifactKind.INTEREST_ASSIGNMENTS,
            Runs.json(content).getBytes(StandardCharsets.UTF_8),
            LocalArtifacts.JSON);
    outputs.artifact(stored);
    for (FeatureSet set : request.features()) {
      set.tables()
          .values()
          .forEach(
              ref ->
                  outputs.edge(
                      RunOutputs.Edge.fromArtifact(
                          ref.uri(), stored.uri(), "tokens:" + set.dataset())));
    }
    outputs.params(
        Map.of(
            "centre_ratio", Double.toString(request.config().centreRatio()),
            "neighbour_ratio", Double.toString(request.config().neighbourRatio()),
            "model_seed", Long.toString(SEED)));
    InterestAssignments assignments =
        new InterestAssignments(
            LocalArtifacts.toPayload(stored), names, result.numTokens(), result.numClusters());
    return runs.complete(start, outputs, assignments);
  }

  private static Domain featuresOnly(FeatureSet set, Map<String, FeatureTable> tables) {
    List<String> ids = IntStream.range(0, set.numItems()).mapToObj(Integer::toString).toList();
    return new Domain(
        set.dataset(), ids, null, tables, List.of(), new Splits(List.of(), List.of(), List.of()));
  }
}
