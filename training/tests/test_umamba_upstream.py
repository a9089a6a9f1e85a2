"""U-Mamba Bot and Enc 2D == the published nets (bowang-lab/U-Mamba, with the published dynamic-network-architectures
blocks), loaded from local mirrors at run time: same state-dict keys in the same order (duplicates included), same
shapes (strict load), same outputs. Skips when the mirrors are not available."""
import os
import sys

import pytest
import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
import upstream  # noqa: E402
from mambaj_ref import scan  # noqa: E402
from mambaj_ref.randomize import randomize_  # noqa: E402
from mambaj_ref.umamba import UMambaBot, UMambaEnc  # noqa: E402

pytestmark = pytest.mark.skipif(not upstream.available("umamba"), reason="U-Mamba sources not mirrored")
torch.set_num_threads(1)

CFG = dict(input_channels=1, n_stages=4, features_per_stage=[8, 16, 32, 64], kernel_sizes=[[3, 3]] * 4,
           strides=[[1, 1], [2, 2], [2, 2], [2, 1]], n_conv_per_stage=[2, 3, 2, 2], num_classes=3,
           n_conv_per_stage_decoder=[2, 2, 2])
# what get_umamba_*_2d_from_plans passes
FIXED = dict(conv_op=nn.Conv2d, conv_bias=True, norm_op=nn.InstanceNorm2d, norm_op_kwargs={"eps": 1e-5, "affine": True},
             nonlin=nn.LeakyReLU, nonlin_kwargs={"inplace": True})


def _check(theirs, ours, x, tol=1e-5):
    randomize_(theirs, seed=1)
    sd = theirs.state_dict()
    ours.load_state_dict(sd, strict=True)
    assert list(ours.state_dict().keys()) == list(sd.keys())
    theirs.eval()
    ours.eval()
    scan.use_chunked(False)
    with torch.no_grad():
        a, b = theirs(x), ours(x)
    assert a.shape == b.shape
    rel = ((a - b).abs().max() / a.abs().max()).item()
    assert rel < tol, rel


def _cfg(**kw):
    # the published constructors change their list arguments in place: give each a fresh copy
    return {k: ([list(i) if isinstance(i, list) else i for i in v] if isinstance(v, list) else v)
            for k, v in dict(CFG, **kw).items()}


def test_umamba_bot_2d():
    m = upstream.load("umamba_bot")
    torch.manual_seed(0)
    x = torch.randn(2, 1, 40, 12)
    _check(m.UMambaBot(**_cfg(), **FIXED, deep_supervision=False), UMambaBot(**_cfg()), x)


def test_umamba_bot_2d_deep_supervision_keys():
    m = upstream.load("umamba_bot")
    theirs = m.UMambaBot(**_cfg(input_channels=3), **FIXED, deep_supervision=True)
    assert list(UMambaBot(**_cfg(input_channels=3), deep_supervision=True).state_dict()) == list(theirs.state_dict())


def test_umamba_enc_2d_pixel_and_channel_tokens():
    m = upstream.load("umamba_enc")
    torch.manual_seed(0)
    x = torch.randn(1, 3, 24, 12)
    theirs = m.UMambaEnc(input_size=[24, 12], **_cfg(input_channels=3), **FIXED, deep_supervision=False)
    ours = UMambaEnc(input_size=[24, 12], **_cfg(input_channels=3))
    assert ours.encoder.mamba_layers[3].channel_token and not ours.encoder.mamba_layers[1].channel_token
    _check(theirs, ours, x)
