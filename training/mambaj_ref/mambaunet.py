"""Mamba-UNet (ziyangwang007/Mamba-UNet, code/networks/vision_mamba.py ``MambaUnet`` around the VSSM of
code/networks/mamba_sys.py), written from the published forward with the published attribute names.

It is the Swin-UNet layout with VMamba (v0) blocks: patch embedding (4x4), four encoder stages of VSS blocks with
channels dims0 * 2^i, patch merging after the first three (each stage's input kept as a skip), LayerNorm ``norm``;
decoder: ``layers_up.0`` is a bare 2x patch expand, ``layers_up.i`` (i > 0) concatenates the skip of its size,
``concat_back_dim.i`` (Linear 2C -> C), VSS blocks, then a 2x patch expand (not after the last); ``norm_up``, a 4x
patch expand ``up`` keeping the channels, a 1x1 conv ``output`` without bias. A 1-channel input is repeated to 3
channels by the wrapper. Keys carry the wrapper's prefix ``mamba_unet.``, e.g. mamba_unet.layers.0.blocks.1.
self_attention.A_logs, mamba_unet.layers_up.1.upsample.expand.weight, mamba_unet.concat_back_dim.3.bias,
mamba_unet.up.expand.weight, mamba_unet.output.weight.

Deviation: the published wrapper never passes dims (the VSSM default [96, 192, 384, 768] always applies; its
EMBED_DIM setting is swallowed by **kwargs); ``dims`` is an extra argument here, with that default, so that small
test models can be built. The published network is fixed at four stages (its decoder indexes skip 3 - i)."""
import torch
import torch.nn as nn

from .vmamba import PatchEmbed2D, PatchExpand2D, PatchMerging2D, VSSBlock, VSSLayer, _expand_pixels


class FinalPatchExpandX4(nn.Module):
    """Swin-UNet's FinalPatchExpand_X4: Linear(dim, 16 dim, no bias), 4x4 pixel rearrange (dim channels), norm(dim)."""

    def __init__(self, dim, norm_layer=nn.LayerNorm):
        super().__init__()
        self.expand = nn.Linear(dim, 16 * dim, bias=False)
        self.norm = norm_layer(dim)

    def forward(self, x):
        return self.norm(_expand_pixels(self.expand(x), 4))


def patch_expand(dim):
    """Swin-UNet's PatchExpand(dim): Linear(dim, 2 dim), 2x2 rearrange, norm(dim / 2): the same keys and
    computation as VM-UNet's PatchExpand2D with dim / 2 output channels."""
    return PatchExpand2D(dim // 2)


class VSSLayerUp(nn.Module):
    """Mamba-UNet's decoder stage: blocks.*, THEN upsample (a 2x patch expand) if any."""

    def __init__(self, dim, depth, d_state=16, upsample=True):
        super().__init__()
        self.blocks = nn.ModuleList([VSSBlock(hidden_dim=dim, d_state=d_state) for _ in range(depth)])
        self.upsample = patch_expand(dim) if upsample else None

    def forward(self, x):
        for blk in self.blocks:
            x = blk(x)
        return self.upsample(x) if self.upsample is not None else x


class VSSM(nn.Module):
    """Mamba-UNet's U-shaped VSSM (mamba_sys.VSSM, final_upsample "expand_first"); logits (B, classes, H, W)."""

    def __init__(self, in_chans=3, num_classes=4, depths=(2, 2, 2, 2), dims=(96, 192, 384, 768), d_state=16):
        super().__init__()
        if len(depths) != 4:
            raise ValueError("Mamba-UNet: 'depths' needs 4 entries (the published decoder is fixed at 4 stages)")
        c = dims if isinstance(dims, int) else dims[0]
        if not isinstance(dims, int) and list(dims) != [c * 2 ** i for i in range(4)]:
            raise ValueError("Mamba-UNet: 'dims' must double at every stage (the network uses dims[0] * 2^i), got "
                             + str(list(dims)))
        self.patch_embed = PatchEmbed2D(patch_size=4, in_chans=in_chans, embed_dim=c, norm_layer=nn.LayerNorm)
        self.layers = nn.ModuleList([
            VSSLayer(dim=c * 2 ** i, depth=depths[i], d_state=d_state,
                     downsample=PatchMerging2D if i < 3 else None) for i in range(4)])
        self.layers_up = nn.ModuleList()
        self.concat_back_dim = nn.ModuleList()
        for i in range(4):
            dim = c * 2 ** (3 - i)
            self.concat_back_dim.append(nn.Linear(2 * dim, dim) if i > 0 else nn.Identity())
            self.layers_up.append(patch_expand(dim) if i == 0 else
                                  VSSLayerUp(dim, depths[3 - i], d_state=d_state, upsample=i < 3))
        self.norm = nn.LayerNorm(8 * c)
        self.norm_up = nn.LayerNorm(c)
        self.up = FinalPatchExpandX4(c)
        self.output = nn.Conv2d(c, num_classes, kernel_size=1, bias=False)

    def forward(self, x):
        x = self.patch_embed(x)
        skips = []
        for layer in self.layers:
            skips.append(x)
            x = layer(x)
        x = self.norm(x)
        for i, layer_up in enumerate(self.layers_up):
            if i > 0:
                x = self.concat_back_dim[i](torch.cat([x, skips[3 - i]], -1))
            x = layer_up(x)
        x = self.up(self.norm_up(x)).permute(0, 3, 1, 2)
        return self.output(x)


class MambaUNet(nn.Module):
    """The published wrapper (vision_mamba.MambaUnet): repeats a 1-channel input to 3 channels; keys mamba_unet.*"""

    def __init__(self, in_chans=3, num_classes=4, depths=(2, 2, 2, 2), dims=(96, 192, 384, 768), d_state=16):
        super().__init__()
        self.mamba_unet = VSSM(in_chans=in_chans, num_classes=num_classes, depths=list(depths),
                               dims=dims if isinstance(dims, int) else list(dims), d_state=d_state)

    def forward(self, x):
        if x.size(1) == 1:
            x = x.repeat(1, 3, 1, 1)
        return self.mamba_unet(x)
