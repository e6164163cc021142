package io.missrec.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.model.train.TrainConfig;
import io.missrec.workflows.payload.TrainingConfig;
import io.missrec.workflows.payload.TrainingMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperparametersTest {

  private static TrainingConfig with(Map<String, String> overrides) {
    return new TrainingConfig(TrainingMode.INDUCTIVE, 3, 7L, 64, 1e-3, 5, null, overrides);
  }

  @Test
  void interestMethodDefaultsToDpcKnnAndCanBeKMeans() {
    TrainConfig plain =
        Hyperparameters.of(with(Map.of()), TrainConfig.Objective.FINE_TUNE, false).train();
    assertThat(plain.interestMethod()).isEqualTo(TrainConfig.InterestMethod.DPC_KNN);

    TrainConfig kmeans =
        Hyperparameters.of(
                with(Map.of("interests", "kmeans", "kmeans_iterations", "3")),
                TrainConfig.Objective.FINE_TUNE,
                false)
            .train();
    assertThat(kmeans.interestMethod()).isEqualTo(TrainConfig.InterestMethod.KMEANS);
    assertThat(kmeans.kmeansIterations()).isEqualTo(3);
    assertThat(kmeans.asParams())
        .containsEntry("interests", "kmeans")
        .containsEntry("kmeans_iterations", "3");
  }

  @Test
  void unknownInterestMethodIsInvalidInputNamingTheChoices() {
    assertThatThrownBy(
            () ->
                Hyperparameters.of(
                    with(Map.of("interests", "spectral")), TrainConfig.Objective.FINE_TUNE, false))
        .hasMessageContaining("spectral")
        .hasMessageContaining("dpc-knn, kmeans");
  }

  @Test
  void diversityDefaultsToTheSpecsCosineAndCanBeThePooledForm() {
    TrainConfig plain =
        Hyperparameters.of(with(Map.of()), TrainConfig.Objective.FINE_TUNE, false).train();
    assertThat(plain.diversity()).isEqualTo(TrainConfig.DiversityForm.COSINE);
    TrainConfig pooled =
        Hyperparameters.of(
                with(Map.of("diversity", "pooled")), TrainConfig.Objective.FINE_TUNE, false)
            .train();
    assertThat(pooled.diversity()).isEqualTo(TrainConfig.DiversityForm.POOLED);
    assertThat(pooled.asParams()).containsEntry("diversity", "pooled");
    assertThatThrownBy(
            () ->
                Hyperparameters.of(
                    with(Map.of("diversity", "orthogonal")),
                    TrainConfig.Objective.FINE_TUNE,
                    false))
        .hasMessageContaining("orthogonal")
        .hasMessageContaining("cosine, pooled");
  }

  @Test
  void paddingClassIsOffByDefaultAndCanBeSwitchedOn() {
    TrainConfig plain =
        Hyperparameters.of(with(Map.of()), TrainConfig.Objective.FINE_TUNE, false).train();
    assertThat(plain.paddingClass()).isFalse();
    TrainConfig padded =
        Hyperparameters.of(
                with(Map.of("padding_class", "true")), TrainConfig.Objective.FINE_TUNE, false)
            .train();
    assertThat(padded.paddingClass()).isTrue();
    assertThat(padded.asParams()).containsEntry("padding_class", "true");
    assertThatThrownBy(
            () ->
                Hyperparameters.of(
                    with(Map.of("padding_class", "maybe")), TrainConfig.Objective.FINE_TUNE, false))
        .hasMessageContaining("maybe");
  }
}
