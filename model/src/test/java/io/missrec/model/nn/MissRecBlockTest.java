package io.missrec.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MissRecBlockTest {

  private NDManager manager;

  @BeforeEach
  void setUp() {
    Engine.getInstance().setRandomSeed(7);
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private static MissRecConfig tinyConfig(int decoderLayers) {
    Map<String, Integer> dims = new LinkedHashMap<>();
    dims.put("text", 6);
    dims.put("image", 5);
    return new MissRecConfig(8, 2, 16, 1, decoderLayers, 0f, 6, 6, dims, 0, 1e-12f);
  }

  @Test
  void fusionMatchesClosedFormAndTendsToMeanAndMaxPooling() {
    NDArray users = MissRecBlock.l2Normalize(manager.randomNormal(new Shape(3, 8)));
    NDArray text = MissRecBlock.l2Normalize(manager.randomNormal(new Shape(4, 8)));
    NDArray image = MissRecBlock.l2Normalize(manager.randomNormal(new Shape(4, 8)));
    NDList present = new NDList(manager.zeros(new Shape(4)), manager.zeros(new Shape(4)));
    float[] st = users.matMul(text.transpose()).toFloatArray();
    float[] sv = users.matMul(image.transpose()).toFloatArray();
    for (float a : new float[] {0f, 0.7f, 3f}) {
      float[] fused =
          MissRecBlock.fuse(
                  users, new NDList(text, image), present, manager.create(new float[] {a}))
              .toFloatArray();
      for (int i = 0; i < st.length; i++) {
        double et = Math.exp(a * st[i]);
        double ev = Math.exp(a * sv[i]);
        assertThat((double) fused[i])
            .isCloseTo((st[i] * et + sv[i] * ev) / (et + ev), within(1e-5));
      }
    }
    float[] mean =
        MissRecBlock.fuse(users, new NDList(text, image), present, manager.create(new float[] {0f}))
            .toFloatArray();
    float[] max =
        MissRecBlock.fuse(
                users, new NDList(text, image), present, manager.create(new float[] {1e4f}))
            .toFloatArray();
    for (int i = 0; i < st.length; i++) {
      assertThat(mean[i]).isCloseTo((st[i] + sv[i]) / 2, within(1e-6f));
      assertThat(max[i]).isCloseTo(Math.max(st[i], sv[i]), within(1e-5f));
    }
  }

  @Test
  void missingModalityIsExcludedFromTheMix() {
    NDArray users = MissRecBlock.l2Normalize(manager.randomNormal(new Shape(2, 8)));
    NDArray text = MissRecBlock.l2Normalize(manager.randomNormal(new Shape(3, 8)));
    NDArray image = MissRecBlock.l2Normalize(manager.randomNormal(new Shape(3, 8)));
    // item 1 has no image
    NDList present =
        new NDList(
            manager.zeros(new Shape(3)), manager.create(new float[] {0, MissRecBlock.MASKED, 0}));
    float[] fused =
        MissRecBlock.fuse(users, new NDList(text, image), present, manager.create(new float[] {0f}))
            .toFloatArray();
    float[] st = users.matMul(text.transpose()).toFloatArray();
    assertThat(fused[1]).isCloseTo(st[1], within(1e-6f));
    assertThat(fused[4]).isCloseTo(st[4], within(1e-6f));
  }

  /**
   * The released code's padding item: a zero feature row, so each modality's token is its adapter's
   * bias; fused like any item, scaled by 2/3 in the transductive mode (its ID embedding is zero),
   * and trained through the biases.
   */
  @Test
  void paddingItemScoresTheAdapterBiasesAndTrainsThem() {
    for (int idItems : new int[] {0, 10}) {
      Map<String, Integer> dims = new LinkedHashMap<>();
      dims.put("text", 6);
      dims.put("image", 5);
      MissRecBlock block =
          new MissRecBlock(new MissRecConfig(8, 2, 16, 1, 1, 0f, 6, 6, dims, idItems, 1e-12f));
      block.initialize(manager);
      Map<String, NDArray> biases = new LinkedHashMap<>();
      for (Pair<String, Parameter> p : block.getParameters()) {
        if (p.getKey().matches("\\d\\dadapter_(text|image)_bias")) {
          NDArray b = p.getValue().getArray();
          b.addi(manager.randomNormal(b.getShape())); // biases start at zero
          biases.put(p.getKey().contains("text") ? "text" : "image", b);
        }
      }
      assertThat(biases).hasSize(2);
      float alpha = 0.7f;
      block.getParameters().get("fusion_alpha").getArray().addi(alpha);
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray users = MissRecBlock.l2Normalize(manager.randomNormal(new Shape(3, 8)));
      float[] score;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray s = block.paddingScore(ps, users, true);
        assertThat(s.getShape()).isEqualTo(new Shape(3, 1));
        score = s.toFloatArray();
        gc.backward(s.sum());
      }
      float[] st = users.matMul(unit(biases.get("text"))).toFloatArray();
      float[] si = users.matMul(unit(biases.get("image"))).toFloatArray();
      double scale = idItems == 0 ? 1 : 2.0 / 3;
      for (int i = 0; i < 3; i++) {
        double et = Math.exp(alpha * st[i]);
        double ei = Math.exp(alpha * si[i]);
        assertThat((double) score[i])
            .isCloseTo(scale * (st[i] * et + si[i] * ei) / (et + ei), within(1e-5));
      }
      for (NDArray b : biases.values()) {
        assertThat(b.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
      }
    }
  }

  /** {@code (d) -> (d, 1)}, L2-normalised. */
  private static NDArray unit(NDArray vector) {
    return MissRecBlock.l2Normalize(vector.reshape(1, -1)).transpose();
  }

  /** Runs the block on one padded batch and returns the user vectors. */
  private float[] userVectors(
      MissRecBlock block, ParameterStore ps, NDArray table, long[][] items, int[] lengths) {
    int batch = items.length;
    int len = items[0].length;
    long[] flat = new long[batch * len];
    float[] mask = new float[batch * len];
    long[] last = new long[batch];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < len; j++) {
        flat[b * len + j] = items[b][j];
        mask[b * len + j] = j < lengths[b] ? 0 : MissRecBlock.MASKED;
      }
      last[b] = (long) b * len + lengths[b] - 1;
    }
    NDArray ids = manager.create(flat, new Shape(batch, len));
    NDArray keyMask = manager.create(mask, new Shape(batch, 1, 1, len));
    // interests: same ids as the items, same mask (a valid stand-in for this test)
    NDList out =
        block.forward(
            ps, new NDList(table, table, ids, keyMask, manager.create(last), ids, keyMask), false);
    return out.head().toFloatArray();
  }

  @Test
  void paddedPositionsChangeNothing() {
    for (int decoderLayers : new int[] {1, 2}) {
      MissRecBlock block = new MissRecBlock(tinyConfig(decoderLayers));
      block.initialize(manager);
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray table = manager.randomNormal(new Shape(10, 8));
      float[] exact = userVectors(block, ps, table, new long[][] {{3, 1, 4}}, new int[] {3});
      float[] paddedA =
          userVectors(block, ps, table, new long[][] {{3, 1, 4, 0, 0, 0}}, new int[] {3});
      float[] paddedB =
          userVectors(block, ps, table, new long[][] {{3, 1, 4, 9, 5, 2}}, new int[] {3});
      assertThat(paddedA).containsExactly(exact, within(1e-5f));
      assertThat(paddedB).containsExactly(exact, within(1e-5f));
      // and the sequence itself matters
      float[] other = userVectors(block, ps, table, new long[][] {{3, 1, 5}}, new int[] {3});
      assertThat(other).isNotEqualTo(exact);
    }
  }

  @Test
  void frozenCoreStaysFixedWhileAdaptersTrain() {
    MissRecBlock block = new MissRecBlock(tinyConfig(1));
    block.initialize(manager);
    block.freezePretrainedCore(true);
    ParameterStore ps = new ParameterStore(manager, false);
    Map<String, float[]> before = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      before.put(p.getKey(), p.getValue().getArray().toFloatArray());
    }
    NDList features =
        new NDList(manager.randomNormal(new Shape(10, 6)), manager.randomNormal(new Shape(10, 5)));
    NDList present = new NDList(manager.ones(new Shape(10)), manager.ones(new Shape(10)));
    Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build();
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDList adapted = block.adapt(ps, features, present, true);
      NDArray table = block.tokenTable(ps, adapted, null, true);
      NDArray ids = manager.create(new long[] {1, 2, 3}, new Shape(1, 3));
      NDArray mask = manager.zeros(new Shape(1, 1, 1, 3));
      NDList out =
          block.forward(
              ps,
              new NDList(table, table, ids, mask, manager.create(new long[] {2}), ids, mask),
              true);
      NDArray scores =
          block.score(
              ps,
              out.head(),
              MissRecBlock.candidates(adapted),
              new NDList(manager.zeros(new Shape(10)), manager.zeros(new Shape(10))),
              null,
              true);
      NDArray loss =
          io.missrec.model.train.Losses.allItems(scores, manager.create(new long[] {4}), 0.07f);
      gc.backward(loss);
    }
    for (Pair<String, Parameter> p : block.getParameters()) {
      if (p.getValue().requiresGradient()) {
        adam.update(
            p.getValue().getId(), p.getValue().getArray(), p.getValue().getArray().getGradient());
      }
    }
    int frozen = 0;
    int trained = 0;
    for (Pair<String, Parameter> p : block.getParameters()) {
      float[] now = p.getValue().getArray().toFloatArray();
      String name = p.getKey();
      // DJL prefixes child block names with their 2-digit registration order
      if (name.matches("\\d\\d(encoder|decoder)_.*") || name.equals("positions")) {
        assertThat(now).as(name).containsExactly(before.get(name));
        frozen++;
      } else if (name.matches("\\d\\dadapter_.*") || name.equals("fusion_alpha")) {
        assertThat(now).as(name).isNotEqualTo(before.get(name));
        trained++;
      }
    }
    assertThat(frozen).isGreaterThan(10);
    assertThat(trained).isEqualTo(5);
  }

  @Test
  void publishedConfigHasTheOfficialParameterCountOrder() {
    Map<String, Integer> dims = new LinkedHashMap<>();
    dims.put("text", 512);
    dims.put("image", 512);
    MissRecBlock block = new MissRecBlock(MissRecConfig.published(dims));
    block.initialize(manager);
    long total = 0;
    for (Pair<String, Parameter> p : block.getParameters()) {
      total += p.getValue().getArray().size();
    }
    // the released code's inductive model on this configuration: 1,719,513 parameters
    assertThat(total).isEqualTo(1_719_513L);
    assertThat(block.getParameters().get("fusion_alpha").getArray().getDataType())
        .isEqualTo(DataType.FLOAT32);
  }
}
