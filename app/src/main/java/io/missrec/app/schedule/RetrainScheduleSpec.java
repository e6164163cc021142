package io.missrec.app.schedule;

import io.missrec.workflows.payload.PipelineRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A retraining schedule as the command line describes it: when to fire (a cron expression or a
 * fixed interval, exactly one), how far back missed firings are caught up, and the pipeline each
 * firing may run.
 *
 * @param scheduleId Temporal schedule id, also the stem of every started workflow's id
 * @param request the pre-training pipeline to run when the data changed
 * @param cron 5-field cron expression in UTC ({@code 0 3 * * *}) or a macro ({@code @daily}), or
 *     null
 * @param every interval between firings, or null
 * @param catchupWindow how long after a missed firing (server or workers down) it still runs
 */
public record RetrainScheduleSpec(
    String scheduleId,
    PipelineRequest request,
    String cron,
    Duration every,
    Duration catchupWindow) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Duration MIN_CATCHUP = Duration.ofSeconds(10);

  public RetrainScheduleSpec {
    Objects.requireNonNull(scheduleId, "scheduleId");
    if (!ID.matcher(scheduleId).matches()) {
      throw new IllegalArgumentException(
          "schedule id '" + scheduleId + "': use letters, digits, '.', '_' and '-'");
    }
    Objects.requireNonNull(request, "request");
    if ((cron == null) == (every == null)) {
      throw new IllegalArgumentException("give exactly one of --cron and --every");
    }
    if (cron != null) {
      cron = cron.trim();
      checkCron(cron);
    }
    if (every != null && every.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("--every " + every + ": at least one minute");
    }
    Objects.requireNonNull(catchupWindow, "catchupWindow");
    if (catchupWindow.compareTo(MIN_CATCHUP) < 0) {
      // Temporal's own minimum; a shorter window would be raised silently by the server
      throw new IllegalArgumentException(
          "--catchup-window " + catchupWindow + ": at least 10s (Temporal's minimum)");
    }
  }

  /** Prefix of the workflow ids the schedule starts; Temporal appends the firing time. */
  public String workflowIdPrefix() {
    return "retrain-" + scheduleId;
  }

  private static void checkCron(String cron) {
    if (cron.startsWith("@")) {
      return; // @daily, @hourly, @every 2h...: the server parses these
    }
    int fields = cron.split("\\s+").length;
    if (fields != 5) {
      throw new IllegalArgumentException(
          "--cron '"
              + cron
              + "': expected 5 fields (minute hour day-of-month month day-of-week), got "
              + fields);
    }
  }
}
