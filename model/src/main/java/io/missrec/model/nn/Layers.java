package io.missrec.model.nn;

/** Small factories shared by the blocks. */
final class Layers {

  private Layers() {}

  /** LayerNorm over the last axis with the configured epsilon. */
  static LastAxisLayerNorm layerNorm(MissRecConfig config) {
    return new LastAxisLayerNorm(config.hidden(), config.layerNormEps());
  }
}
