package io.missrec.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.TimeoutFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A step longer than the heartbeat timeout, on the real clock of Temporal's test server: without
 * background heartbeats the server times the activity out; with them it completes.
 */
class BackgroundHeartbeatTest {
  private static final String QUEUE = "heartbeat-test";

  @ActivityInterface
  public interface Slow {
    String step(boolean beat);
  }

  @WorkflowInterface
  public interface Caller {
    @WorkflowMethod
    String call(boolean beat);
  }

  public static class CallerImpl implements Caller {
    private final Slow slow =
        Workflow.newActivityStub(
            Slow.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setHeartbeatTimeout(Duration.ofSeconds(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());

    @Override
    public String call(boolean beat) {
      return slow.step(beat);
    }
  }

  /** Three heartbeat timeouts in one call that cannot heartbeat itself. */
  static class SlowImpl implements Slow {
    @Override
    public String step(boolean beat) {
      if (!beat) {
        sleep();
        return "done";
      }
      try (BackgroundHeartbeat beats =
          BackgroundHeartbeat.start(Activity.getExecutionContext(), () -> "busy")) {
        sleep();
      }
      return "done";
    }

    private static void sleep() {
      try {
        Thread.sleep(3_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private TestWorkflowEnvironment env;

  @BeforeEach
  void start() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(CallerImpl.class);
    worker.registerActivitiesImplementations(new SlowImpl());
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private Caller caller() {
    WorkflowClient client = env.getWorkflowClient();
    return client.newWorkflowStub(
        Caller.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build());
  }

  @Test
  void keepsALongStepAlive() {
    assertThat(caller().call(true)).isEqualTo("done");
  }

  @Test
  void withoutItTheServerTimesTheStepOut() {
    assertThatThrownBy(() -> caller().call(false))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOfSatisfying(
            TimeoutFailure.class,
            t -> assertThat(t.getTimeoutType()).isEqualTo(TimeoutType.TIMEOUT_TYPE_HEARTBEAT));
  }
}
