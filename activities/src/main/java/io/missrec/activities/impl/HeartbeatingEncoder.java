package io.missrec.activities.impl;

import io.missrec.model.encode.FrozenEncoder;
import io.temporal.activity.Activity;
import java.util.List;

/**
 * Heartbeats the running activity after every chunk the feature extractor encodes (a chunk takes
 * seconds, not minutes), with the chunk's size as details.
 */
record HeartbeatingEncoder<I>(FrozenEncoder<I> inner) implements FrozenEncoder<I> {
  @Override
  public String id() {
    return inner.id();
  }

  @Override
  public int dim() {
    return inner.dim();
  }

  @Override
  public float[][] encode(List<I> inputs) {
    float[][] vectors = inner.encode(inputs);
    Activity.getExecutionContext().heartbeat(inputs.size());
    return vectors;
  }

  @Override
  public void close() {
    inner.close();
  }
}
