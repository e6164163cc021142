package io.missrec.workflows.fakes;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;

/**
 * A payload as Temporal's default converter writes it into histories and heartbeats, and back:
 * tests edit the JSON to what an older release wrote and check that it still decodes.
 */
public final class PayloadJson {
  private static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;

  private PayloadJson() {}

  public static String encode(Object value) {
    return new String(
        CONVERTER.toPayload(value).orElseThrow().getData().toByteArray(), StandardCharsets.UTF_8);
  }

  public static <T> T decode(String json, Class<T> type) {
    Payload payload =
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFromUtf8(json))
            .build();
    return CONVERTER.fromPayload(payload, type, type);
  }
}
