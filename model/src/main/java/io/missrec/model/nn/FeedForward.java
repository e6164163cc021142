package io.missrec.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Position-wise feed-forward: {@code (B, L, d) -> Linear(d, ffn) -> GELU -> dropout -> Linear(ffn,
 * d)}.
 */
public final class FeedForward extends AbstractBlock {

  private final Linear in;
  private final Linear out;
  private final Dropout dropout;

  public FeedForward(int hidden, int ffn, float rate) {
    in = addChildBlock("in", Linear.builder().setUnits(ffn).build());
    dropout = addChildBlock("dropout", Dropout.builder().optRate(rate).build());
    out = addChildBlock("out", Linear.builder().setUnits(hidden).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray h = Activation.gelu(in.forward(ps, inputs, training).head());
    h = dropout.forward(ps, new NDList(h), training).head();
    return out.forward(ps, new NDList(h), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    in.initialize(manager, dataType, inputShapes[0]);
    Shape inner = in.getOutputShapes(new Shape[] {inputShapes[0]})[0];
    dropout.initialize(manager, dataType, inner);
    out.initialize(manager, dataType, inner);
  }
}
