"""U-Mamba Bot and Enc, 2D (bowang-lab/U-Mamba umamba/nnunetv2/nets/UMambaBot_2d.py, UMambaEnc_2d.py), with the
building blocks of MIC-DKFZ/dynamic-network-architectures (BasicBlockD, ConvDropoutNormReLU) re-written here.

The attribute names are the published ones, so the state dict has the published keys, including the two kinds of
duplicate the published modules produce: ``<block>.conv1.all_modules.{0,1}.*`` repeats ``conv1.conv.*`` and
``conv1.norm.*`` (ConvDropoutNormReLU keeps its layers both as attributes and in a Sequential), and
``decoder.encoder.*`` repeats ``encoder.*`` (the decoder keeps a reference to the encoder). Fixed by the published
``get_umamba_*_2d_from_plans``: Conv2d with bias, InstanceNorm2d(eps 1e-5, affine), LeakyReLU(0.01).

Constructor arguments are the published ones minus the fixed ops (conv_op, norm_op, nonlin, dropout):
input_channels, n_stages, features_per_stage, kernel_sizes, strides, n_conv_per_stage, num_classes,
n_conv_per_stage_decoder, deep_supervision, and for Enc input_size (the patch size: it decides which stages scan
over channels instead of pixels). Kernel sizes and strides may be ints or per-axis [h, w] pairs.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .mamba import MambaLayer


def _pair(v):
    return [int(v), int(v)] if isinstance(v, (int, float)) else [int(i) for i in v]


def _per_stage(v, n):
    return [v] * n if isinstance(v, int) else list(v)


def _norm(c):
    return nn.InstanceNorm2d(c, eps=1e-5, affine=True)


def _act():
    return nn.LeakyReLU(negative_slope=0.01, inplace=True)


class ConvDropoutNormReLU(nn.Module):
    """conv -> InstanceNorm -> (LeakyReLU); the layers are attributes AND all_modules (duplicate keys)."""

    def __init__(self, cin, cout, kernel, stride, nonlin=True):
        super().__init__()
        kernel = _pair(kernel)
        self.conv = nn.Conv2d(cin, cout, kernel, _pair(stride), padding=[(k - 1) // 2 for k in kernel], bias=True)
        self.norm = _norm(cout)
        ops = [self.conv, self.norm]
        if nonlin:
            self.nonlin = _act()
            ops.append(self.nonlin)
        self.all_modules = nn.Sequential(*ops)

    def forward(self, x):
        return self.all_modules(x)


class BasicBlockD(nn.Module):
    """ResNet-D basic block; in U-Mamba always channels in == out and stride 1, so the skip is the identity."""

    def __init__(self, channels, kernel):
        super().__init__()
        self.conv1 = ConvDropoutNormReLU(channels, channels, kernel, 1, nonlin=True)
        self.conv2 = ConvDropoutNormReLU(channels, channels, kernel, 1, nonlin=False)
        self.nonlin2 = _act()

    def forward(self, x):
        out = self.conv2(self.conv1(x))
        return self.nonlin2(out + x)


class BasicResBlock(nn.Module):
    """conv1 (stride) -> norm1 -> act1 -> conv2 -> norm2, plus the 1x1 (strided) conv3 of the input, -> act2."""

    def __init__(self, cin, cout, kernel, stride):
        super().__init__()
        kernel = _pair(kernel)
        pad = [k // 2 for k in kernel]
        self.conv1 = nn.Conv2d(cin, cout, kernel, stride=_pair(stride), padding=pad)
        self.norm1 = _norm(cout)
        self.act1 = _act()
        self.conv2 = nn.Conv2d(cout, cout, kernel, padding=pad)
        self.norm2 = _norm(cout)
        self.act2 = _act()
        self.conv3 = nn.Conv2d(cin, cout, kernel_size=1, stride=_pair(stride))

    def forward(self, x):
        y = self.act1(self.norm1(self.conv1(x)))
        y = self.norm2(self.conv2(y))
        return self.act2(y + self.conv3(x))


def _stage(cin, cout, kernel, stride, n_blocks):
    return nn.Sequential(BasicResBlock(cin, cout, kernel, stride),
                         *[BasicBlockD(cout, kernel) for _ in range(n_blocks - 1)])


class UpsampleLayer(nn.Module):
    """Nearest upsampling by the stage's stride, then a 1x1 conv."""

    def __init__(self, cin, cout, scale):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel_size=1)
        self.pool_op_kernel_size = _pair(scale)

    def forward(self, x):
        return self.conv(F.interpolate(x, scale_factor=self.pool_op_kernel_size, mode="nearest"))


class UMambaLayer(MambaLayer):
    """MambaLayer of UMambaEnc_2d.py: over pixels (tokens = H*W, d_model = C) or, where the feature map has no
    more pixels than channels, over channels (tokens = C, d_model = H*W)."""

    def __init__(self, dim, channel_token=False):
        super().__init__(dim)
        self.channel_token = channel_token

    def forward(self, x):
        if not self.channel_token:
            return super().forward(x)
        B, C = x.shape[:2]
        return self.mamba(self.norm(x.flatten(2))).reshape(x.shape)


class Encoder(nn.Module):
    """UNetResEncoder (Bot) / ResidualMambaEncoder (Enc): stem, stages (+ mamba_layers for Enc)."""

    def __init__(self, input_channels, features, kernels, strides, n_blocks, mamba_sizes=None):
        super().__init__()
        n = len(features)
        self.stem = _stage(input_channels, features[0], kernels[0], 1, n_blocks[0])
        cin = features[0]
        stages = []
        for s in range(n):
            stages.append(_stage(cin, features[s], kernels[s], strides[s], n_blocks[s]))
            cin = features[s]
        if mamba_sizes is None:
            self.stages = nn.Sequential(*stages)
            self.mamba_layers = None
        else:
            layers = []
            for s in range(n):
                if bool(s % 2) ^ bool(n % 2):  # every other stage, always including the last
                    pixels = math.prod(mamba_sizes[s])
                    channel_token = pixels <= features[s]
                    layers.append(UMambaLayer(pixels if channel_token else features[s], channel_token))
                else:
                    layers.append(nn.Identity())
            self.mamba_layers = nn.ModuleList(layers)
            self.stages = nn.ModuleList(stages)

    def forward(self, x):
        x = self.stem(x)
        skips = []
        for s, stage in enumerate(self.stages):
            x = stage(x)
            if self.mamba_layers is not None:
                x = self.mamba_layers[s](x)
            skips.append(x)
        return skips


class Decoder(nn.Module):
    """UNetResDecoder. Keeps the encoder as a submodule, as published (hence decoder.encoder.* keys)."""

    def __init__(self, encoder, features, kernels, strides, n_conv, num_classes, deep_supervision):
        super().__init__()
        self.deep_supervision = deep_supervision
        self.encoder = encoder
        n = len(features)
        stages, ups, segs = [], [], []
        for s in range(1, n):
            below, skip = features[-s], features[-(s + 1)]
            ups.append(UpsampleLayer(below, skip, strides[-s]))
            stages.append(_stage(2 * skip if s < n - 1 else skip, skip, kernels[-(s + 1)], 1, n_conv[s - 1]))
            segs.append(nn.Conv2d(skip, num_classes, 1, 1, 0, bias=True))
        self.stages = nn.ModuleList(stages)
        self.upsample_layers = nn.ModuleList(ups)
        self.seg_layers = nn.ModuleList(segs)

    def forward(self, skips):
        x = skips[-1]
        outs = []
        last = len(self.stages) - 1
        for s in range(len(self.stages)):
            x = self.upsample_layers[s](x)
            if s < last:  # the last stage gets no skip (the published decoder never concatenates skips[0])
                x = torch.cat((x, skips[-(s + 2)]), 1)
            x = self.stages[s](x)
            if self.deep_supervision:
                outs.append(self.seg_layers[s](x))
            elif s == last:
                outs.append(self.seg_layers[-1](x))
        outs = outs[::-1]
        return outs if self.deep_supervision else outs[0]


def _blocks(n_stages, n_conv_per_stage, n_conv_per_stage_decoder):
    """U-Mamba's own override: one block per stage in the deeper half of the encoder and decoder."""
    enc = _per_stage(n_conv_per_stage, n_stages)
    dec = _per_stage(n_conv_per_stage_decoder, n_stages - 1)
    for s in range(math.ceil(n_stages / 2), n_stages):
        enc[s] = 1
    for s in range(math.ceil((n_stages - 1) / 2 + 0.5), n_stages - 1):
        dec[s] = 1
    return enc, dec


class _UMamba(nn.Module):
    def _common(self, n_stages, features_per_stage, kernel_sizes, strides, n_conv_per_stage,
                n_conv_per_stage_decoder):
        features = _per_stage(features_per_stage, n_stages)
        kernels = [_pair(k) for k in _per_stage(kernel_sizes, n_stages)]
        strides = [_pair(s) for s in _per_stage(strides, n_stages)]
        enc, dec = _blocks(n_stages, n_conv_per_stage, n_conv_per_stage_decoder)
        assert len(features) == len(kernels) == len(strides) == len(enc) == n_stages and len(dec) == n_stages - 1
        return features, kernels, strides, enc, dec


class UMambaBot(_UMamba):
    """One Mamba layer (mamba_layer) on the bottleneck's pixels."""

    def __init__(self, input_channels, n_stages, features_per_stage, kernel_sizes, strides, n_conv_per_stage,
                 num_classes, n_conv_per_stage_decoder, deep_supervision=False, **unused):
        super().__init__()
        features, kernels, strides, enc, dec = self._common(n_stages, features_per_stage, kernel_sizes, strides,
                                                            n_conv_per_stage, n_conv_per_stage_decoder)
        self.encoder = Encoder(input_channels, features, kernels, strides, enc)
        self.mamba_layer = MambaLayer(dim=features[-1])
        self.decoder = Decoder(self.encoder, features, kernels, strides, dec, num_classes, deep_supervision)

    def forward(self, x):
        skips = self.encoder(x)
        skips[-1] = self.mamba_layer(skips[-1])
        return self.decoder(skips)


class UMambaEnc(_UMamba):
    """A Mamba layer after every other encoder stage (always the last); input_size is the training patch size."""

    def __init__(self, input_size, input_channels, n_stages, features_per_stage, kernel_sizes, strides,
                 n_conv_per_stage, num_classes, n_conv_per_stage_decoder, deep_supervision=False, **unused):
        super().__init__()
        features, kernels, strides, enc, dec = self._common(n_stages, features_per_stage, kernel_sizes, strides,
                                                            n_conv_per_stage, n_conv_per_stage_decoder)
        sizes, size = [], list(input_size)
        for s in range(n_stages):
            size = [i // j for i, j in zip(size, strides[s])]
            sizes.append(size)
        self.encoder = Encoder(input_channels, features, kernels, strides, enc, mamba_sizes=sizes)
        self.decoder = Decoder(self.encoder, features, kernels, strides, dec, num_classes, deep_supervision)

    def forward(self, x):
        return self.decoder(self.encoder(x))
