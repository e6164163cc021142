package io.missrec.model.bench;

import io.missrec.model.nn.MissRecConfig;

/**
 * Analytic floating-point operation count of one MISSRec fine-tuning step (multiply-add = 2 FLOPs),
 * used to turn measured step times into a utilisation of the machine's matmul peak. Backward is
 * counted as twice the forward, the usual estimate for dense layers.
 */
public final class FlopEstimate {

  private FlopEstimate() {}

  /**
   * @param items N, candidate items (adapters run on all of them every step)
   * @param featureDims sum over modalities of the feature widths
   * @param modalities number of modalities (score matmuls)
   * @param batch B
   * @param length padded sequence length L of the batch
   * @param interests padded interest length M of the batch
   * @param tokens T, item tokens averaged into interests
   */
  public static double forward(
      MissRecConfig c,
      long items,
      long featureDims,
      int modalities,
      long batch,
      long length,
      long interests,
      long tokens) {
    double d = c.hidden();
    double ffn = c.ffn();
    double adapters = 2.0 * items * featureDims * d;
    double clusterMeans = 2.0 * tokens * d;
    double encoderLayer =
        batch * interests * (4 * 2 * d * d + 2 * 2 * d * ffn)
            + batch * 2 * 2 * interests * interests * d;
    double decoderLower =
        batch * length * (4 * 2 * d * d + 4 * 2 * d * d + 2 * 2 * d * ffn)
            + batch * 2 * 2 * (length * length + length * interests) * d;
    // last decoder layer: K/V for every position, the rest only for the last one
    double decoderLast =
        batch * length * 2 * 2 * d * d
            + batch * interests * 2 * 2 * d * d
            + batch * (4 * 2 * d * d + 2 * 2 * d * ffn)
            + batch * 2 * 2 * (length + interests) * d;
    double scores = 2.0 * batch * items * d * modalities;
    return adapters
        + clusterMeans
        + c.encoderLayers() * encoderLayer
        + (c.decoderLayers() - 1) * decoderLower
        + decoderLast
        + scores;
  }

  /** Forward + backward. */
  public static double trainingStep(
      MissRecConfig c,
      long items,
      long featureDims,
      int modalities,
      long batch,
      long length,
      long interests,
      long tokens) {
    return 3 * forward(c, items, featureDims, modalities, batch, length, interests, tokens);
  }
}
