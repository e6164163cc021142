package io.missrec.model.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RowNeighboursTest {

  /** Sizes on both sides of the sampling limit; values from few distinct levels give many ties. */
  @ParameterizedTest(name = "T={0} k={1} m={2} levels={3}")
  @CsvSource({
    "2, 1, 1, 0",
    "50, 7, 5, 3",
    "4097, 410, 32, 0",
    "5000, 1, 16, 0",
    "5000, 4999, 16, 0",
    "9000, 900, 32, 4",
    "20000, 2000, 64, 0",
    "20000, 19990, 8, 50"
  })
  void sumAndNearestMatchSorting(int length, int k, int m, int levels) {
    Random random = new Random(length * 31L + k);
    RowNeighbours scan = new RowNeighbours(length, k, m);
    for (int trial = 0; trial < 5; trial++) {
      float[] row = new float[length + 3]; // offset 3 exercises the offset
      for (int j = 0; j < length; j++) {
        row[3 + j] =
            levels == 0 ? (float) (random.nextDouble() * 100) : random.nextInt(levels) * 0.5f;
      }
      int self = random.nextInt(length);
      int[] nearest = new int[m + 2];

      double sum = scan.scan(row, 3, self, nearest, 2);

      float[] others = othersSorted(row, 3, length, self);
      double expected = 0;
      for (int i = 0; i < k; i++) {
        expected += others[i];
      }
      assertThat(sum).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9 * k * 100));
      float[] found = new float[m];
      for (int n = 0; n < m; n++) {
        int j = nearest[2 + n];
        assertThat(j).isNotEqualTo(self).isBetween(0, length - 1);
        found[n] = row[3 + j];
      }
      assertThat(Arrays.stream(nearest, 2, 2 + m).distinct().count()).isEqualTo(m);
      Arrays.sort(found);
      assertThat(found).containsExactly(Arrays.copyOf(others, m));
    }
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
    double sum = new RowNeighbours(length, k, 0).scan(row, 0, 5, null, 0);

    float[] others = othersSorted(row, 0, length, 5);
    double expected = 0;
    for (int i = 0; i < k; i++) {
      expected += others[i];
    }
    assertThat(sum).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "10, 0", "3, 3"})
  void rejectsSizesOutsideTheRow(int k, int m) {
    assertThatThrownBy(() -> new RowNeighbours(3, k, m))
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
