"""Non-trivial, sane random weights for golden files: every parameter and buffer differs from its
default so that a loader bug (wrong key, transposed weight, ignored LayerNorm/BatchNorm stats) shows."""
import math

import torch


def randomize_(model, seed=0, dt_max=0.3):
    g = torch.Generator().manual_seed(seed)

    def uni(shape, lo, hi):
        return torch.rand(shape, generator=g) * (hi - lo) + lo

    with torch.no_grad():
        for name, t in model.state_dict().items():
            leaf = name.rsplit(".", 1)[-1]
            shape = t.shape
            if not t.is_floating_point():
                continue  # e.g. BatchNorm num_batches_tracked
            if leaf in ("A_log", "A_logs"):
                # log(1..N) (S4D-real init) plus noise: A = -exp(A_log) stays negative and sane.
                n = shape[-1]
                base = torch.log(torch.arange(1, n + 1, dtype=torch.float32))
                t.copy_(base + uni(shape, -0.5, 0.5))
            elif leaf in ("D", "Ds"):
                t.copy_(uni(shape, 0.5, 1.5))
            elif leaf == "dt_projs_bias" or name.endswith("dt_proj.bias"):
                dt = torch.exp(uni(shape, math.log(1e-3), math.log(dt_max)))
                t.copy_(dt + torch.log(-torch.expm1(-dt)))  # inverse softplus
            elif leaf == "running_mean":
                t.copy_(torch.randn(shape, generator=g) * 0.2)
            elif leaf == "running_var":
                t.copy_(uni(shape, 0.5, 2.0))
            elif leaf in ("skip_scale", "skip_scale2"):
                t.copy_(1.0 + 0.2 * torch.randn(shape, generator=g))
            elif t.dim() == 1 and leaf == "weight":  # LayerNorm / BatchNorm scale
                t.copy_(1.0 + 0.2 * torch.randn(shape, generator=g))
            elif t.dim() == 1:  # biases, norm shifts
                t.copy_(0.1 * torch.randn(shape, generator=g))
            else:
                # fan-in scaled: stacked (K, out, in) weights use the last dim, Linear/Conv use dims 1..
                fan_in = shape[-1] if leaf in ("x_proj_weight", "dt_projs_weight") else math.prod(shape[1:])
                t.copy_(torch.randn(shape, generator=g) / math.sqrt(max(fan_in, 1)))
    return model
