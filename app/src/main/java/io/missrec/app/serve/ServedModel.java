package io.missrec.app.serve;

import io.missrec.model.serve.BatchingRecommender;
import io.missrec.model.train.LoadedCheckpoint;
import java.util.Collections;
import java.util.Map;

/**
 * One model as a server holds it: the opened checkpoint, the catalogue it was loaded on, the
 * recommender that batches requests for it, what {@code GET /v1/model} says of it, and whatever
 * else must go when it does (a fetched checkpoint's folder). A server swaps one for another when
 * its stage moves ({@link StageFollower}) or its dataset gains items ({@link CatalogueFollower}).
 */
public final class ServedModel implements AutoCloseable {
  /** Opens the same model again on another catalogue. */
  @FunctionalInterface
  public interface Reopener {
    ServedModel reopen(Catalogue catalogue) throws Exception;
  }

  private final String name;
  private final Map<String, Object> about;
  private final Catalogue catalogue;
  private final LoadedCheckpoint loaded;
  private final BatchingRecommender recommender;
  private final AutoCloseable files;
  private final Reopener reopener;

  /**
   * @param name how answers and metrics name it: {@code name:version}, or the checkpoint folder
   * @param about what {@code GET /v1/model} answers while it is served
   * @param catalogue the items it scores and the histories it serves
   * @param files closed last (a fetched checkpoint's temporary folder), or null
   * @param reopener how the same model is loaded on a newer catalogue
   */
  public ServedModel(
      String name,
      Map<String, Object> about,
      Catalogue catalogue,
      LoadedCheckpoint loaded,
      BatchingRecommender recommender,
      AutoCloseable files,
      Reopener reopener) {
    this.name = name;
    this.about = Collections.unmodifiableMap(about);
    this.catalogue = catalogue;
    this.loaded = loaded;
    this.recommender = recommender;
    this.files = files;
    this.reopener = reopener;
  }

  public String name() {
    return name;
  }

  public Map<String, Object> about() {
    return about;
  }

  public Catalogue catalogue() {
    return catalogue;
  }

  public BatchingRecommender recommender() {
    return recommender;
  }

  /** The same model (same version or folder) loaded on {@code next}, beside this one. */
  public ServedModel reopen(Catalogue next) throws Exception {
    return reopener.reopen(next);
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
