package io.missrec.workflows.payload;

import java.util.Map;

/**
 * Which frozen encoder gives each modality's features.
 *
 * @param encoders modality ("text", "image") to encoder id, e.g. {@code "text" ->
 *     "all-minilm-l6-v2"}; a value {@code "precomputed:<suffix>"} imports the dataset's own feature
 *     file with that suffix (e.g. {@code "precomputed:feat1CLS"}) instead of encoding; {@code
 *     "onnx:<artifact URI>[?options]"} encodes the dataset's item images with that ONNX model, and
 *     {@code "torchscript:<artifact URI>[?options]"} with that TorchScript model
 */
public record FeatureSpec(Map<String, String> encoders) {
  /** Prefix of an encoder id that imports a precomputed feature file. */
  public static final String PRECOMPUTED_PREFIX = "precomputed:";

  /** Prefix of an encoder id that runs an ONNX image model stored as an artifact. */
  public static final String ONNX_PREFIX = "onnx:";

  /** Prefix of an encoder id that runs a TorchScript image model stored as an artifact. */
  public static final String TORCHSCRIPT_PREFIX = "torchscript:";

  /**
   * Whether {@code encoder} encodes item texts (and so may be split into item shards); imports and
   * image models run whole.
   */
  public static boolean encodesTexts(String encoder) {
    return !encoder.startsWith(PRECOMPUTED_PREFIX)
        && !encoder.startsWith(ONNX_PREFIX)
        && !encoder.startsWith(TORCHSCRIPT_PREFIX);
  }

  public FeatureSpec {
    encoders = Maps.sortedCopy(encoders, "encoders");
    if (encoders.isEmpty()) {
      throw new IllegalArgumentException("encoders: at least one modality is needed");
    }
  }
}
