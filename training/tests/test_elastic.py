"""train_segmentation.elastic_deform: the crop and its target move together, and no displacement is no change."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import train_segmentation as T  # noqa: E402


def blobs(size=64, seed=0):
    rng = np.random.RandomState(seed)
    y = np.zeros((size, size), np.int64)
    for _ in range(6):
        r, c, rad = rng.randint(8, size - 8), rng.randint(8, size - 8), rng.randint(3, 8)
        rows, cols = np.ogrid[:size, :size]
        y[(rows - r) ** 2 + (cols - c) ** 2 <= rad ** 2] = 1
    return y


def test_no_displacement_gives_the_crop_back():
    y = blobs()
    x = np.stack([y * 0.8 + 0.1, 1.0 - y * 0.5]).astype(np.float32)
    xo, yo = T.elastic_deform(x, y, np.random.RandomState(1), std=0.0)
    np.testing.assert_allclose(xo, x, atol=1e-5)
    np.testing.assert_array_equal(yo, y)
    assert yo.dtype == y.dtype


def test_image_and_target_move_together():
    y = blobs(seed=3)
    xo, yo = T.elastic_deform(y[None].astype(np.float32), y, np.random.RandomState(5), std=8.0)
    assert not np.array_equal(yo, y), "the deformation moved something"
    # the image is sampled bilinearly, the target nearest: they disagree only next to an edge
    agree = (xo[0] > 0.5) == (yo > 0)
    assert agree.mean() > 0.98, agree.mean()
