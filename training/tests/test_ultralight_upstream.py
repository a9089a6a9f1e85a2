"""UltraLight VM-UNet == the published model (wurenkai/UltraLight-VM-UNet), loaded from its mirror at run time: same
state-dict keys in the same order, same shapes, same outputs (1 and 3 input channels). Skips without the mirror."""
import os
import sys

import pytest
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
import upstream  # noqa: E402
from test_umamba_upstream import _check  # noqa: E402
from mambaj_ref.ultralight import UltraLight_VM_UNet  # noqa: E402

pytestmark = pytest.mark.skipif(not upstream.available("ultralight"), reason="UltraLight VM-UNet not mirrored")
torch.set_num_threads(1)


@pytest.mark.parametrize("channels", [1, 3])
def test_ultralight_vmunet(channels):
    m = upstream.load("ultralight")
    cfg = dict(num_classes=2, input_channels=channels, c_list=[8, 16, 24, 32, 48, 64])
    torch.manual_seed(0)
    _check(m.UltraLight_VM_UNet(**cfg), UltraLight_VM_UNet(**cfg), torch.rand(1, channels, 64, 96))
