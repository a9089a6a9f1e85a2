"""VMamba v0 building blocks as used by VM-UNet (JCruan519/VM-UNet models/vmunet/vmamba.py) and, with the
same SS2D, by MedMamba and MambaIR. Attribute names follow upstream (state_dict keys match checkpoints).

All tensors between blocks are channels-last (B, H, W, C).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from . import scan
from .mamba import dt_bias_init


class DropPath(nn.Module):
    """Stochastic depth (identity in eval); no parameters."""

    def __init__(self, drop_prob=0.0):
        super().__init__()
        self.drop_prob = drop_prob

    def forward(self, x):
        if self.drop_prob == 0.0 or not self.training:
            return x
        keep = 1.0 - self.drop_prob
        mask = x.new_empty((x.shape[0],) + (1,) * (x.dim() - 1)).bernoulli_(keep)
        return x * mask / keep


def _expand_pixels(x, scale):
    """einops 'b h w (p1 p2 c) -> b (h p1) (w p2) c'."""
    B, H, W, C = x.shape
    c = C // (scale * scale)
    x = x.view(B, H, W, scale, scale, c).permute(0, 1, 3, 2, 4, 5)
    return x.reshape(B, H * scale, W * scale, c)


class PatchEmbed2D(nn.Module):
    """Conv k = stride = patch_size, to channels-last, optional norm. Keys: proj.*, norm.*"""

    def __init__(self, patch_size=4, in_chans=3, embed_dim=96, norm_layer=None, **kwargs):
        super().__init__()
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size)
        self.norm = norm_layer(embed_dim) if norm_layer is not None else None

    def forward(self, x):
        x = self.proj(x).permute(0, 2, 3, 1)
        if self.norm is not None:
            x = self.norm(x)
        return x


class PatchMerging2D(nn.Module):
    """2x2 space-to-depth in the order [0::2,0::2], [1::2,0::2], [0::2,1::2], [1::2,1::2] (row, col);
    odd H or W: every quarter is cropped to (H//2, W//2). Then norm(4C), reduction 4C -> 2C (no bias)."""

    def __init__(self, dim, norm_layer=nn.LayerNorm):
        super().__init__()
        self.dim = dim
        self.reduction = nn.Linear(4 * dim, 2 * dim, bias=False)
        self.norm = norm_layer(4 * dim)

    def forward(self, x):
        B, H, W, C = x.shape
        h, w = H // 2, W // 2
        x0 = x[:, 0::2, 0::2, :][:, :h, :w]
        x1 = x[:, 1::2, 0::2, :][:, :h, :w]
        x2 = x[:, 0::2, 1::2, :][:, :h, :w]
        x3 = x[:, 1::2, 1::2, :][:, :h, :w]
        x = torch.cat([x0, x1, x2, x3], -1)
        return self.reduction(self.norm(x))


class PatchExpand2D(nn.Module):
    """dim here is the OUTPUT channel count: expand Linear(2*dim, 4*dim, no bias), pixel rearrange x2, norm(dim)."""

    def __init__(self, dim, dim_scale=2, norm_layer=nn.LayerNorm):
        super().__init__()
        self.dim = dim * 2
        self.dim_scale = dim_scale
        self.expand = nn.Linear(self.dim, dim_scale * self.dim, bias=False)
        self.norm = norm_layer(self.dim // dim_scale)

    def forward(self, x):
        return self.norm(_expand_pixels(self.expand(x), self.dim_scale))


class Final_PatchExpand2D(nn.Module):
    """expand Linear(dim, 4*dim, no bias), pixel rearrange x4 (-> dim/4 channels), norm(dim/4)."""

    def __init__(self, dim, dim_scale=4, norm_layer=nn.LayerNorm):
        super().__init__()
        self.dim = dim
        self.dim_scale = dim_scale
        self.expand = nn.Linear(self.dim, dim_scale * self.dim, bias=False)
        self.norm = norm_layer(self.dim // dim_scale)

    def forward(self, x):
        return self.norm(_expand_pixels(self.expand(x), self.dim_scale))


class SS2D(nn.Module):
    """2D selective scan over four directions. Keys: in_proj.weight, conv2d.weight, conv2d.bias,
    x_proj_weight (4, R+2N, d_inner), dt_projs_weight (4, d_inner, R), dt_projs_bias (4, d_inner),
    A_logs (4*d_inner, N), Ds (4*d_inner), out_norm.weight/bias, out_proj.weight."""

    def __init__(self, d_model, d_state=16, d_conv=3, expand=2, dt_rank="auto", dt_min=0.001, dt_max=0.1,
                 dt_scale=1.0, dt_init_floor=1e-4, dropout=0.0, conv_bias=True, bias=False, **kwargs):
        super().__init__()
        self.d_model = d_model
        self.d_state = d_state
        self.d_conv = d_conv
        self.expand = expand
        self.d_inner = int(expand * d_model)
        self.dt_rank = math.ceil(d_model / 16) if dt_rank == "auto" else dt_rank
        K, D, R, N = 4, self.d_inner, self.dt_rank, d_state

        self.in_proj = nn.Linear(d_model, D * 2, bias=bias)
        self.conv2d = nn.Conv2d(D, D, kernel_size=d_conv, padding=(d_conv - 1) // 2, groups=D, bias=conv_bias)
        self.act = nn.SiLU()
        # Upstream builds four Linear layers and stacks their weights; same init here.
        bound = 1.0 / math.sqrt(D)
        self.x_proj_weight = nn.Parameter(torch.empty(K, R + 2 * N, D).uniform_(-bound, bound))
        std = R ** -0.5 * dt_scale
        self.dt_projs_weight = nn.Parameter(torch.empty(K, D, R).uniform_(-std, std))
        self.dt_projs_bias = nn.Parameter(torch.stack([dt_bias_init(D, dt_min, dt_max, dt_init_floor)
                                                       for _ in range(K)]))
        A = torch.arange(1, N + 1, dtype=torch.float32).repeat(K * D, 1)
        self.A_logs = nn.Parameter(torch.log(A))
        self.Ds = nn.Parameter(torch.ones(K * D))
        self.out_norm = nn.LayerNorm(D)
        self.out_proj = nn.Linear(D, d_model, bias=bias)
        self.dropout = nn.Dropout(dropout) if dropout > 0.0 else None

    def forward_core(self, x):
        """x (B, D, H, W) -> four (B, D, L) outputs, already mapped back to row-major token order."""
        B, C, H, W = x.shape
        L = H * W
        K = 4
        # Directions: row-major, column-major (transpose H/W), and both reversed.
        x_hwwh = torch.stack([x.reshape(B, -1, L), x.transpose(2, 3).contiguous().view(B, -1, L)], dim=1)
        xs = torch.cat([x_hwwh, torch.flip(x_hwwh, dims=[-1])], dim=1)  # (B, K, D, L)

        x_dbl = torch.einsum("bkdl,kcd->bkcl", xs, self.x_proj_weight)
        dts, Bs, Cs = torch.split(x_dbl, [self.dt_rank, self.d_state, self.d_state], dim=2)
        dts = torch.einsum("bkrl,kdr->bkdl", dts, self.dt_projs_weight)

        xs = scan.fp(xs).reshape(B, -1, L)  # (B, K*D, L)
        dts = scan.fp(dts.contiguous()).view(B, -1, L)
        Bs = scan.fp(Bs).contiguous()  # (B, K, N, L): group k serves channels k*D .. k*D+D-1
        Cs = scan.fp(Cs).contiguous()
        Ds = scan.fp(self.Ds).view(-1)
        As = -torch.exp(scan.fp(self.A_logs)).view(-1, self.d_state)
        dt_bias = scan.fp(self.dt_projs_bias).view(-1)
        out_y = scan.selective_scan(xs, dts, As, Bs, Cs, Ds, z=None, delta_bias=dt_bias,
                                    delta_softplus=True).view(B, K, -1, L)

        # Cross-merge exactly as upstream forward_corev0.
        inv_y = torch.flip(out_y[:, 2:4], dims=[-1]).view(B, 2, -1, L)
        wh_y = out_y[:, 1].reshape(B, -1, W, H).transpose(2, 3).contiguous().view(B, -1, L)
        invwh_y = inv_y[:, 1].reshape(B, -1, W, H).transpose(2, 3).contiguous().view(B, -1, L)
        return out_y[:, 0], inv_y[:, 0], wh_y, invwh_y

    def forward(self, x, **kwargs):
        """x (B, H, W, d_model) -> same shape."""
        B, H, W, C = x.shape
        xz = self.in_proj(x)
        x, z = xz.chunk(2, dim=-1)
        x = x.permute(0, 3, 1, 2).contiguous()
        x = self.act(self.conv2d(x))
        y1, y2, y3, y4 = self.forward_core(x)
        y = y1 + y2 + y3 + y4
        y = y.transpose(1, 2).contiguous().view(B, H, W, -1)
        y = self.out_norm(y)
        y = y * F.silu(z)
        out = self.out_proj(y)
        if self.dropout is not None:
            out = self.dropout(out)
        return out


class VSSBlock(nn.Module):
    """x + SS2D(ln_1(x)). Keys: ln_1.*, self_attention.*. VM-UNet passes nn.LayerNorm (eps 1e-5)."""

    def __init__(self, hidden_dim=0, drop_path=0.0, norm_layer=nn.LayerNorm, attn_drop_rate=0.0, d_state=16,
                 **kwargs):
        super().__init__()
        self.ln_1 = norm_layer(hidden_dim)
        self.self_attention = SS2D(d_model=hidden_dim, dropout=attn_drop_rate, d_state=d_state, **kwargs)
        self.drop_path = DropPath(drop_path)

    def forward(self, x):
        return x + self.drop_path(self.self_attention(self.ln_1(x)))


def _dp(drop_path, i):
    return drop_path[i] if isinstance(drop_path, list) else drop_path


class VSSLayer(nn.Module):
    """Encoder stage: blocks.*, then downsample (PatchMerging2D) if given."""

    def __init__(self, dim, depth, attn_drop=0.0, drop_path=0.0, norm_layer=nn.LayerNorm, downsample=None,
                 d_state=16, block=VSSBlock, **kwargs):
        super().__init__()
        self.dim = dim
        self.blocks = nn.ModuleList([
            block(hidden_dim=dim, drop_path=_dp(drop_path, i), norm_layer=norm_layer, attn_drop_rate=attn_drop,
                  d_state=d_state) for i in range(depth)])
        self.downsample = downsample(dim=dim, norm_layer=norm_layer) if downsample is not None else None

    def forward(self, x):
        for blk in self.blocks:
            x = blk(x)
        if self.downsample is not None:
            x = self.downsample(x)
        return x


class VSSLayer_up(nn.Module):
    """Decoder stage: upsample (PatchExpand2D) if given, then blocks.*"""

    def __init__(self, dim, depth, attn_drop=0.0, drop_path=0.0, norm_layer=nn.LayerNorm, upsample=None,
                 d_state=16, **kwargs):
        super().__init__()
        self.dim = dim
        self.blocks = nn.ModuleList([
            VSSBlock(hidden_dim=dim, drop_path=_dp(drop_path, i), norm_layer=norm_layer, attn_drop_rate=attn_drop,
                     d_state=d_state) for i in range(depth)])
        self.upsample = upsample(dim=dim, norm_layer=norm_layer) if upsample is not None else None

    def forward(self, x):
        if self.upsample is not None:
            x = self.upsample(x)
        for blk in self.blocks:
            x = blk(x)
        return x
