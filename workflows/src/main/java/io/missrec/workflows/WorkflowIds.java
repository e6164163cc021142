package io.missrec.workflows;

import io.missrec.workflows.payload.Checkpoint;
import io.missrec.workflows.payload.Cutoffs;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.RecommendRequest;
import io.missrec.workflows.payload.TrainingConfig;
import io.missrec.workflows.payload.TransferRequest;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Workflow ids from business keys, {@code <kind>-<datasetDigest>-<configDigest>}, so starting the
 * same work twice is rejected with {@code WorkflowExecutionAlreadyStarted} and the caller attaches
 * to the existing run. Caller-side code (not for workflow code).
 *
 * <p>The dataset digest uses each dataset's sha256 when given (content identity), else its URI. The
 * config digest hashes the JSON of the rest of the request (maps in payloads are sorted, so the
 * JSON is canonical). Digests are the first 16 hex digits of SHA-256.
 */
public final class WorkflowIds {
  private static final int DIGEST_CHARS = 16;

  private WorkflowIds() {}

  public static String pretrain(PipelineRequest request) {
    List<Object> key = new ArrayList<>();
    key.add(request.modelName());
    key.add(request.features());
    key.add(request.augmentation());
    key.add(request.interests());
    key.add(request.training());
    addCutoffs(key, request.evaluationCutoffs());
    return "pretrain-" + datasetDigest(request.sources()) + "-" + jsonDigest(key);
  }

  /**
   * Cutoffs other than the protocol's enter the key, so asking for more starts a run that reports
   * them instead of attaching to one that does not. Only then, so earlier ids stay what they were.
   */
  private static void addCutoffs(List<Object> key, List<Integer> cutoffs) {
    if (!cutoffs.equals(Cutoffs.PROTOCOL)) {
      key.add("cutoffs:" + cutoffs);
    }
  }

  /**
   * The starting checkpoint enters the key by its content digest only, so the same model version
   * gives the same id whether the caller got the checkpoint from a pipeline result or from the
   * registry (which does not keep the epoch or valid metrics a result carries).
   */
  public static String transfer(TransferRequest request) {
    TrainingConfig training = request.training();
    Checkpoint initial = training.initialCheckpoint();
    List<Object> key = new ArrayList<>();
    key.add(request.modelName());
    key.add(request.features());
    key.add(training.withInitialCheckpoint(null));
    key.add(initial == null ? "scratch" : "init-sha256:" + initial.artifact().sha256());
    if (request.zeroShot()) {
      // only when set, so the ids of fine-tuning transfers stay what they were
      key.add("zero-shot");
    }
    addCutoffs(key, request.evaluationCutoffs());
    return "transfer-" + datasetDigest(List.of(request.target())) + "-" + jsonDigest(key);
  }

  /**
   * The checkpoint by content digest, the options, and the caller's request id: one id per request,
   * so serving the same dataset again (its folder may hold newer data) starts a new run, while a
   * start retried with the same request id attaches to the first.
   */
  public static String recommend(RecommendRequest request, String requestId) {
    checkRequestId(requestId);
    List<Object> key = new ArrayList<>();
    key.add("sha256:" + request.checkpoint().artifact().sha256());
    key.add(request.features());
    key.add(request.top());
    key.add(request.excludeSeen());
    return "recommend-"
        + datasetDigest(List.of(request.target()))
        + "-"
        + jsonDigest(key)
        + "-"
        + requestId;
  }

  /**
   * @throws IllegalArgumentException unless {@code requestId} is 1-64 letters, digits, '.', '_' or
   *     '-'
   */
  public static String checkRequestId(String requestId) {
    if (requestId == null || !requestId.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException(
          "request id '" + requestId + "': 1-64 letters, digits, '.', '_' or '-'");
    }
    return requestId;
  }

  public static WorkflowOptions recommendOptions(RecommendRequest request, String requestId) {
    return options(recommend(request, requestId));
  }

  /**
   * Start options: business-key id, the CPU queue, and a new run for the same key only after the
   * earlier one failed (a completed run is never repeated).
   */
  public static WorkflowOptions pretrainOptions(PipelineRequest request) {
    return options(pretrain(request));
  }

  public static WorkflowOptions transferOptions(TransferRequest request) {
    return options(transfer(request));
  }

  private static WorkflowOptions options(String workflowId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(TaskQueues.CPU)
        .setWorkflowIdReusePolicy(
            WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
        .build();
  }

  static String datasetDigest(List<DatasetRef> datasets) {
    StringBuilder key = new StringBuilder();
    for (DatasetRef dataset : datasets) {
      key.append(dataset.name()).append('\t').append(dataset.format()).append('\t');
      key.append(dataset.sha256() != null ? "sha256:" + dataset.sha256() : "uri:" + dataset.uri());
      key.append('\n');
    }
    return sha256(key.toString().getBytes(StandardCharsets.UTF_8));
  }

  static String jsonDigest(Object value) {
    byte[] json =
        DefaultDataConverter.STANDARD_INSTANCE
            .toPayload(value)
            .orElseThrow(() -> new IllegalArgumentException("no payload for " + value))
            .getData()
            .toByteArray();
    return sha256(json);
  }

  private static String sha256(byte[] bytes) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(hash).substring(0, DIGEST_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
