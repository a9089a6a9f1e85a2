"""seg_lib.predict_tiled cuts, weights and blends tiles as MambaJ's Tiler (src/main/java/org/mambaj/image/Tiler.java),
so that the training script's validation numbers are the ones a user gets with a package's default tile."""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import seg_lib as L  # noqa: E402


def test_tile_geometry_matches_the_java_tiler():
    # Tiler.edge's own example: a 2048-pixel axis in 1024-pixel tiles with 64 overlap -> 3 tiles of 736
    assert L.tile_edge(2048, 1024, 64, 32) == 736
    assert L.tile_starts(2048, 736, 64) == [0, 672, 1312]
    # a CHASE_DB1 image's 999 rows in 256-pixel tiles: 5 tiles, the last flush with the end
    assert L.tile_edge(999, 256, 64, 32) == 256
    assert L.tile_starts(999, 256, 64) == [0, 192, 384, 576, 743]
    # 600 pixels in 512-pixel tiles: 2 tiles shrink to 352 (a multiple of 32) rather than running 2 x 512
    assert L.tile_edge(600, 512, 64, 32) == 352 and L.tile_starts(600, 352, 64) == [0, 248]
    assert L.tile_starts(100, 128, 16) == [0]
    w = L.tile_window(64, 16)
    assert w.dtype == np.float32 and w[16:48].min() == 1 and 0 < w[0] < w[8] < w[15] < 1
    assert np.array_equal(w, w[::-1])


def _blur(model, batch):
    """A position-dependent stand-in for a network: a 5x5 box filter (zero padding) per channel, and a second output
    channel that is the input's first channel squared."""
    k = torch.ones(batch.shape[1], 1, 5, 5) / 25
    return torch.cat([torch.nn.functional.conv2d(batch, k, padding=2, groups=batch.shape[1])[:, :1],
                      batch[:, :1] ** 2], 1)


def test_an_image_that_fits_one_tile_runs_whole():
    x = np.random.RandomState(0).rand(2, 70, 90).astype(np.float32)
    whole = L.predict_whole(torch.nn.Identity(), x, 32, _blur)
    assert np.array_equal(L.predict_tiled(torch.nn.Identity(), x, 96, 16, 32, _blur), whole)


def test_tiles_blend_to_a_pointwise_output_exactly_and_to_a_filter_nearly():
    x = np.random.RandomState(1).rand(2, 300, 250).astype(np.float32)
    tiled = L.predict_tiled(torch.nn.Identity(), x, 128, 32, 32, _blur)
    whole = L.predict_whole(torch.nn.Identity(), x, 32, _blur)
    assert tiled.shape == (2, 300, 250)
    # the pointwise channel is the same in every tile: the normalised blend gives it back
    np.testing.assert_allclose(tiled[1], x[0] ** 2, rtol=1e-6)
    # the filter differs only near tile borders inside the image (mirrored or cut context), where weights are small
    assert np.abs(tiled[0] - whole[0])[8:-8, 8:-8].max() < 0.05
    assert not np.allclose(tiled[0], whole[0], atol=1e-4), "tiling changed nothing: were tiles used at all?"
