package io.missrec.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * LayerNorm over the last axis of an input of any rank ({@code (..., d) -> (..., d)}), like {@code
 * torch.nn.LayerNorm(d)}. DJL's builder resolves axes against the initialisation shape, which does
 * not suit blocks fed both {@code (N, d)} and {@code (B, L, d)} inputs.
 */
public final class LastAxisLayerNorm extends AbstractBlock {

  private final int width;
  private final float epsilon;
  private final Parameter gamma;
  private final Parameter beta;

  public LastAxisLayerNorm(int width, float epsilon) {
    this.width = width;
    this.epsilon = epsilon;
    gamma =
        addParameter(
            Parameter.builder()
                .setName("gamma")
                .setType(Parameter.Type.GAMMA)
                .optShape(new Shape(width))
                .build());
    beta =
        addParameter(
            Parameter.builder()
                .setName("beta")
                .setType(Parameter.Type.BETA)
                .optShape(new Shape(width))
                .build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.head();
    return LayerNorm.layerNorm(
        x,
        new Shape(width),
        ps.getValue(gamma, x.getDevice(), training),
        ps.getValue(beta, x.getDevice(), training),
        epsilon);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
