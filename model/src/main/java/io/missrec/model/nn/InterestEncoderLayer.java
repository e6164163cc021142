package io.missrec.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A standard post-LN Transformer encoder layer over the interest sequence (no causal mask).
 *
 * <p>Inputs: {@code x (B, M, d)}, additive key-padding mask {@code (B, 1, 1, M)}. Output: {@code
 * (B, M, d)}.
 */
public final class InterestEncoderLayer extends AbstractBlock {

  private final MultiHeadAttention attention;
  private final FeedForward feedForward;
  private final LastAxisLayerNorm norm1;
  private final LastAxisLayerNorm norm2;
  private final Dropout dropout1;
  private final Dropout dropout2;

  public InterestEncoderLayer(MissRecConfig config) {
    attention =
        addChildBlock(
            "self_attention",
            new MultiHeadAttention(config.hidden(), config.heads(), config.dropout()));
    dropout1 = addChildBlock("dropout1", Dropout.builder().optRate(config.dropout()).build());
    norm1 = addChildBlock("norm1", Layers.layerNorm(config));
    feedForward =
        addChildBlock("ffn", new FeedForward(config.hidden(), config.ffn(), config.dropout()));
    dropout2 = addChildBlock("dropout2", Dropout.builder().optRate(config.dropout()).build());
    norm2 = addChildBlock("norm2", Layers.layerNorm(config));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray mask = inputs.get(1);
    NDArray attended = attention.forward(ps, new NDList(x, x, mask), training).head();
    x = Residual.apply(ps, norm1, dropout1, x, attended, training);
    NDArray ff = feedForward.forward(ps, new NDList(x), training).head();
    return new NDList(Residual.apply(ps, norm2, dropout2, x, ff, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    attention.initialize(manager, dataType, x, x);
    for (var block : new AbstractBlock[] {dropout1, norm1, feedForward, dropout2, norm2}) {
      block.initialize(manager, dataType, x);
    }
  }
}
