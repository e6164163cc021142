package io.missrec.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.missrec.model.torch.TorchOwned;

/**
 * Multi-head scaled dot-product attention with separate query / key / value / output projections
 * (the layout of {@code torch.nn.MultiheadAttention}, 4 * (d*d + d) parameters).
 *
 * <p>Inputs: {@code query (B, Lq, d)}, {@code memory (B, Lk, d)} (keys and values), and an additive
 * mask broadcastable to {@code (B, 1, Lq, Lk)} holding 0 where attention is allowed and a large
 * negative number where it is not. Output: {@code (B, Lq, d)}. Attention weights get dropout in
 * training, as in PyTorch's Transformer layers.
 */
public final class MultiHeadAttention extends AbstractBlock {

  private final int hidden;
  private final int heads;
  private final Linear query;
  private final Linear key;
  private final Linear value;
  private final Linear output;
  private final Dropout attentionDropout;

  public MultiHeadAttention(int hidden, int heads, float dropout) {
    this.hidden = hidden;
    this.heads = heads;
    query = addChildBlock("query", Linear.builder().setUnits(hidden).build());
    key = addChildBlock("key", Linear.builder().setUnits(hidden).build());
    value = addChildBlock("value", Linear.builder().setUnits(hidden).build());
    output = addChildBlock("output", Linear.builder().setUnits(hidden).build());
    attentionDropout = addChildBlock("dropout", Dropout.builder().optRate(dropout).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray q = inputs.get(0);
    NDArray memory = inputs.get(1);
    NDArray mask = inputs.size() > 2 ? inputs.get(2) : null;
    long batch = q.getShape().get(0);
    long lq = q.getShape().get(1);
    long lk = memory.getShape().get(1);
    int headDim = hidden / heads;

    // (B, L, d) -> (B, h, L, d/h)
    NDArray qh = split(query.forward(ps, new NDList(q), training).head(), batch, lq, headDim);
    NDArray kh = split(key.forward(ps, new NDList(memory), training).head(), batch, lk, headDim);
    NDArray vh = split(value.forward(ps, new NDList(memory), training).head(), batch, lk, headDim);

    // (B, h, Lq, Lk)
    NDArray products = qh.matMul(kh.transpose(0, 1, 3, 2));
    NDArray logits = products.mul(TorchOwned.scalar(products, 1.0 / Math.sqrt(headDim)));
    if (mask != null) {
      logits = logits.add(mask);
    }
    NDArray weights = logits.softmax(-1);
    weights = attentionDropout.forward(ps, new NDList(weights), training).head();
    // (B, h, Lq, d/h) -> (B, Lq, d)
    NDArray context = weights.matMul(vh).transpose(0, 2, 1, 3).reshape(batch, lq, hidden);
    return output.forward(ps, new NDList(context), training);
  }

  private NDArray split(NDArray x, long batch, long length, int headDim) {
    return x.reshape(batch, length, heads, headDim).transpose(0, 2, 1, 3);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(
      ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape qShape = inputShapes[0];
    Shape mShape = inputShapes[1];
    query.initialize(manager, dataType, qShape);
    key.initialize(manager, dataType, mShape);
    value.initialize(manager, dataType, mShape);
    output.initialize(manager, dataType, qShape);
    attentionDropout.initialize(manager, dataType, qShape);
  }
}
