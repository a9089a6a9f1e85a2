"""The training scan: ``scan_kernel.c`` compiled once with the system gcc, called through ctypes, wrapped in one
autograd Function. Same signature and semantics as ``scan.selective_scan_ref`` (checked forward and backward by
``training/tests/test_scan.py``). The kernel computes only the recurrence and the C readout; delta's bias and
softplus, the D skip and the z gate stay in PyTorch so that autograd differentiates them.
"""
import ctypes
import hashlib
import os
import subprocess
import tempfile
import time

import torch
import torch.nn.functional as F

_SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scan_kernel.c")
_BUILD = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".build")
_LIB = None


def _library():
    """The compiled kernel, built into training/.build/ keyed by the source's hash (rebuilt when it changes)."""
    global _LIB
    if _LIB is None:
        with open(_SRC, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()[:16]
        so = os.path.join(_BUILD, f"scan_kernel-{digest}.so")
        if not os.path.exists(so):
            os.makedirs(_BUILD, exist_ok=True)
            fd, tmp = tempfile.mkstemp(suffix=".so", dir=_BUILD)
            os.close(fd)
            cmd = ["gcc", "-O3", "-march=native", "-ffast-math", "-fopenmp", "-shared", "-fPIC", _SRC, "-o", tmp,
                   "-lm"]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0:
                os.unlink(tmp)
                raise RuntimeError(f"building the training scan failed: {' '.join(cmd)}\n{r.stderr}")
            os.replace(tmp, so)
        lib = ctypes.CDLL(so)
        ptr, i = ctypes.c_void_p, ctypes.c_int
        lib.scan_forward.argtypes = [ptr] * 6 + [i] * 5
        lib.scan_backward.argtypes = [ptr] * 11 + [i] * 5
        _LIB = lib
    return _LIB


def _p(t):
    return ctypes.c_void_p(t.data_ptr())


# seconds spent in the C kernels since the process started (forward and backward): bench_train_step.py reports
# the scan's share of a training step from it
kernel_seconds = 0.0


class _Scan(torch.autograd.Function):
    """y = readout of the recurrence. u, delta (b,D,L); A (D,N); B, C (b,G,L,N); all fp32 contiguous."""

    @staticmethod
    def forward(ctx, u, delta, A, B, C):
        b, D, L = u.shape
        G, N = B.shape[1], A.shape[1]
        y = torch.empty_like(u)
        global kernel_seconds
        t0 = time.perf_counter()
        _library().scan_forward(_p(u), _p(delta), _p(A), _p(B), _p(C), _p(y), b, D, G, L, N)
        kernel_seconds += time.perf_counter() - t0
        ctx.save_for_backward(u, delta, A, B, C)
        return y

    @staticmethod
    def backward(ctx, gy):
        u, delta, A, B, C = ctx.saved_tensors
        b, D, L = u.shape
        G, N = B.shape[1], A.shape[1]
        gy = gy.contiguous()
        gu, gdelta = torch.empty_like(u), torch.empty_like(delta)
        gA = torch.empty((b, D, N), dtype=torch.float32)
        gB, gC = torch.empty_like(B), torch.empty_like(C)
        global kernel_seconds
        t0 = time.perf_counter()
        _library().scan_backward(_p(u), _p(delta), _p(A), _p(B), _p(C), _p(gy), _p(gu), _p(gdelta), _p(gA),
                                 _p(gB), _p(gC), b, D, G, L, N)
        kernel_seconds += time.perf_counter() - t0
        return gu, gdelta, gA.sum(0), gB, gC


def selective_scan_fast(u, delta, A, B, C, D=None, z=None, delta_bias=None, delta_softplus=False):
    dtype = u.dtype
    u = u.float()
    delta = delta.float()
    if delta_bias is not None:
        delta = delta + delta_bias.float()[..., None]
    if delta_softplus:
        delta = F.softplus(delta)  # beta 1, threshold 20, as upstream
    # (b, N, L) shared or (b, G, N, L) grouped -> token-major (b, G, L, N)
    Bg = B.float() if B.dim() == 4 else B.float().unsqueeze(1)
    Cg = C.float() if C.dim() == 4 else C.float().unsqueeze(1)
    y = _Scan.apply(u.contiguous(), delta.contiguous(), A.float().contiguous(),
                    Bg.transpose(2, 3).contiguous(), Cg.transpose(2, 3).contiguous())
    out = y if D is None else y + u * D.float()[:, None]
    if z is not None:
        out = out * F.silu(z.float())
    return out.to(dtype) if dtype == torch.float64 else out
