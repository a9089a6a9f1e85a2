"""LightM-UNet 2D (MrBlankness/LightM-UNet, lightm-unet/nnunetv2/nets/LightMUNet.py), written from the published
forward with the published attribute names so state-dict keys match its checkpoints. Its MONAI building blocks are
spelled out here as MONAI builds them (monai/networks/blocks/convolutions.py, segresnet_block.py, upsample.py):
a MONAI ``Convolution(conv_only=True)`` is an nn.Sequential whose one child is named ``conv`` ("same" padding);
``get_conv_layer`` is such a convolution without bias; ``get_upsample_layer`` (mode "nontrainable") is a 2x
bilinear upsampling, align_corners False, with no weights; the norm ("GROUP", num_groups 8) is nn.GroupNorm(8, C);
the activation is ReLU.

Keys, e.g.: convInit.0.conv.weight (depthwise 3x3) / convInit.1.conv.weight (pointwise), down_layers.1.0.0.mamba.*
(the downsampling MambaLayer, then max pooling), down_layers.1.1.conv1.norm.weight (a ResMambaBlock),
up_samples.0.0.conv.weight, up_layers.0.0.conv.0.conv.weight, conv_final.0.weight (GroupNorm),
conv_final.2.1.conv.bias."""
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F

from .mamba import Mamba

GROUPS = 8  # the published norm ("GROUP", {"num_groups": 8})


def _conv(cin, cout, kernel, groups=1, bias=False):
    """A MONAI Convolution with conv_only=True: the conv sits under the child name 'conv'."""
    return nn.Sequential(OrderedDict(conv=nn.Conv2d(cin, cout, kernel, padding=kernel // 2, groups=groups, bias=bias)))


def _dwconv(cin, cout, kernel=3, bias=False):
    """get_dwconv_layer: depthwise kernel x kernel, then pointwise 1x1 (both without bias unless asked)."""
    return nn.Sequential(_conv(cin, cin, kernel, groups=cin, bias=bias), _conv(cin, cout, 1, bias=bias))


class MambaLayer(nn.Module):
    """LightM-UNet's MambaLayer: over the row-major pixel tokens, out = proj(norm(mamba(norm(t)) + skip_scale * t))
    with one LayerNorm used twice; the skip adds the tokens before the norm."""

    def __init__(self, input_dim, output_dim, d_state=16, d_conv=4, expand=2):
        super().__init__()
        self.input_dim, self.output_dim = input_dim, output_dim
        self.norm = nn.LayerNorm(input_dim)
        self.mamba = Mamba(d_model=input_dim, d_state=d_state, d_conv=d_conv, expand=expand)
        self.proj = nn.Linear(input_dim, output_dim)
        self.skip_scale = nn.Parameter(torch.ones(1))

    def forward(self, x):
        b, c = x.shape[:2]
        dims = x.shape[2:]
        t = x.reshape(b, c, -1).transpose(-1, -2)
        y = self.mamba(self.norm(t)) + self.skip_scale * t
        y = self.proj(self.norm(y))
        return y.transpose(-1, -2).reshape(b, self.output_dim, *dims)


class ResMambaBlock(nn.Module):
    """x + conv2(relu(norm2(conv1(relu(norm1(x)))))) with MambaLayers as conv1/conv2."""

    def __init__(self, channels):
        super().__init__()
        self.norm1 = nn.GroupNorm(GROUPS, channels)
        self.norm2 = nn.GroupNorm(GROUPS, channels)
        self.act = nn.ReLU()
        self.conv1 = MambaLayer(channels, channels)
        self.conv2 = MambaLayer(channels, channels)

    def forward(self, x):
        y = self.conv1(self.act(self.norm1(x)))
        return self.conv2(self.act(self.norm2(y))) + x


class ResUpBlock(nn.Module):
    """relu(norm2(dwconv(relu(norm1(x))) + skip_scale * x))."""

    def __init__(self, channels):
        super().__init__()
        self.norm1 = nn.GroupNorm(GROUPS, channels)
        self.norm2 = nn.GroupNorm(GROUPS, channels)
        self.act = nn.ReLU()
        self.conv = _dwconv(channels, channels, 3)
        self.skip_scale = nn.Parameter(torch.ones(1))

    def forward(self, x):
        y = self.conv(self.act(self.norm1(x))) + self.skip_scale * x
        return self.act(self.norm2(y))


class _Up2x(nn.Module):
    def forward(self, x):
        return F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)


class LightMUNet(nn.Module):
    """2D only (spatial_dims 2). Encoder stage i (init_filters * 2^i channels): for i > 0 a MambaLayer from half the
    channels then 2x2 max pooling, then blocks_down[i] ResMambaBlocks; decoder step i: 1x1 conv (no bias) halving
    the channels, 2x bilinear upsampling, plus the matching encoder output, blocks_up[i] ResUpBlocks; head GroupNorm,
    ReLU and a depthwise + pointwise 1x1 conv with biases. The output is logits (nnU-Net applies softmax)."""

    def __init__(self, spatial_dims=2, init_filters=8, in_channels=1, out_channels=2, blocks_down=(1, 2, 2, 4),
                 blocks_up=(1, 1, 1)):
        super().__init__()
        if spatial_dims != 2:
            raise ValueError("LightM-UNet reference: spatial_dims must be 2 (the 3D network is not supported)")
        if len(blocks_up) != len(blocks_down) - 1:
            raise ValueError("LightM-UNet: blocks_up needs one entry fewer than blocks_down")
        f = init_filters
        self.convInit = _dwconv(in_channels, f, 3)
        self.down_layers = nn.ModuleList()
        for i, n in enumerate(blocks_down):
            ch = f * 2 ** i
            down = nn.Sequential(MambaLayer(ch // 2, ch), nn.MaxPool2d(2, 2)) if i > 0 else nn.Identity()
            self.down_layers.append(nn.Sequential(down, *[ResMambaBlock(ch) for _ in range(n)]))
        self.up_layers, self.up_samples = nn.ModuleList(), nn.ModuleList()
        n_up = len(blocks_up)
        for i, n in enumerate(blocks_up):
            ch = f * 2 ** (n_up - i)
            self.up_layers.append(nn.Sequential(*[ResUpBlock(ch // 2) for _ in range(n)]))
            self.up_samples.append(nn.Sequential(_conv(ch, ch // 2, 1), _Up2x()))
        self.conv_final = nn.Sequential(nn.GroupNorm(GROUPS, f), nn.ReLU(), _dwconv(f, out_channels, 1, bias=True))

    def forward(self, x):
        x = self.convInit(x)
        skips = []
        for down in self.down_layers:
            x = down(x)
            skips.append(x)
        skips.reverse()
        for i, (up, layer) in enumerate(zip(self.up_samples, self.up_layers)):
            x = layer(up(x) + skips[i + 1])
        return self.conv_final(x)
