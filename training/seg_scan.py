"""Fast training-time selective scan for the segmentation scripts (CPU, fp32).

The recurrence h_t = exp(delta_t * A) * h_{t-1} + delta_t * B_t * u_t is a first-order LINEAR recurrence, so it
gets a small autograd Function with a hand-written backward (reverse scan of the gradient) instead of the
T x T closed form of mambaj_ref.scan.selective_scan_chunked. Same inputs and outputs as selective_scan_ref;
`install()` routes mambaj_ref.scan's chunked path to it (training only: packages are always checked with the
sequential reference scan, see package.reference_output). Checked against selective_scan_ref by `python3
training/seg_scan.py` (values and gradients).
"""
import torch
import torch.nn.functional as F

from mambaj_ref import scan as _scan


class _LinRec(torch.autograd.Function):
    """h[t] = a[t] * h[t-1] + x[t], h[-1] = 0, along the FIRST axis. a, x (L, ...) contiguous -> h (L, ...)."""

    @staticmethod
    def forward(ctx, a, x):
        h = torch.empty_like(x)
        prev = torch.zeros_like(x[0])
        for t in range(a.shape[0]):
            prev = torch.addcmul(x[t], a[t], prev, out=h[t])
        if ctx.needs_input_grad[0] or ctx.needs_input_grad[1]:
            ctx.save_for_backward(a, h)
        return h

    @staticmethod
    def backward(ctx, gh):
        a, h = ctx.saved_tensors
        L = a.shape[0]
        g = gh.contiguous()
        gx = torch.empty_like(g)
        gx[L - 1] = g[L - 1]
        for t in range(L - 2, -1, -1):
            torch.addcmul(g[t], a[t + 1], gx[t + 1], out=gx[t])
        ga = torch.zeros_like(a)
        torch.mul(gx[1:], h[:-1], out=ga[1:])
        return ga, gx


def selective_scan_linrec(u, delta, A, B, C, D=None, z=None, delta_bias=None, delta_softplus=False, **_):
    u = u.float()
    delta = delta.float()
    if delta_bias is not None:
        delta = delta + delta_bias.float()[..., None]
    if delta_softplus:
        delta = F.softplus(delta)
    A = A.float()
    batch, dim, L = u.shape
    N = A.shape[1]
    Bg = B.float() if B.dim() == 4 else B.float().unsqueeze(1)
    Cg = C.float() if C.dim() == 4 else C.float().unsqueeze(1)
    G = Bg.shape[1]
    H = dim // G
    # Token-first layout (L, b, G, H, N): every recurrence step touches one contiguous block.
    dl = delta.view(batch, G, H, L).permute(3, 0, 1, 2).contiguous()  # (L,b,G,H)
    ul = u.view(batch, G, H, L).permute(3, 0, 1, 2)
    Bl = Bg.permute(3, 0, 1, 2).unsqueeze(3)  # (L,b,G,1,N)
    Cl = Cg.permute(3, 0, 1, 2).unsqueeze(3)
    a = torch.exp(dl.unsqueeze(-1) * A.view(G, H, N))  # (L,b,G,H,N)
    x = (dl * ul).unsqueeze(-1) * Bl
    h = _LinRec.apply(a, x.contiguous())
    y = (h * Cl).sum(-1)  # (L,b,G,H)
    y = y.permute(1, 2, 3, 0).reshape(batch, dim, L)
    out = y if D is None else y + u * D.float()[:, None]
    if z is not None:
        out = out * F.silu(z.float())
    return out


def install():
    """Make mambaj_ref's chunked (training) path use this scan."""
    _scan.selective_scan_chunked = selective_scan_linrec
    _scan.use_chunked(True)


if __name__ == "__main__":
    torch.manual_seed(0)
    b, G, H, N, L = 2, 4, 6, 5, 37
    u = torch.randn(b, G * H, L, dtype=torch.float64, requires_grad=True)
    delta = torch.randn(b, G * H, L, dtype=torch.float64, requires_grad=True)
    A = (-torch.rand(G * H, N, dtype=torch.float64) * 3).requires_grad_()
    B = torch.randn(b, G, N, L, dtype=torch.float64, requires_grad=True)
    C = torch.randn(b, G, N, L, dtype=torch.float64, requires_grad=True)
    D = torch.randn(G * H, dtype=torch.float64, requires_grad=True)
    z = torch.randn(b, G * H, L, dtype=torch.float64, requires_grad=True)
    db = torch.randn(G * H, dtype=torch.float64, requires_grad=True)
    ins = (u, delta, A, B, C, D, z, db)

    def run(f):
        # Both functions cast to fp32 internally (as the reference does); compare in fp32.
        y = f(*ins, delta_softplus=True)
        g = torch.autograd.grad((y * torch.cos(torch.arange(y.numel(), dtype=y.dtype).view(y.shape))).sum(), ins)
        return y.detach(), [t.detach() for t in g]

    y0, g0 = run(_scan.selective_scan_ref)
    y1, g1 = run(selective_scan_linrec)
    print("max |dy|", (y0 - y1).abs().max().item(), "max |y|", y0.abs().max().item())
    for name, p, q in zip("u delta A B C D z delta_bias".split(), g0, g1):
        print(name, "max |dgrad|", (p - q).abs().max().item(), "scale", p.abs().max().item())
