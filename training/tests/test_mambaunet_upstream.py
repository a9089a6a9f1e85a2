"""Mamba-UNet == the published network (ziyangwang007/Mamba-UNet, code/networks/mamba_sys.py VSSM and
vision_mamba.py MambaUnet), loaded from its mirror at run time: same state-dict keys in the same order, same shapes
(strict load), same outputs; small dims through the VSSM itself, the published wrapper with its configs/vmamba_tiny.yaml
settings (dims fixed at 96..768) on a 1-channel input, which it repeats to 3."""
import os
import sys
import types

import pytest
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
import upstream  # noqa: E402
from test_umamba_upstream import _check  # noqa: E402
from mambaj_ref import from_config  # noqa: E402
from mambaj_ref.mambaunet import VSSM  # noqa: E402

pytestmark = pytest.mark.skipif(not upstream.available("mambaunet"), reason="Mamba-UNet not mirrored")
torch.set_num_threads(1)


def test_vssm_small_dims():
    m = upstream.load("mambaunet_sys")
    torch.manual_seed(0)
    theirs = m.VSSM(patch_size=4, in_chans=3, num_classes=3, depths=[1, 2, 1, 1], dims=[16, 32, 64, 128])
    ours = VSSM(in_chans=3, num_classes=3, depths=[1, 2, 1, 1], dims=[16, 32, 64, 128])
    _check(theirs, ours, torch.randn(1, 3, 64, 32))


def _published_config(num_classes):
    """What train_fully_supervised_2D_VIM.py builds from config.py + configs/vmamba_tiny.yaml."""
    ns = types.SimpleNamespace
    vssm = ns(PATCH_SIZE=4, IN_CHANS=3, EMBED_DIM=96, DEPTHS=[2, 2, 2, 2])
    model = ns(VSSM=vssm, SWIN=ns(MLP_RATIO=4.0, PATCH_NORM=True), DROP_RATE=0.0, DROP_PATH_RATE=0.2)
    return ns(MODEL=model, TRAIN=ns(USE_CHECKPOINT=False))


def test_published_wrapper_defaults_keys_and_grey_input():
    m = upstream.load("mambaunet")
    torch.manual_seed(0)
    theirs = m.MambaUnet(_published_config(4), img_size=224, num_classes=4)
    ours = from_config("mamba_unet", {})  # architecture-defaults.json: the published settings
    _check(theirs, ours, torch.rand(1, 1, 32, 64))
    sd = ours.state_dict()
    assert tuple(sd["mamba_unet.patch_embed.proj.weight"].shape) == (96, 3, 4, 4)
    assert tuple(sd["mamba_unet.layers_up.0.expand.weight"].shape) == (1536, 768)
    assert tuple(sd["mamba_unet.concat_back_dim.3.weight"].shape) == (96, 192)
    assert tuple(sd["mamba_unet.up.expand.weight"].shape) == (1536, 96)
    assert tuple(sd["mamba_unet.output.weight"].shape) == (4, 96, 1, 1)
