"""Selective scan (the S6 recurrence of Mamba) in plain PyTorch, fp32.

Three implementations with the signature of mamba_ssm's ``selective_scan_ref``:

* ``selective_scan_ref``: a sequential loop over tokens. Same arithmetic order as upstream's
  reference; used to write the golden files and the packages' test tensors.
* ``selective_scan_fast``: the training scan. A small C kernel (``scan_kernel.c``, compiled with the system gcc
  on first use) with a hand-written backward, wrapped in one autograd Function.
* ``selective_scan_chunked``: pure PyTorch, tokens cut into chunks; the recurrence runs for all chunks at once,
  then the state is carried between chunks (about 2*sqrt(L) vectorised steps instead of L). The strongest
  PyTorch-only CPU path: the benchmarks' anchor.

Shapes: u, delta, z (batch, D, L); A (D, N); B, C (batch, N, L) or grouped (batch, G, N, L), where
channel d uses group d // (D / G); D and delta_bias (D,).

``selective_scan`` dispatches on the module-level mode set by ``use_chunked`` / ``use_fast`` / ``set_mode``.
"""
import math

import torch
import torch.nn.functional as F

_MODE = "ref"  # "ref" | "chunked" | "fast"
_CHUNK = None  # None: ceil(sqrt(L))


def use_chunked(flag=True, chunk=None):
    """Switch all models to the chunked PyTorch scan, or back to the sequential one (golden files)."""
    global _MODE, _CHUNK
    _MODE = "chunked" if flag else "ref"
    if chunk is not None:
        _CHUNK = int(chunk) if chunk else None


def use_fast(flag=True):
    """Switch all models to the training scan (C kernel), or back to the sequential one."""
    global _MODE
    _MODE = "fast" if flag else "ref"


def mode():
    return _MODE


def set_mode(m):
    global _MODE
    assert m in ("ref", "chunked", "fast"), m
    _MODE = m


def selective_scan(u, delta, A, B, C, D=None, z=None, delta_bias=None, delta_softplus=False):
    if _MODE == "fast":
        from .scan_fast import selective_scan_fast
        return selective_scan_fast(u, delta, A, B, C, D, z, delta_bias, delta_softplus)
    if _MODE == "chunked":
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
    # unbind: per-token views whose backward is a single stack (indexing [:, :, i] would scatter L times)
    dA_i, dBu_i = deltaA.unbind(2), deltaB_u.unbind(2)
    C_i = C.unbind(-1)
    for i in range(L):
        x = dA_i[i] * x + dBu_i[i]
        if C.dim() == 3:
            y = (x * C_i[i].unsqueeze(1)).sum(-1)
        else:
            y = (x * C_i[i]).sum(-1)
        ys.append(y)
    y = torch.stack(ys, dim=2)  # (b, D, L)
    out = y if D is None else y + u * fp(D)[:, None]
    if z is not None:
        out = out * F.silu(fp(z))
    return out


def selective_scan_chunked(u, delta, A, B, C, D=None, z=None, delta_bias=None, delta_softplus=False,
                           chunk=None):
    """Two-level scan: tokens are cut into chunks of T; one loop over the T positions runs all chunks at once
    from a zero state (also accumulating each chunk's decay product P), then one loop over the chunks carries
    the boundary states, and h = h_local + P * h_before_chunk. About T + L/T vectorised steps instead of L
    (T = ceil(sqrt(L)) by default). Every factor is a product of exp(delta*A) <= 1, so nothing can overflow,
    and the arithmetic is that of the sequential recurrence (no cumsum differences)."""
    u = fp(u)
    delta = _prepare_delta(delta, delta_bias, delta_softplus)
    A = fp(A)
    batch, dim, L = u.shape
    N = A.shape[1]
    # Grouped form (b, G, N, L) for B and C; G == 1 is the shared (b, N, L) case.
    Bg = fp(B) if B.dim() == 4 else fp(B).unsqueeze(1)
    Cg = fp(C) if C.dim() == 4 else fp(C).unsqueeze(1)
    G = Bg.shape[1]
    H = dim // G
    assert Cg.shape[1] == G and H * G == dim
    T = int(chunk) if chunk else max(1, math.ceil(math.sqrt(L)))
    T = min(T, L)
    nch = -(-L // T)
    pad = nch * T - L

    dl = delta.view(batch, G, H, L)
    dA = torch.exp(dl.unsqueeze(3) * A.view(G, H, N, 1))  # (b,G,H,N,L), each <= 1
    dBu = (dl * u.view(batch, G, H, L)).unsqueeze(3) * Bg.unsqueeze(2)  # (b,G,H,N,L)
    Cx = Cg.unsqueeze(2)  # (b,G,1,N,L)
    if pad:  # identity steps at the end: decay 1, no input, no readout
        dA = F.pad(dA, (0, pad), value=1.0)
        dBu = F.pad(dBu, (0, pad))
        Cx = F.pad(Cx, (0, pad))

    def by_pos(t):  # (..., nch*T) -> T tensors (..., nch); unbind's backward is one stack, not T scatters
        return t.reshape(*t.shape[:-1], nch, T).movedim(-1, 0).contiguous().unbind(0)

    dA, dBu, Cx = by_pos(dA), by_pos(dBu), by_pos(Cx)
    h = u.new_zeros((batch, G, H, N, nch))
    P = None
    y_loc, q = [], []
    for t in range(T):  # all chunks in parallel, each from a zero state
        h = dA[t] * h + dBu[t]
        P = dA[t] if P is None else P * dA[t]
        y_loc.append((h * Cx[t]).sum(3))  # (b,G,H,nch)
        q.append(Cx[t] * P)  # readout of the incoming state at position t
    starts = []
    hc = u.new_zeros((batch, G, H, N))
    for c in range(nch):  # carry the state across chunk boundaries
        starts.append(hc)
        hc = P[..., c] * hc + h[..., c]
    h0 = torch.stack(starts, dim=-1)  # (b,G,H,N,nch): state entering each chunk
    y = torch.stack(y_loc) + (torch.stack(q) * h0).sum(4)  # (T,b,G,H,nch)
    y = y.movedim(0, -1).reshape(batch, dim, nch * T)[..., :L]
    out = y if D is None else y + u * fp(D)[:, None]
    if z is not None:
        out = out * F.silu(fp(z))
    return out
