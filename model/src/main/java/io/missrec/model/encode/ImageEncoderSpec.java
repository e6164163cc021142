package io.missrec.model.encode;

import io.missrec.model.encode.ImagePreprocessor.Interpolation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A frozen image encoder named by one string, {@code <model>[?key=value&...]}: where the model is
 * (a file path or an artifact URI), its format and how images are preprocessed. Keys, all optional:
 * {@code format} (onnx | torchscript; by default from the model's extension, {@code .onnx} or
 * {@code .pt}, {@code .pth}, {@code .torchscript}, else the caller's default), {@code
 * interpolation} (bicubic | bilinear, default bicubic), {@code resize} (shorter side, default the
 * crop), {@code crop} (default 224), {@code mean} and {@code std} (three comma-separated values,
 * default CLIP's), {@code output} (output name, default the first; for TorchScript a dict key or an
 * index into the returned tuple or list), {@code batch} (images per call, default {@value
 * #DEFAULT_BATCH_SIZE}). Example: {@code
 * clip-vit-b32.onnx?output=image_embeds&interpolation=bilinear}.
 *
 * @param model the model's path or URI
 * @param format which runtime loads the model
 * @param preprocessor how images become model input
 * @param outputName output to read, or null for the first
 * @param batchSize images per model call
 */
public record ImageEncoderSpec(
    String model, Format format, ImagePreprocessor preprocessor, String outputName, int batchSize) {

  /** Images per model call unless the spec says otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 16;

  private static final Set<String> KEYS =
      Set.of("format", "interpolation", "resize", "crop", "mean", "std", "output", "batch");

  /** Model formats, each with its runtime. */
  public enum Format {
    /** An ONNX graph, run by ONNX Runtime ({@link OnnxImageEncoder}). */
    ONNX,
    /** A TorchScript module, run by DJL's PyTorch engine ({@link TorchScriptImageEncoder}). */
    TORCHSCRIPT;

    /** Parses "onnx" or "torchscript", naming the accepted values when {@code name} is neither. */
    public static Format parse(String name) {
      try {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown format '" + name + "': use onnx or torchscript", e);
      }
    }

    /** The format a model's file extension names, or null for another extension. */
    static Format ofExtension(String model) {
      String name = model.toLowerCase(Locale.ROOT);
      if (name.endsWith(".onnx")) {
        return ONNX;
      }
      if (name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".torchscript")) {
        return TORCHSCRIPT;
      }
      return null;
    }
  }

  /**
   * Parses {@code <model>[?key=value&...]}; a model with no {@code format} option and no known
   * extension is taken as ONNX.
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public static ImageEncoderSpec parse(String spec) {
    return parse(spec, Format.ONNX);
  }

  /**
   * Parses {@code <model>[?key=value&...]}.
   *
   * @param fallback the format when neither a {@code format} option nor the model's extension names
   *     one (artifact URIs have no extension)
   * @throws IllegalArgumentException naming the bad part
   */
  public static ImageEncoderSpec parse(String spec, Format fallback) {
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
      Format format =
          options.containsKey("format")
              ? Format.parse(options.get("format"))
              : Objects.requireNonNullElse(Format.ofExtension(model), fallback);
      int crop = Integer.parseInt(options.getOrDefault("crop", "224"));
      int resize = Integer.parseInt(options.getOrDefault("resize", String.valueOf(crop)));
      Interpolation filter = Interpolation.parse(options.getOrDefault("interpolation", "bicubic"));
      float[] mean = triple(options.get("mean"), ImagePreprocessor.CLIP_MEAN, "mean");
      float[] std = triple(options.get("std"), ImagePreprocessor.CLIP_STD, "std");
      int batch =
          Integer.parseInt(options.getOrDefault("batch", String.valueOf(DEFAULT_BATCH_SIZE)));
      return new ImageEncoderSpec(
          model,
          format,
          new ImagePreprocessor(resize, crop, filter, mean, std),
          options.get("output"),
          batch);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("image encoder '" + spec + "': " + e.getMessage(), e);
    }
  }

  public ImageEncoderSpec {
    if (format == null) {
      throw new IllegalArgumentException("format is required");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batchSize);
    }
  }

  /**
   * The encoder with the model read from a local file ({@link #model()} itself, or a local copy of
   * it) by the runtime of {@link #format()}.
   */
  public ImageEncoder open(Path modelFile) {
    return switch (format) {
      case ONNX -> OnnxImageEncoder.open(modelFile, preprocessor, outputName, batchSize);
      case TORCHSCRIPT ->
          TorchScriptImageEncoder.open(modelFile, preprocessor, outputName, batchSize);
    };
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
