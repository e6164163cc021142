package io.missrec.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.workflows.fakes.Requests;
import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.LastTraining;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.RetrainChoice;
import io.missrec.workflows.payload.RetrainDecision;
import io.missrec.workflows.retrain.RetrainPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrainPolicyTest {
  private static final String A1 = "a1".repeat(32);
  private static final String A2 = "a2".repeat(32);
  private static final String B1 = "b1".repeat(32);

  private static DatasetRef snapshot(String name, String sha) {
    return new DatasetRef("s3://missrec/dataset_snapshot/" + sha, sha, name, "unisrec");
  }

  @Test
  void retrainsWhenTheModelWasNeverTrained() {
    RetrainDecision decision =
        RetrainPolicy.decide(List.of(snapshot("a", A1)), LastTraining.none("m"));
    assertThat(decision.choice()).isEqualTo(RetrainChoice.RETRAIN);
    assertThat(decision.reason()).isEqualTo("no successful training of model m is recorded");
    assertThat(decision.previousDigest()).isNull();
    assertThat(decision.datasetDigests()).containsExactly(Map.entry("a", A1));
  }

  @Test
  void skipsWhenEveryDigestIsTheOneLastTrainedOnWhateverTheOrder() {
    LastTraining last = new LastTraining("m", 3, Map.of("a", A1, "b", B1));
    RetrainDecision decision =
        RetrainPolicy.decide(List.of(snapshot("b", B1), snapshot("a", A1)), last);
    assertThat(decision.choice()).isEqualTo(RetrainChoice.SKIP);
    assertThat(decision.reason()).startsWith("datasets unchanged since model m version 3");
    assertThat(decision.previousDigest()).isEqualTo(decision.datasetsDigest());
  }

  @Test
  void retrainsAndNamesWhatChangedWasAddedOrRemoved() {
    LastTraining last = new LastTraining("m", 3, Map.of("a", A1, "b", B1));
    RetrainDecision changed =
        RetrainPolicy.decide(List.of(snapshot("a", A2), snapshot("b", B1)), last);
    assertThat(changed.choice()).isEqualTo(RetrainChoice.RETRAIN);
    assertThat(changed.reason())
        .isEqualTo(
            "datasets changed since model m version 3: a changed "
                + A1.substring(0, 12)
                + " -> "
                + A2.substring(0, 12));
    assertThat(changed.previousDigest()).isNotEqualTo(changed.datasetsDigest());

    RetrainDecision reshaped =
        RetrainPolicy.decide(List.of(snapshot("a", A1), snapshot("c", B1)), last);
    assertThat(reshaped.reason()).endsWith(": b removed, c added");
  }

  @Test
  void digestOfTheDatasetsDependsOnNamesAndContentOnly() {
    assertThat(RetrainPolicy.datasetsDigest(Map.of("a", A1, "b", B1)))
        .isEqualTo(RetrainPolicy.datasetsDigest(new java.util.TreeMap<>(Map.of("b", B1, "a", A1))))
        .isNotEqualTo(RetrainPolicy.datasetsDigest(Map.of("a", B1, "b", A1)))
        .matches("[0-9a-f]{64}");
  }

  @Test
  void rejectsTwoDatasetsOfOneName() {
    assertThatThrownBy(
            () ->
                RetrainPolicy.decide(
                    List.of(snapshot("a", A1), snapshot("a", A2)), LastTraining.none("m")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dataset name a appears twice");
  }

  @Test
  void pinsEachSourceToTheDigestDecidedOn() {
    PipelineRequest request = Requests.with(Requests.pretrain("x", "y"), 500, List.of(20, 5));
    PipelineRequest pinned =
        RetrainPolicy.pinned(request, List.of(snapshot("x", A1), snapshot("y", B1)));
    assertThat(pinned.sources()).extracting(DatasetRef::sha256).containsExactly(A1, B1);
    assertThat(pinned.sources())
        .extracting(DatasetRef::uri)
        .containsExactly("file:///data/x/", "file:///data/y/");
    // everything but the pins is the request's own
    assertThat(pinned).usingRecursiveComparison().ignoringFields("sources").isEqualTo(request);
    assertThat(pinned.featureShardItems()).isEqualTo(500);
    assertThat(pinned.evaluationCutoffs()).containsExactly(5, 10, 20, 50);
  }
}
