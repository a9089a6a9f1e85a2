"""Swin-UMamba and Swin-UMamba-dagger 2D == the published nets (JiarunLiu/Swin-UMamba, with MONAI's published UNETR
blocks), loaded from local mirrors at run time: the published configs give the same state-dict keys in the same
order with the same shapes; small configs give the same outputs (deep-supervision heads included). Skips when the
mirrors are not available."""
import functools
import os
import sys

import pytest
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
import upstream  # noqa: E402
from mambaj_ref import from_config, scan  # noqa: E402
from mambaj_ref.randomize import randomize_  # noqa: E402
from mambaj_ref.swinumamba import SwinUMamba, SwinUMambaD  # noqa: E402

pytestmark = pytest.mark.skipif(not upstream.available("swinumamba"), reason="Swin-UMamba / MONAI sources not mirrored")
torch.set_num_threads(1)


def _same_layout(theirs, ours):
    a, b = theirs.state_dict(), ours.state_dict()
    assert list(b.keys()) == list(a.keys())
    for k in a:
        assert b[k].shape == a[k].shape, k


def _same_outputs(theirs, ours, x, tol=1e-5):
    randomize_(theirs, seed=3)
    ours.load_state_dict(theirs.state_dict(), strict=True)
    theirs.eval()
    ours.eval()
    scan.use_chunked(False)
    with torch.no_grad():
        a, b = theirs(x), ours(x)
    a, b = (a, b) if isinstance(a, list) else ([a], [b])
    assert len(a) == len(b)
    for i, (p, q) in enumerate(zip(a, b)):
        assert p.shape == q.shape, i
        rel = ((p - q).abs().max() / p.abs().max()).item()
        assert rel < tol, (i, rel)


def test_swin_umamba_published_layout():
    m = upstream.load("swinumamba")
    # what get_swin_umamba_from_plans builds (feat_size, hidden_size fixed; deep supervision heads always built)
    theirs = m.SwinUMamba(in_chans=3, out_chans=4, feat_size=[48, 96, 192, 384, 768], deep_supervision=True,
                          hidden_size=768)
    _same_layout(theirs, SwinUMamba(in_chans=3, out_chans=4))
    _same_layout(theirs, from_config("swin_umamba", dict(in_chans=3, out_chans=4)))
    assert "encoder2.layer.conv3.conv.weight" in theirs.state_dict()
    assert "decoder1.layer.conv3.conv.weight" not in theirs.state_dict()  # 48 -> 48: identity residual


@pytest.mark.parametrize("in_chans,deep", [(1, False), (3, True)])
def test_swin_umamba_small_outputs(monkeypatch, in_chans, deep):
    m = upstream.load("swinumamba")
    # upstream builds its encoder with VSSMEncoder's own defaults: shrink them for a small model
    monkeypatch.setattr(m, "VSSMEncoder", functools.partial(m.VSSMEncoder, depths=[1, 2, 1, 1], dims=[8, 16, 32, 64],
                                                            d_state=8))
    feat = [8, 8, 16, 32, 64]
    theirs = m.SwinUMamba(in_chans=in_chans, out_chans=3, feat_size=feat, hidden_size=64, deep_supervision=deep)
    ours = SwinUMamba(in_chans=in_chans, out_chans=3, feat_size=feat, depths=[1, 2, 1, 1], d_state=8,
                      deep_supervision=deep)
    torch.manual_seed(0)
    _same_outputs(theirs, ours, torch.randn(2, in_chans, 64, 32))


def _published_d(m, in_chans, num_classes, deep):
    # the arguments of get_swin_umamba_d_from_plans
    return m.SwinUMambaD(dict(in_chans=in_chans, patch_size=4, depths=[2, 2, 9, 2], dims=96, drop_path_rate=0.2),
                         dict(num_classes=num_classes, deep_supervision=deep, features_per_stage=[96, 192, 384, 768],
                              drop_path_rate=0.2, d_state=16))


def test_swin_umamba_d_published_layout():
    m = upstream.load("swinumamba_d")
    theirs = _published_d(m, 1, 3, True)
    _same_layout(theirs, SwinUMambaD(in_chans=1, num_classes=3))
    _same_layout(theirs, from_config("swin_umamba_d", dict(in_chans=1, num_classes=3)))


@pytest.mark.parametrize("in_chans,deep", [(1, False), (3, True)])
def test_swin_umamba_d_small_outputs(in_chans, deep):
    m = upstream.load("swinumamba_d")
    theirs = m.SwinUMambaD(dict(in_chans=in_chans, patch_size=4, depths=[1, 1, 2, 1], dims=8, d_state=8),
                           dict(num_classes=2, deep_supervision=deep, features_per_stage=[8, 16, 32, 64], d_state=8))
    ours = SwinUMambaD(in_chans=in_chans, num_classes=2, depths=[1, 1, 2, 1], dims=8, d_state=8,
                       deep_supervision=deep)
    torch.manual_seed(1)
    _same_outputs(theirs, ours, torch.randn(1, in_chans, 32, 64))
