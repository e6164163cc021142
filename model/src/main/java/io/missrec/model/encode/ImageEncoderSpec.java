package io.missrec.model.encode;

import io.missrec.model.encode.ImagePreprocessor.Interpolation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX image encoder named by one string, {@code <model>[?key=value&...]}: where the model is (a
 * file path or an artifact URI) and how images are preprocessed. Keys, all optional: {@code
 * interpolation} (bicubic | bilinear, default bicubic), {@code resize} (shorter side, default the
 * crop), {@code crop} (default 224), {@code mean} and {@code std} (three comma-separated values,
 * default CLIP's), {@code output} (output name, default the first), {@code batch} (images per call,
 * default {@value OnnxImageEncoder#DEFAULT_BATCH_SIZE}). Example: {@code
 * clip-vit-b32.onnx?output=image_embeds&interpolation=bilinear}.
 *
 * @param model the model's path or URI
 * @param preprocessor how images become model input
 * @param outputName output to read, or null for the first
 * @param batchSize images per ONNX Runtime call
 */
public record ImageEncoderSpec(
    String model, ImagePreprocessor preprocessor, String outputName, int batchSize) {

  private static final Set<String> KEYS =
      Set.of("interpolation", "resize", "crop", "mean", "std", "output", "batch");

  /**
   * Parses {@code <model>[?key=value&...]}.
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public static ImageEncoderSpec parse(String spec) {
    int query = spec.indexOf('?');
    String model = (query < 0 ? spec : spec.substring(0, query)).strip();
    if (model.isEmpty()) {
      throw new IllegalArgumentException("image encoder '" + spec + "': no model path or URI");
    }
    Map<String, String> options = new LinkedHashMap<>();
    if (query >= 0) {
      for (String pair : spec.substring(query + 1).split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        if (eq < 0 || !KEYS.contains(key) || options.containsKey(key)) {
          throw new IllegalArgumentException(
              "image encoder '"
                  + spec
                  + "': bad option '"
                  + pair
                  + "' (each once, key=value, keys "
                  + String.join(", ", KEYS.stream().sorted().toList())
                  + ")");
        }
        options.put(key, pair.substring(eq + 1).strip());
      }
    }
    try {
      int crop = Integer.parseInt(options.getOrDefault("crop", "224"));
      int resize = Integer.parseInt(options.getOrDefault("resize", String.valueOf(crop)));
      Interpolation filter = Interpolation.parse(options.getOrDefault("interpolation", "bicubic"));
      float[] mean = triple(options.get("mean"), ImagePreprocessor.CLIP_MEAN, "mean");
      float[] std = triple(options.get("std"), ImagePreprocessor.CLIP_STD, "std");
      int batch =
          Integer.parseInt(
              options.getOrDefault("batch", String.valueOf(OnnxImageEncoder.DEFAULT_BATCH_SIZE)));
      return new ImageEncoderSpec(
          model,
          new ImagePreprocessor(resize, crop, filter, mean, std),
          options.get("output"),
          batch);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("image encoder '" + spec + "': " + e.getMessage(), e);
    }
  }

  public ImageEncoderSpec {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batchSize);
    }
  }

  /** The encoder with the model read from a local file. */
  public OnnxImageEncoder open(Path modelFile) {
    return OnnxImageEncoder.open(modelFile, preprocessor, outputName, batchSize);
  }

  /** The encoder from model bytes fetched from {@link #model()}. */
  public OnnxImageEncoder open(byte[] modelBytes) {
    return new OnnxImageEncoder(modelBytes, model, preprocessor, outputName, batchSize);
  }

  private static float[] triple(String value, float[] fallback, String name) {
    if (value == null) {
      return fallback;
    }
    String[] parts = value.split(",");
    if (parts.length != 3) {
      throw new IllegalArgumentException(name + " needs 3 comma-separated values, got " + value);
    }
    float[] out = new float[3];
    for (int i = 0; i < 3; i++) {
      out[i] = Float.parseFloat(parts[i].strip());
    }
    return out;
  }
}
