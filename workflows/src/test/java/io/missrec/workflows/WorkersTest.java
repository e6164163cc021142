package io.missrec.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.workflows.fakes.CallLog;
import io.missrec.workflows.fakes.Failures;
import io.missrec.workflows.fakes.FakeCpuActivities;
import io.missrec.workflows.fakes.FakeTrainingActivities;
import io.missrec.workflows.fakes.Requests;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.PipelineResult;
import io.missrec.workflows.pretrain.PretrainPipelineWorkflow;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkersTest {

  @Test
  void cpuAndGpuProcessesTogetherRunThePipeline() {
    CallLog log = new CallLog();
    Failures failures = new Failures();
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      FakeCpuActivities cpu = new FakeCpuActivities(log, failures);
      FakeTrainingActivities training =
          new FakeTrainingActivities(log, failures, env.getWorkflowClient());
      // both "processes" get every implementation and keep only their queue's
      var cpuWorkers =
          Workers.register(
              env.getWorkerFactory(),
              Set.of(TaskQueues.CPU),
              WorkerSettings.forTestServer(),
              cpu,
              training);
      WorkerFactory gpuFactory = WorkerFactory.newInstance(env.getWorkflowClient());
      var gpuWorkers =
          Workers.register(
              gpuFactory, Set.of(TaskQueues.GPU), WorkerSettings.forTestServer(), cpu, training);
      assertThat(cpuWorkers).containsOnlyKeys(TaskQueues.CPU);
      assertThat(gpuWorkers).containsOnlyKeys(TaskQueues.GPU);
      env.start();
      gpuFactory.start();

      PipelineRequest request = Requests.pretrain("Games");
      PipelineResult result =
          env.getWorkflowClient()
              .newWorkflowStub(PretrainPipelineWorkflow.class, WorkflowIds.pretrainOptions(request))
              .run(request);

      assertThat(result.checkpoint().epoch()).isEqualTo(3);
      assertThat(log.calls()).filteredOn(c -> c.startsWith("TrainingPretrain")).hasSize(1);
      gpuFactory.shutdownNow();
    }
  }

  @Test
  void unknownQueueIsRejected() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      assertThatThrownBy(
              () ->
                  Workers.register(
                      env.getWorkerFactory(), Set.of("missrec-tpu"), WorkerSettings.defaults()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("missrec-tpu");
    }
  }
}
