package io.missrec.model.torch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Row lookups: DJL's indexing values, gradients identical from one backward pass to the next. */
class RowsTest {

  /**
   * Distinct bit patterns of the table's gradient over repeated backward passes of {@code sum(w *
   * lookup(table, ids))}, with many ids per row and more elements than libtorch's grain size (the
   * surefire JVM runs libtorch on two threads).
   */
  private static Set<String> gradients(BiFunction<NDArray, NDArray, NDArray> lookup, int passes) {
    Set<String> seen = new HashSet<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(3);
      NDArray table = manager.randomNormal(new Shape(100, 64));
      table.setRequiresGradient(true);
      NDArray ids = manager.randomInteger(0, 100, new Shape(256, 12), DataType.INT64);
      NDArray weights = manager.randomNormal(new Shape(256, 12, 64));
      for (int pass = 0; pass < passes; pass++) {
        try (NDScope scope = new NDScope();
            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          scope.suppressNotUsedWarning();
          gc.backward(lookup.apply(table, ids).mul(weights).sum());
        }
        NDArray grad = table.getGradient();
        float[] values = grad.toFloatArray();
        StringBuilder bits = new StringBuilder();
        for (float v : values) {
          bits.append(Integer.toHexString(Float.floatToRawIntBits(v))).append(',');
        }
        seen.add(bits.toString());
        grad.subi(grad);
      }
    }
    return seen;
  }

  @Test
  void gatherHasIndexingsValuesAndADeterministicGradient() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray table = manager.randomNormal(new Shape(10, 4));
      NDArray ids = manager.create(new long[] {3, 3, 0, 9, 1, 3}, new Shape(2, 3));
      NDArray rows = Rows.gather(table, ids);
      assertThat(rows.getShape()).isEqualTo(new Shape(2, 3, 4));
      assertThat(rows.toFloatArray()).containsExactly(table.get(ids).toFloatArray());
    }
    assertThat(gradients(Rows::gather, 20)).hasSize(1);
  }
}
