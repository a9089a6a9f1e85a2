"""MambaIR v1 (csguoh/MambaIR basicsr/archs/mambair_arch.py): denoising/restoration (upsampler ''), classical
super-resolution (upsampler 'pixelshuffle') and lightweight super-resolution (upsampler 'pixelshuffledirect').

Keys: conv_first.*, patch_embed.norm.*, layers.{i}.residual_group.blocks.{j}.{ln_1, self_attention,
skip_scale, conv_blk.cab.*, ln_2, skip_scale2}, layers.{i}.conv.*, norm.*, conv_after_body.*, then
  ''                   conv_last.*
  'pixelshuffle'       conv_before_upsample.0.*, upsample.{0, 2, 4, ...}.* (one conv per x2 stage, or one for x3),
                       conv_last.*
  'pixelshuffledirect' upsample.0.* (one conv to upscale^2 * in_chans channels)
conv_blk.cab: cab.{0,2} + cab.3.attention.{1,3}; with 'pixelshuffledirect' the light variant cab.{0,1,3,4} +
cab.5.attention.{1,3}. The rgb mean is a plain attribute (not in state_dict).
"""
import math

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
    """conv3x3 C->C/3, GELU (erf), conv3x3 C/3->C, channel attention (squeeze 30). Needs C >= 30.
    Lightweight SR (is_light_sr): 1x1 C->C/2, depthwise 3x3, GELU, 1x1 C/2->C, depthwise 3x3 with dilation 2,
    channel attention: a larger receptive field for fewer weights."""

    def __init__(self, num_feat, is_light_sr=False, compress_ratio=3, squeeze_factor=30):
        super().__init__()
        if is_light_sr:
            mid = num_feat // 2
            self.cab = nn.Sequential(
                nn.Conv2d(num_feat, mid, 1, 1, 0),
                nn.Conv2d(mid, mid, 3, 1, 1, groups=mid),
                nn.GELU(),
                nn.Conv2d(mid, num_feat, 1, 1, 0),
                nn.Conv2d(num_feat, num_feat, 3, 1, padding=2, groups=num_feat, dilation=2),
                ChannelAttention(num_feat, squeeze_factor))
            return
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
    def __init__(self, dim, depth, drop_path=0.0, d_state=16, mlp_ratio=2.0, is_light_sr=False, **kwargs):
        super().__init__()
        self.dim = dim
        self.blocks = nn.ModuleList([
            VSSBlock(hidden_dim=dim, drop_path=drop_path[i] if isinstance(drop_path, list) else drop_path,
                     norm_layer=nn.LayerNorm, attn_drop_rate=0, d_state=d_state, expand=mlp_ratio,
                     is_light_sr=is_light_sr)
            for i in range(depth)])

    def forward(self, x, x_size):
        for blk in self.blocks:
            x = blk(x, x_size)
        return x


class ResidualGroup(nn.Module):
    """tokens -> blocks -> (B,C,H,W) -> conv3x3 -> tokens, + input. '1conv' residual connection."""

    def __init__(self, dim, depth, d_state=16, mlp_ratio=2.0, drop_path=0.0, is_light_sr=False, **kwargs):
        super().__init__()
        self.dim = dim
        self.residual_group = BasicLayer(dim=dim, depth=depth, d_state=d_state, mlp_ratio=mlp_ratio,
                                         drop_path=drop_path, is_light_sr=is_light_sr)
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


class Upsample(nn.Sequential):
    """Classical SR upsampling on num_feat channels: per x2 stage a conv3x3 to 4*num_feat and PixelShuffle(2)
    (scale 2^n), or one conv3x3 to 9*num_feat and PixelShuffle(3) (scale 3)."""

    def __init__(self, scale, num_feat):
        m = []
        if scale >= 2 and scale & (scale - 1) == 0:
            for _ in range(int(math.log2(scale))):
                m += [nn.Conv2d(num_feat, 4 * num_feat, 3, 1, 1), nn.PixelShuffle(2)]
        elif scale == 3:
            m += [nn.Conv2d(num_feat, 9 * num_feat, 3, 1, 1), nn.PixelShuffle(3)]
        else:
            raise ValueError(f"upsampler 'pixelshuffle' supports upscale 2^n (2, 4, 8, ...) and 3, got {scale}")
        super().__init__(*m)


class UpsampleOneStep(nn.Sequential):
    """Lightweight SR upsampling: one conv3x3 to scale^2 * num_out_ch channels and PixelShuffle(scale)."""

    def __init__(self, scale, num_feat, num_out_ch):
        if scale < 2:
            raise ValueError(f"upsampler 'pixelshuffledirect' needs upscale >= 2, got {scale}")
        super().__init__(nn.Conv2d(num_feat, scale * scale * num_out_ch, 3, 1, 1), nn.PixelShuffle(scale))


UPSAMPLERS = ("", "pixelshuffle", "pixelshuffledirect")


class MambaIR(nn.Module):
    """MambaIR with resi_connection '1conv', patch_size 1. upsampler '': restoration, output (B, in_chans, H, W)
    with a global residual; 'pixelshuffle' / 'pixelshuffledirect': super-resolution, output
    (B, in_chans, upscale*H, upscale*W), no global residual. Any H, W. (Unlike upstream, an SR upsampler with
    upscale 1 is refused: it would silently be a same-size network.)"""

    def __init__(self, img_size=64, patch_size=1, in_chans=3, embed_dim=96, depths=(6, 6, 6, 6), drop_rate=0.0,
                 d_state=16, mlp_ratio=2.0, drop_path_rate=0.1, norm_layer=nn.LayerNorm, patch_norm=True,
                 upscale=1, img_range=1.0, upsampler="", resi_connection="1conv", **kwargs):
        super().__init__()
        if upsampler not in UPSAMPLERS or resi_connection != "1conv" or patch_size != 1:
            raise NotImplementedError(f"upsampler must be one of {UPSAMPLERS} (got {upsampler!r}), "
                                      "resi_connection '1conv' and patch_size 1")
        num_feat = 64  # fixed in the published code
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
                          drop_path=dpr[sum(depths[:i]):sum(depths[:i + 1])],
                          is_light_sr=upsampler == "pixelshuffledirect")
            for i in range(self.num_layers)])
        self.norm = norm_layer(self.num_features)
        self.conv_after_body = nn.Conv2d(embed_dim, embed_dim, 3, 1, 1)
        if upsampler == "pixelshuffle":
            self.conv_before_upsample = nn.Sequential(nn.Conv2d(embed_dim, num_feat, 3, 1, 1),
                                                      nn.LeakyReLU(inplace=True))  # slope 0.01
            self.upsample = Upsample(upscale, num_feat)
            self.conv_last = nn.Conv2d(num_feat, in_chans, 3, 1, 1)
        elif upsampler == "pixelshuffledirect":
            self.upsample = UpsampleOneStep(upscale, embed_dim, in_chans)
        else:
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
        if self.upsampler == "pixelshuffle":
            x = self.conv_last(self.upsample(self.conv_before_upsample(res)))
        elif self.upsampler == "pixelshuffledirect":
            x = self.upsample(res)
        else:
            x = x + self.conv_last(res)
        return x / self.img_range + mean
