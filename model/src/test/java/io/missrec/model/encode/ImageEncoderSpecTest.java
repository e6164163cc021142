package io.missrec.model.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.model.encode.ImageEncoderSpec.Format;
import io.missrec.model.encode.ImagePreprocessor.Interpolation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImageEncoderSpecTest {

  @Test
  void plainModelGetsClipDefaults() {
    ImageEncoderSpec spec = ImageEncoderSpec.parse("s3://missrec/other/abc");
    assertThat(spec.model()).isEqualTo("s3://missrec/other/abc");
    assertThat(spec.format()).isEqualTo(Format.ONNX);
    assertThat(spec.preprocessor()).usingRecursiveComparison().isEqualTo(ImagePreprocessor.clip());
    assertThat(spec.outputName()).isNull();
    assertThat(spec.batchSize()).isEqualTo(OnnxImageEncoder.DEFAULT_BATCH_SIZE);
  }

  @Test
  void optionsOverrideEachSetting() {
    ImageEncoderSpec spec =
        ImageEncoderSpec.parse(
            "models/vit.onnx?interpolation=bilinear&resize=256&crop=192"
                + "&mean=0.5,0.5,0.5&std=0.25, 0.5,1&output=image_embeds&batch=4");
    assertThat(spec.model()).isEqualTo("models/vit.onnx");
    ImagePreprocessor p = spec.preprocessor();
    assertThat(p.interpolation()).isEqualTo(Interpolation.BILINEAR);
    assertThat(p.resize()).isEqualTo(256);
    assertThat(p.crop()).isEqualTo(192);
    assertThat(p.mean()).containsExactly(0.5f, 0.5f, 0.5f);
    assertThat(p.std()).containsExactly(0.25f, 0.5f, 1f);
    assertThat(spec.outputName()).isEqualTo("image_embeds");
    assertThat(spec.batchSize()).isEqualTo(4);
    // resize follows the crop unless given
    assertThat(ImageEncoderSpec.parse("m.onnx?crop=112").preprocessor().resize()).isEqualTo(112);
  }

  @Test
  void formatFollowsTheOptionThenTheExtensionThenTheCallersDefault() {
    assertThat(ImageEncoderSpec.parse("models/vit.onnx").format()).isEqualTo(Format.ONNX);
    assertThat(ImageEncoderSpec.parse("models/vit.pt").format()).isEqualTo(Format.TORCHSCRIPT);
    assertThat(ImageEncoderSpec.parse("vit.PTH?crop=32").format()).isEqualTo(Format.TORCHSCRIPT);
    assertThat(ImageEncoderSpec.parse("vit.torchscript").format()).isEqualTo(Format.TORCHSCRIPT);
    assertThat(ImageEncoderSpec.parse("vit.bin").format()).isEqualTo(Format.ONNX);
    assertThat(ImageEncoderSpec.parse("s3://missrec/other/abc", Format.TORCHSCRIPT).format())
        .isEqualTo(Format.TORCHSCRIPT);
    assertThat(ImageEncoderSpec.parse("vit.onnx", Format.TORCHSCRIPT).format())
        .isEqualTo(Format.ONNX);
    assertThat(ImageEncoderSpec.parse("vit.bin?format=torchscript").format())
        .isEqualTo(Format.TORCHSCRIPT);
    assertThat(ImageEncoderSpec.parse("vit.pt?format=ONNX").format()).isEqualTo(Format.ONNX);
    assertThatThrownBy(() -> ImageEncoderSpec.parse("vit.pt?format=jit"))
        .hasMessageContaining("image encoder 'vit.pt?format=jit'")
        .hasMessageContaining("unknown format 'jit': use onnx or torchscript");
  }

  @Test
  void opensTheTinyTorchScriptModelWithItsOptions() {
    ImageEncoderSpec spec =
        ImageEncoderSpec.parse(
            TestImages.torchScript("tiny_image_encoder_dict.pt")
                + "?resize=256&output=embeds&batch=3");
    try (ImageEncoder opened = spec.open(Path.of(spec.model()))) {
      assertThat(opened).isInstanceOf(TorchScriptImageEncoder.class);
      TorchScriptImageEncoder encoder = (TorchScriptImageEncoder) opened;
      assertThat(encoder.dim()).isEqualTo(8);
      assertThat(encoder.batchSize()).isEqualTo(3);
      assertThat(encoder.outputName()).isEqualTo("embeds");
      assertThat(encoder.id()).contains("bicubic256-crop224");
    }
  }

  @Test
  void opensTheTinyModelWithItsOptions() {
    ImageEncoderSpec spec =
        ImageEncoderSpec.parse(
            TestImages.model("tiny_image_encoder.onnx") + "?resize=256&output=embeds&batch=3");
    try (ImageEncoder opened = spec.open(Path.of(spec.model()))) {
      assertThat(opened).isInstanceOf(OnnxImageEncoder.class);
      OnnxImageEncoder encoder = (OnnxImageEncoder) opened;
      assertThat(encoder.dim()).isEqualTo(8);
      assertThat(encoder.batchSize()).isEqualTo(3);
      assertThat(encoder.preprocessor().resize()).isEqualTo(256);
      assertThat(encoder.id()).contains("bicubic256-crop224");
    }
  }

  @Test
  void badSpecsNameTheProblem() {
    assertThatThrownBy(() -> ImageEncoderSpec.parse("?crop=1"))
        .hasMessageContaining("no model path or URI");
    assertThatThrownBy(() -> ImageEncoderSpec.parse("m.onnx?size=224"))
        .hasMessageContaining("bad option 'size=224'")
        .hasMessageContaining("batch, crop, format, interpolation, mean, output, resize, std");
    assertThatThrownBy(() -> ImageEncoderSpec.parse("m.onnx?crop=1&crop=2"))
        .hasMessageContaining("bad option 'crop=2'");
    assertThatThrownBy(() -> ImageEncoderSpec.parse("m.onnx?mean=1,2"))
        .hasMessageContaining("image encoder 'm.onnx?mean=1,2': mean needs 3");
    assertThatThrownBy(() -> ImageEncoderSpec.parse("m.onnx?crop=big"))
        .hasMessageContaining("image encoder 'm.onnx?crop=big'")
        .hasMessageContaining("big");
    assertThatThrownBy(() -> ImageEncoderSpec.parse("m.onnx?interpolation=nearest"))
        .hasMessageContaining("unknown interpolation 'nearest'");
    assertThatThrownBy(() -> ImageEncoderSpec.parse("m.onnx?batch=0"))
        .hasMessageContaining("batch must be >= 1");
    assertThatThrownBy(() -> ImageEncoderSpec.parse("m.onnx?resize=100"))
        .hasMessageContaining("crop <= resize");
  }
}
