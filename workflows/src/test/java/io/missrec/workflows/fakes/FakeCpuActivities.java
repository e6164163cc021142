package io.missrec.workflows.fakes;

import io.missrec.workflows.activities.AugmentationActivities;
import io.missrec.workflows.activities.DatasetActivities;
import io.missrec.workflows.activities.EvaluationActivities;
import io.missrec.workflows.activities.FeatureActivities;
import io.missrec.workflows.activities.InterestActivities;
import io.missrec.workflows.activities.RegistryActivities;
import io.missrec.workflows.activities.RetentionActivities;
import io.missrec.workflows.activities.ServingActivities;
import io.missrec.workflows.payload.ArtifactKind;
import io.missrec.workflows.payload.ArtifactRef;
import io.missrec.workflows.payload.AugmentationRequest;
import io.missrec.workflows.payload.AugmentedViews;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.DatasetSummary;
import io.missrec.workflows.payload.EvaluationReport;
import io.missrec.workflows.payload.EvaluationRequest;
import io.missrec.workflows.payload.FeatureMergeRequest;
import io.missrec.workflows.payload.FeatureRequest;
import io.missrec.workflows.payload.FeatureSet;
import io.missrec.workflows.payload.FeatureShard;
import io.missrec.workflows.payload.FeatureShardRequest;
import io.missrec.workflows.payload.FeatureSpec;
import io.missrec.workflows.payload.InterestAssignments;
import io.missrec.workflows.payload.InterestRequest;
import io.missrec.workflows.payload.ModelVersion;
import io.missrec.workflows.payload.PruneRequest;
import io.missrec.workflows.payload.PruneSummary;
import io.missrec.workflows.payload.RecommendationRequest;
import io.missrec.workflows.payload.RecommendationSet;
import io.missrec.workflows.payload.RegistrationRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deterministic stand-ins for the CPU-queue activities: every artifact URI and digest derives from
 * the inputs, so a test can check that each stage received the previous stage's output.
 */
public final class FakeCpuActivities
    implements DatasetActivities,
        FeatureActivities,
        AugmentationActivities,
        InterestActivities,
        EvaluationActivities,
        RegistryActivities,
        RetentionActivities,
        ServingActivities {

  private final CallLog log;
  private final Failures failures;
  private final List<RegistrationRequest> registrations = new ArrayList<>();

  public FakeCpuActivities(CallLog log, Failures failures) {
    this.log = log;
    this.failures = failures;
  }

  public synchronized List<RegistrationRequest> registrations() {
    return List.copyOf(registrations);
  }

  @Override
  public DatasetRef ingest(DatasetRef source) {
    failures.maybeFail("DatasetIngest", log.record(source.name()));
    return new DatasetRef(
        "mem://datasets/" + source.name(), sha256(source.uri()), source.name(), source.format());
  }

  @Override
  public DatasetSummary validate(DatasetRef snapshot) {
    failures.maybeFail("DatasetValidate", log.record(snapshot.name()));
    return new DatasetSummary(snapshot, 10, 20, 100);
  }

  @Override
  public FeatureSet extract(FeatureRequest request) {
    DatasetRef dataset = request.dataset();
    failures.maybeFail("FeatureExtract", log.record(dataset.name()));
    return extractUnlogged(dataset, request.spec());
  }

  private static FeatureSet extractUnlogged(DatasetRef dataset, FeatureSpec spec) {
    Map<String, ArtifactRef> tables = new TreeMap<>();
    Map<String, Integer> dims = new TreeMap<>();
    spec.encoders()
        .forEach(
            (modality, encoder) -> {
              tables.put(
                  modality,
                  artifact(
                      dataset.sha256() + "/" + modality + "/" + encoder, ArtifactKind.FEATURES));
              dims.put(modality, 8);
            });
    return new FeatureSet(dataset.name(), tables, dims, 20);
  }

  @Override
  public FeatureShard extractShard(FeatureShardRequest request) {
    DatasetRef dataset = request.dataset();
    failures.maybeFail(
        "FeatureExtractShard",
        log.record(dataset.name() + ":" + request.firstItem() + "-" + request.endItem()));
    return new FeatureShard(
        request.modality(),
        request.encoder(),
        request.firstItem(),
        request.endItem(),
        8,
        artifact(
            dataset.sha256() + "/" + request.modality() + "/" + request.firstItem(),
            ArtifactKind.FEATURES));
  }

  @Override
  public FeatureSet mergeShards(FeatureMergeRequest request) {
    log.record(request.dataset().name() + ":" + request.shards().size());
    return extractUnlogged(request.dataset(), request.spec());
  }

  @Override
  public AugmentedViews augment(AugmentationRequest request) {
    failures.maybeFail("AugmentationAugment", log.record(request.dataset().name()));
    ArtifactRef text = request.features().tables().get("text");
    return new AugmentedViews(
        request.dataset().name(),
        Map.of("text", artifact(text.sha256() + "/word-drop", ArtifactKind.AUGMENTED_VIEWS)),
        request.config());
  }

  @Override
  public InterestAssignments discover(InterestRequest request) {
    List<String> names = request.features().stream().map(FeatureSet::dataset).toList();
    failures.maybeFail("InterestDiscover", log.record(String.join("+", names)));
    int tokens = request.features().stream().mapToInt(f -> f.numItems() * f.tables().size()).sum();
    return new InterestAssignments(
        artifact(String.join("+", names) + "/interests", ArtifactKind.INTEREST_ASSIGNMENTS),
        names,
        tokens,
        (int) Math.ceil(request.config().centreRatio() * tokens));
  }

  @Override
  public EvaluationReport evaluate(EvaluationRequest request) {
    String dataset = request.domain().dataset().name();
    failures.maybeFail("EvaluationEvaluate", log.record(dataset));
    Map<String, Double> metrics = new TreeMap<>();
    metrics.put("NDCG@10", 0.05 + request.checkpoint().epoch() / 100.0);
    // one Recall per requested cutoff, so tests see which cutoffs arrived
    request.cutoffs().forEach(k -> metrics.put("Recall@" + k, Math.min(1.0, k / 100.0)));
    return new EvaluationReport(
        artifact(
            request.checkpoint().artifact().sha256() + "/" + dataset,
            ArtifactKind.EVALUATION_REPORT),
        dataset,
        request.split(),
        metrics,
        Map.of());
  }

  @Override
  public synchronized ModelVersion register(RegistrationRequest request) {
    failures.maybeFail("RegistryRegister", log.record(request.modelName()));
    registrations.add(request);
    return new ModelVersion(request.modelName(), registrations.size(), request.checkpoint());
  }

  /** Removes nothing; reports one 42-byte artifact so that tests see the summary arrive. */
  @Override
  public PruneSummary pruneIntermediates(PruneRequest request) {
    failures.maybeFail("RetentionPruneIntermediates", log.record(request.workflowId()));
    return new PruneSummary(1, 42);
  }

  /** Lists keyed by checkpoint, features and options, so tests see what reached the stage. */
  @Override
  public RecommendationSet recommend(RecommendationRequest request) {
    String dataset = request.domain().dataset().name();
    failures.maybeFail("ServingRecommend", log.record(dataset + "/top" + request.top()));
    String key =
        request.checkpoint().artifact().sha256()
            + "/"
            + request.domain().features().tables().values().iterator().next().sha256()
            + "/"
            + request.top()
            + "/"
            + request.excludeSeen();
    return new RecommendationSet(
        artifact(key, ArtifactKind.RECOMMENDATIONS), dataset, 10, 20, 7, 100, 0.5, 0.3, true);
  }

  public static ArtifactRef artifact(String key, ArtifactKind kind) {
    return new ArtifactRef("mem://" + kind.name().toLowerCase() + "/" + key, sha256(key), 42, kind);
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
