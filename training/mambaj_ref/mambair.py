"""MambaIR v1 for denoising (csguoh/MambaIR basicsr/archs/mambair_arch.py, upsampler '').

Keys: conv_first.*, patch_embed.norm.*, layers.{i}.residual_group.blocks.{j}.{ln_1, self_attention,
skip_scale, conv_blk.cab.{0,2}, conv_blk.cab.3.attention.{1,3}, ln_2, skip_scale2}, layers.{i}.conv.*,
norm.*, conv_after_body.*, conv_last.*. The rgb mean is a plain attribute (not in state_dict).
"""
import torch
import torch.nn as nn

from .vmamba import SS2D, DropPath


class ChannelAttention(nn.Module):
    def __init__(self, num_feat, squeeze_factor=16):
        super().__init__()
        self.attention = nn.Sequential(
            nn.AdaptiveAvgPool2d(1),
            nn.Conv2d(num_feat, num_feat // squeeze_factor, 1, padding=0),
            nn.ReLU(inplace=True),
            nn.Conv2d(num_feat // squeeze_factor, num_feat, 1, padding=0),
            nn.Sigmoid())

    def forward(self, x):
        return x * self.attention(x)


class CAB(nn.Module):
    """conv3x3 C->C/3, GELU (erf), conv3x3 C/3->C, channel attention (squeeze 30). Needs C >= 30."""

    def __init__(self, num_feat, is_light_sr=False, compress_ratio=3, squeeze_factor=30):
        super().__init__()
        if is_light_sr:
            raise NotImplementedError("lightweight-SR CAB variant not needed for denoising")
        self.cab = nn.Sequential(
            nn.Conv2d(num_feat, num_feat // compress_ratio, 3, 1, 1),
            nn.GELU(),
            nn.Conv2d(num_feat // compress_ratio, num_feat, 3, 1, 1),
            ChannelAttention(num_feat, squeeze_factor))

    def forward(self, x):
        return self.cab(x)


class VSSBlock(nn.Module):
    """MambaIR's block on tokens (B, L, C) with x_size = (H, W):
    x = ln_1(in); x = in*skip_scale + SS2D(x); x = x*skip_scale2 + CAB(ln_2(x)). LayerNorms eps 1e-5."""

    def __init__(self, hidden_dim=0, drop_path=0.0, norm_layer=nn.LayerNorm, attn_drop_rate=0.0, d_state=16,
                 expand=2.0, is_light_sr=False, **kwargs):
        super().__init__()
        self.ln_1 = norm_layer(hidden_dim)
        self.self_attention = SS2D(d_model=hidden_dim, d_state=d_state, expand=expand, dropout=attn_drop_rate)
        self.drop_path = DropPath(drop_path)
        self.skip_scale = nn.Parameter(torch.ones(hidden_dim))
        self.conv_blk = CAB(hidden_dim, is_light_sr)
        self.ln_2 = nn.LayerNorm(hidden_dim)
        self.skip_scale2 = nn.Parameter(torch.ones(hidden_dim))

    def forward(self, input, x_size):
        B, L, C = input.shape
        input = input.view(B, *x_size, C).contiguous()
        x = self.ln_1(input)
        x = input * self.skip_scale + self.drop_path(self.self_attention(x))
        cab = self.conv_blk(self.ln_2(x).permute(0, 3, 1, 2).contiguous()).permute(0, 2, 3, 1).contiguous()
        x = x * self.skip_scale2 + cab
        return x.view(B, -1, C).contiguous()


class BasicLayer(nn.Module):
    def __init__(self, dim, depth, drop_path=0.0, d_state=16, mlp_ratio=2.0, **kwargs):
        super().__init__()
        self.dim = dim
        self.blocks = nn.ModuleList([
            VSSBlock(hidden_dim=dim, drop_path=drop_path[i] if isinstance(drop_path, list) else drop_path,
                     norm_layer=nn.LayerNorm, attn_drop_rate=0, d_state=d_state, expand=mlp_ratio)
            for i in range(depth)])

    def forward(self, x, x_size):
        for blk in self.blocks:
            x = blk(x, x_size)
        return x


class ResidualGroup(nn.Module):
    """tokens -> blocks -> (B,C,H,W) -> conv3x3 -> tokens, + input. '1conv' residual connection."""

    def __init__(self, dim, depth, d_state=16, mlp_ratio=2.0, drop_path=0.0, **kwargs):
        super().__init__()
        self.dim = dim
        self.residual_group = BasicLayer(dim=dim, depth=depth, d_state=d_state, mlp_ratio=mlp_ratio,
                                         drop_path=drop_path)
        self.conv = nn.Conv2d(dim, dim, 3, 1, 1)

    def forward(self, x, x_size):
        y = self.residual_group(x, x_size)
        y = y.transpose(1, 2).view(y.shape[0], self.dim, x_size[0], x_size[1])  # PatchUnEmbed
        y = self.conv(y)
        return y.flatten(2).transpose(1, 2) + x  # PatchEmbed (no norm) + residual


class PatchEmbed(nn.Module):
    """(B,C,H,W) -> (B,HW,C), optional norm (key: patch_embed.norm.*)."""

    def __init__(self, embed_dim=96, norm_layer=None, **kwargs):
        super().__init__()
        self.norm = norm_layer(embed_dim) if norm_layer is not None else None

    def forward(self, x):
        x = x.flatten(2).transpose(1, 2)
        return self.norm(x) if self.norm is not None else x


class MambaIR(nn.Module):
    """Denoising/restoration MambaIR (upsampler '', resi_connection '1conv', patch_size 1).
    Input and output (B, in_chans, H, W), any H, W."""

    def __init__(self, img_size=64, patch_size=1, in_chans=3, embed_dim=96, depths=(6, 6, 6, 6), drop_rate=0.0,
                 d_state=16, mlp_ratio=2.0, drop_path_rate=0.1, norm_layer=nn.LayerNorm, patch_norm=True,
                 upscale=1, img_range=1.0, upsampler="", resi_connection="1conv", **kwargs):
        super().__init__()
        if upsampler != "" or resi_connection != "1conv" or patch_size != 1:
            raise NotImplementedError("only the denoising configuration (upsampler '', '1conv', patch 1)")
        self.img_range = img_range
        if in_chans == 3:
            self.mean = torch.Tensor((0.4488, 0.4371, 0.4040)).view(1, 3, 1, 1)
        else:
            self.mean = torch.zeros(1, 1, 1, 1)
        self.upscale = upscale
        self.upsampler = upsampler
        self.mlp_ratio = mlp_ratio
        self.conv_first = nn.Conv2d(in_chans, embed_dim, 3, 1, 1)
        self.num_layers = len(depths)
        self.embed_dim = embed_dim
        self.num_features = embed_dim
        self.patch_embed = PatchEmbed(embed_dim=embed_dim, norm_layer=norm_layer if patch_norm else None)
        self.pos_drop = nn.Dropout(p=drop_rate)
        dpr = [x.item() for x in torch.linspace(0, drop_path_rate, sum(depths))]
        self.layers = nn.ModuleList([
            ResidualGroup(dim=embed_dim, depth=depths[i], d_state=d_state, mlp_ratio=mlp_ratio,
                          drop_path=dpr[sum(depths[:i]):sum(depths[:i + 1])])
            for i in range(self.num_layers)])
        self.norm = norm_layer(self.num_features)
        self.conv_after_body = nn.Conv2d(embed_dim, embed_dim, 3, 1, 1)
        self.conv_last = nn.Conv2d(embed_dim, in_chans, 3, 1, 1)

    def forward_features(self, x):
        x_size = (x.shape[2], x.shape[3])
        x = self.pos_drop(self.patch_embed(x))
        for layer in self.layers:
            x = layer(x, x_size)
        x = self.norm(x)
        return x.transpose(1, 2).view(x.shape[0], self.embed_dim, x_size[0], x_size[1])

    def forward(self, x):
        mean = self.mean.type_as(x)
        x = (x - mean) * self.img_range
        x_first = self.conv_first(x)
        res = self.conv_after_body(self.forward_features(x_first)) + x_first
        x = x + self.conv_last(res)
        return x / self.img_range + mean
