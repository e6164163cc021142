package io.missrec.workflows.support;

import io.missrec.workflows.payload.DatasetRef;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Provenance tags a workflow attaches to a registered model. Call from workflow code only. */
public final class Provenance {
  public static final String WORKFLOW_ID = "workflowId";
  public static final String RUN_ID = "runId";
  public static final String WORKFLOW_TYPE = "workflowType";

  /** Prefix of a tag {@code dataset.<name> -> sha256} per dataset used. */
  public static final String DATASET_PREFIX = "dataset.";

  /** Tag of the checkpoint a run started from (the pre-trained model of a transfer). */
  public static final String INITIAL_CHECKPOINT = "initialCheckpoint";

  /** Tag of a version registered without fine-tuning: the initial checkpoint, evaluated as is. */
  public static final String ZERO_SHOT = "zeroShot";

  private Provenance() {}

  /** Workflow identity and the sha256 of every dataset; the map is mutable for extra tags. */
  public static Map<String, String> tags(List<DatasetRef> datasets) {
    WorkflowInfo info = Workflow.getInfo();
    Map<String, String> tags = new TreeMap<>();
    tags.put(WORKFLOW_ID, info.getWorkflowId());
    tags.put(RUN_ID, info.getRunId());
    tags.put(WORKFLOW_TYPE, info.getWorkflowType());
    for (DatasetRef dataset : datasets) {
      tags.put(DATASET_PREFIX + dataset.name(), String.valueOf(dataset.sha256()));
    }
    return tags;
  }
}
