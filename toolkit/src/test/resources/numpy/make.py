# Writes the NumPy files NpyArrayTest reads: python3 make.py (numpy 2.x; run in this folder).
import numpy as np

x = np.arange(12, dtype=np.float32).reshape(4, 3) / 4
np.savez_compressed("mixed.npz",
                    x=x,
                    seq=np.arange(24, dtype=np.float64).reshape(2, 3, 4),
                    labels=np.array([0, 2, 1, 2], dtype=np.int64),
                    names=np.array(["cat", "dog", "bird", "dog"]),
                    flags=np.array([True, False, True, True]),
                    big=np.array([1, -2, 300], dtype=">i4"),
                    small=np.array([255, 7], dtype=np.uint8))
np.save("x.npy", x)
np.save("fortran.npy", np.asfortranarray(np.ones((2, 3), dtype=np.float32)))
np.save("objects.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
