package io.missrec.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.missrec.model.data.DataFormatException;
import io.missrec.workflows.activities.ActivityErrors;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

/** The SDK's warnings about a refused request carry one line; every other failure its trace. */
class RefusedInputConverterTest {

  private final LoggerContext context = new LoggerContext();
  private final Logger logger = context.getLogger("io.temporal.internal.activity");

  @Test
  void aRefusedRequestIsOneLineWithItsTypeAndMessage() {
    Throwable failure =
        new RuntimeException(
            "workflow failed", ActivityErrors.invalidInput("dataset x: folder /x does not exist"));

    assertThat(render(failure))
        .isEqualTo(
            "  refused input (InvalidInputException): dataset x: folder /x does not exist"
                + System.lineSeparator());
  }

  @Test
  void aDataFileFaultThrownAsItIsIsOneLineToo() {
    assertThat(render(new DataFormatException("/d/D.test.inter", 3, "item_id", "unknown item 9")))
        .startsWith(
            "  refused input (io.missrec.model.data.DataFormatException): /d/D.test.inter:3")
        .doesNotContain("\tat ");
  }

  @Test
  void operationalFailuresKeepTheirStackTrace() {
    assertThat(render(ActivityErrors.digestMismatch("s3://b/k", "aa", "bb")))
        .contains("DigestMismatchException")
        .contains("\tat ");
    assertThat(render(ApplicationFailure.newFailure("S3 timed out", "IOException")))
        .contains("\tat ");
  }

  private String render(Throwable thrown) {
    RefusedInputConverter converter = new RefusedInputConverter();
    converter.setContext(context);
    converter.start();
    LoggingEvent event =
        new LoggingEvent(Logger.FQCN, logger, Level.WARN, "Activity failure", thrown, null);
    return converter.convert(event);
  }
}
