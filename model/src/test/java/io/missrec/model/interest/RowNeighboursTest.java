package io.missrec.model.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RowNeighboursTest {

  /** Sizes on both sides of the sampling limit; values from few distinct levels give many ties. */
  @ParameterizedTest(name = "T={0} k={1} levels={2}")
  @CsvSource({
    "2, 1, 0",
    "50, 7, 3",
    "4097, 410, 0",
    "5000, 1, 0",
    "5000, 4999, 0",
    "9000, 900, 4",
    "20000, 2000, 0",
    "20000, 19990, 50"
  })
  void sumMatchesSorting(int length, int k, int levels) {
    Random random = new Random(length * 31L + k);
    RowNeighbours scan = new RowNeighbours(length, k);
    for (int trial = 0; trial < 5; trial++) {
      float[] row = new float[length + 3]; // offset 3 exercises the offset
      for (int j = 0; j < length; j++) {
        row[3 + j] =
            levels == 0 ? (float) (random.nextDouble() * 100) : random.nextInt(levels) * 0.5f;
      }
      int self = random.nextInt(length);

      double sum = scan.scan(row, 3, self);

      float[] others = othersSorted(row, 3, length, self);
      double expected = 0;
      for (int i = 0; i < k; i++) {
        expected += others[i];
      }
      assertThat(sum).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9 * k * 100));
    }
  }

  /** The max-heap of nearest neighbours keeps the m smallest values offered, with their indexes. */
  @ParameterizedTest(name = "m={0}")
  @CsvSource({"1", "2", "7", "32"})
  void heapKeepsTheSmallest(int m) {
    Random random = new Random(m);
    int base = 5; // heaps of several rows share the arrays
    float[] values = new float[base + m];
    int[] indexes = new int[base + m];
    java.util.Arrays.fill(values, Float.POSITIVE_INFINITY);
    float[] offered = new float[1000];
    float top = Float.POSITIVE_INFINITY;
    for (int i = 0; i < offered.length; i++) {
      offered[i] = random.nextInt(300) * 0.25f; // ties included
      if (offered[i] < top) {
        top = RowNeighbours.replaceTop(values, indexes, base, m, offered[i], i);
      }
    }
    float[] sorted = offered.clone();
    Arrays.sort(sorted);
    float[] kept = Arrays.copyOfRange(values, base, base + m);
    Arrays.sort(kept);
    assertThat(kept).containsExactly(Arrays.copyOf(sorted, m));
    assertThat(top).isEqualTo(sorted[m - 1]);
    for (int n = base; n < base + m; n++) {
      assertThat(offered[indexes[n]]).isEqualTo(values[n]);
    }
    assertThat(Arrays.stream(indexes, base, base + m).distinct().count()).isEqualTo(m);
  }

  /**
   * A row whose strided sample sees only large values while the k smallest hide between the sample
   * positions: the bracket misses and the full selection must still give the exact sum.
   */
  @ParameterizedTest(name = "T={0}")
  @CsvSource({"8192", "10000"})
  void adversarialRowFallsBackToFullSelection(int length) {
    float[] row = new float[length];
    boolean[] sampled = new boolean[length];
    for (int s = 0; s < 1024; s++) {
      sampled[s * (length / 1024)] = true; // RowNeighbours' strided sample positions
    }
    for (int j = 0; j < length; j++) {
      row[j] = sampled[j] ? 1000f + j : j % 97;
    }
    int k = length / 10;
    double sum = new RowNeighbours(length, k).scan(row, 0, 5);

    float[] others = othersSorted(row, 0, length, 5);
    double expected = 0;
    for (int i = 0; i < k; i++) {
      expected += others[i];
    }
    assertThat(sum).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0", "3", "10"})
  void rejectsSizesOutsideTheRow(int k) {
    assertThatThrownBy(() -> new RowNeighbours(3, k))
        .hasMessageContaining("k=" + k)
        .hasMessageContaining("T=3");
  }

  private static float[] othersSorted(float[] row, int offset, int length, int self) {
    float[] others = new float[length - 1];
    int n = 0;
    for (int j = 0; j < length; j++) {
      if (j != self) {
        others[n++] = row[offset + j];
      }
    }
    Arrays.sort(others);
    return others;
  }
}
