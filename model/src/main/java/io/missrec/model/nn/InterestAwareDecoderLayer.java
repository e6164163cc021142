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
 * A post-LN Transformer decoder layer: causal self-attention over the item tokens, cross-attention
 * from the item tokens to the encoded interests, feed-forward.
 *
 * <p>Inputs: {@code queries (B, Lq, d)}, {@code tokens (B, L, d)} (self-attention keys/values),
 * {@code selfMask} broadcastable to {@code (B, 1, Lq, L)}, {@code interests (B, M, d)}, {@code
 * interestMask (B, 1, 1, M)}. Output: {@code (B, Lq, d)}.
 *
 * <p>For every layer but the last, queries == tokens with a causal + padding mask. Because the
 * self-attention is causal, the last layer only needs the query at the last valid position ({@code
 * Lq = 1}, padding mask only): this gives exactly the same user vector at a fraction of the cost.
 */
public final class InterestAwareDecoderLayer extends AbstractBlock {

  private final MultiHeadAttention selfAttention;
  private final MultiHeadAttention crossAttention;
  private final FeedForward feedForward;
  private final LastAxisLayerNorm norm1;
  private final LastAxisLayerNorm norm2;
  private final LastAxisLayerNorm norm3;
  private final Dropout dropout1;
  private final Dropout dropout2;
  private final Dropout dropout3;

  public InterestAwareDecoderLayer(MissRecConfig config) {
    selfAttention =
        addChildBlock(
            "self_attention",
            new MultiHeadAttention(config.hidden(), config.heads(), config.dropout()));
    dropout1 = addChildBlock("dropout1", Dropout.builder().optRate(config.dropout()).build());
    norm1 = addChildBlock("norm1", Layers.layerNorm(config));
    crossAttention =
        addChildBlock(
            "cross_attention",
            new MultiHeadAttention(config.hidden(), config.heads(), config.dropout()));
    dropout2 = addChildBlock("dropout2", Dropout.builder().optRate(config.dropout()).build());
    norm2 = addChildBlock("norm2", Layers.layerNorm(config));
    feedForward =
        addChildBlock("ffn", new FeedForward(config.hidden(), config.ffn(), config.dropout()));
    dropout3 = addChildBlock("dropout3", Dropout.builder().optRate(config.dropout()).build());
    norm3 = addChildBlock("norm3", Layers.layerNorm(config));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray queries = inputs.get(0);
    NDArray tokens = inputs.get(1);
    NDArray selfMask = inputs.get(2);
    NDArray interests = inputs.get(3);
    NDArray interestMask = inputs.get(4);
    NDArray h = selfAttention.forward(ps, new NDList(queries, tokens, selfMask), training).head();
    NDArray x = Residual.apply(ps, norm1, dropout1, queries, h, training);
    h = crossAttention.forward(ps, new NDList(x, interests, interestMask), training).head();
    x = Residual.apply(ps, norm2, dropout2, x, h, training);
    h = feedForward.forward(ps, new NDList(x), training).head();
    return new NDList(Residual.apply(ps, norm3, dropout3, x, h, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape q = inputShapes[0];
    Shape tokens = inputShapes[1];
    Shape interests = inputShapes[3];
    selfAttention.initialize(manager, dataType, q, tokens);
    crossAttention.initialize(manager, dataType, q, interests);
    for (var block :
        new AbstractBlock[] {dropout1, norm1, dropout2, norm2, feedForward, dropout3, norm3}) {
      block.initialize(manager, dataType, q);
    }
  }
}
