package io.missrec.model.encode;

import io.missrec.model.data.Domain;
import io.missrec.model.data.FeatureTable;
import java.util.List;

/**
 * Builds augmented text feature views: the domain's item texts with words dropped by {@link
 * WordDrop}, encoded by a {@link TextFeatureExtractor} (whose cache makes a repeated seed free).
 */
public final class TextViews {

  /** Modality name of the word-dropped text table. */
  public static final String WORD_DROPPED = "text_worddrop";

  private final TextFeatureExtractor extractor;
  private final WordDrop wordDrop;

  public TextViews(TextFeatureExtractor extractor, WordDrop wordDrop) {
    this.extractor = extractor;
    this.wordDrop = wordDrop;
  }

  /**
   * The word-dropped text features of a domain.
   *
   * @param domain a domain with one text (or null) per item
   * @param seed seed of the view; the same seed gives the same table
   * @return table {@value #WORD_DROPPED}, shape {@code (numItems, encoder dim)}; items without text
   *     stay missing
   */
  public FeatureTable wordDropped(Domain domain, long seed) {
    List<String> texts = domain.itemTexts();
    if (texts.size() != domain.numItems()) {
      throw new IllegalArgumentException(
          "domain "
              + domain.name()
              + " has "
              + texts.size()
              + " item texts for "
              + domain.numItems()
              + " items; a word-dropped view needs one text (or null) per item");
    }
    return wordDropped(texts, seed).table();
  }

  /** Word-drops {@code texts} with {@code seed} and extracts them as {@value #WORD_DROPPED}. */
  public TextFeatureExtractor.Extraction wordDropped(List<String> texts, long seed) {
    return extractor.extract(wordDrop.apply(texts, seed), WORD_DROPPED);
  }
}
