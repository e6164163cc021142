package io.missrec.app.schedule;

/**
 * The Temporal frontend does not serve the Schedules API: Temporal's in-memory test server (the
 * embedded default of this platform) does not implement it, only a real cluster does.
 */
public final class SchedulesUnavailableException extends RuntimeException {
  public SchedulesUnavailableException(String address, Throwable cause) {
    super(message(address), cause);
  }

  public static String message(String address) {
    return "Temporal Schedules need a real Temporal cluster: "
        + (address == null
            ? "TEMPORAL_ADDRESS is not set, and the embedded in-memory server"
            : "the server at " + address + " (TEMPORAL_ADDRESS)")
        + " does not implement the Schedules API. Set TEMPORAL_ADDRESS=host:port of a Temporal"
        + " cluster (e.g. infra/docker-compose.yml or temporal server start-dev) and run a worker against it.";
  }
}
