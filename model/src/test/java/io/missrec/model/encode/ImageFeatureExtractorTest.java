package io.missrec.model.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.missrec.model.data.FeatureTable;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFeatureExtractorTest {

  private static final List<String> ITEMS = List.of("a", "b", "gone", "text", "none", "c", "cut");

  /** Counts the images and calls that reach the real tiny ONNX encoder. */
  private static final class Counting implements ImageEncoder {
    final OnnxImageEncoder inner =
        OnnxImageEncoder.open(
            TestImages.model("tiny_image_encoder.onnx"), ImagePreprocessor.clip());
    final List<Integer> calls = new ArrayList<>();

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
      calls.add(images.size());
      return inner.encode(images);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  /**
   * Images for a, b, c; "gone" listed but absent; "text" not an image; "none" not listed; "cut" a
   * truncated PNG.
   */
  private static Path dataset(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("img"));
    TestImages.png(TestImages.solid(300, 250, 0xff0000), dir.resolve("img/a.png"));
    TestImages.png(TestImages.solid(224, 224, 0x00ff00), dir.resolve("img/b.png"));
    TestImages.png(TestImages.split(400, 224, 200, 0x0000ff, 0xffffff), dir.resolve("img/c.png"));
    Files.writeString(dir.resolve("img/text.jpg"), "not really a jpeg");
    byte[] png = Files.readAllBytes(dir.resolve("img/a.png"));
    Files.write(dir.resolve("img/cut.png"), Arrays.copyOf(png, png.length / 2));
    return Files.writeString(
        dir.resolve("shop.images"),
        "item_id\timage\n"
            + "a\timg/a.png\n"
            + "b\timg/b.png\n"
            + "gone\timg/gone.png\n"
            + "\n"
            + "text\timg/text.jpg\n"
            + "c\timg/c.png\n"
            + "cut\timg/cut.png\n"
            + "other-domain\timg/x.png\n");
  }

  @Test
  void encodesListedImagesAndMarksTheRestMissingWithReasons(@TempDir Path dir) throws Exception {
    Path list = dataset(dir);
    List<Path> images = ItemImages.readList(list, ITEMS);
    assertThat(images.get(4)).isNull();
    assertThat(images.get(0)).isEqualTo(dir.resolve("img/a.png").toAbsolutePath().normalize());

    try (Counting encoder = new Counting()) {
      ImageFeatureExtractor.Extraction run =
          new ImageFeatureExtractor(encoder, null, 2).extract(ITEMS, images);
      FeatureTable table = run.table();

      assertThat(table.modality()).isEqualTo(FeatureTable.IMAGE);
      assertThat(table.numItems()).isEqualTo(7);
      assertThat(table.dim()).isEqualTo(8);
      assertThat(table.missing()).containsExactly(false, false, true, true, true, false, true);
      for (int i : new int[] {2, 3, 4, 6}) {
        assertThat(table.row(i)).containsOnly(0f);
      }
      for (int i : new int[] {0, 1, 5}) {
        BufferedImage decoded = javax.imageio.ImageIO.read(images.get(i).toFile());
        assertThat(table.row(i)).isEqualTo(encoder.inner.encode(List.of(decoded))[0]);
      }
      assertThat(run.encoded()).isEqualTo(3);
      assertThat(run.fromCache()).isFalse();
      // a, b then c: "gone" never reaches decoding, "text" and "cut" fail to decode.
      assertThat(encoder.calls).containsExactly(2, 1);
      assertThat(run.missingReasons()).containsOnlyKeys("gone", "text", "none", "cut");
      assertThat(run.missingReasons().get("cut")).contains("does not decode").contains("cut.png");
      assertThat(run.missingReasons().get("gone"))
          .contains("image file not found")
          .contains(dir.resolve("img/gone.png").toString());
      assertThat(run.missingReasons().get("text"))
          .contains("not a decodable image")
          .contains("text.jpg");
      assertThat(run.missingReasons().get("none")).isEqualTo("no image listed");
    }
  }

  @Test
  void cacheIsKeyedByImageContentNotPath(@TempDir Path dir) throws Exception {
    Path list = dataset(dir);
    FeatureCache cache = new FeatureCache(dir.resolve("cache"));
    try (Counting encoder = new Counting()) {
      ImageFeatureExtractor extractor = new ImageFeatureExtractor(encoder, cache, 64);
      List<Path> images = ItemImages.readList(list, ITEMS);
      ImageFeatureExtractor.Extraction first = extractor.extract(ITEMS, images);
      assertThat(encoder.calls).containsExactly(3);

      // Same bytes under other names: served from the cache, encoder not called.
      Files.move(dir.resolve("img"), dir.resolve("pictures"));
      List<Path> moved = new ArrayList<>(images);
      moved.replaceAll(p -> p == null ? null : dir.resolve("pictures").resolve(p.getFileName()));
      ImageFeatureExtractor.Extraction second = extractor.extract(ITEMS, moved);
      assertThat(second.fromCache()).isTrue();
      assertThat(second.encoded()).isZero();
      assertThat(second.table().values()).isEqualTo(first.table().values());
      assertThat(second.table().missing()).isEqualTo(first.table().missing());
      assertThat(second.missingReasons()).containsOnlyKeys("gone", "text", "none", "cut");
      assertThat(encoder.calls).containsExactly(3);

      // Changing one image's bytes misses the cache.
      TestImages.png(TestImages.solid(224, 224, 0x00fe00), dir.resolve("pictures/b.png"));
      ImageFeatureExtractor.Extraction third = extractor.extract(ITEMS, moved);
      assertThat(third.fromCache()).isFalse();
      assertThat(third.table().row(1)).isNotEqualTo(first.table().row(1));
      assertThat(third.table().row(0)).isEqualTo(first.table().row(0));
      assertThat(encoder.calls).containsExactly(3, 3);
    }
  }

  @Test
  void aCatalogueReadAgainEncodesOnlyItsNewImages(@TempDir Path dir) throws Exception {
    Path list = dataset(dir);
    try (Counting encoder = new Counting()) {
      ImageFeatureExtractor extractor = new ImageFeatureExtractor(encoder, null, 64);
      ImageFeatureExtractor.Extraction first =
          extractor.extract(ITEMS, ItemImages.readList(list, ITEMS));
      // one item added, with a new image; the others keep their bytes
      TestImages.png(TestImages.solid(224, 224, 0x123456), dir.resolve("img/d.png"));
      Files.writeString(list, "d\timg/d.png\n", StandardOpenOption.APPEND);
      List<String> more = new ArrayList<>(ITEMS);
      more.add("d");

      ImageFeatureExtractor.Extraction again =
          extractor.extract(more, ItemImages.readList(list, more), FeatureTable.IMAGE, first);

      assertThat(encoder.calls).as("the new image alone is encoded").containsExactly(3, 1);
      assertThat(again.encoded()).isEqualTo(1);
      for (int i = 0; i < ITEMS.size(); i++) {
        assertThat(again.table().row(i)).isEqualTo(first.table().row(i));
        assertThat(again.table().missing()[i]).isEqualTo(first.table().missing()[i]);
      }
      ImageFeatureExtractor.Extraction whole =
          new ImageFeatureExtractor(encoder, null, 64)
              .extract(more, ItemImages.readList(list, more));
      assertThat(again.table().row(ITEMS.size())).isEqualTo(whole.table().row(ITEMS.size()));
    }
  }

  @Test
  void tablesCanBeNamedForAnotherModality(@TempDir Path dir) throws Exception {
    List<Path> images = ItemImages.readList(dataset(dir), ITEMS);
    try (Counting encoder = new Counting()) {
      FeatureTable table =
          new ImageFeatureExtractor(encoder, new FeatureCache(dir.resolve("cache")))
              .extract(ITEMS, images, "thumbnail")
              .table();
      assertThat(table.modality()).isEqualTo("thumbnail");
      assertThat(table.presentCount()).isEqualTo(3);
    }
  }

  @Test
  void folderLookupFindsItemIdFiles(@TempDir Path dir) throws Exception {
    dataset(dir);
    List<Path> found = ItemImages.fromFolder(dir.resolve("img"), ITEMS);
    assertThat(found)
        .containsExactly(
            dir.resolve("img/a.png"),
            dir.resolve("img/b.png"),
            null,
            dir.resolve("img/text.jpg"),
            null,
            dir.resolve("img/c.png"),
            dir.resolve("img/cut.png"));
    assertThatThrownBy(() -> ItemImages.fromFolder(dir.resolve("nope"), ITEMS))
        .hasMessageContaining("image folder not found")
        .hasMessageContaining("nope");
  }

  @Test
  void malformedListsAndBadArgumentsAreNamed(@TempDir Path dir) throws Exception {
    Path noTab = Files.writeString(dir.resolve("a.images"), "a\timg/a.png\nb img/b.png\n");
    assertThatThrownBy(() -> ItemImages.readList(noTab, ITEMS))
        .hasMessageContaining(noTab + " line 2")
        .hasMessageContaining("item_id<TAB>image path");
    Path twice = Files.writeString(dir.resolve("b.images"), "a\tx.png\na\ty.png\n");
    assertThatThrownBy(() -> ItemImages.readList(twice, ITEMS))
        .hasMessageContaining(twice + " line 2")
        .hasMessageContaining("second image for item 'a'");
    assertThatThrownBy(() -> ItemImages.readList(dir.resolve("none.images"), ITEMS))
        .hasMessageContaining("image list not found");

    try (Counting encoder = new Counting()) {
      ImageFeatureExtractor extractor = new ImageFeatureExtractor(encoder, null, 8);
      assertThatThrownBy(() -> extractor.extract(ITEMS, Arrays.asList(null, null)))
          .hasMessageContaining("need one image entry per item: 2 for 7 items");
      assertThatThrownBy(() -> new ImageFeatureExtractor(encoder, null, 0))
          .hasMessageContaining("chunkSize must be >= 1");
    }
  }
}
