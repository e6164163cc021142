package io.missrec.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.missrec.model.data.SyntheticConfig;
import io.missrec.model.data.SyntheticDomains;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `./missrec train --encode-images` with the tiny TorchScript and ONNX models of model/. */
class TrainCommandTest {

  /**
   * Made by model/src/test/resources/torchscript/make_tiny_image_encoder.py: [N,3,H,W] -> [N,8].
   */
  private static final Path TINY_TORCHSCRIPT =
      Path.of("../model/src/test/resources/torchscript/tiny_image_encoder.pt");

  @TempDir Path dir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void encodesImagesWithATorchScriptModelAndTrains() throws Exception {
    assertThat(TINY_TORCHSCRIPT).as("run from the app module folder").isRegularFile();
    Path list = imageList();

    CliRun run =
        CliRun.of(
            "train",
            "--synthetic",
            "0",
            "--images",
            list.toString(),
            "--encode-images",
            TINY_TORCHSCRIPT.toString(),
            "--epochs",
            "1",
            "--out",
            dir.resolve("out").toString(),
            "--cache",
            dir.resolve("cache").toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    int items = SyntheticDomains.generate(SyntheticConfig.defaults()).get(0).numItems();
    assertThat(run.out())
        .contains("features image: " + items + " items, " + (items - 2) + " without an image")
        .contains("best epoch 1");
    assertThat(dir.resolve("out/report.json")).isRegularFile();
    try (var cached = Files.list(dir.resolve("cache"))) {
      assertThat(cached.toList()).as("the image table is cached").isNotEmpty();
    }
  }

  @Test
  void aTorchScriptFileForcedThroughOnnxIsNamedInTheError() throws Exception {
    CliRun run =
        CliRun.of(
            "train",
            "--synthetic",
            "0",
            "--images",
            imageList().toString(),
            "--encode-images",
            TINY_TORCHSCRIPT + "?format=onnx",
            "--epochs",
            "1",
            "--out",
            dir.resolve("out").toString(),
            "--cache",
            dir.resolve("cache").toString());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err())
        .contains("cannot load image model tiny_image_encoder.pt into ONNX Runtime");
  }

  /** Images for the first two items of synthetic domain 0 and a missing file for the third. */
  private Path imageList() throws Exception {
    List<String> ids = SyntheticDomains.generate(SyntheticConfig.defaults()).get(0).itemIds();
    Files.createDirectories(dir.resolve("img"));
    ImageIO.write(solid(0xc83c14), "png", dir.resolve("img/0.png").toFile());
    ImageIO.write(solid(0x14c83c), "png", dir.resolve("img/1.png").toFile());
    return Files.writeString(
        dir.resolve("items.images"),
        ids.get(0)
            + "\timg/0.png\n"
            + ids.get(1)
            + "\timg/1.png\n"
            + ids.get(2)
            + "\timg/gone.png\n");
  }

  private static BufferedImage solid(int rgb) {
    BufferedImage image = new BufferedImage(240, 224, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }
}
