package io.missrec.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;

/** Post-LN residual connection: {@code LayerNorm(x + dropout(sublayer(x)))}. */
final class Residual {

  private Residual() {}

  static NDArray apply(
      ParameterStore ps,
      LastAxisLayerNorm norm,
      Dropout dropout,
      NDArray x,
      NDArray sublayerOut,
      boolean training) {
    NDArray dropped = dropout.forward(ps, new NDList(sublayerOut), training).head();
    return norm.forward(ps, new NDList(x.add(dropped)), training).head();
  }
}
