package io.missrec.model.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JSON report of one training run: what was trained on what, with which settings, how long each
 * epoch took, and the test metrics of the selected model.
 *
 * @param dataset dataset name, location, format and statistics
 * @param modelConfig architecture hyper-parameters
 * @param trainConfig optimisation settings
 * @param mode inductive or transductive
 * @param environment JVM / engine / thread settings the numbers were measured with
 * @param totalParameters all parameters
 * @param trainableParameters parameters that were trained
 * @param epochs per-epoch loss, validation metrics and timings
 * @param bestEpoch epoch selected on valid NDCG@10
 * @param bestValid its validation metrics
 * @param test full-ranking test metrics of the selected model
 * @param testStandardErrors their standard errors over the test users (absent in older reports)
 * @param testSeconds wall time of the test evaluation
 * @param totalSeconds wall time of the whole run
 */
public record TrainingReport(
    Map<String, Object> dataset,
    Map<String, String> modelConfig,
    Map<String, String> trainConfig,
    String mode,
    Map<String, String> environment,
    long totalParameters,
    long trainableParameters,
    List<EpochStats> epochs,
    int bestEpoch,
    Map<String, Double> bestValid,
    Map<String, Double> test,
    Map<String, Double> testStandardErrors,
    double testSeconds,
    double totalSeconds) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report " + file, e);
    }
  }

  public static TrainingReport read(Path file) {
    try {
      return JSON.readValue(file.toFile(), TrainingReport.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read report " + file, e);
    }
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
