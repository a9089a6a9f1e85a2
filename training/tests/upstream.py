"""Loads the PUBLISHED model sources (read at run time from local git mirrors, never copied here) with tiny
stand-ins for their CUDA / einops / timm / basicsr imports, so our modules can be checked against them.

Mirrors are looked up under $MAMBAJ_UPSTREAM (default /work/.mirror) as owner+name/repo bare git dirs;
``available()`` is False when they are missing and the tests skip.
"""
import ast
import math
import os
import re
import subprocess
import sys
import types

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.environ.get("MAMBAJ_UPSTREAM", "/work/.mirror")
FILES = {
    "scan": ("state-spaces+mamba", "mamba_ssm/ops/selective_scan_interface.py"),
    "mamba": ("state-spaces+mamba", "mamba_ssm/modules/mamba_simple.py"),
    "vmamba": ("JCruan519+VM-UNet", "models/vmunet/vmamba.py"),
    "vmunet": ("JCruan519+VM-UNet", "models/vmunet/vmunet.py"),
    "medmamba": ("YubiaoYue+MedMamba", "MedMamba.py"),
    "mambair": ("csguoh+MambaIR", "basicsr/archs/mambair_arch.py"),
    "umamba_bot": ("bowang-lab+U-Mamba", "umamba/nnunetv2/nets/UMambaBot_2d.py"),
    "umamba_enc": ("bowang-lab+U-Mamba", "umamba/nnunetv2/nets/UMambaEnc_2d.py"),
    "ultralight": ("wurenkai+UltraLight-VM-UNet", "models/UltraLight_VM_UNet.py"),
    "lightmunet": ("MrBlankness+LightM-UNet", "lightm-unet/nnunetv2/nets/LightMUNet.py"),
    "mambaunet_sys": ("ziyangwang007+Mamba-UNet", "code/networks/mamba_sys.py"),
    "mambaunet": ("ziyangwang007+Mamba-UNet", "code/networks/vision_mamba.py"),
    "dna_helper": ("MIC-DKFZ+dynamic-network-architectures", "dynamic_network_architectures/building_blocks/helper.py"),
    "dna_regularization": ("MIC-DKFZ+dynamic-network-architectures",
                           "dynamic_network_architectures/building_blocks/regularization.py"),
    "dna_simple_conv_blocks": ("MIC-DKFZ+dynamic-network-architectures",
                               "dynamic_network_architectures/building_blocks/simple_conv_blocks.py"),
    "dna_residual": ("MIC-DKFZ+dynamic-network-architectures",
                     "dynamic_network_architectures/building_blocks/residual.py"),
    "swinumamba": ("JiarunLiu+Swin-UMamba", "swin_umamba/nnunetv2/nets/SwinUMamba.py"),
    "swinumamba_d": ("JiarunLiu+Swin-UMamba", "swin_umamba/nnunetv2/nets/SwinUMambaD.py"),
    "monai_dynunet_block": ("Project-MONAI+MONAI", "monai/networks/blocks/dynunet_block.py"),
    "monai_unetr_block": ("Project-MONAI+MONAI", "monai/networks/blocks/unetr_block.py"),
}
# the newer checks need only these; a test skips by itself when its sources are missing
GROUPS = {"ultralight": ["mamba", "scan", "ultralight"], "lightmunet": ["mamba", "scan", "lightmunet"],
          "mambaunet": ["scan", "mambaunet_sys", "mambaunet"], "mambair": ["scan", "mambair"], "umamba": ["mamba", "scan", "umamba_bot", "umamba_enc", "dna_helper", "dna_regularization",
                     "dna_simple_conv_blocks", "dna_residual"],
          "swinumamba": ["scan", "swinumamba", "swinumamba_d", "monai_dynunet_block", "monai_unetr_block"]}


def _source(key):
    repo, path = FILES[key]
    gitdir = os.path.join(ROOT, repo, "repo")
    return subprocess.run(["git", "--git-dir", gitdir, "show", "HEAD:" + path], check=True,
                          capture_output=True, text=True).stdout


def available(group=None):
    try:
        for k in (GROUPS[group] if group else [k for k in FILES if not any(k in g for g in GROUPS.values())]):
            _source(k)
        return True
    except Exception:
        return False


# ---- minimal einops (only what the published files use: reshape/permute/new axes) ----
def _parse(side):
    groups, cur, depth = [], None, 0
    for tok in re.findall(r"\(|\)|\.\.\.|\w+", side):
        if tok == "(":
            cur = []
        elif tok == ")":
            groups.append(cur)
            cur = None
        elif cur is not None:
            cur.append(tok)
        else:
            groups.append([tok])
    return groups


def _einops(x, pattern, sizes, allow_new):
    left, right = [_parse(s) for s in pattern.split("->")]
    if ["..."] in left:
        n_ell = x.dim() - (len(left) - 1)
        ell = ["_e%d" % i for i in range(n_ell)]
        left = sum(([[e] for e in ell] if g == ["..."] else [g] for g in left), [])
        right = sum(([[e] for e in ell] if g == ["..."] else [g] for g in right), [])
    size = dict(sizes)
    for g, n in zip(left, x.shape):
        unknown = [a for a in g if a not in size]
        known = math.prod(size[a] for a in g if a in size)
        if unknown:
            size[unknown[0]] = n // known
    lnames = [a for g in left for a in g]
    x = x.reshape([size[a] for a in lnames])
    rnames = [a for g in right for a in g]
    x = x.permute([lnames.index(a) for a in rnames if a in lnames])
    for i, a in enumerate(rnames):
        if a not in lnames:
            assert allow_new or a == "1", pattern
            x = x.unsqueeze(i)
    x = x.expand([1 if a == "1" else size[a] for a in rnames])
    return x.reshape([math.prod(1 if a == "1" else size[a] for a in g) for g in right])


def rearrange(x, pattern, **sizes):
    return _einops(x, pattern, sizes, allow_new=False)


def repeat(x, pattern, **sizes):
    return _einops(x, pattern, sizes, allow_new=True)


class _DropPath(nn.Module):
    def __init__(self, p=0.0):
        super().__init__()

    def forward(self, x):
        return x


def _stub(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m
    return m


_LOADED = {}


def upstream_selective_scan_ref():
    """Upstream's selective_scan_ref, extracted by itself from selective_scan_interface.py."""
    if "ref" not in _LOADED:
        tree = ast.parse(_source("scan"))
        fn = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "selective_scan_ref"][0]
        ns = {"torch": torch, "F": F, "rearrange": rearrange, "repeat": repeat}
        exec(compile(ast.Module(body=[fn], type_ignores=[]), "selective_scan_ref", "exec"), ns)
        _LOADED["ref"] = ns["selective_scan_ref"]
    return _LOADED["ref"]


def _install_stubs():
    ref = upstream_selective_scan_ref()
    _stub("einops", rearrange=rearrange, repeat=repeat)
    _stub("timm")
    _stub("timm.models")
    _stub("timm.models.layers", DropPath=_DropPath, to_2tuple=lambda v: v if isinstance(v, tuple) else (v, v),
          trunc_normal_=lambda t, std=1.0, **k: nn.init.trunc_normal_(t, std=std))
    _stub("mamba_ssm")
    _stub("mamba_ssm.ops")
    _stub("mamba_ssm.ops.selective_scan_interface", selective_scan_fn=ref, selective_scan_ref=ref,
          mamba_inner_fn=None)
    reg = types.SimpleNamespace(register=lambda *a, **k: (lambda cls: cls))
    _stub("basicsr")
    _stub("basicsr.utils")
    _stub("basicsr.utils.registry", ARCH_REGISTRY=reg)


def load(key):
    """Execute one published file as a module and return it."""
    if key in _LOADED:
        return _LOADED[key]
    _install_stubs()
    src = _source(key)
    if key == "medmamba":  # the file ends with a demo that moves models to CUDA
        src = src[:src.index("medmamba_t = VSSM(")]
    if key == "vmunet":
        src = src.replace("from .vmamba import VSSM", "from upstream_vmamba import VSSM")
        load("vmamba")
    if key.startswith("umamba") or key in ("ultralight", "lightmunet"):
        _install_umamba_stubs()
    if key == "lightmunet":
        _install_monai_stubs()
    if key == "mambaunet_sys":
        _stub("fvcore")
        _stub("fvcore.nn", FlopCountAnalysis=None, flop_count_str=None, flop_count=None, parameter_count=None)
    if key == "mambaunet":
        src = src.replace("from .mamba_sys import VSSM", "from upstream_mambaunet_sys import VSSM")
        load("mambaunet_sys")
    if key.startswith("swinumamba"):
        _install_swinumamba_stubs()
    mod = types.ModuleType("upstream_" + key)
    sys.modules["upstream_" + key] = mod
    exec(compile(src, "upstream_" + key, "exec"), mod.__dict__)
    _LOADED[key] = mod
    return mod


def _install_umamba_stubs():
    """dynamic_network_architectures' building blocks as published (from their mirror), a mamba_ssm whose Mamba
    takes the slow path with upstream's selective_scan_ref, and empty stand-ins for the nnU-Net imports."""
    _stub("dynamic_network_architectures")
    _stub("dynamic_network_architectures.building_blocks")
    for part in ("helper", "regularization", "simple_conv_blocks", "residual"):
        name = "dynamic_network_architectures.building_blocks." + part
        if name not in sys.modules:
            mod = _stub(name)
            exec(compile(_source("dna_" + part), name, "exec"), mod.__dict__)
    mamba_cls = load("mamba").Mamba

    class SlowMamba(mamba_cls):
        def __init__(self, *a, **k):
            super().__init__(*a, use_fast_path=False, **k)

    sys.modules["mamba_ssm"].Mamba = SlowMamba
    _stub("dynamic_network_architectures.initialization")
    _stub("dynamic_network_architectures.initialization.weight_init", init_last_bn_before_add_to_0=None)
    _stub("nnunetv2")
    _stub("nnunetv2.utilities")
    _stub("nnunetv2.utilities.plans_handling")
    _stub("nnunetv2.utilities.plans_handling.plans_handler", ConfigurationManager=object, PlansManager=object)
    _stub("nnunetv2.utilities.network_initialization", InitWeights_He=object)


def _install_monai_stubs():
    """The few MONAI pieces LightMUNet.py imports, as MONAI defines them (monai/networks/blocks/convolutions.py,
    segresnet_block.py, upsample.py, layers/utils.py; MONAI itself is not installable here): Convolution with
    conv_only=True is a Sequential holding 'conv' with "same" padding; get_conv_layer is one without bias;
    get_upsample_layer ("nontrainable") is a Sequential holding 'upsample_non_trainable', a 2x bilinear nn.Upsample
    with align_corners False; norm ("GROUP", {"num_groups": n}) is nn.GroupNorm(n, C); act "RELU" is nn.ReLU."""
    import enum

    class Convolution(nn.Sequential):
        def __init__(self, spatial_dims, in_channels, out_channels, strides=1, kernel_size=3, bias=True,
                     conv_only=False, groups=1, **kw):
            super().__init__()
            assert spatial_dims == 2 and conv_only and not kw, "stand-in covers what LightMUNet.py uses"
            self.add_module("conv", nn.Conv2d(in_channels, out_channels, kernel_size, stride=strides,
                                              padding=(kernel_size - 1) // 2, groups=groups, bias=bias))

    class UpsampleMode(str, enum.Enum):
        DECONV = "deconv"
        NONTRAINABLE = "nontrainable"
        PIXELSHUFFLE = "pixelshuffle"

    def get_conv_layer(spatial_dims, in_channels, out_channels, kernel_size=3, stride=1, bias=False):
        return Convolution(spatial_dims, in_channels, out_channels, strides=stride, kernel_size=kernel_size,
                           bias=bias, conv_only=True)

    def get_upsample_layer(spatial_dims, in_channels, upsample_mode="nontrainable", scale_factor=2):
        assert UpsampleMode(upsample_mode) == UpsampleMode.NONTRAINABLE
        up = nn.Sequential()
        up.add_module("upsample_non_trainable", nn.Upsample(scale_factor=scale_factor, mode="bilinear",
                                                            align_corners=False))
        return up

    def get_norm_layer(name, spatial_dims=1, channels=1):
        kind, args = name if isinstance(name, tuple) else (name, {})
        assert kind.upper() == "GROUP"
        return nn.GroupNorm(num_channels=channels, **args)

    def get_act_layer(name):
        kind, args = name if isinstance(name, tuple) else (name, {})
        assert kind.upper() == "RELU"
        return nn.ReLU(**args)

    for name in ("monai", "monai.networks", "monai.networks.blocks", "monai.networks.layers"):
        _stub(name)
    _stub("monai.networks.blocks.convolutions", Convolution=Convolution)
    _stub("monai.networks.blocks.segresnet_block", ResBlock=object, get_conv_layer=get_conv_layer,
          get_upsample_layer=get_upsample_layer)
    _stub("monai.networks.layers.factories", Dropout=None)
    _stub("monai.networks.layers.utils", get_act_layer=get_act_layer, get_norm_layer=get_norm_layer)
    _stub("monai.utils", UpsampleMode=UpsampleMode)


class _MonaiConvolution(nn.Sequential):
    """Stand-in for monai.networks.blocks.Convolution as the UNETR blocks call it (conv_only, or no act, norm or
    dropout): the conv layer alone, registered as ``conv`` like MONAI's, with the padding the caller computed."""

    def __init__(self, spatial_dims, in_channels, out_channels, strides=1, kernel_size=3, act=None, norm=None,
                 dropout=None, bias=True, conv_only=False, is_transposed=False, padding=None, output_padding=None,
                 **kw):
        super().__init__()
        # conv_only: MONAI adds no act/norm/dropout whatever they say
        assert spatial_dims == 2 and not kw and (conv_only or (act is None and norm is None and dropout is None))
        padding = (kernel_size - 1) // 2 if padding is None else padding
        if is_transposed:
            conv = nn.ConvTranspose2d(in_channels, out_channels, kernel_size, strides, padding, output_padding,
                                      bias=bias)
        else:
            conv = nn.Conv2d(in_channels, out_channels, kernel_size, strides, padding, bias=bias)
        self.add_module("conv", conv)


def _monai_norm(name, spatial_dims=1, channels=1):
    # MONAI's Norm["instance", 2] is torch.nn.InstanceNorm2d with its defaults (eps 1e-5, no affine, no stats)
    assert name == "instance" and spatial_dims == 2, name
    return nn.InstanceNorm2d(channels)


def _monai_act(name):
    kind, args = name if isinstance(name, tuple) else (name, {})
    assert kind == "leakyrelu", name
    return nn.LeakyReLU(**args)


def _install_swinumamba_stubs():
    """MONAI's published dynunet_block.py / unetr_block.py (from their mirror) over stand-ins for the factories
    they import, and empty stand-ins for the nnU-Net imports of the Swin-UMamba files."""
    def stub_once(name, **attrs):
        return sys.modules[name] if name in sys.modules else _stub(name, **attrs)

    for name in ("monai", "monai.networks", "monai.networks.blocks", "monai.networks.layers"):
        stub_once(name)
    # the factories are replaced every time: LightM-UNet's check installs other MONAI stand-ins under these names
    _stub("monai.networks.blocks.convolutions", Convolution=_MonaiConvolution)
    _stub("monai.networks.layers.factories", Act=types.SimpleNamespace(PRELU="prelu"),
              Norm=types.SimpleNamespace(INSTANCE="instance"))
    _stub("monai.networks.layers.utils", get_act_layer=_monai_act, get_norm_layer=_monai_norm)
    for key, name in (("monai_dynunet_block", "monai.networks.blocks.dynunet_block"),
                      ("monai_unetr_block", "monai.networks.blocks.unetr_block")):
        mod = _stub(name)
        exec(compile(_source(key), name, "exec"), mod.__dict__)
    for name in ("nnunetv2", "nnunetv2.utilities", "nnunetv2.utilities.plans_handling",
                 "dynamic_network_architectures", "dynamic_network_architectures.initialization"):
        stub_once(name)
    stub_once("nnunetv2.utilities.plans_handling.plans_handler", ConfigurationManager=object, PlansManager=object)
    stub_once("nnunetv2.utilities.network_initialization", InitWeights_He=object)
    stub_once("dynamic_network_architectures.initialization.weight_init", init_last_bn_before_add_to_0=None)
