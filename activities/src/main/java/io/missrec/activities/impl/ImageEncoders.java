package io.missrec.activities.impl;

import io.missrec.model.data.Domain;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.encode.FeatureCache;
import io.missrec.model.encode.ImageEncoder;
import io.missrec.model.encode.ImageEncoderSpec;
import io.missrec.model.encode.ImageFeatureExtractor;
import io.missrec.model.encode.ItemImages;
import io.missrec.model.encode.OnnxImageEncoder;
import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.payload.FeatureSpec;
import io.temporal.activity.Activity;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Image features for a {@link FeatureSpec} encoder {@code onnx:<artifact URI>[?options]}: the ONNX
 * model is fetched from the artifact store (verified by the digest in its URI), the images are the
 * snapshot's {@code <name>.images} list, options as in {@link ImageEncoderSpec}.
 */
final class ImageEncoders {
  /** Prefix of an ONNX image encoder in a {@link FeatureSpec}. */
  static final String ONNX_PREFIX = FeatureSpec.ONNX_PREFIX;

  private ImageEncoders() {}

  static boolean isOnnx(String encoder) {
    return encoder.startsWith(ONNX_PREFIX);
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
      spec = ImageEncoderSpec.parse(encoder.substring(ONNX_PREFIX.length()));
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
    OnnxImageEncoder onnx;
    try {
      images = ItemImages.readList(list, domain.itemIds());
      onnx = spec.open(artifacts.fetch(spec.model()));
    } catch (IllegalArgumentException e) {
      throw ActivityErrors.invalidInput(e.getMessage(), e);
    }
    try (ImageEncoder heartbeating = new Heartbeating(onnx)) {
      return new ImageFeatureExtractor(
              heartbeating, new FeatureCache(workDir.resolve("feature-cache")))
          .extract(domain.itemIds(), images, modality)
          .table();
    }
  }

  /** Heartbeats after every chunk the extractor encodes. */
  private record Heartbeating(ImageEncoder inner) implements ImageEncoder {
    @Override
    public String id() {
      return inner.id();
    }

    @Override
    public int dim() {
      return inner.dim();
    }

    @Override
    public float[][] encode(List<BufferedImage> images) {
      float[][] vectors = inner.encode(images);
      Activity.getExecutionContext().heartbeat(images.size());
      return vectors;
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
