package io.missrec.model.encode;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A frozen image encoder from a TorchScript file ({@code torch.jit.save} of a scripted or traced
 * module), run by DJL's PyTorch engine for inference only: the module is put in eval mode and its
 * forward runs under libtorch's no-grad guard.
 *
 * <p>The module's {@code forward} must take one float tensor {@code [N, 3, crop, crop]} and return
 * a floating-point {@code [N, dim]} tensor, or a tuple, list or dict of tensors from which {@code
 * outputName} picks one: a dict key, or an index into the tuple or list (default the first; a dict
 * with several entries needs its key, as DJL does not keep the dict's order). TorchScript declares
 * no shapes, so at load one zero image is run through the module to learn {@code dim} and refuse
 * other output shapes there, naming the file. Every batch runs in its own NDManager scope.
 *
 * <p>The id names the file, the SHA-256 of its bytes, the output and the preprocessing, so cached
 * features follow the weights, not the file name.
 */
public final class TorchScriptImageEncoder implements ImageEncoder {

  public static final int DEFAULT_BATCH_SIZE = ImageEncoderSpec.DEFAULT_BATCH_SIZE;

  private final String source;
  private final ImagePreprocessor preprocessor;
  private final String outputName;
  private final int batchSize;
  private final Model model;
  private final int dim;
  private final String id;

  /** The module in {@code modelFile}, its first output, batch size {@value #DEFAULT_BATCH_SIZE}. */
  public static TorchScriptImageEncoder open(Path modelFile, ImagePreprocessor preprocessor) {
    return open(modelFile, preprocessor, null, DEFAULT_BATCH_SIZE);
  }

  /**
   * @param modelFile the TorchScript file (any name: fetched artifacts have none)
   * @param preprocessor how images become model input
   * @param outputName the dict key or tuple index to read, or null for the first
   * @param batchSize images per forward call
   */
  public static TorchScriptImageEncoder open(
      Path modelFile, ImagePreprocessor preprocessor, String outputName, int batchSize) {
    return new TorchScriptImageEncoder(modelFile, preprocessor, outputName, batchSize);
  }

  private TorchScriptImageEncoder(
      Path modelFile, ImagePreprocessor preprocessor, String outputName, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    this.source = modelFile.getFileName().toString();
    this.preprocessor = preprocessor;
    this.outputName = outputName == null || outputName.isBlank() ? null : outputName.strip();
    this.batchSize = batchSize;
    if (Files.isDirectory(modelFile)) {
      throw new IllegalArgumentException("image model file is a folder: " + modelFile);
    }
    String digest = ModelFiles.shortDigest(modelFile); // also: a missing file, named
    this.model = load(modelFile, source);
    try {
      this.dim = probe();
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    this.id =
        "torchscript-image:"
            + source
            + "@"
            + digest
            + "/"
            + (this.outputName == null ? "0" : this.outputName)
            + "/"
            + preprocessor.id();
  }

  private static Model load(Path modelFile, String source) {
    Model loaded = Model.newInstance(source, "PyTorch");
    try {
      loaded.load(modelFile.toAbsolutePath());
      return loaded;
    } catch (IOException | MalformedModelException | EngineException e) {
      loaded.close();
      throw new IllegalArgumentException(
          "cannot load image model "
              + source
              + " as TorchScript with the PyTorch engine (a torch.jit.save file is needed): "
              + reason(e.getMessage()),
          e);
    }
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

  /** The dict key or tuple index read, or null for the first output. */
  public String outputName() {
    return outputName;
  }

  @Override
  public float[][] encode(List<BufferedImage> images) {
    return ImageEncoder.inBatches(
        images,
        batchSize,
        dim,
        batch -> {
          try {
            return forward(preprocessor.batch(batch), batch.size(), dim);
          } catch (EngineException e) {
            throw new IllegalStateException(
                "PyTorch failed on a batch of " + batch.size() + " images with " + source, e);
          }
        });
  }

  /** One zero image through the module: the output's width, or a clear error about its shape. */
  private int probe() {
    int crop = preprocessor.crop();
    FloatBuffer zeros = FloatBuffer.allocate(preprocessor.floatsPerImage());
    try {
      return forward(zeros, 1, -1).length;
    } catch (EngineException e) {
      throw new IllegalArgumentException(
          "image model "
              + source
              + " failed on a zero image of shape [1, 3, "
              + crop
              + ", "
              + crop
              + "] (its forward must take one float tensor [N, 3, "
              + crop
              + ", "
              + crop
              + "], crop size "
              + crop
              + "): "
              + reason(e.getMessage()),
          e);
    }
  }

  /**
   * Runs {@code count} preprocessed images through the module.
   *
   * @param pixels {@code count} CHW images, shape {@code [count, 3, crop, crop]} flattened
   * @param width the expected output width, or -1 to accept any at least 1
   * @return the selected output, shape {@code [count, width]} flattened row-major
   * @throws IllegalArgumentException naming the file when the output is not {@code [count, dim]}
   */
  private float[] forward(FloatBuffer pixels, int count, int width) {
    int crop = preprocessor.crop();
    // A scope per call: the input, every output and any conversion are freed on return. The
    // input wraps Java memory (from_blob), which is safe here: no autograd graph outlives the call.
    try (NDManager scope = model.getNDManager().newSubManager()) {
      NDArray input = scope.create(pixels, new Shape(count, 3, crop, crop));
      NDList outputs =
          model.getBlock().forward(new ParameterStore(scope, false), new NDList(input), false);
      NDArray output = select(outputs);
      Shape shape = output.getShape();
      if (shape.dimension() != 2
          || shape.get(0) != count
          || shape.get(1) < 1
          || (width >= 0 && shape.get(1) != width)) {
        throw new IllegalArgumentException(
            "image model "
                + source
                + " "
                + describe()
                + " has shape "
                + shape
                + " for "
                + count
                + " image(s); expected ["
                + count
                + ", "
                + (width >= 0 ? Integer.toString(width) : "dim")
                + "] (a pooled embedding per image)");
      }
      if (!output.getDataType().isFloating()) {
        throw new IllegalArgumentException(
            "image model "
                + source
                + " "
                + describe()
                + " is "
                + output.getDataType()
                + "; expected a floating-point tensor");
      }
      return output.toType(DataType.FLOAT32, false).toFloatArray();
    }
  }

  /** The output {@link #outputName} names among the flattened forward results. */
  private NDArray select(NDList outputs) {
    List<String> names = new ArrayList<>();
    boolean named = false;
    for (NDArray array : outputs) {
      String name = array.getName();
      named |= name != null && !name.isEmpty();
      names.add(name);
    }
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException("image model " + source + " returned no tensor");
    }
    if (outputName != null && !isIndex(outputName)) {
      NDArray found = named ? outputs.get(outputName) : null;
      if (found == null) {
        throw new IllegalArgumentException(
            "image model "
                + source
                + " has no output '"
                + outputName
                + "'; it returns "
                + (named ? "a dict with keys " + names : outputs.size() + " unnamed tensor(s)"));
      }
      return found;
    }
    int index = outputName == null ? 0 : Integer.parseInt(outputName);
    if (named && outputs.size() > 1) {
      throw new IllegalArgumentException(
          "image model "
              + source
              + " returns a dict with keys "
              + names
              + "; name the output to read (output=<key>)");
    }
    if (index >= outputs.size()) {
      throw new IllegalArgumentException(
          "image model "
              + source
              + " has no output "
              + index
              + "; it returns "
              + outputs.size()
              + " tensor(s)");
    }
    return outputs.get(index);
  }

  private String describe() {
    return outputName == null ? "output" : "output '" + outputName + "'";
  }

  private static boolean isIndex(String name) {
    return name.chars().allMatch(Character::isDigit) && name.length() <= 9;
  }

  /**
   * The line of a libtorch message that says what went wrong: the last one (TorchScript's
   * interpreter puts a traceback first and the error, e.g. "RuntimeError: mat1 and mat2 shapes
   * cannot be multiplied", last).
   */
  private static String reason(String message) {
    if (message == null || message.isBlank()) {
      return "no message";
    }
    String[] lines = message.strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  @Override
  public void close() {
    model.close();
  }
}
