package io.missrec.model.encode;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The standard vision-encoder preprocessing: resize so the shorter side is {@code resize} pixels
 * (aspect ratio kept), centre-crop {@code crop x crop}, scale RGB to [0, 1], normalise each channel
 * with {@code (v - mean) / std}, lay out as CHW float32.
 *
 * <p>Resizing is separable and antialiased like Pillow's: each output pixel is a weighted sum of
 * the input pixels under the filter (bilinear: triangle, support 1; bicubic: Keys cubic with a =
 * -0.5, support 2), the filter widened by the scale factor when shrinking. Unlike Pillow the
 * intermediate pass stays in float, so results can differ from a Pillow pipeline by about one grey
 * level. The longer side becomes {@code floor(long * resize / short)} (torchvision's rule); the
 * crop starts at {@code floor((side - crop) / 2)}. Alpha is ignored; images are read as sRGB.
 *
 * @param resize target length of the shorter side before cropping
 * @param crop output height and width
 * @param interpolation resampling filter
 * @param mean per-channel mean (R, G, B) subtracted after scaling to [0, 1]
 * @param std per-channel standard deviation (R, G, B), all positive
 */
public record ImagePreprocessor(
    int resize, int crop, Interpolation interpolation, float[] mean, float[] std) {

  /** CLIP's normalisation constants (OpenAI CLIP, also used by most CLIP exports). */
  public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};

  public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

  /** Resampling filters. */
  public enum Interpolation {
    BILINEAR(1.0) {
      @Override
      double weight(double x) {
        x = Math.abs(x);
        return x < 1 ? 1 - x : 0;
      }
    },
    BICUBIC(2.0) {
      @Override
      double weight(double x) {
        double a = -0.5;
        x = Math.abs(x);
        if (x < 1) {
          return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        if (x < 2) {
          return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0;
      }
    };

    final double support;

    Interpolation(double support) {
      this.support = support;
    }

    abstract double weight(double x);

    /** Parses "bicubic" or "bilinear", naming the accepted values when {@code name} is neither. */
    public static Interpolation parse(String name) {
      try {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown interpolation '" + name + "': use bicubic or bilinear", e);
      }
    }
  }

  public ImagePreprocessor {
    if (resize < 1 || crop < 1 || crop > resize) {
      throw new IllegalArgumentException(
          "need 1 <= crop <= resize, got resize " + resize + ", crop " + crop);
    }
    if (interpolation == null) {
      throw new IllegalArgumentException("interpolation is required");
    }
    if (mean == null || std == null || mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need exactly 3 values (R, G, B)");
    }
    for (float s : std) {
      if (!(s > 0) || Float.isInfinite(s)) {
        throw new IllegalArgumentException("std values must be positive, got " + s);
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** CLIP ViT defaults: bicubic, shorter side 224, centre crop 224, CLIP mean and std. */
  public static ImagePreprocessor clip() {
    return new ImagePreprocessor(224, 224, Interpolation.BICUBIC, CLIP_MEAN, CLIP_STD);
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  /** Floats per image: {@code 3 * crop * crop}. */
  public int floatsPerImage() {
    return 3 * crop * crop;
  }

  /** Describes every setting; part of an image encoder's id so a change invalidates caches. */
  public String id() {
    return String.format(
        Locale.ROOT,
        "%s%d-crop%d-mean%s-std%s",
        interpolation.name().toLowerCase(Locale.ROOT),
        resize,
        crop,
        Arrays.toString(mean).replace(" ", ""),
        Arrays.toString(std).replace(" ", ""));
  }

  /** The image as a CHW float array of {@link #floatsPerImage()} values. */
  public float[] toChw(BufferedImage image) {
    FloatBuffer out = FloatBuffer.allocate(floatsPerImage());
    write(image, out);
    return out.array();
  }

  /** The images as one NCHW batch: {@code (n, 3, crop, crop)} floats, ready to read. */
  public FloatBuffer batch(List<BufferedImage> images) {
    FloatBuffer pixels = FloatBuffer.allocate(images.size() * floatsPerImage());
    for (BufferedImage image : images) {
      write(image, pixels);
    }
    return pixels.flip();
  }

  /** Writes the image as {@link #floatsPerImage()} CHW floats at {@code out}'s position. */
  public void write(BufferedImage image, FloatBuffer out) {
    int width = image.getWidth();
    int height = image.getHeight();
    int shorter = Math.min(width, height);
    int newWidth = width == shorter ? resize : (int) ((long) width * resize / shorter);
    int newHeight = height == shorter ? resize : (int) ((long) height * resize / shorter);
    int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
    int left = (newWidth - crop) / 2;
    int top = (newHeight - crop) / 2;
    Taps columns = Taps.of(width, newWidth, left, crop, interpolation);
    Taps rows = Taps.of(height, newHeight, top, crop, interpolation);
    float[] plane = new float[crop * height];
    for (int channel = 0; channel < 3; channel++) {
      int shift = 16 - 8 * channel; // R, G, B
      // Horizontal pass: every input row, only the cropped output columns.
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < crop; x++) {
          double sum = 0;
          for (int k = 0; k < columns.count[x]; k++) {
            int source = columns.first[x] + k;
            sum += columns.weights[x][k] * ((argb[y * width + source] >> shift) & 0xff);
          }
          plane[y * crop + x] = (float) sum;
        }
      }
      // Vertical pass on the cropped rows, then scale and normalise.
      double scale = 1.0 / (255.0 * std[channel]);
      double offset = mean[channel] / std[channel];
      for (int y = 0; y < crop; y++) {
        for (int x = 0; x < crop; x++) {
          double sum = 0;
          for (int k = 0; k < rows.count[y]; k++) {
            sum += rows.weights[y][k] * plane[(rows.first[y] + k) * crop + x];
          }
          double value = Math.min(255.0, Math.max(0.0, sum));
          out.put((float) (value * scale - offset));
        }
      }
    }
  }

  /** Filter taps of one axis: for each kept output pixel, its first source pixel and weights. */
  private record Taps(int[] first, int[] count, double[][] weights) {

    static Taps of(int in, int out, int skip, int keep, Interpolation filter) {
      double scale = (double) in / out;
      double stretch = Math.max(scale, 1.0);
      double support = filter.support * stretch;
      int[] first = new int[keep];
      int[] count = new int[keep];
      double[][] weights = new double[keep][];
      for (int i = 0; i < keep; i++) {
        double centre = (skip + i + 0.5) * scale;
        int from = Math.max(0, (int) (centre - support + 0.5));
        int to = Math.min(in, (int) (centre + support + 0.5));
        double[] w = new double[Math.max(0, to - from)];
        double total = 0;
        for (int j = 0; j < w.length; j++) {
          w[j] = filter.weight((from + j + 0.5 - centre) / stretch);
          total += w[j];
        }
        for (int j = 0; j < w.length; j++) {
          w[j] = total != 0 ? w[j] / total : 0;
        }
        first[i] = from;
        count[i] = w.length;
        weights[i] = w;
      }
      return new Taps(first, count, weights);
    }
  }
}
