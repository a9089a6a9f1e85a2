"""VM-UNet (JCruan519/VM-UNet models/vmunet/vmunet.py and the VSSM U-Net in vmamba.py).

Keys of the wrapper are prefixed "vmunet.": vmunet.patch_embed.*, vmunet.layers.{i}.blocks.{j}.*,
vmunet.layers.{i}.downsample.*, vmunet.layers_up.{i}.upsample.*, vmunet.layers_up.{i}.blocks.{j}.*,
vmunet.final_up.*, vmunet.final_conv.*
"""
import math

import torch
import torch.nn as nn

from .vmamba import (Final_PatchExpand2D, PatchEmbed2D, PatchExpand2D, PatchMerging2D, VSSLayer,
                     VSSLayer_up)


class VSSM(nn.Module):
    """The U-shaped VSSM of VM-UNet: patch embed, encoder stages (skip saved before each), decoder stages
    (skip added before each but the first), final 4x expand, 1x1 conv to num_classes. Input (B, C, H, W),
    H and W multiples of 32 (for 4 stages), output logits (B, num_classes, H, W)."""

    def __init__(self, patch_size=4, in_chans=3, num_classes=1000, depths=(2, 2, 9, 2), depths_decoder=(2, 9, 2, 2),
                 dims=(96, 192, 384, 768), dims_decoder=None, d_state=16, drop_rate=0.0, attn_drop_rate=0.0,
                 drop_path_rate=0.1, norm_layer=nn.LayerNorm, patch_norm=True, **kwargs):
        super().__init__()
        self.num_classes = num_classes
        self.num_layers = len(depths)
        if isinstance(dims, int):
            dims = [int(dims * 2 ** i) for i in range(self.num_layers)]
        dims = list(dims)
        # Upstream's default dims_decoder is [768, 384, 192, 96], i.e. dims reversed.
        dims_decoder = list(dims_decoder) if dims_decoder is not None else dims[::-1]
        self.embed_dim = dims[0]
        self.num_features = dims[-1]
        self.dims = dims
        self.patch_embed = PatchEmbed2D(patch_size=patch_size, in_chans=in_chans, embed_dim=self.embed_dim,
                                        norm_layer=norm_layer if patch_norm else None)
        self.pos_drop = nn.Dropout(p=drop_rate)
        dpr = [x.item() for x in torch.linspace(0, drop_path_rate, sum(depths))]
        dpr_dec = [x.item() for x in torch.linspace(0, drop_path_rate, sum(depths_decoder))][::-1]
        ds = math.ceil(dims[0] / 6) if d_state is None else d_state

        self.layers = nn.ModuleList()
        for i in range(self.num_layers):
            self.layers.append(VSSLayer(
                dim=dims[i], depth=depths[i], d_state=ds, attn_drop=attn_drop_rate,
                drop_path=dpr[sum(depths[:i]):sum(depths[:i + 1])], norm_layer=norm_layer,
                downsample=PatchMerging2D if i < self.num_layers - 1 else None))
        self.layers_up = nn.ModuleList()
        for i in range(self.num_layers):
            self.layers_up.append(VSSLayer_up(
                dim=dims_decoder[i], depth=depths_decoder[i], d_state=ds, attn_drop=attn_drop_rate,
                drop_path=dpr_dec[sum(depths_decoder[:i]):sum(depths_decoder[:i + 1])], norm_layer=norm_layer,
                upsample=PatchExpand2D if i != 0 else None))
        self.final_up = Final_PatchExpand2D(dim=dims_decoder[-1], dim_scale=4, norm_layer=norm_layer)
        self.final_conv = nn.Conv2d(dims_decoder[-1] // 4, num_classes, 1)

    def forward_features(self, x):
        skip_list = []
        x = self.pos_drop(self.patch_embed(x))
        for layer in self.layers:
            skip_list.append(x)
            x = layer(x)
        return x, skip_list

    def forward_features_up(self, x, skip_list):
        for i, layer_up in enumerate(self.layers_up):
            x = layer_up(x) if i == 0 else layer_up(x + skip_list[-i])
        return x

    def forward_final(self, x):
        x = self.final_up(x).permute(0, 3, 1, 2)
        return self.final_conv(x)

    def forward(self, x):
        x, skip_list = self.forward_features(x)
        x = self.forward_features_up(x, skip_list)
        return self.forward_final(x)


class VMUNet(nn.Module):
    """Published wrapper. A 1-channel input is repeated to 3 channels (whatever input_channels is, as
    upstream does); sigmoid output when num_classes == 1, raw logits otherwise.

    Deviation: upstream's wrapper does not pass dims/d_state to VSSM (always [96,192,384,768], 16);
    here they are extra arguments with those defaults so that small test models can be built.
    """

    def __init__(self, input_channels=3, num_classes=1, depths=(2, 2, 9, 2), depths_decoder=(2, 9, 2, 2),
                 drop_path_rate=0.2, dims=(96, 192, 384, 768), d_state=16, **kwargs):
        super().__init__()
        self.num_classes = num_classes
        self.vmunet = VSSM(in_chans=input_channels, num_classes=num_classes, depths=list(depths),
                           depths_decoder=list(depths_decoder), drop_path_rate=drop_path_rate, dims=list(dims),
                           d_state=d_state)

    def forward(self, x):
        if x.size(1) == 1:
            x = x.repeat(1, 3, 1, 1)
        logits = self.vmunet(x)
        return torch.sigmoid(logits) if self.num_classes == 1 else logits
