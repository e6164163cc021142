package io.missrec.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A refused setting is named with the value given, so a bad override is found at once. */
class TrainConfigTest {

  static Stream<Arguments> refused() {
    return Stream.of(
        refused("epochs must be >= 1, got 0", b -> b.epochs(0)),
        refused("batchSize must be >= 1, got -4", b -> b.batchSize(-4)),
        refused("evalBatchSize must be >= 1, got 0", b -> b.evalBatchSize(0)),
        refused("patience must be >= 0, got -1", b -> b.patience(-1)),
        refused("kmeansIterations must be >= 0, got -2", b -> b.kmeansIterations(-2)),
        refused("learningRate must be finite and > 0, got NaN", b -> b.learningRate(Float.NaN)),
        refused("tau must be finite and > 0, got 0.0", b -> b.tau(0)),
        refused("lambda must be finite and >= 0, got -0.1", b -> b.lambda(-0.1f)),
        refused(
            "gamma must be finite and >= 0, got Infinity", b -> b.gamma(Float.POSITIVE_INFINITY)),
        refused("clusterRatio must be in (0, 1], got 1.5", b -> b.clusterRatio(1.5)),
        refused("knnRatio must be in (0, 1], got 0.0", b -> b.knnRatio(0)),
        refused("objective, interestMethod and diversity must be set", b -> b.diversity(null)));
  }

  private static Arguments refused(String message, UnaryOperator<TrainConfig.Builder> change) {
    return Arguments.of(message, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesNamingTheFieldAndValue(String message, UnaryOperator<TrainConfig.Builder> change) {
    TrainConfig.Builder builder = change.apply(TrainConfig.fineTuneDefaults().toBuilder());

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void theLimitsThemselvesAreAccepted() {
    TrainConfig c =
        TrainConfig.fineTuneDefaults().toBuilder()
            .epochs(1)
            .patience(0)
            .gamma(0)
            .lambda(0)
            .kmeansIterations(0)
            .clusterRatio(1)
            .knnRatio(1)
            .build();

    assertThat(c.patience()).isZero();
    assertThat(TrainConfig.pretrainDefaults().batchSize()).isEqualTo(4096);
  }
}
