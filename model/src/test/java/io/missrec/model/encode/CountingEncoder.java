package io.missrec.model.encode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny deterministic encoder (vector from the text's bytes) that counts what it encodes. */
final class CountingEncoder implements TextEncoder {

  static final int DIM = 8;

  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger texts = new AtomicInteger();
  final List<Integer> callSizes = new ArrayList<>();

  @Override
  public String id() {
    return "counting-test-encoder/1";
  }

  @Override
  public int dim() {
    return DIM;
  }

  @Override
  public synchronized float[][] encode(List<String> batch) {
    calls.incrementAndGet();
    texts.addAndGet(batch.size());
    callSizes.add(batch.size());
    float[][] out = new float[batch.size()][DIM];
    for (int i = 0; i < batch.size(); i++) {
      byte[] bytes = batch.get(i).getBytes(StandardCharsets.UTF_8);
      for (int j = 0; j < bytes.length; j++) {
        out[i][j % DIM] += (bytes[j] & 0xff) / 255f;
      }
      out[i][DIM - 1] += 1f; // never all-zero, even for an empty text
    }
    return out;
  }
}
