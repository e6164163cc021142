package io.missrec.app.schedule;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleListActionStartWorkflow;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Create, list, pause, unpause and delete retraining schedules. Server refusals become exceptions
 * whose message says what to do: {@link SchedulesUnavailableException} where the server has no
 * Schedules API, {@link IllegalArgumentException} for an unknown or duplicate schedule id.
 */
public final class RetrainScheduler {
  private final ScheduleClient client;
  private final String address;

  /**
   * @param address the frontend's address, for error messages
   */
  public RetrainScheduler(ScheduleClient client, String address) {
    this.client = client;
    this.address = address;
  }

  /** A schedule as listed. */
  public record Listed(String id, String workflowType, boolean paused, String note, Instant next) {}

  public void create(RetrainScheduleSpec spec) {
    call(
        spec.scheduleId(),
        () ->
            client.createSchedule(
                spec.scheduleId(),
                RetrainSchedules.toSchedule(
                    spec,
                    "retrains model " + spec.request().modelName() + " when its data changes"),
                ScheduleOptions.newBuilder().build()));
  }

  public List<Listed> list() {
    return call(null, () -> client.listSchedules().map(RetrainScheduler::listed).toList());
  }

  public void pause(String scheduleId, String note) {
    call(
        scheduleId,
        () -> {
          client.getHandle(scheduleId).pause(note);
          return null;
        });
  }

  public void unpause(String scheduleId, String note) {
    call(
        scheduleId,
        () -> {
          client.getHandle(scheduleId).unpause(note);
          return null;
        });
  }

  public void delete(String scheduleId) {
    call(
        scheduleId,
        () -> {
          client.getHandle(scheduleId).delete();
          return null;
        });
  }

  private static Listed listed(ScheduleListDescription d) {
    var schedule = d.getSchedule();
    String type =
        schedule.getAction() instanceof ScheduleListActionStartWorkflow start
            ? start.getWorkflow()
            : String.valueOf(schedule.getAction());
    List<Instant> next = d.getInfo().getNextActionTimes();
    return new Listed(
        d.getScheduleId(),
        type,
        schedule.getState().isPaused(),
        schedule.getState().getNote(),
        next.isEmpty() ? null : next.get(0));
  }

  private <T> T call(String scheduleId, Supplier<T> work) {
    try {
      return work.get();
    } catch (ScheduleAlreadyRunningException e) {
      throw new IllegalArgumentException(
          "schedule " + scheduleId + " already exists; delete it first or pick another id", e);
    } catch (RuntimeException e) {
      Status.Code code = grpcCode(e);
      if (code == Status.Code.UNIMPLEMENTED) {
        throw new SchedulesUnavailableException(address, e);
      }
      if (code == Status.Code.NOT_FOUND && scheduleId != null) {
        throw new IllegalArgumentException("no schedule " + scheduleId + " at " + address, e);
      }
      throw e;
    }
  }

  /** The gRPC status anywhere in the cause chain (the SDK wraps it in its own exceptions). */
  static Status.Code grpcCode(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StatusRuntimeException status) {
        return status.getStatus().getCode();
      }
    }
    return null;
  }
}
