package io.missrec.workflows.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.workflows.fakes.PayloadJson;
import io.missrec.workflows.fakes.Requests;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CutoffsTest {
  @Test
  void theProtocolsCutoffsAreAlwaysThereAscendingAndOnce() {
    assertThat(Cutoffs.withProtocol(null, "f")).containsExactly(10, 50);
    assertThat(Cutoffs.withProtocol(List.of(), "f")).containsExactly(10, 50);
    assertThat(Cutoffs.withProtocol(List.of(100, 5, 10, 5), "f")).containsExactly(5, 10, 50, 100);
  }

  @Test
  void aCutoffBelowOneIsRefusedNamingTheField() {
    assertThatThrownBy(() -> Cutoffs.withProtocol(List.of(5, -1), "evaluationCutoffs"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("evaluationCutoffs: a cutoff must be >= 1, got -1");
    assertThatThrownBy(() -> Cutoffs.withProtocol(Arrays.asList(5, null), "cutoffs"))
        .hasMessage("cutoffs: a cutoff must be >= 1, got null");
  }

  @Test
  void aTransferRequestRecordedBeforeTheFieldExistedDecodesWithTheProtocolsCutoffs() {
    TransferRequest request = Requests.transfer(TrainingMode.INDUCTIVE);
    String json = PayloadJson.encode(request);
    String old = json.replace(",\"evaluationCutoffs\":[10,50]", "");
    assertThat(old).isNotEqualTo(json).doesNotContain("evaluationCutoffs");

    TransferRequest decoded = PayloadJson.decode(old, TransferRequest.class);
    assertThat(decoded).isEqualTo(request);
    assertThat(decoded.evaluationCutoffs()).isEqualTo(Cutoffs.PROTOCOL);
  }
}
