package io.missrec.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our Adam against DJL's, and its exported state against an uninterrupted optimizer. */
class ResumableAdamTest {

  private static final float LR = 1e-2f;
  private NDManager manager;
  private NDArray input;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(17);
    input = manager.randomNormal(new Shape(6, 5));
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** Linear(5 -> 8), tanh, Linear(8 -> 3): four parameters of three shapes. */
  private SequentialBlock block(SequentialBlock copyFrom) {
    SequentialBlock block =
        new SequentialBlock()
            .add(Linear.builder().setUnits(8).build())
            .add(Activation.tanhBlock())
            .add(Linear.builder().setUnits(3).build());
    block.initialize(manager, DataType.FLOAT32, input.getShape());
    if (copyFrom != null) {
      List<float[]> values = weights(copyFrom);
      var params = block.getParameters();
      for (int i = 0; i < params.size(); i++) {
        params.get(i).getValue().getArray().set(values.get(i));
      }
    }
    return block;
  }

  /** One step: loss sum((f(x) - 0.3)^2), backward, update every parameter, zero gradients. */
  private void step(SequentialBlock block, Optimizer optimizer) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray out =
            block.forward(new ParameterStore(manager, false), new NDList(input), true).head();
        NDArray diff = out.sub(manager.full(new Shape(), 0.3f));
        gc.backward(diff.mul(diff).sum());
      }
    }
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray weight = p.getValue().getArray();
      try (NDArray grad = weight.getGradient()) {
        optimizer.update(p.getValue().getId(), weight, grad);
        grad.subi(grad);
      }
    }
  }

  private static List<float[]> weights(SequentialBlock block) {
    List<float[]> out = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      out.add(p.getValue().getArray().toFloatArray());
    }
    return out;
  }

  private static ResumableAdam ours(SequentialBlock block) {
    return ResumableAdam.builder()
        .optLearningRateTracker(Tracker.fixed(LR))
        .build(block.getParameters());
  }

  private static void assertBitIdentical(List<float[]> actual, List<float[]> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      int[] a = new int[actual.get(i).length];
      int[] e = new int[expected.get(i).length];
      for (int j = 0; j < a.length; j++) {
        a[j] = Float.floatToRawIntBits(actual.get(i)[j]);
      }
      for (int j = 0; j < e.length; j++) {
        e[j] = Float.floatToRawIntBits(expected.get(i)[j]);
      }
      assertThat(a).as("parameter %d", i).containsExactly(e);
    }
  }

  @Test
  void stepsAreBitIdenticalToDjlAdam() {
    SequentialBlock djlBlock = block(null);
    SequentialBlock ourBlock = block(djlBlock);
    List<float[]> initial = weights(djlBlock);
    Optimizer djl = Optimizer.adam().optLearningRateTracker(Tracker.fixed(LR)).build();
    try (ResumableAdam adam = ours(ourBlock)) {
      for (int s = 1; s <= 3; s++) {
        step(djlBlock, djl);
        step(ourBlock, adam);
        assertBitIdentical(weights(ourBlock), weights(djlBlock));
      }
    }
    // the steps did move the weights, so the comparison above compared something
    assertThat(weights(djlBlock).get(0)).isNotEqualTo(initial.get(0));
  }

  @Test
  void restoredStateContinuesExactlyAsTheUninterruptedOptimizer() throws IOException {
    SequentialBlock straight = block(null);
    SequentialBlock first = block(straight);
    try (ResumableAdam adam = ours(straight)) {
      for (int s = 0; s < 5; s++) {
        step(straight, adam);
      }
    }
    byte[] saved;
    try (ResumableAdam adam = ours(first)) {
      step(first, adam);
      step(first, adam);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      adam.state().write(out);
      saved = out.toByteArray();
    }
    AdamState state = AdamState.read(new ByteArrayInputStream(saved), "saved");
    assertThat(state.entries()).hasSize(4);
    assertThat(state.entries().values()).allSatisfy(e -> assertThat(e.steps()).isEqualTo(2));

    // a fresh block (new parameter ids, same names) with the weights after step 2
    SequentialBlock resumed = block(first);
    try (ResumableAdam adam = ours(resumed)) {
      adam.restore(state);
      for (int s = 0; s < 3; s++) {
        step(resumed, adam);
      }
    }
    assertBitIdentical(weights(resumed), weights(straight));

    // without the state the same three steps land elsewhere
    SequentialBlock restarted = block(first);
    try (ResumableAdam adam = ours(restarted)) {
      for (int s = 0; s < 3; s++) {
        step(restarted, adam);
      }
    }
    assertThat(weights(restarted).get(0)).isNotEqualTo(weights(straight).get(0));
  }

  @Test
  void restoreRefusesAStateOfAnotherModel() {
    SequentialBlock block = block(null);
    String name = block.getParameters().get(0).getKey();
    long[] shape = block.getParameters().get(0).getValue().getArray().getShape().getShape();
    int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    AdamState unknown =
        new AdamState(
            Map.of("04Linear_weight", new AdamState.Entry(1, shape, new float[n], new float[n])));
    AdamState reshaped =
        new AdamState(
            Map.of(name, new AdamState.Entry(1, new long[] {n}, new float[n], new float[n])));
    try (ResumableAdam adam = ours(block)) {
      assertThatThrownBy(() -> adam.restore(unknown))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("04Linear_weight");
      assertThatThrownBy(() -> adam.restore(reshaped))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(name)
          .hasMessageContaining("shape");
      step(block, adam);
      AdamState own = adam.state();
      assertThatThrownBy(() -> adam.restore(own)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void readRejectsBytesThatAreNoOptimizerState() throws IOException {
    assertThatThrownBy(
            () -> AdamState.read(new ByteArrayInputStream("not a state".getBytes()), "x.adam"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x.adam")
        .hasMessageContaining("magic");
    AdamState state =
        new AdamState(
            Map.of("w", new AdamState.Entry(3, new long[] {2}, new float[] {1, 2}, new float[2])));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    state.write(out);
    byte[] whole = out.toByteArray();
    AdamState back = AdamState.read(new ByteArrayInputStream(whole), "w.adam");
    assertThat(back.entries().get("w").steps()).isEqualTo(3);
    assertThat(back.entries().get("w").mean()).containsExactly(1, 2);
    assertThatThrownBy(
            () ->
                AdamState.read(
                    new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 3)), "cut.adam"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cut.adam")
        .hasMessageContaining("truncated");
  }
}
