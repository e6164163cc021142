package io.missrec.workflows.fakes;

import io.missrec.workflows.TaskQueues;
import io.missrec.workflows.WorkerSettings;
import io.missrec.workflows.Workers;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.Set;

/**
 * An in-memory Temporal test server with both queues served through {@link Workers}, the fakes
 * registered and a shared call log.
 */
public final class PipelineHarness implements AutoCloseable {
  public final CallLog log = new CallLog();
  public final Failures failures = new Failures();
  public final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  public final FakeCpuActivities cpu = new FakeCpuActivities(log, failures);
  public final FakeTrainingActivities training =
      new FakeTrainingActivities(log, failures, env.getWorkflowClient());

  public PipelineHarness() {
    Workers.register(
        env.getWorkerFactory(),
        Set.of(TaskQueues.CPU, TaskQueues.GPU),
        WorkerSettings.forTestServer(),
        cpu,
        training);
  }

  public PipelineHarness start() {
    env.start();
    return this;
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  @Override
  public void close() {
    training.release();
    env.close();
  }
}
