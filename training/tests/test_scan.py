"""Chunked and fast (training) scans == sequential reference scan (values and gradients). Run: /usr/bin/python3 -m pytest training/tests"""
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from mambaj_ref.scan import selective_scan_chunked, selective_scan_ref  # noqa: E402
from mambaj_ref.scan_fast import selective_scan_fast  # noqa: E402


def _inputs(batch, dim, L, N, groups, seed, big_delta=False):
    g = torch.Generator().manual_seed(seed)
    u = torch.randn(batch, dim, L, generator=g)
    delta = torch.randn(batch, dim, L, generator=g) * (3.0 if big_delta else 0.5)
    A = -torch.exp(torch.randn(dim, N, generator=g) * 0.5 + torch.log(torch.arange(1, N + 1.0)))
    shape = (batch, N, L) if groups == 0 else (batch, groups, N, L)
    B = torch.randn(*shape, generator=g)
    C = torch.randn(*shape, generator=g)
    D = torch.randn(dim, generator=g)
    z = torch.randn(batch, dim, L, generator=g)
    bias = torch.randn(dim, generator=g) * 0.5 - 2.0
    return u, delta, A, B, C, D, z, bias


def _rel(a, b):
    return ((a - b).abs().max() / b.abs().max().clamp_min(1e-30)).item()


def test_chunked_matches_ref():
    for groups in (0, 4):
        for L, chunk in ((1, 8), (33, 8), (100, 32), (64, 64), (70, 16), (70, None), (257, None)):
            for big in (False, True):
                u, dl, A, B, C, D, z, bias = _inputs(2, 12, L, 4, groups, seed=L + groups, big_delta=big)
                for kw in (dict(D=D, z=z, delta_bias=bias, delta_softplus=True), dict(), dict(D=D)):
                    d = dl if kw.get("delta_softplus") else dl.abs()  # delta must be >= 0 without softplus
                    ref = selective_scan_ref(u, d, A, B, C, **kw)
                    out = selective_scan_chunked(u, d, A, B, C, chunk=chunk, **kw)
                    assert _rel(out, ref) < 1e-5, (groups, L, chunk, big, list(kw), _rel(out, ref))


def test_chunked_gradients_match_ref():
    u, dl, A, B, C, D, z, bias = _inputs(1, 8, 40, 4, 4, seed=3)
    grads = []
    for fn in (selective_scan_ref, lambda *a, **k: selective_scan_chunked(*a, chunk=16, **k)):
        ts = [t.clone().requires_grad_(True) for t in (u, dl, A, B, C, D, z, bias)]
        y = fn(ts[0], ts[1], ts[2], ts[3], ts[4], D=ts[5], z=ts[6], delta_bias=ts[7], delta_softplus=True)
        (y * torch.linspace(-1, 1, y.numel()).view_as(y)).sum().backward()
        grads.append([t.grad for t in ts])
    for gr, gc in zip(*grads):
        assert _rel(gc, gr) < 1e-4, _rel(gc, gr)


def test_fast_matches_ref():
    for groups in (0, 1, 4):
        for L in (1, 33, 257):
            for big in (False, True):
                u, dl, A, B, C, D, z, bias = _inputs(2, 12, L, 5, groups, seed=L + groups, big_delta=big)
                for kw in (dict(D=D, z=z, delta_bias=bias, delta_softplus=True), dict(), dict(D=D)):
                    d = dl if kw.get("delta_softplus") else dl.abs()
                    ref = selective_scan_ref(u, d, A, B, C, **kw)
                    out = selective_scan_fast(u, d, A, B, C, **kw)
                    assert _rel(out, ref) < 1e-5, (groups, L, big, list(kw), _rel(out, ref))


def test_fast_gradients_match_ref():
    for groups, batch in ((0, 2), (4, 3)):
        u, dl, A, B, C, D, z, bias = _inputs(batch, 8, 40, 4, groups, seed=5 + groups)
        grads = []
        for fn in (selective_scan_ref, selective_scan_fast):
            ts = [t.clone().requires_grad_(True) for t in (u, dl, A, B, C, D, z, bias)]
            y = fn(ts[0], ts[1], ts[2], ts[3], ts[4], D=ts[5], z=ts[6], delta_bias=ts[7], delta_softplus=True)
            (y * torch.linspace(-1, 1, y.numel()).view_as(y)).sum().backward()
            grads.append([t.grad for t in ts])
        for name, gr, gf in zip("u delta A B C D z bias".split(), *grads):
            assert _rel(gf, gr) < 1e-4, (groups, name, _rel(gf, gr))


if __name__ == "__main__":
    test_chunked_matches_ref()
    test_chunked_gradients_match_ref()
    test_fast_matches_ref()
    test_fast_gradients_match_ref()
    print("ok")
