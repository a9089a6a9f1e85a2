"""MambaIR's super-resolution upsamplers == the published model (csguoh/MambaIR basicsr/archs/mambair_arch.py),
loaded from its mirror at run time: same state-dict keys in the same order, same shapes, same outputs, for
'pixelshuffle' (classical SR) and 'pixelshuffledirect' (lightweight SR, with its light CAB), 1 and 3 channels, odd
input sizes. Skips without the mirror."""
import os
import sys

import pytest
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
import upstream  # noqa: E402
from mambaj_ref.mambair import MambaIR  # noqa: E402
from test_umamba_upstream import _check  # noqa: E402

mirrored = pytest.mark.skipif(not upstream.available("mambair"), reason="MambaIR not mirrored")
torch.set_num_threads(1)


@mirrored
@pytest.mark.parametrize("upsampler,upscale,in_chans", [("pixelshuffle", 2, 3), ("pixelshuffle", 3, 1),
                                                        ("pixelshuffle", 4, 1), ("pixelshuffledirect", 3, 1),
                                                        ("pixelshuffledirect", 2, 3)])
def test_mambair_super_resolution(upsampler, upscale, in_chans):
    """Both SR upsamplers: published key names (conv_before_upsample.0, upsample.{0,2,..}, the light CAB's
    cab.{0,1,3,4,5}), shapes, order and outputs, output upscale x the odd input size."""
    m = upstream.load("mambair")
    cfg = dict(in_chans=in_chans, embed_dim=30, depths=[1], d_state=4, mlp_ratio=1.2, upscale=upscale,
               img_range=1.0, upsampler=upsampler)
    x = torch.rand(1, in_chans, 7, 5)
    _check(m.MambaIR(**cfg), MambaIR(**cfg), x)
    assert MambaIR(**cfg)(x).shape == (1, in_chans, 7 * upscale, 5 * upscale)


def test_mambair_refuses_unsupported_scales():
    with pytest.raises(ValueError, match="2\\^n"):
        MambaIR(in_chans=1, embed_dim=30, depths=[1], upsampler="pixelshuffle", upscale=5)
    with pytest.raises(ValueError, match="upscale >= 2"):
        MambaIR(in_chans=1, embed_dim=30, depths=[1], upsampler="pixelshuffledirect", upscale=1)
    with pytest.raises(NotImplementedError, match="upsampler"):
        MambaIR(in_chans=1, embed_dim=30, depths=[1], upsampler="nearest+conv")
