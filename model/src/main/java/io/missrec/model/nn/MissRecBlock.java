package io.missrec.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.missrec.model.torch.Rows;
import io.missrec.model.torch.TorchOwned;
import java.util.ArrayList;
import java.util.List;

/**
 * MISSRec: modality adapters, interest encoder, interest-aware decoder and the dynamically fused
 * matching score.
 *
 * <p>{@link #forward} inputs, in order (B = batch, L = padded sequence length, M = padded interest
 * length, N = rows of the token table, K = interests, d = hidden):
 *
 * <ol>
 *   <li>{@code tokenTable (N, d)}: one token per item, see {@link #tokenTable}
 *   <li>{@code interestTable (K, d)}: interest embeddings (means of their cluster's tokens)
 *   <li>{@code itemIds (B, L)} int64, left-aligned, padding rows point at any valid item
 *   <li>{@code keyMask (B, 1, 1, L)} additive mask, 0 for real items, {@link #MASKED} for padding
 *   <li>{@code lastIndex (B)} int64, flat index {@code b * L + length_b - 1} of each last item
 *   <li>{@code interestIds (B, M)} int64, padded like itemIds
 *   <li>{@code interestMask (B, 1, 1, M)} additive mask
 * </ol>
 *
 * Outputs: user vectors {@code u (B, d)}, L2-normalised, and encoded interests {@code xi (B, M,
 * d)}.
 */
public final class MissRecBlock extends AbstractBlock {

  /** Additive mask value for positions that must not be attended to. */
  public static final float MASKED = -1e9f;

  private static final byte VERSION = 1;

  private final MissRecConfig config;
  private final List<String> modalities;
  private final List<Linear> adapters = new ArrayList<>();
  private final Parameter positions;
  private final Parameter idEmbedding;
  private final Parameter fusionAlpha;
  private final LastAxisLayerNorm inputNorm;
  private final Dropout inputDropout;
  private final LastAxisLayerNorm encoderNorm;
  private final LastAxisLayerNorm decoderNorm;
  private final List<InterestEncoderLayer> encoder = new ArrayList<>();
  private final List<InterestAwareDecoderLayer> decoder = new ArrayList<>();

  public MissRecBlock(MissRecConfig config) {
    super(VERSION);
    this.config = config;
    this.modalities = List.copyOf(config.modalityDims().keySet());
    for (String modality : modalities) {
      adapters.add(
          addChildBlock("adapter_" + modality, Linear.builder().setUnits(config.hidden()).build()));
    }
    positions =
        addParameter(
            Parameter.builder()
                .setName("positions")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.maxLen(), config.hidden()))
                .build());
    idEmbedding =
        config.transductive()
            ? addParameter(
                Parameter.builder()
                    .setName("item_ids")
                    .setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(config.numIdItems(), config.hidden()))
                    .build())
            : null;
    fusionAlpha =
        addParameter(
            Parameter.builder()
                .setName("fusion_alpha")
                .setType(Parameter.Type.OTHER)
                .optInitializer(Initializer.ZEROS)
                .optShape(new Shape(1))
                .build());
    inputNorm = addChildBlock("input_norm", Layers.layerNorm(config));
    inputDropout =
        addChildBlock("input_dropout", Dropout.builder().optRate(config.dropout()).build());
    for (int i = 0; i < config.encoderLayers(); i++) {
      encoder.add(addChildBlock("encoder_" + i, new InterestEncoderLayer(config)));
    }
    for (int i = 0; i < config.decoderLayers(); i++) {
      decoder.add(addChildBlock("decoder_" + i, new InterestAwareDecoderLayer(config)));
    }
    // final norms of the encoder and decoder stacks, as in torch.nn.Transformer
    encoderNorm = addChildBlock("encoder_norm", Layers.layerNorm(config));
    decoderNorm = addChildBlock("decoder_norm", Layers.layerNorm(config));
    // RecBole/UniSRec initialisation: N(0, 0.02) weights, zero biases, unit LayerNorm.
    setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
  }

  public MissRecConfig config() {
    return config;
  }

  public List<String> modalities() {
    return modalities;
  }

  /**
   * Adapts every modality: {@code features_m (N, f_m) -> x_m (N, d)}, with rows of items that lack
   * the modality zeroed.
   *
   * @param features one array per modality, in {@link #modalities()} order
   * @param present one {@code (N)} float array per modality, 1 where the item has the modality
   */
  public NDList adapt(ParameterStore ps, NDList features, NDList present, boolean training) {
    NDList adapted = new NDList(modalities.size());
    for (int m = 0; m < modalities.size(); m++) {
      NDArray x = adapters.get(m).forward(ps, new NDList(features.get(m)), training).head();
      adapted.add(x.mul(present.get(m).expandDims(1)));
    }
    return adapted;
  }

  /**
   * The decoder's per-item token: sum of the adapted modality tokens, plus the item-ID embedding in
   * the transductive mode. Shape {@code (N, d)}.
   *
   * @param itemRows for the ID embedding, the item index of each row ({@code (N)} int64), or null
   *     when rows are items {@code 0..N-1}
   */
  public NDArray tokenTable(ParameterStore ps, NDList adapted, NDArray itemRows, boolean training) {
    NDArray table = adapted.get(0);
    for (int m = 1; m < adapted.size(); m++) {
      table = table.add(adapted.get(m));
    }
    if (idEmbedding != null) {
      NDArray ids = ps.getValue(idEmbedding, table.getDevice(), training);
      table = table.add(itemRows == null ? ids : Rows.gather(ids, itemRows));
    }
    return table;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray tokenTable = inputs.get(0);
    NDArray interestTable = inputs.get(1);
    NDArray itemIds = inputs.get(2);
    NDArray keyMask = inputs.get(3);
    NDArray lastIndex = inputs.get(4);
    NDArray interestIds = inputs.get(5);
    NDArray interestMask = inputs.get(6);
    long batch = itemIds.getShape().get(0);
    long length = itemIds.getShape().get(1);
    int d = config.hidden();

    NDArray pos = ps.getValue(positions, tokenTable.getDevice(), training);
    NDArray x = Rows.gather(tokenTable, itemIds).add(pos.get(new NDIndex("0:{}", length)));
    x = inputDropout.forward(ps, inputNorm.forward(ps, new NDList(x), training), training).head();

    // interest embeddings enter the encoder as they are (released code: no norm, no dropout)
    NDArray xi = Rows.gather(interestTable, interestIds);
    for (InterestEncoderLayer layer : encoder) {
      xi = layer.forward(ps, new NDList(xi, interestMask), training).head();
    }
    xi = encoderNorm.forward(ps, new NDList(xi), training).head();

    int last = decoder.size() - 1;
    if (last > 0) {
      NDArray selfMask = causalMask(x.getManager(), length).add(keyMask);
      for (int i = 0; i < last; i++) {
        x =
            decoder
                .get(i)
                .forward(ps, new NDList(x, x, selfMask, xi, interestMask), training)
                .head();
      }
    }
    NDArray query = Rows.gather(x.reshape(batch * length, d), lastIndex).reshape(batch, 1, d);
    NDArray out =
        decoder
            .get(last)
            .forward(ps, new NDList(query, x, keyMask, xi, interestMask), training)
            .head()
            .reshape(batch, d);
    out = decoderNorm.forward(ps, new NDList(out), training).head();
    return new NDList(l2Normalize(out), xi);
  }

  /**
   * Dynamically fused matching score (spec 6): per-modality cosine scores mixed by a softmax over
   * modalities with the learnable weight {@code a}; a modality an item lacks is excluded. In the
   * transductive mode the score is {@code (cos(u, z_k) + 2 * fused) / 3} as in the released code.
   *
   * @param users {@code (B, d)} L2-normalised user vectors
   * @param candidates per-modality L2-normalised candidate tokens {@code (C, d)}, see {@link
   *     #candidates}
   * @param presentLog per-modality {@code (C)} additive masks: 0 present, {@link #MASKED} missing
   * @param candidateIds {@code (C)} item indexes of the candidates for the ID embedding, or null
   *     when candidates are all items {@code 0..N-1}; ignored in the inductive mode
   * @return scores {@code (B, C)}
   */
  public NDArray score(
      ParameterStore ps,
      NDArray users,
      NDList candidates,
      NDList presentLog,
      NDArray candidateIds,
      boolean training) {
    NDArray alpha = ps.getValue(fusionAlpha, users.getDevice(), training);
    NDArray fused = fuse(users, candidates, presentLog, alpha);
    if (idEmbedding == null) {
      return fused;
    }
    NDArray ids = ps.getValue(idEmbedding, users.getDevice(), training);
    NDArray z = l2Normalize(candidateIds == null ? ids : Rows.gather(ids, candidateIds));
    return withIdScores(users.matMul(z.transpose()), fused);
  }

  /** The released code's transductive mix {@code (idScores + 2 * fused) / 3}, shapes alike. */
  private static NDArray withIdScores(NDArray idScores, NDArray fused) {
    return idScores.add(fused.mul(TorchOwned.scalar(fused, 2))).div(TorchOwned.scalar(fused, 3));
  }

  /**
   * Score of the released code's padding item, {@code (B, 1)}: its softmax over "all items" runs
   * over the embedding tables' row 0 too, a zero feature row whose adapted tokens are the adapters'
   * biases (both modalities present) and whose ID embedding is zero. Evaluation never ranks it.
   *
   * @param users {@code (B, d)} L2-normalised user vectors
   */
  public NDArray paddingScore(ParameterStore ps, NDArray users, boolean training) {
    NDManager manager = users.getManager();
    NDList candidates = new NDList(modalities.size());
    NDList presentLog = new NDList(modalities.size());
    for (int m = 0; m < modalities.size(); m++) {
      long dim = config.modalityDims().get(modalities.get(m));
      NDArray zero = manager.zeros(new Shape(1, dim), users.getDataType(), users.getDevice());
      candidates.add(l2Normalize(adapters.get(m).forward(ps, new NDList(zero), training).head()));
      presentLog.add(manager.zeros(new Shape(1), users.getDataType(), users.getDevice()));
    }
    NDArray alpha = ps.getValue(fusionAlpha, users.getDevice(), training);
    NDArray fused = fuse(users, candidates, presentLog, alpha);
    return idEmbedding == null ? fused : withIdScores(fused.zerosLike(), fused);
  }

  /**
   * The fusion of spec 6 on its own: {@code sum_m softmax_m(a * s_m + mask_m) * s_m} with {@code
   * s_m = users . candidates_m^T}. Shapes: users {@code (B, d)}, candidates {@code (C, d)} each,
   * masks {@code (C)} each, alpha {@code (1)}; result {@code (B, C)}.
   */
  public static NDArray fuse(NDArray users, NDList candidates, NDList presentLog, NDArray alpha) {
    if (candidates.size() == 1) {
      return users.matMul(candidates.get(0).transpose());
    }
    NDList scores = new NDList(candidates.size());
    NDList logits = new NDList(candidates.size());
    for (int m = 0; m < candidates.size(); m++) {
      NDArray s = users.matMul(candidates.get(m).transpose());
      scores.add(s);
      logits.add(s.mul(alpha).add(presentLog.get(m).expandDims(0)));
    }
    NDArray stackedScores = NDArrays.stack(scores);
    NDArray weights = NDArrays.stack(logits).softmax(0);
    return weights.mul(stackedScores).sum(new int[] {0});
  }

  /** L2-normalised candidate tokens per modality, {@code (N, d)} each (zero rows stay zero). */
  public static NDList candidates(NDList adapted) {
    NDList out = new NDList(adapted.size());
    for (NDArray x : adapted) {
      out.add(l2Normalize(x));
    }
    return out;
  }

  /**
   * Row-wise L2 normalisation over the last axis; zero rows (missing modalities) stay zero. The
   * clamp comes before the square root: sqrt has an infinite derivative at 0, which would turn the
   * zero rows' gradients into NaN.
   */
  public static NDArray l2Normalize(NDArray x) {
    NDArray squares = x.square().sum(new int[] {-1}, true);
    NDArray norm = squares.maximum(TorchOwned.scalar(squares, 1e-24)).sqrt();
    return x.div(norm);
  }

  /** {@code (1, 1, L, L)} additive mask hiding future positions. */
  static NDArray causalMask(NDManager manager, long length) {
    NDArray idx = manager.arange((int) length);
    NDArray future = idx.expandDims(0).gt(idx.expandDims(1));
    NDArray hidden = future.toType(DataType.FLOAT32, false);
    return hidden.mul(TorchOwned.scalar(hidden, MASKED)).reshape(1, 1, length, length);
  }

  /**
   * Freezes what parameter-efficient fine-tuning keeps fixed: encoder and decoder stacks (with
   * their final norms) and the position embeddings.
   */
  public void freezePretrainedCore(boolean freeze) {
    for (InterestEncoderLayer layer : encoder) {
      layer.freezeParameters(freeze);
    }
    for (InterestAwareDecoderLayer layer : decoder) {
      layer.freezeParameters(freeze);
    }
    encoderNorm.freezeParameters(freeze);
    decoderNorm.freezeParameters(freeze);
    positions.freeze(freeze);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long batch = inputShapes[2].get(0);
    return new Shape[] {
      new Shape(batch, config.hidden()), new Shape(batch, inputShapes[5].get(1), config.hidden())
    };
  }

  /** Initialises all parameters; item feature widths come from the config. */
  public void initialize(NDManager manager) {
    long d = config.hidden();
    initialize(
        manager,
        DataType.FLOAT32,
        new Shape(1, d),
        new Shape(1, d),
        new Shape(1, config.maxLen()),
        new Shape(1, 1, 1, config.maxLen()),
        new Shape(1),
        new Shape(1, config.maxInterests()),
        new Shape(1, 1, 1, config.maxInterests()));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long d = config.hidden();
    int m = 0;
    for (Integer dim : config.modalityDims().values()) {
      adapters.get(m++).initialize(manager, dataType, new Shape(1, dim));
    }
    Shape tokens = new Shape(1, config.maxLen(), d);
    Shape interests = new Shape(1, config.maxInterests(), d);
    inputNorm.initialize(manager, dataType, tokens);
    inputDropout.initialize(manager, dataType, tokens);
    encoderNorm.initialize(manager, dataType, interests);
    decoderNorm.initialize(manager, dataType, new Shape(1, d));
    Shape interestMask = new Shape(1, 1, 1, config.maxInterests());
    for (InterestEncoderLayer layer : encoder) {
      layer.initialize(manager, dataType, interests, interestMask);
    }
    Shape selfMask = new Shape(1, 1, config.maxLen(), config.maxLen());
    for (InterestAwareDecoderLayer layer : decoder) {
      layer.initialize(manager, dataType, tokens, tokens, selfMask, interests, interestMask);
    }
  }
}
