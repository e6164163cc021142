package io.missrec.model.interest;

/** {@link RunKernel} as a plain loop, with the row's state in locals. */
final class ScalarRuns implements RunKernel {

  @Override
  public void absorb(
      SymmetricDensity pass,
      int row,
      float[] products,
      int from,
      int to,
      int first,
      float[] scratch) {
    float[] norms = pass.norms;
    float rowLo = pass.lo[row];
    float rowHi = pass.hi[row];
    float rowNorm = norms[row];
    float farthest = pass.farthestNear[row];
    int count = 0;
    double sum = 0;
    float[] values = pass.kept[row];
    int n = pass.keptCount[row];
    for (int c = from; c < to; c++) {
      float v = RowNeighbours.distance(products[c], rowNorm, norms[first + c]);
      if (v < rowLo) {
        count++;
        sum += v;
      } else if (v <= rowHi) {
        values = SymmetricDensity.room(values, n, 1);
        values[n++] = v;
      }
      if (v < farthest) {
        farthest = pass.near(row, v, first + c);
      }
    }
    pass.below[row] += count;
    pass.sumBelow[row] += sum;
    pass.kept[row] = values;
    pass.keptCount[row] = n;
    pass.farthestNear[row] = farthest;
  }

  @Override
  public int scratchLength() {
    return 0;
  }
}
