package io.missrec.app.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.CoreConstants;
import io.missrec.model.data.DataFormatException;
import io.missrec.workflows.activities.ActivityErrors;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/**
 * The stack trace of a logged exception ({@code %refusedEx} in logback.xml), except where the cause
 * is the user's input: an activity that refused a missing folder or a malformed file fails its
 * workflow, and the command that started it says why in one line, so the Temporal SDK's warnings
 * about that failure carry one line too instead of two stack traces. Operational failures (digest
 * mismatch, divergence, anything retried) keep their traces.
 */
public final class RefusedInputConverter extends ThrowableProxyConverter {

  @Override
  protected String throwableProxyToString(IThrowableProxy proxy) {
    Optional<String> refused =
        proxy instanceof ThrowableProxy p ? refusedInput(p.getThrowable()) : Optional.empty();
    return refused
        .map(reason -> "  refused input " + reason + CoreConstants.LINE_SEPARATOR)
        .orElseGet(() -> super.throwableProxyToString(proxy));
  }

  /**
   * {@code (type): message} of the first failure among {@code t} and its causes that is about the
   * input: an application failure of an input type, or a data file's fault thrown as is.
   */
  static Optional<String> refusedInput(Throwable t) {
    Optional<ApplicationFailure> failure = ActivityErrors.inputFailure(t);
    if (failure.isPresent()) {
      return Optional.of(
          "(" + failure.get().getType() + "): " + failure.get().getOriginalMessage());
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DataFormatException d) {
        return Optional.of("(" + ActivityErrors.DATA_FORMAT + "): " + d.getMessage());
      }
    }
    return Optional.empty();
  }
}
