package io.missrec.model.nn;

import java.util.Map;
import java.util.TreeMap;

/**
 * Architecture hyper-parameters of MISSRec. Defaults are the published ones (spec, released code):
 * d = 300, 1 encoder + 1 decoder layer, 4 heads, FFN 256, GELU, dropout 0.5, post-LN, length 50.
 *
 * @param hidden model width d
 * @param heads attention heads
 * @param ffn feed-forward inner width
 * @param encoderLayers K_e, interest encoder layers
 * @param decoderLayers K_d, interest-aware decoder layers
 * @param dropout dropout rate (hidden, attention and FFN)
 * @param maxLen maximum sequence length L (position embeddings)
 * @param maxInterests maximum interest sequence length M
 * @param modalityDims input feature width per modality, in the model's modality order
 * @param numIdItems item-ID embedding rows for the transductive mode, 0 for inductive
 * @param layerNormEps LayerNorm epsilon
 */
public record MissRecConfig(
    int hidden,
    int heads,
    int ffn,
    int encoderLayers,
    int decoderLayers,
    float dropout,
    int maxLen,
    int maxInterests,
    Map<String, Integer> modalityDims,
    int numIdItems,
    float layerNormEps) {

  public MissRecConfig {
    if (hidden % heads != 0) {
      throw new IllegalArgumentException("hidden " + hidden + " not divisible by heads " + heads);
    }
    if (modalityDims == null || modalityDims.isEmpty()) {
      throw new IllegalArgumentException("at least one modality is required");
    }
    if (encoderLayers < 1 || decoderLayers < 1 || maxLen < 1 || maxInterests < 1) {
      throw new IllegalArgumentException("layers, maxLen and maxInterests must be >= 1");
    }
    if (dropout < 0 || dropout >= 1) {
      throw new IllegalArgumentException("dropout must be in [0, 1)");
    }
    modalityDims =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(modalityDims));
  }

  /**
   * The published configuration for the given modalities (inductive). Interest sequences hold up to
   * one interest per token of the 50 items, as in the released code (every distinct interest of the
   * sequence's text and image tokens).
   */
  public static MissRecConfig published(Map<String, Integer> modalityDims) {
    int maxLen = 50;
    int maxInterests = maxLen * Math.max(1, modalityDims.size());
    return new MissRecConfig(
        300, 4, 256, 1, 1, 0.5f, maxLen, maxInterests, modalityDims, 0, 1e-12f);
  }

  public MissRecConfig withIdItems(int numItems) {
    return copy(dropout, modalityDims, numItems);
  }

  public MissRecConfig withDropout(float rate) {
    return copy(rate, modalityDims, numIdItems);
  }

  /**
   * This architecture with the same modalities listed in {@code order}. The model creates its
   * adapters in modality order, so the order decides which stored parameters a position holds.
   *
   * @throws IllegalArgumentException when {@code order} names other modalities
   */
  public MissRecConfig withModalityOrder(java.util.List<String> order) {
    Map<String, Integer> dims = new java.util.LinkedHashMap<>();
    for (String modality : order) {
      dims.put(modality, modalityDims.get(modality));
    }
    if (order.size() != modalityDims.size() || !dims.keySet().equals(modalityDims.keySet())) {
      throw new IllegalArgumentException(
          "modality order " + order + " does not name the modalities " + modalityDims.keySet());
    }
    return copy(dropout, dims, numIdItems);
  }

  /** This architecture with the three settings a caller may change. */
  private MissRecConfig copy(float dropoutRate, Map<String, Integer> dims, int idItems) {
    return new MissRecConfig(
        hidden,
        heads,
        ffn,
        encoderLayers,
        decoderLayers,
        dropoutRate,
        maxLen,
        maxInterests,
        dims,
        idItems,
        layerNormEps);
  }

  public boolean transductive() {
    return numIdItems > 0;
  }

  /** Flat key/value view for reports and lineage params. */
  public Map<String, String> asParams() {
    Map<String, String> p = new TreeMap<>();
    p.put("hidden", Integer.toString(hidden));
    p.put("heads", Integer.toString(heads));
    p.put("ffn", Integer.toString(ffn));
    p.put("encoder_layers", Integer.toString(encoderLayers));
    p.put("decoder_layers", Integer.toString(decoderLayers));
    p.put("dropout", Float.toString(dropout));
    p.put("max_len", Integer.toString(maxLen));
    p.put("max_interests", Integer.toString(maxInterests));
    p.put("modalities", modalityDims.toString());
    p.put("id_items", Integer.toString(numIdItems));
    return p;
  }
}
