"""Swin-UMamba and Swin-UMamba-dagger, 2D (JiarunLiu/Swin-UMamba swin_umamba/nnunetv2/nets/SwinUMamba.py and
SwinUMambaD.py), built from the VMamba v1 blocks of vmamba.py and MONAI-style UNETR blocks re-written here.

Swin-UMamba keys: stem.0 (7x7 conv, stride 2, bias), stem.1 (InstanceNorm2d, affine), vssm_encoder.patch_embed.*,
vssm_encoder.layers.{i}.blocks.{j}.*, vssm_encoder.downsamples.{i}.*, encoder{1..5}.layer.* and
decoder{1..6}.* (MONAI UnetResBlock: conv1.conv, conv2.conv, conv3.conv where channels change; InstanceNorm2d
without affine weights, so norms have no keys; convolutions without bias), decoder{2..6}.transp_conv.conv.weight
(2x2 stride-2 transposed conv, no bias), out_layers.{0..3}.conv.conv.* (1x1 with bias; 1..3 are the
deep-supervision heads).

Swin-UMamba-dagger keys: vssm_encoder.* (as above, patch 4, no stem) and decoder.expand_layers.{s}.* (PatchExpand:
expand Linear no bias, norm), decoder.concat_back_dim.{s}.* (Linear with bias), decoder.stages.{s}.blocks.{j}.*
(two VSS blocks per stage, as published), decoder.seg_layers.{s}.* (1x1 conv heads; the last is the output).

Deviation from upstream, for small test models only: upstream builds the VMamba encoder of Swin-UMamba with its
default depths [2, 2, 9, 2] and dims [96, 192, 384, 768] whatever feat_size says (its feat_size [48, 96, 192, 384,
768] has to agree); here the encoder dims are feat_size[1:] and depths / d_state are arguments with the published
defaults. Published defaults are what get_swin_umamba(_d)_from_plans builds.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .vmamba import PatchEmbed2D, PatchExpand2D, PatchMerging2D, VSSLayer


class _ConvOnly(nn.Module):
    """MONAI's Convolution with no act/norm/dropout: just the conv, held as ``conv`` (hence ``*.conv.weight``)."""

    def __init__(self, conv):
        super().__init__()
        self.conv = conv

    def forward(self, x):
        return self.conv(x)


def _conv(cin, cout, k, bias=False):
    return _ConvOnly(nn.Conv2d(cin, cout, k, stride=1, padding=(k - 1) // 2, bias=bias))


class UnetResBlock(nn.Module):
    """MONAI UnetResBlock (stride 1, kernel 3, norm "instance", LeakyReLU 0.01): conv1 -> norm1 -> act -> conv2
    -> norm2, plus the input (through 1x1 conv3 + norm3 when the channel count changes), -> act."""

    def __init__(self, cin, cout, k=3):
        super().__init__()
        self.conv1 = _conv(cin, cout, k)
        self.conv2 = _conv(cout, cout, k)
        self.lrelu = nn.LeakyReLU(negative_slope=0.01, inplace=True)
        self.norm1 = nn.InstanceNorm2d(cout)
        self.norm2 = nn.InstanceNorm2d(cout)
        self.downsample = cin != cout
        if self.downsample:
            self.conv3 = _conv(cin, cout, 1)
            self.norm3 = nn.InstanceNorm2d(cout)

    def forward(self, x):
        out = self.norm2(self.conv2(self.lrelu(self.norm1(self.conv1(x)))))
        res = self.norm3(self.conv3(x)) if self.downsample else x
        return self.lrelu(out + res)


class UnetrBasicBlock(nn.Module):
    """MONAI UnetrBasicBlock with res_block=True: the UnetResBlock is ``layer``."""

    def __init__(self, cin, cout):
        super().__init__()
        self.layer = UnetResBlock(cin, cout)

    def forward(self, x):
        return self.layer(x)


class UnetrUpBlock(nn.Module):
    """MONAI UnetrUpBlock (res_block=True): 2x2 stride-2 transposed conv (no bias), concat [up, skip] on channels,
    UnetResBlock(2*out -> out)."""

    def __init__(self, cin, cout):
        super().__init__()
        self.transp_conv = _ConvOnly(nn.ConvTranspose2d(cin, cout, 2, stride=2, bias=False))
        self.conv_block = UnetResBlock(2 * cout, cout)

    def forward(self, x, skip):
        return self.conv_block(torch.cat((self.transp_conv(x), skip), dim=1))


class UnetOutBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = _ConvOnly(nn.Conv2d(cin, cout, 1, bias=True))

    def forward(self, x):
        return self.conv(x)


def _dims(dims, n):
    return [int(dims * 2 ** i) for i in range(n)] if isinstance(dims, int) else [int(d) for d in dims]


class VSSMEncoder(nn.Module):
    """Swin-UMamba's VMamba encoder: patch_embed, VSS layers without their own downsample, and the patch mergings
    in a separate list ``downsamples``. Returns [input, stage outputs (NCHW)...]."""

    def __init__(self, patch_size=4, in_chans=3, depths=(2, 2, 9, 2), dims=(96, 192, 384, 768), d_state=16,
                 norm_layer=nn.LayerNorm, **unused):
        super().__init__()
        dims = _dims(dims, len(depths))
        for i in range(len(dims) - 1):
            if dims[i + 1] != 2 * dims[i]:
                raise ValueError(f"VMamba encoder dims must double per stage (patch merging maps C to 2C), got {dims}")
        self.patch_embed = PatchEmbed2D(patch_size=patch_size, in_chans=in_chans, embed_dim=dims[0],
                                        norm_layer=norm_layer)
        self.layers = nn.ModuleList([VSSLayer(dim=dims[i], depth=depths[i], d_state=d_state, norm_layer=norm_layer)
                                     for i in range(len(depths))])
        self.downsamples = nn.ModuleList([PatchMerging2D(dim=dims[i], norm_layer=norm_layer)
                                          for i in range(len(depths) - 1)])

    def forward(self, x):
        outs = [x]
        x = self.patch_embed(x)
        for s, layer in enumerate(self.layers):
            x = layer(x)
            outs.append(x.permute(0, 3, 1, 2))
            if s < len(self.downsamples):
                x = self.downsamples[s](x)
        return outs


class SwinUMamba(nn.Module):
    """Stem (H/2) -> VMamba encoder (patch 2: H/4 .. H/32); UNETR encoders on the input, the stem output and the
    first three encoder stages; UNETR up blocks from the last stage; 1x1 head. H, W multiples of 32."""

    def __init__(self, in_chans=1, out_chans=13, feat_size=(48, 96, 192, 384, 768), hidden_size=None,
                 depths=(2, 2, 9, 2), d_state=16, deep_supervision=False, **unused):
        super().__init__()
        f = [int(v) for v in feat_size]
        if len(f) != 5:
            raise ValueError(f"feat_size must have 5 entries, got {f}")
        if hidden_size is not None and int(hidden_size) != f[4]:
            raise ValueError(f"hidden_size ({hidden_size}) must equal feat_size[4] ({f[4]})")
        self.deep_supervision = deep_supervision
        self.stem = nn.Sequential(nn.Conv2d(in_chans, f[0], kernel_size=7, stride=2, padding=3),
                                  nn.InstanceNorm2d(f[0], eps=1e-5, affine=True))
        self.vssm_encoder = VSSMEncoder(patch_size=2, in_chans=f[0], depths=list(depths), dims=f[1:], d_state=d_state)
        self.encoder1 = UnetrBasicBlock(in_chans, f[0])
        self.encoder2 = UnetrBasicBlock(f[0], f[1])
        self.encoder3 = UnetrBasicBlock(f[1], f[2])
        self.encoder4 = UnetrBasicBlock(f[2], f[3])
        self.encoder5 = UnetrBasicBlock(f[3], f[4])
        self.decoder6 = UnetrUpBlock(f[4], f[4])
        self.decoder5 = UnetrUpBlock(f[4], f[3])
        self.decoder4 = UnetrUpBlock(f[3], f[2])
        self.decoder3 = UnetrUpBlock(f[2], f[1])
        self.decoder2 = UnetrUpBlock(f[1], f[0])
        self.decoder1 = UnetrBasicBlock(f[0], f[0])
        self.out_layers = nn.ModuleList([UnetOutBlock(f[i], out_chans) for i in range(4)])

    def forward(self, x):
        vss = self.vssm_encoder(self.stem(x))
        enc1 = self.encoder1(x)
        enc2 = self.encoder2(vss[0])
        enc3 = self.encoder3(vss[1])
        enc4 = self.encoder4(vss[2])
        enc5 = self.encoder5(vss[3])
        dec4 = self.decoder6(vss[4], enc5)
        dec3 = self.decoder5(dec4, enc4)
        dec2 = self.decoder4(dec3, enc3)
        dec1 = self.decoder3(dec2, enc2)
        out = self.decoder1(self.decoder2(dec1, enc1))
        if self.deep_supervision:
            return [head(t) for head, t in zip(self.out_layers, (out, dec1, dec2, dec3))]
        return self.out_layers[0](out)


class PatchExpand(nn.Module):
    """Swin-UMamba-dagger's upsampling by ``scale``: Linear(dim, scale^2 * out, no bias), channels to a scale x
    scale block of pixels, LayerNorm(out). PatchExpand: scale 2, out = dim / 2; FinalPatchExpand_X4: scale 4,
    out = dim. Channels-last in and out."""

    def __init__(self, dim, out, scale):
        super().__init__()
        self.scale = scale
        self.expand = nn.Linear(dim, scale * scale * out, bias=False)
        self.norm = nn.LayerNorm(out)

    def forward(self, x):
        B, H, W, _ = x.shape
        x = self.expand(x)
        s = self.scale
        x = x.view(B, H, W, s, s, -1).permute(0, 1, 3, 2, 4, 5).reshape(B, H * s, W * s, -1)
        return self.norm(x)


class UNetResDecoder(nn.Module):
    """From the deepest stage up: expand x2, concat the skip (channels last), Linear 2C -> C, two VSS blocks;
    at the end a 4x expand and the last 1x1 head. Every head is built (deep supervision), only the last used."""

    def __init__(self, num_classes, deep_supervision, features_per_stage, d_state=16):
        super().__init__()
        f = list(features_per_stage)
        self.deep_supervision = deep_supervision
        stages, expand, seg, back = [], [], [], []
        for s in range(1, len(f)):
            below, skip = f[-s], f[-(s + 1)]
            expand.append(PatchExpand(below, below // 2, 2))
            stages.append(VSSLayer(dim=skip, depth=2, d_state=d_state, norm_layer=nn.LayerNorm))
            seg.append(nn.Conv2d(skip, num_classes, 1, 1, 0, bias=True))
            back.append(nn.Linear(2 * skip, skip))
        expand.append(PatchExpand(f[0], f[0], 4))
        stages.append(nn.Identity())
        seg.append(nn.Conv2d(f[0], num_classes, 1, 1, 0, bias=True))
        # registration order = upstream's, so state_dict keys come in the same order
        self.stages = nn.ModuleList(stages)
        self.expand_layers = nn.ModuleList(expand)
        self.seg_layers = nn.ModuleList(seg)
        self.concat_back_dim = nn.ModuleList(back)

    def forward(self, skips):
        x = skips[-1].permute(0, 2, 3, 1)
        last = len(self.stages) - 1
        outs = []
        for s in range(len(self.stages)):
            x = self.expand_layers[s](x)
            if s < last:
                x = self.concat_back_dim[s](torch.cat((x, skips[-(s + 2)].permute(0, 2, 3, 1)), -1))
            x = self.stages[s](x)
            if self.deep_supervision or s == last:
                outs.append(self.seg_layers[s](x.permute(0, 3, 1, 2)))
        outs = outs[::-1]
        return outs if self.deep_supervision else outs[0]


class SwinUMambaD(nn.Module):
    """VMamba encoder (patch 4) and the VSS decoder above. H, W multiples of 32 (4 * 2^(stages-1))."""

    def __init__(self, in_chans=1, num_classes=2, patch_size=4, depths=(2, 2, 9, 2), dims=96, d_state=16,
                 deep_supervision=False, **unused):
        super().__init__()
        dims = _dims(dims, len(depths))
        self.vssm_encoder = VSSMEncoder(patch_size=patch_size, in_chans=in_chans, depths=list(depths), dims=dims,
                                        d_state=d_state)
        self.decoder = UNetResDecoder(num_classes, deep_supervision, dims, d_state=d_state)

    def forward(self, x):
        return self.decoder(self.vssm_encoder(x))
