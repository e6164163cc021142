package io.missrec.activities.impl;

import io.missrec.model.encode.FeatureCache;
import io.missrec.model.encode.MiniLmTextEncoder;
import io.missrec.model.encode.TextFeatureExtractor;
import io.missrec.workflows.activities.ActivityErrors;
import io.missrec.workflows.payload.FeatureSpec;
import java.nio.file.Path;
import java.util.Locale;

/** The frozen text encoders a {@link FeatureSpec} may name, with heartbeats while encoding. */
final class TextEncoders {
  /** Encoder id of all-MiniLM-L6-v2 in a {@link FeatureSpec}. */
  static final String MINILM = "all-minilm-l6-v2";

  private TextEncoders() {}

  static boolean isPrecomputed(String encoder) {
    return encoder.startsWith(FeatureSpec.PRECOMPUTED_PREFIX);
  }

  static boolean isMiniLm(String encoder) {
    return encoder.toLowerCase(Locale.ROOT).startsWith(MINILM);
  }

  /** An extractor with the text feature cache under {@code workDir/feature-cache}. */
  static TextFeatureExtractor extractor(String encoder, Path workDir) {
    if (!isMiniLm(encoder)) {
      throw ActivityErrors.invalidInput(
          "unknown encoder '"
              + encoder
              + "' ("
              + MINILM
              + ", precomputed:<suffix>, "
              + ImageEncoders.ONNX_PREFIX
              + "<artifact URI> or "
              + ImageEncoders.TORCHSCRIPT_PREFIX
              + "<artifact URI>)");
    }
    return new TextFeatureExtractor(
        new HeartbeatingEncoder<>(new MiniLmTextEncoder()),
        new FeatureCache(workDir.resolve("feature-cache")));
  }
}
