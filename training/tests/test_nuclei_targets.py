"""seg_lib.nuclei_targets: the boundary class, and the wider band where two nuclei touch (contact)."""
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


def test_without_contact_the_band_is_two_pixels_for_big_nuclei_and_one_for_small():
    t = L.nuclei_targets(two_touching_squares())
    row = t[10]
    assert list(row[4:16]) == [2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2]
    assert list(row[32:38]) == [2, 1, 1, 1, 1, 2]
    assert (t[two_touching_squares() == 0] == 0).all()


def test_contact_widens_the_band_only_where_nuclei_touch():
    lab = two_touching_squares()
    plain, wide = L.nuclei_targets(lab), L.nuclei_targets(lab, contact=3)
    row = wide[10]
    # columns 13-18 are within 3 pixels of the other nucleus: boundary (a 6-pixel band where the 2-pixel inner
    # boundaries made 4); the far sides keep their 2-pixel band
    assert list(row[4:16]) == [2, 2, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2]
    assert list(row[16:28]) == [2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 2, 2]
    # the lone small nucleus and the background are as before
    np.testing.assert_array_equal(wide[:, 30:], plain[:, 30:])
    assert (wide[lab == 0] == 0).all()
    # an interior seed survives in each nucleus
    for k in (1, 2, 3):
        assert (wide[lab == k] == 1).any()
