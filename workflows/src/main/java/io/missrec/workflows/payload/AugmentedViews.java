package io.missrec.workflows.payload;

import java.util.Map;
import java.util.Objects;

/**
 * Precomputed inputs of the augmented views of one dataset. Item drop is cheap and happens in the
 * trainer from {@link #config}; word drop needs the text encoder, so its features are stored here.
 *
 * @param dataset dataset name
 * @param wordDropped modality to features of word-dropped content (text only in practice), same
 *     layout as {@link FeatureSet#tables()}
 * @param config the configuration the views were made with
 */
public record AugmentedViews(
    String dataset, Map<String, ArtifactRef> wordDropped, AugmentationConfig config) {
  public AugmentedViews {
    Objects.requireNonNull(dataset, "dataset");
    wordDropped = Maps.sortedCopy(wordDropped, "wordDropped");
    Objects.requireNonNull(config, "config");
  }
}
