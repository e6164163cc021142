package io.missrec.model.bench;

import io.missrec.model.nn.MissRecConfig;
import java.util.List;

/**
 * Analytic floating-point operation count of one MISSRec fine-tuning step (multiply-add = 2 FLOPs),
 * used to turn measured step times into a utilisation of the machine's matmul peak. Backward is
 * counted as twice the forward, the usual estimate for dense layers. A step runs the item side
 * (adapters over every candidate, interest means) once and the sequence side once per micro-batch.
 */
public final class FlopEstimate {

  private FlopEstimate() {}

  /**
   * Shape of one micro-batch as the block computes it.
   *
   * @param batch B, sequences
   * @param length padded sequence length L
   * @param interests padded interest length M
   */
  public record Part(long batch, long length, long interests) {}

  /**
   * Forward FLOPs of the item side of a step.
   *
   * @param items N, candidate items (adapters run on all of them every step)
   * @param featureDims sum over modalities of the feature widths
   * @param tokens T, item tokens averaged into interests
   */
  private static double itemSide(MissRecConfig c, long items, long featureDims, long tokens) {
    double d = c.hidden();
    return 2.0 * items * featureDims * d + 2.0 * tokens * d;
  }

  /**
   * Forward FLOPs of one micro-batch: encoder, decoder and scores against every item.
   *
   * @param items N, candidate items
   * @param modalities number of modalities (score matmuls)
   */
  private static double sequenceSide(MissRecConfig c, long items, int modalities, Part p) {
    double d = c.hidden();
    double ffn = c.ffn();
    double batch = p.batch();
    double length = p.length();
    double interests = p.interests();
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
    return c.encoderLayers() * encoderLayer
        + (c.decoderLayers() - 1) * decoderLower
        + decoderLast
        + scores;
  }

  /** Forward + backward of a step computed as the given micro-batches. */
  public static double trainingStep(
      MissRecConfig c,
      long items,
      long featureDims,
      int modalities,
      long tokens,
      List<Part> parts) {
    double forward = itemSide(c, items, featureDims, tokens);
    for (Part p : parts) {
      forward += sequenceSide(c, items, modalities, p);
    }
    return 3 * forward;
  }
}
