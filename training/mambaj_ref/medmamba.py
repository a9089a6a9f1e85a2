"""MedMamba classifier (YubiaoYue/MedMamba MedMamba.py, class VSSM with SS_Conv_SSM blocks).

Keys: patch_embed.proj.*, patch_embed.norm.*, layers.{i}.blocks.{j}.ln_1.*, .self_attention.* (SS2D on
half the channels), .conv33conv33conv11.{0,1,2,4,5,7}.* (BN, conv3x3, BN, -, conv3x3, BN, -, conv1x1),
layers.{i}.downsample.{norm,reduction}.*, head.*
"""
import torch
import torch.nn as nn

from .vmamba import SS2D, DropPath, PatchEmbed2D, PatchMerging2D, VSSLayer

PRESETS = {  # from the bottom of the published MedMamba.py
    "T": dict(depths=[2, 2, 4, 2], dims=[96, 192, 384, 768]),
    "S": dict(depths=[2, 2, 8, 2], dims=[96, 192, 384, 768]),
    "B": dict(depths=[2, 2, 12, 2], dims=[128, 256, 512, 1024]),
}


def channel_shuffle(x, groups):
    """Channels-last shuffle: (B,H,W,g*c) viewed as (g, c), transposed to (c, g), flattened."""
    b, h, w, n = x.shape
    x = x.view(b, h, w, groups, n // groups).transpose(3, 4).contiguous()
    return x.view(b, h, w, -1)


class SS_Conv_SSM(nn.Module):
    """Split channels in half: left -> conv branch (NCHW), right -> ln_1 + SS2D; concat(left, right),
    channel_shuffle(2), + input. MedMamba passes nn.LayerNorm (eps 1e-5) as norm_layer."""

    def __init__(self, hidden_dim=0, drop_path=0.0, norm_layer=nn.LayerNorm, attn_drop_rate=0.0, d_state=16,
                 **kwargs):
        super().__init__()
        half = hidden_dim // 2
        self.ln_1 = norm_layer(half)
        self.self_attention = SS2D(d_model=half, dropout=attn_drop_rate, d_state=d_state, **kwargs)
        self.drop_path = DropPath(drop_path)
        self.conv33conv33conv11 = nn.Sequential(
            nn.BatchNorm2d(half),
            nn.Conv2d(half, half, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(half),
            nn.ReLU(),
            nn.Conv2d(half, half, kernel_size=3, stride=1, padding=1),
            nn.BatchNorm2d(half),
            nn.ReLU(),
            nn.Conv2d(half, half, kernel_size=1, stride=1),
            nn.ReLU(),
        )

    def forward(self, input):
        input_left, input_right = input.chunk(2, dim=-1)
        x = self.drop_path(self.self_attention(self.ln_1(input_right)))
        left = self.conv33conv33conv11(input_left.permute(0, 3, 1, 2).contiguous())
        left = left.permute(0, 2, 3, 1).contiguous()
        output = channel_shuffle(torch.cat((left, x), dim=-1), groups=2)
        return output + input


class MedMamba(nn.Module):
    """Published class name is VSSM. Input (B, in_chans, H, W); any H, W >= 4*2^(stages-1) (odd sizes are
    cropped by PatchMerging2D). Output logits (B, num_classes)."""

    def __init__(self, patch_size=4, in_chans=3, num_classes=1000, depths=(2, 2, 4, 2), dims=(96, 192, 384, 768),
                 d_state=16, drop_rate=0.0, attn_drop_rate=0.0, drop_path_rate=0.1, norm_layer=nn.LayerNorm,
                 patch_norm=True, **kwargs):
        super().__init__()
        self.num_classes = num_classes
        self.num_layers = len(depths)
        if isinstance(dims, int):
            dims = [int(dims * 2 ** i) for i in range(self.num_layers)]
        dims = list(dims)
        self.embed_dim = dims[0]
        self.num_features = dims[-1]
        self.dims = dims
        self.patch_embed = PatchEmbed2D(patch_size=patch_size, in_chans=in_chans, embed_dim=self.embed_dim,
                                        norm_layer=norm_layer if patch_norm else None)
        self.pos_drop = nn.Dropout(p=drop_rate)
        dpr = [x.item() for x in torch.linspace(0, drop_path_rate, sum(depths))]
        self.layers = nn.ModuleList()
        for i in range(self.num_layers):
            self.layers.append(VSSLayer(
                dim=dims[i], depth=depths[i], d_state=d_state, attn_drop=attn_drop_rate,
                drop_path=dpr[sum(depths[:i]):sum(depths[:i + 1])], norm_layer=norm_layer,
                downsample=PatchMerging2D if i < self.num_layers - 1 else None, block=SS_Conv_SSM))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(self.num_features, num_classes) if num_classes > 0 else nn.Identity()
        for m in self.modules():  # upstream: kaiming_normal_ for every Conv2d
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward_backbone(self, x):
        x = self.pos_drop(self.patch_embed(x))
        for layer in self.layers:
            x = layer(x)
        return x

    def forward(self, x):
        x = self.forward_backbone(x).permute(0, 3, 1, 2)
        x = torch.flatten(self.avgpool(x), start_dim=1)
        return self.head(x)


VSSM = MedMamba  # published name
