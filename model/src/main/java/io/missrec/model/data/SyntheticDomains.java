package io.missrec.model.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Deterministic multi-domain data set with latent interests, so training and tests run without
 * external data.
 *
 * <p>Model of the data: {@code G} interests are shared by all domains; each has a centroid in a
 * latent space, a plane (two directions) around it and a small vocabulary. In every domain an
 * interest's items form a ring: item at ring position {@code p} of {@code m} has latent {@code
 * centroid + 0.8 (cos(2 pi p/m) u + sin(2 pi p/m) v) + noise}, so consecutive ring items are also
 * neighbours in feature space. The "text" feature is a fixed random projection of the latent
 * (shared by all domains, like a frozen encoder), the "image" feature another projection of another
 * noisy copy, missing for some items. A user holds 1-3 interests and walks their rings: mostly the
 * next ring item, sometimes a random item of the interest ({@code jumpProb}), sometimes another
 * interest ({@code switchProb}). A sequential model can thus learn both the interest and the step,
 * well above the random hit rate.
 */
public final class SyntheticDomains {

  private static final String[] SYLLABLES = {
    "ka", "lo", "mi", "ra", "ten", "vu", "zo", "bel", "dri", "fa", "gor", "hin", "jas", "ku", "nep",
    "or", "pla", "qui", "sen", "tor", "ul", "vey", "wim", "xe", "yal"
  };
  private static final int WORDS_PER_INTEREST = 6;
  private static final int NOISE_WORDS = 30;

  private SyntheticDomains() {}

  public static List<Domain> generate(SyntheticConfig config) {
    Random shared = new Random(config.seed());
    Interest[] interests = new Interest[config.numInterests()];
    for (int g = 0; g < interests.length; g++) {
      interests[g] = Interest.random(shared, config.latentDim());
    }
    String[] noiseWords = words(shared, NOISE_WORDS);
    float[][] textProjection = projection(shared, config.textDim(), config.latentDim());
    float[][] imageProjection =
        config.imageDim() > 0 ? projection(shared, config.imageDim(), config.latentDim()) : null;

    List<Domain> domains = new ArrayList<>();
    for (int d = 0; d < config.domainNames().size(); d++) {
      Random random = new Random(config.seed() ^ (0x9E3779B97F4A7C15L * (d + 1)));
      domains.add(
          domain(
              config.domainNames().get(d),
              config,
              random,
              interests,
              noiseWords,
              textProjection,
              imageProjection));
    }
    return domains;
  }

  private static Domain domain(
      String name,
      SyntheticConfig config,
      Random random,
      Interest[] interests,
      String[] noiseWords,
      float[][] textProjection,
      float[][] imageProjection) {
    int numItems = config.itemsPerDomain();
    int latentDim = config.latentDim();
    double[] domainShift = gaussian(random, latentDim, 0.3);

    // Ring membership: a shuffled round-robin keeps the interests equally large.
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < numItems; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    List<List<Integer>> rings = new ArrayList<>();
    for (int g = 0; g < interests.length; g++) {
      rings.add(new ArrayList<>());
    }
    for (int k = 0; k < numItems; k++) {
      rings.get(k % interests.length).add(order.get(k));
    }

    List<String> itemIds = new ArrayList<>(numItems);
    String[] titles = new String[numItems];
    float[] text = new float[numItems * config.textDim()];
    float[] image = imageProjection != null ? new float[numItems * config.imageDim()] : null;
    for (int i = 0; i < numItems; i++) {
      itemIds.add(String.format(java.util.Locale.ROOT, "%s-i%04d", name, i));
    }
    for (int g = 0; g < interests.length; g++) {
      Interest interest = interests[g];
      List<Integer> ring = rings.get(g);
      for (int p = 0; p < ring.size(); p++) {
        int item = ring.get(p);
        double angle = 2 * Math.PI * p / ring.size();
        double[] latent = new double[latentDim];
        for (int j = 0; j < latentDim; j++) {
          latent[j] =
              interest.centroid[j]
                  + domainShift[j]
                  + 0.8
                      * (StrictMath.cos(angle) * interest.u[j]
                          + StrictMath.sin(angle) * interest.v[j]);
        }
        project(textProjection, noisy(random, latent, 0.1), text, item);
        if (image != null && random.nextDouble() >= config.imageMissingRate()) {
          project(imageProjection, noisy(random, latent, 0.2), image, item);
        }
        titles[item] = title(random, interest.words, noiseWords);
      }
    }

    List<int[]> sequences = new ArrayList<>(config.usersPerDomain());
    for (int u = 0; u < config.usersPerDomain(); u++) {
      sequences.add(walk(random, config, rings));
    }

    Map<String, FeatureTable> features = new LinkedHashMap<>();
    features.put(
        FeatureTable.TEXT,
        FeatureTable.fromValues(FeatureTable.TEXT, numItems, config.textDim(), text));
    if (image != null) {
      features.put(
          FeatureTable.IMAGE,
          FeatureTable.fromValues(FeatureTable.IMAGE, numItems, config.imageDim(), image));
    }
    return new Domain(
        name,
        itemIds,
        new ArrayList<>(List.of(titles)),
        features,
        IntStream.range(0, config.usersPerDomain()).mapToObj(u -> "user-" + u).toList(),
        LeaveOneOutSplitter.split(sequences, config.maxHistory()));
  }

  /** One user's sequence: a walk over the rings of 1-3 interests. */
  private static int[] walk(Random random, SyntheticConfig config, List<List<Integer>> rings) {
    int numInterests = rings.size();
    int held = Math.min(numInterests, 1 + random.nextInt(3));
    List<Integer> all = new ArrayList<>();
    for (int g = 0; g < numInterests; g++) {
      all.add(g);
    }
    Collections.shuffle(all, random);
    List<Integer> mine = all.subList(0, held);
    int[] cursor = new int[numInterests];
    for (int g : mine) {
      cursor[g] = random.nextInt(rings.get(g).size());
    }
    int length = config.minLength() + random.nextInt(config.maxLength() - config.minLength() + 1);
    int[] items = new int[length];
    int current = mine.get(random.nextInt(held));
    for (int t = 0; t < length; t++) {
      List<Integer> ring = rings.get(current);
      items[t] = ring.get(cursor[current]);
      cursor[current] = (cursor[current] + 1) % ring.size();
      double r = random.nextDouble();
      if (r < config.jumpProb()) {
        cursor[current] = random.nextInt(ring.size());
      } else if (r < config.jumpProb() + config.switchProb() && held > 1) {
        int next = mine.get(random.nextInt(held - 1));
        current = next == current ? mine.get(held - 1) : next;
      }
    }
    return items;
  }

  private static String title(Random random, String[] interestWords, String[] noiseWords) {
    int a = random.nextInt(interestWords.length);
    int b = (a + 1 + random.nextInt(interestWords.length - 1)) % interestWords.length;
    return capitalize(interestWords[a])
        + " "
        + interestWords[b]
        + " "
        + noiseWords[random.nextInt(noiseWords.length)];
  }

  private static void project(float[][] matrix, double[] latent, float[] out, int row) {
    int dim = matrix.length;
    for (int k = 0; k < dim; k++) {
      double sum = 0;
      for (int j = 0; j < latent.length; j++) {
        sum += matrix[k][j] * latent[j];
      }
      out[row * dim + k] = (float) sum;
    }
  }

  private static double[] noisy(Random random, double[] latent, double scale) {
    double[] out = latent.clone();
    for (int j = 0; j < out.length; j++) {
      out[j] += scale * random.nextGaussian();
    }
    return out;
  }

  private static double[] gaussian(Random random, int n, double scale) {
    double[] v = new double[n];
    for (int j = 0; j < n; j++) {
      v[j] = scale * random.nextGaussian();
    }
    return v;
  }

  /** {@code (rows, cols)} Gaussian matrix scaled by {@code 1/sqrt(cols)}. */
  private static float[][] projection(Random random, int rows, int cols) {
    float[][] m = new float[rows][cols];
    double scale = 1 / Math.sqrt(cols);
    for (float[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = (float) (scale * random.nextGaussian());
      }
    }
    return m;
  }

  private static String[] words(Random random, int count) {
    String[] words = new String[count];
    for (int i = 0; i < count; i++) {
      StringBuilder w = new StringBuilder();
      int syllables = 2 + random.nextInt(2);
      for (int s = 0; s < syllables; s++) {
        w.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
      }
      words[i] = w.toString();
    }
    return words;
  }

  private static String capitalize(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  /** A latent interest: centroid, ring plane (u, v) and vocabulary. */
  private record Interest(double[] centroid, double[] u, double[] v, String[] words) {

    static Interest random(Random random, int latentDim) {
      double[] centroid = gaussian(random, latentDim, 1.0);
      double[] u = unit(gaussian(random, latentDim, 1.0));
      double[] v = gaussian(random, latentDim, 1.0);
      double dot = 0;
      for (int j = 0; j < latentDim; j++) {
        dot += u[j] * v[j];
      }
      for (int j = 0; j < latentDim; j++) {
        v[j] -= dot * u[j]; // Gram-Schmidt: the ring lies in a proper plane
      }
      return new Interest(centroid, u, unit(v), SyntheticDomains.words(random, WORDS_PER_INTEREST));
    }

    private static double[] unit(double[] x) {
      double norm = 0;
      for (double value : x) {
        norm += value * value;
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < x.length; j++) {
        x[j] /= norm;
      }
      return x;
    }
  }
}
