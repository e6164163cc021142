package io.missrec.workflows.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Heartbeat details survive Temporal's JSON, including those written before a field existed. */
class TrainingHeartbeatTest {

  private static final DataConverter JSON = DefaultDataConverter.STANDARD_INSTANCE;

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
    Payload payload = JSON.toPayload(beat).orElseThrow();
    assertThat(JSON.fromPayload(payload, TrainingHeartbeat.class, TrainingHeartbeat.class))
        .isEqualTo(beat);
  }

  @Test
  void heartbeatsOfTheFormatBeforeOptimizerStatesStillDecode() {
    // what a worker of the previous release heartbeated: four fields
    String old =
        new String(
                JSON.toPayload(new TrainingHeartbeat(1, checkpoint(), checkpoint(), 2))
                    .orElseThrow()
                    .getData()
                    .toByteArray(),
                StandardCharsets.UTF_8)
            .replace(",\"optimizerState\":null", "");
    assertThat(old).doesNotContain("optimizerState").contains("\"epochsWithoutGain\":2");
    Payload payload =
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFromUtf8(old))
            .build();
    TrainingHeartbeat decoded =
        JSON.fromPayload(payload, TrainingHeartbeat.class, TrainingHeartbeat.class);
    assertThat(decoded.optimizerState()).isNull();
    assertThat(decoded.last()).isEqualTo(checkpoint());
    assertThat(decoded.epochsWithoutGain()).isEqualTo(2);
  }
}
