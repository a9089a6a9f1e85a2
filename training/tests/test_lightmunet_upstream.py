"""LightM-UNet 2D == the published network (MrBlankness/LightM-UNet, nnunetv2/nets/LightMUNet.py), loaded from its
mirror at run time with MONAI stand-ins (upstream.py): same state-dict keys in the same order, same shapes (strict
load), same outputs, for 1 and 3 input channels, non-square inputs and the published trainer's depths."""
import os
import sys

import pytest
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
import upstream  # noqa: E402
from test_umamba_upstream import _check  # noqa: E402
from mambaj_ref import from_config  # noqa: E402
from mambaj_ref.lightmunet import LightMUNet  # noqa: E402

pytestmark = pytest.mark.skipif(not upstream.available("lightmunet"), reason="LightM-UNet not mirrored")
torch.set_num_threads(1)


@pytest.mark.parametrize("channels,classes,size", [(1, 2, (24, 40)), (3, 3, (16, 16))])
def test_lightmunet_2d(channels, classes, size):
    m = upstream.load("lightmunet")
    # what nnUNetTrainerLightMUNet passes, with fewer filters to keep the test quick
    cfg = dict(spatial_dims=2, init_filters=8, in_channels=channels, out_channels=classes,
               blocks_down=[1, 2, 2, 4], blocks_up=[1, 1, 1])
    torch.manual_seed(0)
    # 5e-5: upstream's selective_scan_ref scans in fp32 whatever the input type, so the two differ by fp32 rounding
    # through 17 Mamba layers (measured 1.8e-5 at 24x40); a wrong key, order or op gives O(1)
    _check(m.LightMUNet(**cfg), LightMUNet(**cfg), torch.randn(1, channels, *size), tol=5e-5)


def test_published_default_keys_and_shapes():
    """The defaults in architecture-defaults.json build the trainer's network (init_filters 32), key for key."""
    m = upstream.load("lightmunet")
    theirs = m.LightMUNet(spatial_dims=2, init_filters=32, in_channels=3, out_channels=2, blocks_down=[1, 2, 2, 4],
                          blocks_up=[1, 1, 1]).state_dict()
    ours = from_config("lightm_unet", {}).state_dict()
    assert [(k, tuple(v.shape)) for k, v in ours.items()] == [(k, tuple(v.shape)) for k, v in theirs.items()]
    assert tuple(ours["convInit.0.conv.weight"].shape) == (3, 1, 3, 3)
    assert tuple(ours["down_layers.3.0.0.mamba.in_proj.weight"].shape) == (512, 128)  # 128 -> 256 channels, expand 2
    assert tuple(ours["conv_final.2.1.conv.bias"].shape) == (2,)
