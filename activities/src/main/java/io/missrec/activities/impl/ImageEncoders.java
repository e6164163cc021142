package io.missrec.activities.impl;

import io.missrec.model.data.Domain;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.encode.FeatureCache;
import io.missrec.model.encode.ImageEncoder;
import io.missrec.model.encode.ImageEncoderSpec;
import io.missrec.model.encode.ImageEncoderSpec.Format;
import io.missrec.model.encode.ImageFeatureExtractor;
import io.missrec.model.encode.ItemImages;
import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.payload.FeatureSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Image features for a {@link FeatureSpec} encoder {@code onnx:<artifact URI>[?options]} or {@code
 * torchscript:<artifact URI>[?options]}: the model is fetched from the artifact store (verified by
 * the digest in its URI) and run by ONNX Runtime or DJL's PyTorch engine as the prefix says, the
 * images are the snapshot's {@code <name>.images} list, options as in {@link ImageEncoderSpec}.
 */
final class ImageEncoders {
  /** Prefix of an ONNX image encoder in a {@link FeatureSpec}. */
  static final String ONNX_PREFIX = FeatureSpec.ONNX_PREFIX;

  /** Prefix of a TorchScript image encoder in a {@link FeatureSpec}. */
  static final String TORCHSCRIPT_PREFIX = FeatureSpec.TORCHSCRIPT_PREFIX;

  private ImageEncoders() {}

  static boolean isImageModel(String encoder) {
    return encoder.startsWith(ONNX_PREFIX) || encoder.startsWith(TORCHSCRIPT_PREFIX);
  }

  /**
   * The spec after the prefix, in the prefix's format (artifact URIs carry no file extension).
   *
   * @throws IllegalArgumentException for a bad spec or a {@code format} option that contradicts the
   *     prefix
   */
  static ImageEncoderSpec spec(String encoder) {
    boolean torchScript = encoder.startsWith(TORCHSCRIPT_PREFIX);
    Format format = torchScript ? Format.TORCHSCRIPT : Format.ONNX;
    String prefix = torchScript ? TORCHSCRIPT_PREFIX : ONNX_PREFIX;
    ImageEncoderSpec spec = ImageEncoderSpec.parse(encoder.substring(prefix.length()), format);
    if (spec.format() != format) {
      throw new IllegalArgumentException(
          "image encoder '"
              + encoder
              + "': format "
              + spec.format().name().toLowerCase(Locale.ROOT)
              + " contradicts the prefix "
              + prefix);
    }
    return spec;
  }

  /**
   * Encodes the snapshot's item images; the feature cache lives under {@code
   * workDir/feature-cache}, keyed by model digest, preprocessing and image bytes.
   */
  static FeatureTable extract(
      Domain domain,
      Path dir,
      String modality,
      String encoder,
      LocalArtifacts artifacts,
      Path workDir) {
    ImageEncoderSpec spec;
    try {
      spec = spec(encoder);
    } catch (IllegalArgumentException e) {
      throw ActivityErrors.invalidInput(e.getMessage(), e);
    }
    Path list = dir.resolve(domain.name() + ".images");
    if (!Files.isRegularFile(list)) {
      throw ActivityErrors.invalidInput(
          "dataset "
              + domain.name()
              + " has no image list "
              + list.getFileName()
              + " to encode for '"
              + modality
              + "'");
    }
    List<Path> images;
    ImageEncoder model;
    try {
      images = ItemImages.readList(list, domain.itemIds());
      model = spec.open(artifacts.fetch(spec.model()));
    } catch (IllegalArgumentException e) {
      throw ActivityErrors.invalidInput(e.getMessage(), e);
    }
    try (HeartbeatingEncoder<BufferedImage> heartbeating = new HeartbeatingEncoder<>(model)) {
      return new ImageFeatureExtractor(
              heartbeating, new FeatureCache(workDir.resolve("feature-cache")))
          .extract(domain.itemIds(), images, modality)
          .table();
    }
  }
}
