"""train_segmentation.crop_probabilities and the nuclei elastic path: the colour images get the task's share of the
crops, every other task samples in proportion to area, and a deformed nuclei crop keeps its classes consistent."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import train_segmentation as T  # noqa: E402


def item(h, w, colour, seed):
    rng = np.random.RandomState(seed)
    grey = rng.rand(h, w).astype(np.float32)
    x = np.stack([grey, grey * 0.5, grey * 0.8]) if colour else np.stack([grey] * 3)
    y = np.zeros((h, w), np.int32)
    y[4:20, 4:20] = 1
    y[30:50, 30:50] = 2
    return {"x": x, "y": y}


def test_colour_images_get_the_colour_share():
    items = [item(64, 64, False, 0), item(128, 128, False, 1), item(64, 32, True, 2), item(64, 96, True, 3)]
    p = T.crop_probabilities("nuclei", items)
    share = T.TASKS["nuclei"]["colour_share"]
    assert abs(p.sum() - 1) < 1e-12
    assert abs(p[2] + p[3] - share) < 1e-12
    # within a group, in proportion to area
    assert abs(p[1] / p[0] - 4.0) < 1e-12 and abs(p[3] / p[2] - 3.0) < 1e-12


def test_other_tasks_and_one_kind_of_image_sample_by_area():
    items = [item(64, 64, False, 0), item(128, 64, False, 1)]
    np.testing.assert_allclose(T.crop_probabilities("nuclei", items), [1 / 3, 2 / 3])
    mixed = items + [item(64, 64, True, 2)]
    np.testing.assert_allclose(T.crop_probabilities("retinal-vessels", mixed), [0.25, 0.5, 0.25])


def test_a_nuclei_batch_has_the_deformation_and_consistent_classes():
    assert T.TASKS["nuclei"].get("elastic")
    items = [item(96, 96, False, 0), item(96, 96, True, 1)]
    x, y = T.sample_batch("nuclei", items, None, np.random.RandomState(0), T.crop_probabilities("nuclei", items))
    assert tuple(x.shape) == (4, 3, 256, 256) and tuple(y.shape) == (4, 256, 256)
    assert set(np.unique(y.numpy())) <= {0, 1, 2} and (y.numpy() == 1).any() and (y.numpy() == 2).any()
