package io.missrec.workflows.retrain;

import io.missrec.workflows.payload.DatasetRef;
import io.missrec.workflows.payload.LastTraining;
import io.missrec.workflows.payload.PipelineRequest;
import io.missrec.workflows.payload.RetrainChoice;
import io.missrec.workflows.payload.RetrainDecision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Retrain only when the input data changed: the snapshots' sha256 per dataset name against those
 * the last successful training registered. Pure functions, safe in workflow code.
 */
public final class RetrainPolicy {
  private RetrainPolicy() {}

  /**
   * @param snapshots the ingested (content-addressed) snapshots of the request's sources
   * @param last what the last successful training of the model used
   */
  public static RetrainDecision decide(List<DatasetRef> snapshots, LastTraining last) {
    Map<String, String> current = digests(snapshots);
    String digest = datasetsDigest(current);
    if (!last.exists()) {
      return new RetrainDecision(
          RetrainChoice.RETRAIN,
          "no successful training of model " + last.modelName() + " is recorded",
          current,
          digest,
          null);
    }
    String previous = datasetsDigest(last.datasetDigests());
    String since = "model " + last.modelName() + " version " + last.modelVersion();
    if (current.equals(last.datasetDigests())) {
      return new RetrainDecision(
          RetrainChoice.SKIP,
          "datasets unchanged since " + since + " (digest " + shortHex(digest) + ")",
          current,
          digest,
          previous);
    }
    return new RetrainDecision(
        RetrainChoice.RETRAIN,
        changes(current, last.datasetDigests(), since),
        current,
        digest,
        previous);
  }

  /**
   * The request with every source pinned to the sha256 decided on, so the pipeline trains on it.
   */
  public static PipelineRequest pinned(PipelineRequest request, List<DatasetRef> snapshots) {
    List<DatasetRef> sources = new ArrayList<>();
    for (int i = 0; i < request.sources().size(); i++) {
      DatasetRef source = request.sources().get(i);
      sources.add(
          new DatasetRef(source.uri(), snapshots.get(i).sha256(), source.name(), source.format()));
    }
    return request.withSources(sources);
  }

  /** One sha256 over {@code name=sha256} lines sorted by name: the data a training used. */
  public static String datasetsDigest(Map<String, String> digests) {
    StringBuilder lines = new StringBuilder();
    new TreeMap<>(digests)
        .forEach((name, sha) -> lines.append(name).append('=').append(sha).append('\n'));
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(lines.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static Map<String, String> digests(List<DatasetRef> snapshots) {
    Map<String, String> digests = new TreeMap<>();
    for (DatasetRef snapshot : snapshots) {
      if (snapshot.sha256() == null) {
        throw new IllegalArgumentException("snapshot " + snapshot.name() + " has no sha256");
      }
      if (digests.put(snapshot.name(), snapshot.sha256()) != null) {
        throw new IllegalArgumentException("dataset name " + snapshot.name() + " appears twice");
      }
    }
    return digests;
  }

  private static String changes(
      Map<String, String> current, Map<String, String> previous, String since) {
    List<String> parts = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(current.keySet());
    names.addAll(previous.keySet());
    for (String name : names) {
      String now = current.get(name);
      String then = previous.get(name);
      if (then == null) {
        parts.add(name + " added");
      } else if (now == null) {
        parts.add(name + " removed");
      } else if (!now.equals(then)) {
        parts.add(name + " changed " + shortHex(then) + " -> " + shortHex(now));
      }
    }
    return "datasets changed since " + since + ": " + String.join(", ", parts);
  }

  private static String shortHex(String sha256) {
    return sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
  }
}
