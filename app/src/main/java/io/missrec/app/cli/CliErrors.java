package io.missrec.app.cli;

import io.grpc.Status;
import io.missrec.app.config.Settings;
import io.missrec.app.stack.EmbeddedPostgresServer;
import io.missrec.app.stack.EmbeddedTemporal;
import io.missrec.model.data.DataFormatException;
import io.missrec.workflows.activities.ActivityErrors;
import io.temporal.client.WorkflowFailedException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * How {@code ./missrec} reports what a command throws. Bad input and an unreachable service are the
 * user's to fix, so they get one line that names the command and the fault (exit {@link #BAD_INPUT}
 * and {@link #UNREACHABLE}); anything else is a bug to report, so it keeps its stack trace (exit
 * {@link #FAILED}). {@code MISSREC_DEBUG=1} prints the trace for every error.
 */
public final class CliErrors implements IExecutionExceptionHandler {

  /** A command failed for a reason that is not the user's input. */
  public static final int FAILED = 1;

  /** Bad input: an option, a file or the data in it (also picocli's exit code for bad usage). */
  public static final int BAD_INPUT = 2;

  /** A service the command needs did not answer. */
  public static final int UNREACHABLE = 3;

  public static final String DEBUG_ENV = "MISSREC_DEBUG";

  private final Map<String, String> env;

  /**
   * @param env the environment: {@value #DEBUG_ENV}, and the service addresses a message names
   */
  public CliErrors(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    String name = command.getCommandSpec().qualifiedName();
    Optional<String> input = badInput(e);
    Optional<String> service = input.isPresent() ? Optional.empty() : unreachable(e);
    int code;
    if (input.isPresent()) {
      err.println(name + ": " + input.get());
      code = BAD_INPUT;
    } else if (service.isPresent()) {
      err.println(name + ": " + service.get());
      code = UNREACHABLE;
    } else {
      err.println(name + ": failed: " + e);
      code = FAILED;
    }
    if (code == FAILED || debug()) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /**
   * Exit code of a command whose workflow failed: {@link #BAD_INPUT} when an activity refused the
   * request (a missing folder, a malformed file, a checkpoint that does not fit), else {@link
   * #FAILED}.
   */
  public static int exitCodeOf(WorkflowFailedException failure) {
    return ActivityErrors.inputFailure(failure).isPresent() ? BAD_INPUT : FAILED;
  }

  private boolean debug() {
    String value = env.getOrDefault(DEBUG_ENV, "");
    return !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
  }

  /**
   * The user-facing message when {@code e} is about the user's input: a data file's fault (it names
   * file, line and field), a missing or unreadable path anywhere in the causes, or an argument a
   * command itself refused (an {@link IllegalArgumentException} thrown, not wrapped, by it).
   */
  static Optional<String> badInput(Throwable e) {
    if (e instanceof IllegalArgumentException && e.getMessage() != null) {
      return Optional.of(e.getMessage());
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DataFormatException) {
        return Optional.of(t.getMessage());
      }
      if (t instanceof FileSystemException f) {
        String what =
            f instanceof NoSuchFileException
                ? "no such file or folder"
                : f instanceof NotDirectoryException
                    ? "not a folder"
                    : f instanceof AccessDeniedException ? "permission denied" : null;
        if (what != null) {
          return Optional.of(what + ": " + f.getFile());
        }
      }
    }
    return Optional.empty();
  }

  /** The message when a service did not answer: Temporal (gRPC), PostgreSQL, or a TCP endpoint. */
  Optional<String> unreachable(Throwable e) {
    Status status = Status.fromThrowable(e);
    if (status.getCode() == Status.Code.UNAVAILABLE
        || status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      String address = env.get(Settings.TEMPORAL_ADDRESS);
      boolean embedded = address == null || address.isBlank();
      String where =
          embedded
              ? "127.0.0.1:" + EmbeddedTemporal.DEFAULT_PORT
              : address + " (" + Settings.TEMPORAL_ADDRESS + ")";
      String detail = status.getDescription() == null ? "" : " (" + status.getDescription() + ")";
      String hint =
          embedded
              ? ". TEMPORAL_ADDRESS is unset, so that is the embedded server, which lives only while"
                  + " the ./missrec process that started it runs; finished runs stay in lineage"
                  + " (./missrec report <workflow-id>)"
              : "";
      return Optional.of(
          "cannot reach Temporal at " + where + ": " + status.getCode() + detail + hint);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EmbeddedPostgresServer.BusyException) {
        return Optional.of(t.getMessage());
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("08")) {
        return Optional.of(
            "cannot reach the lineage database (" + Settings.JDBC_URL + "): " + t.getMessage());
      }
      if (t instanceof ConnectException) {
        return Optional.of("cannot connect: " + t.getMessage() + " (" + e + ")");
      }
    }
    return Optional.empty();
  }
}
