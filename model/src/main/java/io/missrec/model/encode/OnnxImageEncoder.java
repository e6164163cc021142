package io.missrec.model.encode;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A frozen image encoder from an ONNX model file, run by ONNX Runtime on the CPU.
 *
 * <p>The model must take one float input of shape {@code [N, 3, H, W]} (N dynamic or any; H and W
 * dynamic or equal to the preprocessor's crop) and give a float output of shape {@code [N, dim]}
 * with a fixed {@code dim}: e.g. a CLIP vision tower exported with its projection ({@code
 * image_embeds}). Which output is read can be named; by default the first. Images are preprocessed
 * by an {@link ImagePreprocessor} and run {@code batchSize} at a time; one call per batch is
 * deterministic per image for a float model (no dynamic quantisation across the batch).
 *
 * <p>The id names the file, the SHA-256 of its bytes and the preprocessing, so cached features
 * follow the weights, not the file name.
 */
public final class OnnxImageEncoder implements ImageEncoder {

  public static final int DEFAULT_BATCH_SIZE = ImageEncoderSpec.DEFAULT_BATCH_SIZE;

  private final String source;
  private final ImagePreprocessor preprocessor;
  private final int batchSize;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final String inputName;
  private final String outputName;
  private final int dim;
  private final String id;

  /** The model at {@code modelFile}, its first output, batch size {@value #DEFAULT_BATCH_SIZE}. */
  public static OnnxImageEncoder open(Path modelFile, ImagePreprocessor preprocessor) {
    return open(modelFile, preprocessor, null, DEFAULT_BATCH_SIZE);
  }

  /**
   * @param modelFile the .onnx file
   * @param preprocessor how images become model input
   * @param outputName the output to read, or null for the first
   * @param batchSize images per ONNX Runtime call
   */
  public static OnnxImageEncoder open(
      Path modelFile, ImagePreprocessor preprocessor, String outputName, int batchSize) {
    return new OnnxImageEncoder(
        ModelFiles.read(modelFile),
        modelFile.getFileName().toString(),
        preprocessor,
        outputName,
        batchSize);
  }

  /**
   * @param model the ONNX model's bytes
   * @param source where the bytes came from (file name or URI), for the id and error messages
   * @param preprocessor how images become model input
   * @param outputName the output to read, or null for the first
   * @param batchSize images per ONNX Runtime call
   */
  public OnnxImageEncoder(
      byte[] model,
      String source,
      ImagePreprocessor preprocessor,
      String outputName,
      int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    this.source = source;
    this.preprocessor = preprocessor;
    this.batchSize = batchSize;
    this.environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      // Spinning worker threads starve the other processes of a shared 2-core machine.
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      this.session = environment.createSession(model, options);
    } catch (OrtException e) {
      throw new IllegalArgumentException(
          "cannot load image model " + source + " into ONNX Runtime: " + e.getMessage(), e);
    }
    try {
      this.inputName = checkInput();
      this.outputName =
          outputName != null ? outputName : session.getOutputNames().iterator().next();
      this.dim = checkOutput(this.outputName);
    } catch (RuntimeException e) {
      closeSession();
      throw e;
    }
    this.id =
        "onnx-image:"
            + source
            + "@"
            + ModelFiles.shortDigest(model)
            + "/"
            + outputName()
            + "/"
            + preprocessor.id();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public int dim() {
    return dim;
  }

  public ImagePreprocessor preprocessor() {
    return preprocessor;
  }

  public int batchSize() {
    return batchSize;
  }

  public String outputName() {
    return outputName;
  }

  @Override
  public float[][] encode(List<BufferedImage> images) {
    return ImageEncoder.inBatches(images, batchSize, dim, this::encodeBatch);
  }

  private float[] encodeBatch(List<BufferedImage> batch) {
    int crop = preprocessor.crop();
    FloatBuffer pixels = preprocessor.batch(batch);
    long[] shape = {batch.size(), 3, crop, crop};
    try (OnnxTensor input = OnnxTensor.createTensor(environment, pixels, shape);
        OrtSession.Result result =
            session.run(Map.of(inputName, input), java.util.Set.of(outputName))) {
      OnnxTensor tensor = (OnnxTensor) result.get(outputName).orElseThrow();
      long[] got = tensor.getInfo().getShape();
      if (got.length != 2 || got[0] != batch.size() || got[1] != dim) {
        throw new IllegalStateException(
            "image model "
                + source
                + " output '"
                + outputName
                + "' has shape "
                + Arrays.toString(got)
                + " for a batch of "
                + batch.size()
                + "; expected ["
                + batch.size()
                + ", "
                + dim
                + "]");
      }
      float[] values = new float[batch.size() * dim];
      tensor.getFloatBuffer().get(values);
      return values;
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime failed on a batch of " + batch.size() + " images with " + source, e);
    }
  }

  /** The single float input, shaped [N, 3, H, W] with H and W dynamic or equal to the crop. */
  private String checkInput() {
    Map<String, NodeInfo> inputs;
    try {
      inputs = session.getInputInfo();
    } catch (OrtException e) {
      throw new IllegalArgumentException("cannot read the inputs of image model " + source, e);
    }
    if (inputs.size() != 1) {
      throw new IllegalArgumentException(
          "image model " + source + " has inputs " + inputs.keySet() + "; expected exactly one");
    }
    Map.Entry<String, NodeInfo> input = inputs.entrySet().iterator().next();
    long[] shape = floatTensorShape(input.getValue(), "input '" + input.getKey() + "'");
    int crop = preprocessor.crop();
    boolean ok =
        shape.length == 4
            && (shape[1] == 3 || shape[1] < 0)
            && (shape[2] == crop || shape[2] < 0)
            && (shape[3] == crop || shape[3] < 0);
    if (!ok) {
      throw new IllegalArgumentException(
          "image model "
              + source
              + " input '"
              + input.getKey()
              + "' has shape "
              + describe(shape)
              + "; expected [N, 3, "
              + crop
              + ", "
              + crop
              + "] (NCHW, crop size "
              + crop
              + ")");
    }
    return input.getKey();
  }

  /** The output's fixed width; the output must be a float [N, dim]. */
  private int checkOutput(String name) {
    Map<String, NodeInfo> outputs;
    try {
      outputs = session.getOutputInfo();
    } catch (OrtException e) {
      throw new IllegalArgumentException("cannot read the outputs of image model " + source, e);
    }
    NodeInfo info = outputs.get(name);
    if (info == null) {
      throw new IllegalArgumentException(
          "image model " + source + " has no output '" + name + "'; it has " + outputs.keySet());
    }
    long[] shape = floatTensorShape(info, "output '" + name + "'");
    if (shape.length != 2 || shape[1] < 1) {
      throw new IllegalArgumentException(
          "image model "
              + source
              + " output '"
              + name
              + "' has shape "
              + describe(shape)
              + "; expected [N, dim] with a fixed dim (a pooled embedding)");
    }
    return Math.toIntExact(shape[1]);
  }

  private long[] floatTensorShape(NodeInfo info, String what) {
    if (!(info.getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
      throw new IllegalArgumentException(
          "image model "
              + source
              + " "
              + what
              + " is "
              + info.getInfo()
              + "; expected a float tensor");
    }
    return tensor.getShape();
  }

  private static String describe(long[] shape) {
    return Arrays.toString(
        Arrays.stream(shape).mapToObj(d -> d < 0 ? "?" : Long.toString(d)).toArray());
  }

  @Override
  public void close() {
    closeSession();
  }

  private void closeSession() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the ONNX Runtime session of " + source, e);
    }
  }
}
