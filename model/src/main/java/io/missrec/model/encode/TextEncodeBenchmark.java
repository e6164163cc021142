package io.missrec.model.encode;

import io.missrec.model.data.DataFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes every item text of a UniSRec-style {@code *.text} file with {@link MiniLmTextEncoder} (no
 * cache) and prints the throughput.
 *
 * <p>Usage: {@code TextEncodeBenchmark [textFile] [batchSize] [threads]}; defaults: the shared
 * Scientific texts, {@value MiniLmTextEncoder#DEFAULT_BATCH_SIZE}, 1.
 */
public final class TextEncodeBenchmark {

  private static final String DEFAULT_FILE =
      "/work/shared/datasets/amazon-scientific/Scientific.text";

  private TextEncodeBenchmark() {}

  public static void main(String[] args) throws IOException {
    // Must be set before DJL's tokenizer library loads, or it phones home.
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    Path file = Path.of(args.length > 0 ? args[0] : DEFAULT_FILE);
    int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    List<String> texts = readTexts(file);

    long loadStart = System.nanoTime();
    try (MiniLmTextEncoder encoder = new MiniLmTextEncoder(batchSize, threads)) {
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      TextFeatureExtractor.Extraction run = new TextFeatureExtractor(encoder).extract(texts);
      System.out.printf(
          "encoder=%s file=%s items=%d encoded=%d batchSize=%d threads=%d%n",
          encoder.id(), file, run.items(), run.encoded(), batchSize, threads);
      System.out.printf(
          "model load %.2f s; encode %.2f s; %.1f items/s%n",
          loadSeconds, run.seconds(), run.itemsPerSecond());
    }
  }

  /** Reads {@code item_id<TAB>text} rows after the header; texts in file order. */
  static List<String> readTexts(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> texts = new ArrayList<>(lines.size());
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      int tab = line.indexOf('\t');
      if (tab < 0) {
        throw new DataFormatException(file.toString(), i + 1, "text:token_seq", "no tab");
      }
      texts.add(line.substring(tab + 1));
    }
    return texts;
  }
}
