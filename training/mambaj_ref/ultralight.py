"""UltraLight VM-UNet (wurenkai/UltraLight-VM-UNet models/UltraLight_VM_UNet.py), written from the published
forward with the published attribute names: encoder1..3 (3x3 convs), encoder4..6 and decoder1..3 (PVM layers: one
Mamba shared by four channel chunks, skip_scale, LayerNorm before and after, a Linear projection), decoder4..5
(3x3 convs), GroupNorm(4) ebn1..5 / dbn1..5, the spatial-channel attention bridge scab (satt.shared_conv2d: 7x7
dilation 3; catt: avgpool, Conv1d(1,1,3) over the concatenated channel means, Linear att1..5), final 1x1 conv, bilinear
(align_corners) upsampling, sigmoid output. Keys: e.g. encoder4.0.mamba.in_proj.weight, scab.catt.att1.weight."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .mamba import Mamba


class PVMLayer(nn.Module):
    def __init__(self, input_dim, output_dim, d_state=16, d_conv=4, expand=2):
        super().__init__()
        self.input_dim, self.output_dim = input_dim, output_dim
        self.norm = nn.LayerNorm(input_dim)
        self.mamba = Mamba(d_model=input_dim // 4, d_state=d_state, d_conv=d_conv, expand=expand)
        self.proj = nn.Linear(input_dim, output_dim)
        self.skip_scale = nn.Parameter(torch.ones(1))

    def forward(self, x):
        B, C = x.shape[:2]
        dims = x.shape[2:]
        t = self.norm(x.reshape(B, C, -1).transpose(-1, -2))
        parts = [self.mamba(p) + self.skip_scale * p for p in torch.chunk(t, 4, dim=2)]
        t = self.proj(self.norm(torch.cat(parts, dim=2)))
        return t.transpose(-1, -2).reshape(B, self.output_dim, *dims)


class Channel_Att_Bridge(nn.Module):
    def __init__(self, c_list, split_att="fc"):
        super().__init__()
        if split_att != "fc":
            raise NotImplementedError("split_att 'fc' (the published default) only")
        total = sum(c_list) - c_list[-1]
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.get_all_att = nn.Conv1d(1, 1, kernel_size=3, padding=1, bias=False)
        for i in range(5):
            setattr(self, f"att{i + 1}", nn.Linear(total, c_list[i]))
        self.sigmoid = nn.Sigmoid()

    def forward(self, *ts):
        att = torch.cat([self.avgpool(t) for t in ts], dim=1)          # B, sum C, 1, 1
        att = self.get_all_att(att.squeeze(-1).transpose(-1, -2))      # B, 1, sum C
        return [self.sigmoid(getattr(self, f"att{i + 1}")(att)).transpose(-1, -2).unsqueeze(-1).expand_as(t)
                for i, t in enumerate(ts)]


class Spatial_Att_Bridge(nn.Module):
    def __init__(self):
        super().__init__()
        self.shared_conv2d = nn.Sequential(nn.Conv2d(2, 1, 7, stride=1, padding=9, dilation=3), nn.Sigmoid())

    def forward(self, *ts):
        return [self.shared_conv2d(torch.cat([t.mean(1, keepdim=True), t.max(1, keepdim=True)[0]], 1)) for t in ts]


class SC_Att_Bridge(nn.Module):
    def __init__(self, c_list, split_att="fc"):
        super().__init__()
        self.catt = Channel_Att_Bridge(c_list, split_att)
        self.satt = Spatial_Att_Bridge()

    def forward(self, *ts):
        s = [a * t for a, t in zip(self.satt(*ts), ts)]
        summed = [a + t for a, t in zip(s, ts)]
        c = [a * t for a, t in zip(self.catt(*summed), summed)]
        return [a + b for a, b in zip(c, s)]


class UltraLight_VM_UNet(nn.Module):
    def __init__(self, num_classes=1, input_channels=3, c_list=(8, 16, 24, 32, 48, 64), split_att="fc", bridge=True):
        super().__init__()
        c = list(c_list)
        self.bridge = bridge
        self.encoder1 = nn.Sequential(nn.Conv2d(input_channels, c[0], 3, stride=1, padding=1))
        self.encoder2 = nn.Sequential(nn.Conv2d(c[0], c[1], 3, stride=1, padding=1))
        self.encoder3 = nn.Sequential(nn.Conv2d(c[1], c[2], 3, stride=1, padding=1))
        self.encoder4 = nn.Sequential(PVMLayer(c[2], c[3]))
        self.encoder5 = nn.Sequential(PVMLayer(c[3], c[4]))
        self.encoder6 = nn.Sequential(PVMLayer(c[4], c[5]))
        if bridge:
            self.scab = SC_Att_Bridge(c, split_att)
        self.decoder1 = nn.Sequential(PVMLayer(c[5], c[4]))
        self.decoder2 = nn.Sequential(PVMLayer(c[4], c[3]))
        self.decoder3 = nn.Sequential(PVMLayer(c[3], c[2]))
        self.decoder4 = nn.Sequential(nn.Conv2d(c[2], c[1], 3, stride=1, padding=1))
        self.decoder5 = nn.Sequential(nn.Conv2d(c[1], c[0], 3, stride=1, padding=1))
        for i in range(5):
            setattr(self, f"ebn{i + 1}", nn.GroupNorm(4, c[i]))
        for i, ch in enumerate((c[4], c[3], c[2], c[1], c[0])):
            setattr(self, f"dbn{i + 1}", nn.GroupNorm(4, ch))
        self.final = nn.Conv2d(c[0], num_classes, kernel_size=1)

    def forward(self, x):
        return torch.sigmoid(self.logits(x))

    def logits(self, x):
        """The output before the published final sigmoid (training takes its loss on logits)."""
        def up(t):
            return F.interpolate(t, scale_factor=(2, 2), mode="bilinear", align_corners=True)

        skips, out = [], x
        for i in range(5):
            enc, bn = getattr(self, f"encoder{i + 1}"), getattr(self, f"ebn{i + 1}")
            out = F.gelu(F.max_pool2d(bn(enc(out)), 2, 2))
            skips.append(out)
        if self.bridge:
            skips = list(self.scab(*skips))
        out = F.gelu(self.encoder6(out))
        out = F.gelu(self.dbn1(self.decoder1(out))) + skips[4]
        out = F.gelu(up(self.dbn2(self.decoder2(out)))) + skips[3]
        out = F.gelu(up(self.dbn3(self.decoder3(out)))) + skips[2]
        out = F.gelu(up(self.dbn4(self.decoder4(out)))) + skips[1]
        out = F.gelu(up(self.dbn5(self.decoder5(out)))) + skips[0]
        return up(self.final(out))
