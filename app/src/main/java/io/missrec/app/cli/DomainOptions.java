package io.missrec.app.cli;

import io.missrec.model.data.DatasetFormat;
import io.missrec.model.data.Domain;
import io.missrec.model.data.DomainReadOptions;
import io.missrec.model.data.Domains;
import io.missrec.model.data.FeatureTable;
import io.missrec.model.data.SyntheticConfig;
import io.missrec.model.data.SyntheticDomains;
import io.missrec.model.encode.FeatureCache;
import io.missrec.model.encode.ImageEncoder;
import io.missrec.model.encode.ImageEncoderSpec;
import io.missrec.model.encode.ImageFeatureExtractor;
import io.missrec.model.encode.ItemImages;
import io.missrec.model.encode.MiniLmTextEncoder;
import io.missrec.model.encode.TextFeatureExtractor;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * One domain read locally with its item features: {@code --dataset} or {@code --synthetic}, the
 * feature files, and the frozen encoders that can stand in for them. Shared by {@code train} and
 * {@code recommend}, so a model is served on features built exactly as it was trained on.
 */
final class DomainOptions {
  @Option(
      names = "--dataset",
      description = "dataset folder (RecBole/UniSRec, ReChorus CSV or RecBole atomic files)")
  Path dataset;

  @Option(
      names = "--format",
      description = "dataset format: ${COMPLETION-CANDIDATES} (default: detected)")
  DatasetFormat format;

  @Option(
      names = "--synthetic",
      description = "the generated synthetic domain with this index (0..2) instead")
  Integer synthetic;

  @Option(
      names = "--features",
      split = ",",
      description =
          "modality=fileSuffix pairs, e.g. text=feat1CLS,image=feat3CLS (default: detected)")
  Map<String, String> features;

  @Option(
      names = "--encode-text",
      description = "encode item texts with the frozen MiniLM encoder as the text modality")
  boolean encodeText;

  @Option(
      names = "--encode-images",
      paramLabel = "MODEL.onnx|MODEL.pt[?options]",
      description =
          "encode item images (listed in <dataset>/<name>.images) with this frozen image encoder"
              + " as the image modality: ONNX (.onnx) or TorchScript (.pt, .pth, .torchscript, or"
              + " ?format=torchscript); options e.g. ?interpolation=bilinear&output=x")
  String encodeImages;

  @Option(
      names = "--images",
      description = "item image list, item_id<TAB>path (default <dataset>/<name>.images)")
  Path imageList;

  @Option(names = "--cache", description = "feature cache folder (default ~/.cache/missrec)")
  Path cache;

  /** The texts and table of the last {@code --encode-text} extraction, reused by the next. */
  private TextFeatureExtractor.Previous lastText;

  /** The last {@code --encode-images} extraction, whose rows the next reuses by image digest. */
  private ImageFeatureExtractor.Extraction lastImages;

  /** Where the domain came from, for reports: {@code synthetic:N} or the dataset's path. */
  String source() {
    return synthetic != null
        ? "synthetic:" + synthetic
        : dataset.toAbsolutePath().normalize().toString();
  }

  /** The name of the {@code --synthetic} domain; refuses an index out of range. */
  String syntheticName() {
    List<String> names = SyntheticConfig.defaults().domainNames();
    if (synthetic < 0 || synthetic >= names.size()) {
      throw new IllegalArgumentException(
          "--synthetic must be 0.." + (names.size() - 1) + ", got " + synthetic);
    }
    return names.get(synthetic);
  }

  /** Reads the domain and adds the encoded modalities; refuses a domain with no features. */
  Domain load() {
    Domain domain;
    if (synthetic != null) {
      syntheticName();
      domain = SyntheticDomains.generate(SyntheticConfig.defaults()).get(synthetic);
    } else if (dataset != null) {
      DomainReadOptions options = DomainReadOptions.defaults();
      if (features != null) {
        options = options.withFeatures(features, 0);
      }
      domain =
          Domains.read(dataset, format != null ? format : DatasetFormat.detect(dataset), options);
    } else {
      throw new IllegalArgumentException("give --dataset DIR or --synthetic N");
    }
    if (encodeText) {
      try (MiniLmTextEncoder encoder = new MiniLmTextEncoder()) {
        TextFeatureExtractor.Extraction e =
            extractor(encoder).extract(domain.itemTexts(), FeatureTable.TEXT, lastText);
        System.out.printf(
            Locale.ROOT,
            "features text: %d items, %s%n",
            e.items(),
            e.fromCache()
                ? "from cache"
                : lastText != null
                    ? String.format(
                        Locale.ROOT,
                        "%d encoded (the others' features reused) in %.2f s",
                        e.encoded(),
                        e.seconds())
                    : String.format(Locale.ROOT, "%.0f items/s", e.itemsPerSecond()));
        domain = domain.withFeature(e.table());
        // a reading of the same dataset again (serve --follow-dataset) encodes only new texts
        lastText = new TextFeatureExtractor.Previous(domain.itemTexts(), e.table());
      }
    }
    if (encodeImages != null) {
      domain = domain.withFeature(imageFeatures(domain));
    }
    if (domain.features().isEmpty()) {
      throw new IllegalArgumentException(
          "domain "
              + domain.name()
              + " has no item features: pass --features, --encode-text or --encode-images");
    }
    return domain;
  }

  TextFeatureExtractor extractor(MiniLmTextEncoder encoder) {
    return new TextFeatureExtractor(encoder, featureCache());
  }

  private FeatureCache featureCache() {
    Path dir =
        cache != null ? cache : Path.of(System.getProperty("user.home"), ".cache", "missrec");
    return new FeatureCache(dir);
  }

  /** The image modality: each listed image run through the --encode-images model. */
  private FeatureTable imageFeatures(Domain domain) {
    if (imageList == null && dataset == null) {
      throw new IllegalArgumentException("--encode-images needs --dataset DIR or --images FILE");
    }
    ImageEncoderSpec spec = ImageEncoderSpec.parse(encodeImages);
    Path list = imageList != null ? imageList : dataset.resolve(domain.name() + ".images");
    List<Path> images = ItemImages.readList(list, domain.itemIds());
    try (ImageEncoder encoder = spec.open(Path.of(spec.model()))) {
      ImageFeatureExtractor.Extraction e =
          new ImageFeatureExtractor(encoder, featureCache())
              .extract(domain.itemIds(), images, FeatureTable.IMAGE, lastImages);
      // a reading of the same dataset again (serve --follow-dataset) encodes only new images
      lastImages = e;
      System.out.printf(
          Locale.ROOT,
          "features image: %d items, %d without an image, %s%n",
          e.items(),
          e.missingReasons().size(),
          e.fromCache()
              ? "from cache"
              : String.format(
                  Locale.ROOT, "%d encoded, %.0f items/s", e.encoded(), e.itemsPerSecond()));
      return e.table();
    }
  }
}
