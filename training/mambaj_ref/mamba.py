"""Mamba v1 block (state-spaces/mamba, mamba_ssm/modules/mamba_simple.py, slow path) and U-Mamba's MambaLayer.

Attribute names follow upstream so state_dict keys match real checkpoints:
in_proj.weight, conv1d.weight, conv1d.bias, x_proj.weight, dt_proj.weight, dt_proj.bias, A_log, D,
out_proj.weight.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from . import scan


def dt_bias_init(d_inner, dt_min=0.001, dt_max=0.1, dt_init_floor=1e-4):
    """Upstream's dt bias: inverse softplus of a log-uniform dt in [dt_min, dt_max]."""
    dt = torch.exp(torch.rand(d_inner) * (math.log(dt_max) - math.log(dt_min)) + math.log(dt_min))
    dt = dt.clamp(min=dt_init_floor)
    return dt + torch.log(-torch.expm1(-dt))


class Mamba(nn.Module):
    def __init__(self, d_model, d_state=16, d_conv=4, expand=2, dt_rank="auto", conv_bias=True, bias=False,
                 dt_min=0.001, dt_max=0.1, dt_scale=1.0, dt_init_floor=1e-4, **kwargs):
        super().__init__()
        self.d_model = d_model
        self.d_state = d_state
        self.d_conv = d_conv
        self.expand = expand
        self.d_inner = int(expand * d_model)
        self.dt_rank = math.ceil(d_model / 16) if dt_rank == "auto" else dt_rank

        self.in_proj = nn.Linear(d_model, self.d_inner * 2, bias=bias)
        # Depthwise causal conv: pad d_conv-1 on both sides, keep the first L outputs.
        self.conv1d = nn.Conv1d(self.d_inner, self.d_inner, kernel_size=d_conv, groups=self.d_inner,
                                padding=d_conv - 1, bias=conv_bias)
        self.act = nn.SiLU()
        self.x_proj = nn.Linear(self.d_inner, self.dt_rank + d_state * 2, bias=False)
        self.dt_proj = nn.Linear(self.dt_rank, self.d_inner, bias=True)
        std = self.dt_rank ** -0.5 * dt_scale
        nn.init.uniform_(self.dt_proj.weight, -std, std)
        with torch.no_grad():
            self.dt_proj.bias.copy_(dt_bias_init(self.d_inner, dt_min, dt_max, dt_init_floor))
        # S4D real init: A = -(1..N) per channel, stored as log.
        A = torch.arange(1, d_state + 1, dtype=torch.float32).repeat(self.d_inner, 1)
        self.A_log = nn.Parameter(torch.log(A))
        self.D = nn.Parameter(torch.ones(self.d_inner))
        self.out_proj = nn.Linear(self.d_inner, d_model, bias=bias)

    def forward(self, hidden_states):
        """hidden_states (B, L, d_model) -> (B, L, d_model)."""
        batch, seqlen, _ = hidden_states.shape
        xz = self.in_proj(hidden_states).transpose(1, 2)  # (B, 2*d_inner, L)
        A = -torch.exp(scan.fp(self.A_log))
        x, z = xz.chunk(2, dim=1)
        x = self.act(self.conv1d(x)[..., :seqlen])
        x_dbl = self.x_proj(x.transpose(1, 2))  # (B, L, R+2N)
        dt, B, C = torch.split(x_dbl, [self.dt_rank, self.d_state, self.d_state], dim=-1)
        dt = (dt @ self.dt_proj.weight.t()).transpose(1, 2)  # (B, d_inner, L); bias goes in as delta_bias
        B = B.transpose(1, 2).contiguous()  # (B, N, L)
        C = C.transpose(1, 2).contiguous()
        y = scan.selective_scan(x, dt, A, B, C, scan.fp(self.D), z=z,
                                delta_bias=scan.fp(self.dt_proj.bias), delta_softplus=True)
        return self.out_proj(y.transpose(1, 2))


class MambaLayer(nn.Module):
    """U-Mamba (bowang-lab/U-Mamba nets/UMambaBot_2d.py): LayerNorm + Mamba over the flattened spatial
    tokens of an (B, C, *spatial) tensor; no residual. Keys: norm.*, mamba.*."""

    def __init__(self, dim, d_state=16, d_conv=4, expand=2):
        super().__init__()
        self.dim = dim
        self.norm = nn.LayerNorm(dim)
        self.mamba = Mamba(d_model=dim, d_state=d_state, d_conv=d_conv, expand=expand)

    def forward(self, x):
        B, C = x.shape[:2]
        img_dims = x.shape[2:]
        x_flat = x.reshape(B, C, -1).transpose(-1, -2)
        out = self.mamba(self.norm(x_flat))
        return out.transpose(-1, -2).reshape(B, C, *img_dims)
