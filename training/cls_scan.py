"""Fast selective scan for TRAINING the classification / denoising models on a CPU.

The whole scan (decay, input, state update, readout) runs as one sequential loop over tokens in a custom
autograd Function with a hand-written reverse-time backward: every step works on a (batch, groups, channels,
d_state) slice that stays in cache, nothing of size T x T is built, and only the states are kept for backward. The result equals
`mambaj_ref.scan.selective_scan_ref` up to float rounding (checked by `check()` below).

`install()` replaces `mambaj_ref.scan.selective_scan_chunked` and switches the models to it; the package writer
(`package.reference_output`) switches back to the sequential reference scan for the shipped test tensors.
"""
import torch
import torch.nn.functional as F

from mambaj_ref import scan


class _FusedScan(torch.autograd.Function):
    """Whole selective scan, one token at a time on (b, G, H, N) slices that stay in cache.

    dl, u: (L, b, G, H) (dl already softplus'ed + bias); A: (G, H, N); B, C: (L, b, G, 1, N).
    Returns y: (L, b, G, H) = sum_n h_t C_t with h_t = exp(dl_t A) h_{t-1} + dl_t u_t B_t.
    """

    @staticmethod
    def forward(ctx, dl, u, A, B, C):
        L = dl.shape[0]
        w = dl * u
        keep = any(ctx.needs_input_grad)  # inference: keep only the running state
        hs = dl.new_empty(dl.shape + (A.shape[-1],)) if keep else None
        y = torch.empty_like(dl)
        h = dl.new_zeros(dl.shape[1:] + (A.shape[-1],))
        for t in range(L):
            a = torch.exp(dl[t].unsqueeze(-1) * A)
            h = torch.addcmul(w[t].unsqueeze(-1) * B[t], a, h, out=hs[t] if keep else None)
            torch.sum(h * C[t], dim=-1, out=y[t])
        if keep:
            ctx.save_for_backward(dl, u, A, B, C, hs)
        return y

    @staticmethod
    def backward(ctx, gy):
        dl, u, A, B, C, hs = ctx.saved_tensors
        gy = gy.contiguous()
        L = dl.shape[0]
        gdl = torch.empty_like(dl)
        gu = torch.empty_like(u)
        gB = torch.empty_like(B)
        gC = torch.empty_like(C)
        gA = torch.zeros_like(A)
        gh = torch.zeros_like(hs[0])
        zero = torch.zeros_like(hs[0])
        for t in range(L - 1, -1, -1):
            g = gy[t].unsqueeze(-1)
            gC[t] = (g * hs[t]).sum(-2, keepdim=True)
            gh = torch.addcmul(gh, g, C[t])  # dLoss/dh_t
            gw = (gh * B[t]).sum(-1)
            gB[t] = (gh * (dl[t] * u[t]).unsqueeze(-1)).sum(-2, keepdim=True)
            a = torch.exp(dl[t].unsqueeze(-1) * A)
            gaa = gh * (hs[t - 1] if t > 0 else zero) * a  # dLoss/d(dl*A)
            gdl[t] = (gaa * A).sum(-1) + gw * u[t]
            gu[t] = gw * dl[t]
            gA += (gaa * dl[t].unsqueeze(-1)).sum(0)
            gh = gh * a
        return gdl, gu, gA, gB, gC


def fast_scan(u, delta, A, B, C, D=None, z=None, delta_bias=None, delta_softplus=False, chunk=None, **_):
    u = scan.fp(u)
    delta = scan._prepare_delta(delta, delta_bias, delta_softplus)
    A = scan.fp(A)
    batch, dim, L = u.shape
    N = A.shape[1]
    Bg = scan.fp(B) if B.dim() == 4 else scan.fp(B).unsqueeze(1)  # (b,G,N,L)
    Cg = scan.fp(C) if C.dim() == 4 else scan.fp(C).unsqueeze(1)
    G = Bg.shape[1]
    H = dim // G
    dl = delta.view(batch, G, H, L).permute(3, 0, 1, 2).contiguous()
    ut = u.view(batch, G, H, L).permute(3, 0, 1, 2).contiguous()
    Bt = Bg.permute(3, 0, 1, 2).unsqueeze(3).contiguous()  # (L,b,G,1,N)
    Ct = Cg.permute(3, 0, 1, 2).unsqueeze(3).contiguous()
    y = _FusedScan.apply(dl, ut, A.view(G, H, N).contiguous(), Bt, Ct)
    y = y.permute(1, 2, 3, 0).reshape(batch, dim, L)
    out = y if D is None else y + u * scan.fp(D)[:, None]
    if z is not None:
        out = out * F.silu(scan.fp(z))
    return out


def install():
    scan.selective_scan_chunked = fast_scan
    scan.use_chunked(True)


def check():
    torch.manual_seed(0)
    for grouped in (False, True):
        b, d, L, n, g = 2, 8, 37, 4, 2
        u = torch.randn(b, d, L, requires_grad=True)
        dt = torch.randn(b, d, L, requires_grad=True)
        A = (-torch.rand(d, n) * 3).requires_grad_()
        shapeBC = (b, g, n, L) if grouped else (b, n, L)
        Bm = torch.randn(*shapeBC, requires_grad=True)
        Cm = torch.randn(*shapeBC, requires_grad=True)
        Dv = torch.randn(d, requires_grad=True)
        z = torch.randn(b, d, L, requires_grad=True)
        bias = torch.randn(d, requires_grad=True)
        leaves = [u, dt, A, Bm, Cm, Dv, z, bias]
        outs = []
        with torch.no_grad():
            e = (fast_scan(u, dt, A, Bm, Cm, Dv, z=z, delta_bias=bias, delta_softplus=True)
                 - scan.selective_scan_ref(u, dt, A, Bm, Cm, Dv, z=z, delta_bias=bias, delta_softplus=True))
            assert e.abs().max() < 1e-4
        for fn in (scan.selective_scan_ref, fast_scan):
            y = fn(u, dt, A, Bm, Cm, Dv, z=z, delta_bias=bias, delta_softplus=True)
            gr = torch.autograd.grad((y * torch.cos(y)).sum(), leaves)
            outs.append((y, gr))
        err = (outs[0][0] - outs[1][0]).abs().max().item()
        gerr = max(((p - q).abs().max() / p.abs().max()).item() for p, q in zip(outs[0][1], outs[1][1]))
        print(f"grouped={grouped} max|dy|={err:.2e} max rel|dgrad|={gerr:.2e}")
        assert err < 1e-4 and gerr < 1e-5


if __name__ == "__main__":
    check()
