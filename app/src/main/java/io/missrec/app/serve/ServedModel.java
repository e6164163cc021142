package io.missrec.app.serve;

import io.missrec.model.serve.BatchingRecommender;
import io.missrec.model.train.LoadedCheckpoint;
import java.util.Collections;
import java.util.Map;

/**
 * One model as a server holds it: the opened checkpoint, the recommender that batches requests for
 * it, what {@code GET /v1/model} says of it, and whatever else must go when it does (a fetched
 * checkpoint's folder). A server swaps one for another when its stage moves ({@link
 * StageFollower}).
 */
public final class ServedModel implements AutoCloseable {
  private final String name;
  private final Map<String, Object> about;
  private final LoadedCheckpoint loaded;
  private final BatchingRecommender recommender;
  private final AutoCloseable files;

  /**
   * @param name how answers and metrics name it: {@code name:version}, or the checkpoint folder
   * @param about what {@code GET /v1/model} answers while it is served
   * @param files closed last (a fetched checkpoint's temporary folder), or null
   */
  public ServedModel(
      String name,
      Map<String, Object> about,
      LoadedCheckpoint loaded,
      BatchingRecommender recommender,
      AutoCloseable files) {
    this.name = name;
    this.about = Collections.unmodifiableMap(about);
    this.loaded = loaded;
    this.recommender = recommender;
    this.files = files;
  }

  public String name() {
    return name;
  }

  public Map<String, Object> about() {
    return about;
  }

  public BatchingRecommender recommender() {
    return recommender;
  }

  /** Scores what is queued for it, then frees the model and deletes its files. */
  @Override
  public void close() throws Exception {
    try {
      recommender.close();
    } finally {
      try {
        loaded.close();
      } finally {
        if (files != null) {
          files.close();
        }
      }
    }
  }
}
