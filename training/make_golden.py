"""Writes the golden files the Java implementation is tested against.

    /usr/bin/python3 training/make_golden.py                 # all small cases -> src/test/resources/golden/
    /usr/bin/python3 training/make_golden.py scan ops        # only cases whose name starts with these
    /usr/bin/python3 training/make_golden.py --large [--large-outputs]   # published default configs ->
                                                             # training/golden-large/ (git-ignored, minutes)

Each model case directory holds weights.safetensors (the state_dict, in state_dict order), input.npy,
output.npy (float32, C order) and config.json {"architecture", "config", "input_layout", "output_layout",
"checks"}. The outputs come from the sequential reference scan in fp32; "checks" records how far that fp32
output is from the same model run in float64 (a floor for the tolerance of a Java fp32 comparison).
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from mambaj_ref import from_config, scan  # noqa: E402
from mambaj_ref.medmamba import PRESETS, channel_shuffle  # noqa: E402
from mambaj_ref.randomize import randomize_  # noqa: E402
from mambaj_ref.safetensors_io import save_file  # noqa: E402

GOLDEN = os.path.join(HERE, "..", "src", "test", "resources", "golden")
LARGE = os.path.join(HERE, "golden-large")


def to_np(t):
    return np.array(t.detach().cpu().numpy(), order="C")  # keeps 0-d shapes (num_batches_tracked is [])


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


# ----------------------------------------------------------------------------------------- scan cases
def scan_case(root, name, batch, dim, L, N, groups, seed):
    g = torch.Generator().manual_seed(seed)
    u = torch.randn(batch, dim, L, generator=g)
    delta = torch.randn(batch, dim, L, generator=g) * 0.5
    A = -torch.exp(torch.log(torch.arange(1, N + 1.0)).repeat(dim, 1) + torch.rand(dim, N, generator=g) - 0.5)
    shape = (batch, N, L) if groups == 0 else (batch, groups, N, L)
    B = torch.randn(*shape, generator=g)
    C = torch.randn(*shape, generator=g)
    D = torch.rand(dim, generator=g) + 0.5
    z = torch.randn(batch, dim, L, generator=g)
    delta_bias = torch.randn(dim, generator=g) * 0.5 - 1.5
    y = scan.selective_scan_ref(u, delta, A, B, C, D, z=z, delta_bias=delta_bias, delta_softplus=True)
    delta_sp = F.softplus(delta + delta_bias[:, None])
    y_plain = scan.selective_scan_ref(u, delta_sp, A, B, C)  # no D, no z, no bias, no softplus
    y64 = scan.selective_scan_ref(u.double(), delta.double(), A.double(), B.double(), C.double(), D.double(),
                                  z=z.double(), delta_bias=delta_bias.double(), delta_softplus=True)
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    tensors = dict(u=u, delta=delta, A=A, B=B, C=C, D=D, z=z, delta_bias=delta_bias, y=y,
                   delta_softplus_in=delta_sp, y_plain=y_plain)
    save_file({k: to_np(v) for k, v in tensors.items()}, os.path.join(d, "tensors.safetensors"),
              metadata={"y": "selective_scan(u, delta, A, B, C, D, z, delta_bias, delta_softplus=True)",
                        "y_plain": "selective_scan(u, delta_softplus_in, A, B, C) without D, z, bias, softplus",
                        "delta_softplus_in": "softplus(delta + delta_bias[:, None])"})
    write_json(os.path.join(d, "config.json"), {
        "architecture": "selective_scan",
        "config": {"batch": batch, "dim": dim, "length": L, "d_state": N, "groups": groups,
                   "delta_softplus": True},
        "input_layout": "BDL",
        "notes": "B, C are (batch, N, L) when groups == 0, else (batch, G, N, L); channel d uses group d // (dim/G)",
        "checks": {"y_max_abs": float(y.abs().max()), "fp64_max_abs_diff": float((y.double() - y64).abs().max())},
    })
    print("wrote", name)


# ------------------------------------------------------------------------------------------ op cases
def ops_case(root):
    g = torch.Generator().manual_seed(7)

    def rn(*s, scale=1.0):
        return torch.randn(*s, generator=g) * scale

    T, cases = {}, {}

    def add(name, spec, **ts):
        cases[name] = spec
        for k, v in ts.items():
            T[f"{name}.{k}"] = to_np(v)

    x = rn(2, 3, 7, 6); w = rn(5, 3, 3, 3, scale=0.3); b = rn(5)
    add("conv2d_3x3", {"op": "conv2d", "stride": 1, "padding": 1, "groups": 1, "dilation": 1, "layout": "NCHW",
                       "weight": "OIHW"}, x=x, w=w, b=b, y=F.conv2d(x, w, b, stride=1, padding=1))
    x = rn(1, 4, 8, 6); w = rn(6, 4, 2, 2, scale=0.3); b = rn(6)
    add("conv2d_k2s2", {"op": "conv2d", "stride": 2, "padding": 0, "groups": 1, "dilation": 1, "layout": "NCHW",
                        "weight": "OIHW"}, x=x, w=w, b=b, y=F.conv2d(x, w, b, stride=2))
    x = rn(1, 4, 9, 7); w = rn(5, 3, 4, 4, scale=0.3); b = rn(5)
    add("conv2d_k4s4", {"op": "conv2d", "stride": 4, "padding": 0, "groups": 1, "dilation": 1, "layout": "NCHW",
                        "weight": "OIHW", "note": "patch embed: input not a multiple of 4 (floor)"},
        x=x[:, :3], w=w, b=b, y=F.conv2d(x[:, :3], w, b, stride=4))
    x = rn(2, 4, 6, 5); w = rn(6, 2, 3, 3, scale=0.3); b = rn(6)
    add("conv2d_grouped", {"op": "conv2d", "stride": 1, "padding": 1, "groups": 2, "dilation": 1, "layout": "NCHW",
                           "weight": "OIHW"}, x=x, w=w, b=b, y=F.conv2d(x, w, b, padding=1, groups=2))
    x = rn(2, 6, 7, 5); w = rn(6, 1, 3, 3, scale=0.5); b = rn(6)
    add("conv2d_depthwise", {"op": "conv2d", "stride": 1, "padding": 1, "groups": 6, "dilation": 1,
                             "layout": "NCHW", "weight": "OIHW"}, x=x, w=w, b=b,
        y=F.conv2d(x, w, b, padding=1, groups=6))
    x = rn(2, 5, 11); w = rn(5, 1, 4, scale=0.5); b = rn(5)
    add("conv1d_causal_depthwise", {"op": "conv1d_causal", "kernel": 4, "groups": 5, "padding": 3,
                                    "layout": "NCL", "weight": "O1K",
                                    "note": "y = conv1d(x, padding=3)[..., :L] (Mamba conv1d)"},
        x=x, w=w, b=b, y=F.conv1d(x, w, b, padding=3, groups=5)[..., :11])
    x = rn(1, 4, 3, 5); w = rn(4, 3, 2, 2, scale=0.5); b = rn(3)
    add("conv_transpose2d_k2s2", {"op": "conv_transpose2d", "stride": 2, "padding": 0, "layout": "NCHW",
                                  "weight": "IOHW (PyTorch ConvTranspose2d: in, out, kh, kw)"},
        x=x, w=w, b=b, y=F.conv_transpose2d(x, w, b, stride=2))
    x = rn(1, 8, 3, 5)
    add("pixel_shuffle2", {"op": "pixel_shuffle", "upscale": 2, "layout": "NCHW"}, x=x, y=F.pixel_shuffle(x, 2))
    for eps, tag in ((1e-5, "eps1e-5"), (1e-6, "eps1e-6")):
        x = rn(2, 3, 10, scale=2.0) + 1.0; w = 1 + rn(10, scale=0.2); b = rn(10, scale=0.1)
        add(f"layer_norm_{tag}", {"op": "layer_norm", "eps": eps, "axis": -1}, x=x, w=w, b=b,
            y=F.layer_norm(x, (10,), w, b, eps))
    x = rn(2, 3, 4, 5) + 0.5; w = 1 + rn(3, scale=0.2); b = rn(3, scale=0.1)
    add("instance_norm", {"op": "instance_norm", "eps": 1e-5, "affine": True, "layout": "NCHW"}, x=x, w=w, b=b,
        y=F.instance_norm(x, weight=w, bias=b, eps=1e-5))
    x = rn(2, 3, 4, 5); w = 1 + rn(3, scale=0.2); b = rn(3, scale=0.1); m = rn(3, scale=0.3)
    v = torch.rand(3, generator=g) + 0.5
    add("batch_norm_eval", {"op": "batch_norm", "eps": 1e-5, "training": False, "layout": "NCHW",
                            "tensors": "w, b, mean (running_mean), var (running_var)"},
        x=x, w=w, b=b, mean=m, var=v, y=F.batch_norm(x, m, v, w, b, training=False, eps=1e-5))
    x = rn(2, 3, 8); w = 1 + rn(8, scale=0.2)
    add("rms_norm", {"op": "rms_norm", "eps": 1e-5, "axis": -1, "formula": "x * rsqrt(mean(x^2) + eps) * w"},
        x=x, w=w, y=x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * w)
    x = torch.cat([rn(40, scale=3.0), torch.tensor([-30.0, -20.5, -20.0, -19.5, 0.0, 19.5, 20.0, 20.5, 30.0, 80.0])])
    add("gelu", {"op": "gelu", "approximate": "none (erf)"}, x=x, y=F.gelu(x))
    add("silu", {"op": "silu"}, x=x, y=F.silu(x))
    add("relu", {"op": "relu"}, x=x, y=F.relu(x))
    add("sigmoid", {"op": "sigmoid"}, x=x, y=torch.sigmoid(x))
    add("softplus", {"op": "softplus", "beta": 1, "threshold": 20,
                     "note": "x > 20 returns x; includes values beyond +-20"}, x=x, y=F.softplus(x))
    x = rn(3, 7, scale=3.0)
    add("softmax", {"op": "softmax", "axis": -1}, x=x, y=F.softmax(x, dim=-1))
    x = rn(2, 3, 6, 7)
    add("max_pool2d_2x2", {"op": "max_pool2d", "kernel": 2, "stride": 2, "layout": "NCHW",
                           "note": "odd width: last column dropped"}, x=x, y=F.max_pool2d(x, 2))
    add("avg_pool2d_2x2", {"op": "avg_pool2d", "kernel": 2, "stride": 2, "layout": "NCHW"}, x=x,
        y=F.avg_pool2d(x, 2))
    add("adaptive_avg_pool2d_1", {"op": "adaptive_avg_pool2d", "output_size": 1, "layout": "NCHW"}, x=x,
        y=F.adaptive_avg_pool2d(x, 1))
    x = rn(2, 3, 4, 6)
    add("channel_shuffle_bhwc_g2", {"op": "channel_shuffle", "groups": 2, "layout": "BHWC",
                                    "note": "MedMamba: view (..., g, C/g), transpose last two, flatten"},
        x=x, y=channel_shuffle(x, 2))
    d = os.path.join(root, "ops")
    os.makedirs(d, exist_ok=True)
    save_file(T, os.path.join(d, "ops.safetensors"))
    write_json(os.path.join(d, "cases.json"), cases)
    print("wrote ops:", len(cases), "cases")


def ops_arch_case(root):
    """The ops the nnU-Net / U-Mamba / UltraLight / MambaIR-SR architectures add (golden/ops-arch)."""
    g = torch.Generator().manual_seed(8)

    def rn(*s, scale=1.0):
        return torch.randn(*s, generator=g) * scale

    T, cases = {}, {}

    def add(name, spec, **ts):
        cases[name] = spec
        for k, v in ts.items():
            T[f"{name}.{k}"] = to_np(v)

    x = torch.cat([rn(40, scale=3.0), torch.tensor([-1e-3, 0.0, 1e-3])])
    add("leaky_relu", {"op": "leaky_relu", "negative_slope": 0.01}, x=x, y=F.leaky_relu(x, 0.01))
    x = rn(2, 3, 5, 4) * 2 + 1
    add("instance_norm_plain", {"op": "instance_norm", "eps": 1e-5, "affine": False, "layout": "NCHW"}, x=x,
        y=F.instance_norm(x, eps=1e-5))
    x = rn(1, 3, 7, 6); w = rn(4, 3, 1, 3, scale=0.4); b = rn(4)
    add("conv2d_axes", {"op": "conv2d", "stride": [2, 1], "padding": [0, 1], "groups": 1, "layout": "NCHW",
                        "weight": "OIHW"}, x=x, w=w, b=b, y=F.conv2d(x, w, b, stride=(2, 1), padding=(0, 1)))
    x = rn(2, 4, 6, 7); w = rn(4, 1, 3, 3, scale=0.4); b = rn(4)
    add("conv2d_axes_depthwise", {"op": "conv2d", "stride": [1, 2], "padding": [1, 0], "groups": 4, "layout": "NCHW",
                                  "weight": "OIHW"}, x=x, w=w, b=b,
        y=F.conv2d(x, w, b, stride=(1, 2), padding=(1, 0), groups=4))
    x = rn(2, 3, 4, 5)
    add("nearest_2x1", {"op": "interpolate", "mode": "nearest", "scale_factor": [2, 1], "layout": "NCHW"}, x=x,
        y=F.interpolate(x, scale_factor=[2, 1], mode="nearest"))
    add("nearest_3x2", {"op": "interpolate", "mode": "nearest", "scale_factor": [3, 2], "layout": "NCHW"}, x=x,
        y=F.interpolate(x, scale_factor=[3, 2], mode="nearest"))
    add("bilinear_align", {"op": "interpolate", "mode": "bilinear", "size": [11, 7], "align_corners": True,
                           "layout": "NCHW"}, x=x, y=F.interpolate(x, size=(11, 7), mode="bilinear", align_corners=True))
    add("bilinear_x2_align", {"op": "interpolate", "mode": "bilinear", "size": [8, 10], "align_corners": True,
                              "layout": "NCHW"}, x=x,
        y=F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=True))
    add("bilinear_noalign", {"op": "interpolate", "mode": "bilinear", "size": [10, 9], "align_corners": False,
                             "layout": "NCHW"}, x=x, y=F.interpolate(x, size=(10, 9), mode="bilinear",
                                                                    align_corners=False))
    x = rn(2, 8, 5, 3) + 0.5; w = 1 + rn(8, scale=0.2); b = rn(8, scale=0.1)
    add("group_norm_4", {"op": "group_norm", "groups": 4, "eps": 1e-5, "layout": "NCHW"}, x=x, w=w, b=b,
        y=F.group_norm(x, 4, w, b, 1e-5))
    x = rn(1, 2, 9, 11); w = rn(1, 2, 7, 7, scale=0.2); b = rn(1)
    add("conv2d_dilated", {"op": "conv2d", "dilation": 3, "padding": 9, "stride": 1, "layout": "NCHW",
                           "weight": "OIHW"}, x=x, w=w, b=b, y=F.conv2d(x, w, b, padding=9, dilation=3))
    d = os.path.join(root, "ops-arch")
    os.makedirs(d, exist_ok=True)
    save_file(T, os.path.join(d, "ops.safetensors"))
    write_json(os.path.join(d, "cases.json"), cases)
    print("wrote ops-arch:", len(cases), "cases")


# --------------------------------------------------------------------------------------- model cases
def model_case(root, name, arch, config, input_shape, layout, out_layout, seed, positive_input=False,
               with_output=True, check64=True, input_seed=None):
    t0 = time.time()
    torch.manual_seed(seed)
    model = from_config(arch, config)
    randomize_(model, seed=seed)
    model.eval()
    input_seed = seed + 1000 if input_seed is None else input_seed
    g = torch.Generator().manual_seed(input_seed)
    x = torch.rand(*input_shape, generator=g) if positive_input else torch.randn(*input_shape, generator=g)
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    sd = model.state_dict()
    save_file({k: to_np(v) for k, v in sd.items()}, os.path.join(d, "weights.safetensors"),
              metadata={"architecture": arch, "config": json.dumps(config)})
    np.save(os.path.join(d, "input.npy"), to_np(x).astype(np.float32))
    checks = {}
    if with_output:
        scan.use_chunked(False)
        with torch.no_grad():
            y = model(x)
        np.save(os.path.join(d, "output.npy"), to_np(y).astype(np.float32))
        checks = {"output_shape": list(y.shape), "output_max_abs": float(y.abs().max()),
                  "output_mean_abs": float(y.abs().mean())}
        if check64:
            m64 = from_config(arch, config).double()
            m64.load_state_dict(sd)
            m64.eval()
            with torch.no_grad():
                y64 = m64(x.double())
            err = (y.double() - y64).abs()
            checks.update(fp64_max_abs_diff=float(err.max()), fp64_mean_abs_diff=float(err.mean()))
    write_json(os.path.join(d, "config.json"), {
        "architecture": arch, "config": config, "input_layout": layout, "output_layout": out_layout,
        "input_shape": list(input_shape), "seed": seed, "input_seed": input_seed, "checks": checks})
    print(f"wrote {name}: {sum(v.numel() for v in sd.values())} weights, {time.time() - t0:.1f} s", flush=True)


SMALL_DEPTH4 = dict(depths=[1, 1, 1, 1], depths_decoder=[1, 1, 1, 1], dims=[8, 16, 32, 64], d_state=8)

MODEL_CASES = [
    # name, arch, config, input shape, input layout, output layout, seed, positive input[, extra kwargs]
    ("mamba-small", "mamba", dict(d_model=16, d_state=16, d_conv=4, expand=2), (2, 37, 16), "BLD", "BLD", 11, False),
    ("mambalayer-small", "mambalayer", dict(dim=16, d_state=8, d_conv=4, expand=2), (1, 16, 5, 7), "NCHW", "NCHW",
     12, False),
    ("ss2d-small", "ss2d", dict(d_model=8, d_state=16, d_conv=3, expand=2), (2, 7, 9, 8), "BHWC", "BHWC", 13, False),
    ("vmunet-small-c3", "vmunet", dict(input_channels=3, num_classes=1, **SMALL_DEPTH4), (2, 3, 64, 64),
     "NCHW", "NCHW", 21, True),
    # same weights as vmunet-small-c3 (git stores the identical file once); 1-channel input is repeated
    ("vmunet-small-c1", "vmunet", dict(input_channels=3, num_classes=1, **SMALL_DEPTH4), (1, 1, 32, 32),
     "NCHW", "NCHW", 21, True, dict(input_seed=22)),
    ("vmunet-small-multiclass", "vmunet", dict(input_channels=3, num_classes=3, **dict(SMALL_DEPTH4, dims=[16, 32, 64, 128])), (1, 3, 32, 64),
     "NCHW", "NCHW", 23, True),
    ("medmamba-small", "medmamba", dict(in_chans=3, num_classes=5, depths=[1, 1, 2, 1], dims=[8, 16, 32, 64],
                                        d_state=8), (2, 3, 64, 64), "NCHW", "NC", 31, True),
    ("medmamba-small-odd", "medmamba", dict(in_chans=1, num_classes=2, depths=[1, 1, 1, 1], dims=[8, 16, 32, 64],
                                            d_state=8), (1, 1, 45, 37), "NCHW", "NC", 32, True),
    ("mambair-small", "mambair", dict(in_chans=1, embed_dim=30, depths=[1, 1], d_state=8, mlp_ratio=2.0,
                                      img_range=255.0), (2, 1, 13, 11), "NCHW", "NCHW", 41, True),
    ("mambair-small-c3", "mambair", dict(in_chans=3, embed_dim=30, depths=[1, 1], d_state=8, mlp_ratio=1.2,
                                         img_range=1.0), (1, 3, 16, 16), "NCHW", "NCHW", 42, True),
]

MAMBAIR_SR = dict(embed_dim=30, depths=[1, 1], d_state=8, mlp_ratio=1.2)
MODEL_CASES += [
    # super-resolution: output upscale x the (odd) input; 'pixelshuffle' (classical: x2 stages or one x3 stage)
    # and 'pixelshuffledirect' (lightweight: one conv + PixelShuffle, light CAB)
    ("mambair-sr2-c3", "mambair", dict(in_chans=3, upsampler="pixelshuffle", upscale=2, img_range=1.0, **MAMBAIR_SR),
     (1, 3, 9, 7), "NCHW", "NCHW", 43, True),
    ("mambair-sr3-c1", "mambair", dict(in_chans=1, upsampler="pixelshuffle", upscale=3, img_range=255.0,
                                       **MAMBAIR_SR), (2, 1, 7, 5), "NCHW", "NCHW", 44, True),
    ("mambair-sr4-c1", "mambair", dict(in_chans=1, upsampler="pixelshuffle", upscale=4, img_range=1.0, **MAMBAIR_SR),
     (1, 1, 5, 6), "NCHW", "NCHW", 45, True),
    ("mambair-lightsr3-c1", "mambair", dict(in_chans=1, upsampler="pixelshuffledirect", upscale=3, img_range=1.0,
                                            **MAMBAIR_SR), (1, 1, 7, 5), "NCHW", "NCHW", 46, True),
    ("mambair-lightsr2-c3", "mambair", dict(in_chans=3, upsampler="pixelshuffledirect", upscale=2, img_range=1.0,
                                            **MAMBAIR_SR), (1, 3, 6, 9), "NCHW", "NCHW", 47, True),
]

UMAMBA_SMALL = dict(n_stages=4, features_per_stage=[8, 16, 24, 32], kernel_sizes=[[3, 3]] * 4,
                    strides=[[1, 1], [2, 2], [2, 2], [2, 1]], n_conv_per_stage=[2, 2, 2, 2],
                    n_conv_per_stage_decoder=[2, 2, 2])
MODEL_CASES += [
    # nnU-Net-style inputs (z-scored: negative values); bottleneck 3x5 / 3x3 pixels
    ("umamba-bot-small", "umamba_bot", dict(input_channels=1, num_classes=3, **UMAMBA_SMALL), (2, 1, 24, 20),
     "NCHW", "NCHW", 51, False),
    # 3 stages, per-axis kernels (1x3: padding 0x1) and strides as plain ints
    ("umamba-bot-c3", "umamba_bot", dict(input_channels=3, num_classes=2, n_stages=3, features_per_stage=[8, 16, 16],
                                         kernel_sizes=[[3, 3], [1, 3], [3, 3]], strides=[1, 2, 2],
                                         n_conv_per_stage=2, n_conv_per_stage_decoder=2), (1, 3, 12, 20),
     "NCHW", "NCHW", 52, False),
    # stage 1 scans 12x6 pixels (d_model 16), stage 3 scans 32 channels (d_model = 3x3 pixels)
    ("umamba-enc-small", "umamba_enc", dict(input_size=[24, 12], input_channels=3, num_classes=2, **UMAMBA_SMALL),
     (1, 3, 24, 12), "NCHW", "NCHW", 53, False),
]

MODEL_CASES += [
    # the published config (configs/config_setting.py); 1 class: sigmoid output
    ("ultralight-c3", "ultralight_vmunet", dict(num_classes=1, input_channels=3, c_list=[8, 16, 24, 32, 48, 64],
                                                split_att="fc", bridge=True), (2, 3, 64, 64), "NCHW", "NCHW", 61, True),
    ("ultralight-c1-wide", "ultralight_vmunet", dict(num_classes=2, input_channels=1, c_list=[8, 16, 24, 32, 48, 64],
                                                     split_att="fc", bridge=True), (1, 1, 32, 96), "NCHW", "NCHW", 62,
     True),
]

MODEL_CASES += [
    # LightM-UNet 2D, 1 channel, z-scored input, 24x40 (sizes must be multiples of 2^stages: the decoder adds 2x
    # upsampled maps to the encoder's). 16 filters: with 8, LayerNorms over 8 ReLU'd channels that are nearly all
    # zero amplify fp32 rounding (fp64 check 2e-4 relative), too close to the 1e-4 the Java side is held to.
    ("lightmunet-c1", "lightm_unet", dict(spatial_dims=2, init_filters=16, in_channels=1, out_channels=2,
                                          blocks_down=[1, 2, 2], blocks_up=[1, 1]), (2, 1, 24, 40),
     "NCHW", "NCHW", 71, False),
    # 3 channels, 3 classes, four stages, two up blocks in the first decoder step
    ("lightmunet-c3", "lightm_unet", dict(spatial_dims=2, init_filters=8, in_channels=3, out_channels=3,
                                          blocks_down=[1, 1, 1, 2], blocks_up=[2, 1, 1]), (1, 3, 16, 24),
     "NCHW", "NCHW", 72, False),
]

MODEL_CASES += [
    # Mamba-UNet (dims are an extra argument of the reference; upstream is fixed at 96..768): 3 channels, non-square;
    # 1 channel (the wrapper repeats it to 3), other depths and classes
    ("mambaunet-c3", "mamba_unet", dict(in_chans=3, num_classes=4, depths=[1, 2, 1, 1], dims=[16, 32, 64, 128],
                                        d_state=8), (2, 3, 64, 32), "NCHW", "NCHW", 81, True),
    ("mambaunet-c1", "mamba_unet", dict(in_chans=3, num_classes=2, depths=[2, 1, 1, 2], dims=[8, 16, 32, 64],
                                        d_state=16), (1, 1, 32, 96), "NCHW", "NCHW", 82, True),
]

SWIN_SMALL = dict(depths=[1, 2, 1, 1], d_state=8)
MODEL_CASES += [
    # Swin-UMamba: encoder dims = feat_size[1:]; c3: 4 -> 4 channels keeps encoder2's residual an identity
    ("swin-umamba-small-c1", "swin_umamba", dict(in_chans=1, out_chans=3, feat_size=[6, 4, 8, 16, 32], **SWIN_SMALL),
     (2, 1, 64, 32), "NCHW", "NCHW", 71, False),
    ("swin-umamba-small-c3", "swin_umamba", dict(in_chans=3, out_chans=2, feat_size=[4, 4, 8, 16, 32], **SWIN_SMALL),
     (1, 3, 32, 64), "NCHW", "NCHW", 72, False),
    # Swin-UMamba-dagger (VSS decoder, two VSS blocks per decoder stage as published)
    ("swin-umamba-d-small-c1", "swin_umamba_d", dict(in_chans=1, num_classes=3, patch_size=4, dims=[8, 16, 32, 64],
                                                     **SWIN_SMALL), (1, 1, 32, 64), "NCHW", "NCHW", 73, False),
    ("swin-umamba-d-small-c3", "swin_umamba_d", dict(in_chans=3, num_classes=2, patch_size=4, dims=[8, 16, 32, 64],
                                                     **SWIN_SMALL), (2, 3, 64, 32), "NCHW", "NCHW", 74, False),
]

LARGE_CASES = [
    # VM-UNet as trained by configs/config_setting.py (ISIC): depths [2,2,2,2], decoder [2,2,2,1]
    ("vmunet-default", "vmunet", dict(input_channels=3, num_classes=1, depths=[2, 2, 2, 2],
                                      depths_decoder=[2, 2, 2, 1], dims=[96, 192, 384, 768], d_state=16),
     (1, 3, 256, 256), "NCHW", "NCHW", 101, True),
    ("medmamba-t", "medmamba", dict(in_chans=3, num_classes=2, d_state=16, **PRESETS["T"]), (1, 3, 224, 224),
     "NCHW", "NC", 102, True),
    # options/test/mambair/test_MambaIR_ColorDN_level*.yml: embed 180, depths [6]*6, mlp_ratio 1.2
    # Swin-UMamba(-dagger) as get_swin_umamba(_d)_from_plans build them (everything but the channels is fixed)
    ("swin-umamba-default", "swin_umamba", dict(in_chans=1, out_chans=3), (1, 1, 64, 96), "NCHW", "NCHW", 104, False),
    ("swin-umamba-d-default", "swin_umamba_d", dict(in_chans=3, num_classes=2), (1, 3, 64, 96), "NCHW", "NCHW", 105,
     False),
    ("mambair-colordn", "mambair", dict(in_chans=3, embed_dim=180, depths=[6] * 6, d_state=16, mlp_ratio=1.2,
                                        img_range=1.0), (1, 3, 64, 64), "NCHW", "NCHW", 103, True),
]


def nnunet_checkpoint(root, case, trainer):
    """checkpoint_final.pth beside a golden case, as nnU-Net v2's trainer saves it: network_weights (a state dict
    whose duplicate keys share storage, as the published modules make them) among optimizer state and run info."""
    from mambaj_ref.safetensors_io import load_file
    d = os.path.join(root, case)
    cfg = json.load(open(os.path.join(d, "config.json")))
    model = from_config(cfg["architecture"], cfg["config"])
    model.load_state_dict({k: torch.from_numpy(v) for k, v in load_file(os.path.join(d, "weights.safetensors")).items()},
                          strict=True)
    params = list(model.parameters())
    torch.save({
        "network_weights": model.state_dict(),
        "optimizer_state": {"state": {0: {"momentum_buffer": torch.zeros_like(params[0])}},
                            "param_groups": [{"lr": 0.01, "momentum": 0.99, "nesterov": True, "params": [0]}]},
        "grad_scaler_state": None,
        "logging": {"mean_fg_dice": [0.1, 0.2], "epoch_end_timestamps": [1.0, 2.0]},
        "_best_ema": 0.2,
        "current_epoch": 2,
        "init_args": {"plans": {"dataset_name": "Dataset999_Synthetic"}, "configuration": "2d", "fold": 0,
                      "unpack_dataset": True},
        "trainer_name": trainer,
        "inference_allowed_mirroring_axes": (0, 1),
    }, os.path.join(d, "checkpoint_final.pth"))
    print("wrote", case + "/checkpoint_final.pth")


def plain_checkpoint(root, case, filename):
    """The state dict alone, as torch.save(model.state_dict(), path) writes it (Mamba-UNet's training script)."""
    from mambaj_ref.safetensors_io import load_file
    d = os.path.join(root, case)
    cfg = json.load(open(os.path.join(d, "config.json")))
    model = from_config(cfg["architecture"], cfg["config"])
    model.load_state_dict({k: torch.from_numpy(v) for k, v in load_file(os.path.join(d, "weights.safetensors")).items()},
                          strict=True)
    torch.save(model.state_dict(), os.path.join(d, filename))
    print("wrote", case + "/" + filename)


def basicsr_checkpoint(root, case):
    """net_g.pth beside a golden case, as BasicSR (MambaIR's trainer) saves a release: {"params": the raw weights,
    "params_ema": their moving average, the weights to use}. Here "params" is scaled so that picking the wrong entry
    shows; "params_ema" holds the golden weights."""
    from mambaj_ref.safetensors_io import load_file
    d = os.path.join(root, case)
    ema = {k: torch.from_numpy(v) for k, v in load_file(os.path.join(d, "weights.safetensors")).items()}
    torch.save({"params": {k: v * 0.5 for k, v in ema.items()}, "params_ema": ema}, os.path.join(d, "net_g.pth"))
    print("wrote", case + "/net_g.pth")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("only", nargs="*", help="case name prefixes (default: all)")
    ap.add_argument("--large", action="store_true", help="write the published default configs instead")
    ap.add_argument("--large-outputs", action="store_true", help="with --large: also run them (minutes)")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    torch.set_num_threads(min(2, torch.get_num_threads()))
    scan.use_chunked(False)

    def wanted(name):
        return not args.only or any(name.startswith(p) for p in args.only)

    if args.large:
        root = args.out or LARGE
        for c in LARGE_CASES:
            if wanted(c[0]):
                model_case(root, *c[:8], with_output=args.large_outputs, check64=False)
        return
    root = args.out or GOLDEN
    if wanted("scan-small"):
        scan_case(root, "scan-small", batch=2, dim=6, L=33, N=4, groups=0, seed=1)
    if wanted("scan-grouped"):
        scan_case(root, "scan-grouped", batch=2, dim=12, L=33, N=4, groups=4, seed=2)
    if wanted("ops"):
        ops_case(root)
    if wanted("ops-arch"):
        ops_arch_case(root)
    for c in MODEL_CASES:
        if wanted(c[0]):
            model_case(root, *c[:8], **(c[8] if len(c) > 8 else {}))
    if wanted("umamba-bot-small"):
        nnunet_checkpoint(root, "umamba-bot-small", "nnUNetTrainerUMambaBot")
    if wanted("lightmunet-c1"):
        nnunet_checkpoint(root, "lightmunet-c1", "nnUNetTrainerLightMUNet")
    if wanted("mambaunet-c1"):
        plain_checkpoint(root, "mambaunet-c1", "mambaunet_best_model.pth")
    if wanted("mambair-lightsr3-c1"):
        basicsr_checkpoint(root, "mambair-lightsr3-c1")
    if wanted("swin-umamba-small-c1"):
        nnunet_checkpoint(root, "swin-umamba-small-c1", "nnUNetTrainerSwinUMamba")
    if wanted("swin-umamba-d-small-c3"):
        nnunet_checkpoint(root, "swin-umamba-d-small-c3", "nnUNetTrainerSwinUMambaD")


if __name__ == "__main__":
    main()
