"""Selective scan (the S6 recurrence of Mamba) in plain PyTorch, fp32.

Two implementations with the signature of mamba_ssm's ``selective_scan_ref``:

* ``selective_scan_ref``: a sequential loop over tokens. Same arithmetic order as upstream's
  reference; used to write the golden files.
* ``selective_scan_chunked``: vectorised inside chunks of tokens (closed form), state carried
  between chunks. Autograd-friendly and much faster on the CPU; used for training.

Shapes: u, delta, z (batch, D, L); A (D, N); B, C (batch, N, L) or grouped (batch, G, N, L), where
channel d uses group d // (D / G); D and delta_bias (D,).

``selective_scan`` dispatches on the module-level switch set by ``use_chunked``.
"""
import torch
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint

_USE_CHUNKED = False
_CHUNK = 32
_CHECKPOINT = True


def use_chunked(flag=True, chunk=None, checkpoint_chunks=None):
    """Switch all models to the chunked scan (training) or the sequential one (golden files)."""
    global _USE_CHUNKED, _CHUNK, _CHECKPOINT
    _USE_CHUNKED = bool(flag)
    if chunk is not None:
        _CHUNK = int(chunk)
    if checkpoint_chunks is not None:
        _CHECKPOINT = bool(checkpoint_chunks)


def is_chunked():
    return _USE_CHUNKED


def selective_scan(u, delta, A, B, C, D=None, z=None, delta_bias=None, delta_softplus=False):
    if _USE_CHUNKED:
        return selective_scan_chunked(u, delta, A, B, C, D, z, delta_bias, delta_softplus, chunk=_CHUNK)
    return selective_scan_ref(u, delta, A, B, C, D, z, delta_bias, delta_softplus)


def fp(t):
    """fp32, except that float64 stays float64 (used only to measure the fp32 error of golden files)."""
    return t if t.dtype == torch.float64 else t.float()


def _prepare_delta(delta, delta_bias, delta_softplus):
    delta = fp(delta)
    if delta_bias is not None:
        delta = delta + fp(delta_bias)[..., None]
    if delta_softplus:
        delta = F.softplus(delta)  # beta 1, threshold 20 (linear above 20), as upstream
    return delta


def _expand_groups(M, dim):
    """(b, N, L) stays; (b, G, N, L) -> (b, D, N, L) with channel d taking group d // (D/G)."""
    if M.dim() == 3:
        return M
    b, g, n, l = M.shape
    return M.unsqueeze(2).expand(b, g, dim // g, n, l).reshape(b, dim, n, l)


def selective_scan_ref(u, delta, A, B, C, D=None, z=None, delta_bias=None, delta_softplus=False):
    u = fp(u)
    delta = _prepare_delta(delta, delta_bias, delta_softplus)
    A = fp(A)
    B = fp(B)
    C = fp(C)
    batch, dim, L = u.shape
    dstate = A.shape[1]
    deltaA = torch.exp(delta.unsqueeze(-1) * A.unsqueeze(1))  # (b, D, L, N)
    B = _expand_groups(B, dim)
    C = _expand_groups(C, dim)
    if B.dim() == 3:  # shared over channels: (b, N, L)
        deltaB_u = (delta * u).unsqueeze(-1) * B.transpose(1, 2).unsqueeze(1)  # (b, D, L, N)
    else:  # (b, D, N, L)
        deltaB_u = (delta * u).unsqueeze(-1) * B.transpose(2, 3)
    x = u.new_zeros((batch, dim, dstate))
    ys = []
    for i in range(L):
        x = deltaA[:, :, i] * x + deltaB_u[:, :, i]
        if C.dim() == 3:
            y = (x * C[:, :, i].unsqueeze(1)).sum(-1)
        else:
            y = (x * C[:, :, :, i]).sum(-1)
        ys.append(y)
    y = torch.stack(ys, dim=2)  # (b, D, L)
    out = y if D is None else y + u * fp(D)[:, None]
    if z is not None:
        out = out * F.silu(fp(z))
    return out


def _segsum(x):
    """x (..., T) -> (..., T, T) with [t, s] = sum_{s < r <= t} x_r for s <= t, -inf above the diagonal.

    Summing only the terms of each segment (instead of differencing a long cumulative sum) keeps the
    exponent exact to a few ulps; every finite entry is <= 0 because delta*A <= 0, so exp() <= 1.
    """
    T = x.shape[-1]
    xr = x.unsqueeze(-1).expand(*x.shape, T)  # [..., r, s] = x_r
    strict = torch.ones(T, T, dtype=torch.bool, device=x.device).tril(-1)
    seg = torch.cumsum(xr.masked_fill(~strict, 0.0), dim=-2)
    lower = torch.ones(T, T, dtype=torch.bool, device=x.device).tril(0)
    return seg.masked_fill(~lower, float("-inf"))


def _chunk_step(h0, dA, dBu, Cc):
    """One chunk. h0 (b,G,H,N); dA, dBu (b,G,H,N,T); Cc (b,G,1|H,N,T). Returns y (b,G,H,T), h_end."""
    decay = torch.exp(_segsum(dA))  # (b,G,H,N,T,T): product of exp(delta*A) over (s, t]
    h_intra = (decay * dBu.unsqueeze(-2)).sum(-1)  # (b,G,H,N,T)
    h = h_intra + torch.exp(torch.cumsum(dA, dim=-1)) * h0.unsqueeze(-1)
    y = (h * Cc).sum(3)  # over N -> (b,G,H,T)
    return y, h[..., -1]


def selective_scan_chunked(u, delta, A, B, C, D=None, z=None, delta_bias=None, delta_softplus=False,
                           chunk=32, use_checkpoint=None):
    u = fp(u)
    delta = _prepare_delta(delta, delta_bias, delta_softplus)
    A = fp(A)
    batch, dim, L = u.shape
    N = A.shape[1]
    # Bring B and C to the grouped form (b, G, N, L); G == 1 is the shared (b, N, L) case.
    Bg = fp(B) if B.dim() == 4 else fp(B).unsqueeze(1)
    Cg = fp(C) if C.dim() == 4 else fp(C).unsqueeze(1)
    G = Bg.shape[1]
    H = dim // G
    assert Cg.shape[1] == G and H * G == dim
    dl = delta.view(batch, G, H, L)
    dA = dl.unsqueeze(3) * A.view(G, H, N, 1)  # (b,G,H,N,L), <= 0
    dBu = (dl * u.view(batch, G, H, L)).unsqueeze(3) * Bg.unsqueeze(2)  # (b,G,H,N,L)
    Cb = Cg.unsqueeze(2)  # (b,G,1,N,L)
    if use_checkpoint is None:
        use_checkpoint = _CHECKPOINT and torch.is_grad_enabled() and any(
            t.requires_grad for t in (u, delta, A, Bg, Cg))
    h = u.new_zeros((batch, G, H, N))
    ys = []
    for s in range(0, L, chunk):
        e = min(s + chunk, L)
        args = (h, dA[..., s:e], dBu[..., s:e], Cb[..., s:e])
        if use_checkpoint:
            # Keep only chunk boundaries alive for backward; the T x T decays are recomputed.
            y, h = checkpoint(_chunk_step, *args, use_reentrant=False)
        else:
            y, h = _chunk_step(*args)
        ys.append(y)
    y = torch.cat(ys, dim=-1).reshape(batch, dim, L)
    out = y if D is None else y + u * fp(D)[:, None]
    if z is not None:
        out = out * F.silu(fp(z))
    return out
