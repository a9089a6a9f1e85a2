"""seg_lib.nuclei_targets: the boundary class, two pixels thick for big nuclei and one for small ones."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import seg_lib as L  # noqa: E402


def two_touching_squares():
    lab = np.zeros((20, 40), np.int32)
    lab[4:16, 4:16] = 1   # 144 pixels: "big"
    lab[4:16, 16:28] = 2  # touches nucleus 1 along column 15 | 16
    lab[4:16, 32:38] = 3  # alone, 72 pixels: small
    return lab


def test_the_band_is_two_pixels_for_big_nuclei_and_one_for_small():
    t = L.nuclei_targets(two_touching_squares())
    row = t[10]
    assert list(row[4:16]) == [2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2]
    assert list(row[32:38]) == [2, 1, 1, 1, 1, 2]
    assert (t[two_touching_squares() == 0] == 0).all()
