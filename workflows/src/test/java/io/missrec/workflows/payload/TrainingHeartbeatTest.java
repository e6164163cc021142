package io.missrec.workflows.payload;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.workflows.fakes.PayloadJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Heartbeat details survive Temporal's JSON, including those written before a field existed. */
class TrainingHeartbeatTest {

  private static Checkpoint checkpoint() {
    return new Checkpoint(
        new ArtifactRef(
            "s3://missrec/checkpoint/" + "ab".repeat(32),
            "ab".repeat(32),
            10,
            ArtifactKind.CHECKPOINT),
        1,
        TrainingMode.INDUCTIVE,
        Map.of("NDCG@10", 0.25));
  }

  @Test
  void roundTripsWithTheOptimizerState() {
    ArtifactRef adam =
        new ArtifactRef(
            "s3://missrec/optimizer_state/" + "cd".repeat(32),
            "cd".repeat(32),
            20,
            ArtifactKind.OPTIMIZER_STATE);
    TrainingHeartbeat beat = new TrainingHeartbeat(1, checkpoint(), checkpoint(), 0, adam);
    assertThat(PayloadJson.decode(PayloadJson.encode(beat), TrainingHeartbeat.class))
        .isEqualTo(beat);
  }

  @Test
  void heartbeatsOfTheFormatBeforeOptimizerStatesStillDecode() {
    // what a worker of the previous release heartbeated: four fields
    String old =
        PayloadJson.encode(new TrainingHeartbeat(1, checkpoint(), checkpoint(), 2))
            .replace(",\"optimizerState\":null", "");
    assertThat(old).doesNotContain("optimizerState").contains("\"epochsWithoutGain\":2");
    TrainingHeartbeat decoded = PayloadJson.decode(old, TrainingHeartbeat.class);
    assertThat(decoded.optimizerState()).isNull();
    assertThat(decoded.last()).isEqualTo(checkpoint());
    assertThat(decoded.epochsWithoutGain()).isEqualTo(2);
  }
}
