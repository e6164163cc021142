"""Writes the .npy fixtures of NpyFeatureReaderTest with NumPy itself (run from this folder).

The Java reader is tested against files NumPy produced, not only against headers the test
assembles by hand.
"""
import numpy as np

c_order = np.array([[1.0, -2.5, 3.0], [0.0, 0.0, 0.0], [np.nan, np.nan, np.nan], [0.0, 7.0, 0.5]],
                   dtype="<f4")
np.save("c_float32.npy", c_order)
np.save("fortran_float64.npy", np.asfortranarray(c_order.astype("<f8")))
