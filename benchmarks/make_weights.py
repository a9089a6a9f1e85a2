"""Deterministic random weights and inputs for the benchmark (not committed: benchmarks/data/ is git-ignored).

    /usr/bin/python3 benchmarks/make_weights.py [--out benchmarks/data]

One folder per model with weights.safetensors, input.npy (1 x 3 x H x W, seeded) and config.json, written by the
same code as the golden files (training/make_golden.py), so Java and PyTorch load identical tensors.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "training"))
from make_golden import model_case  # noqa: E402
from mambaj_ref.medmamba import PRESETS  # noqa: E402

# name, architecture, config, input shape, seed: the published default configs of the brief
CASES = [
    ("vmunet", "vmunet", dict(input_channels=3, num_classes=1, depths=[2, 2, 2, 2], depths_decoder=[2, 2, 2, 1],
                              dims=[96, 192, 384, 768], d_state=16), (1, 3, 256, 256), 201),
    ("medmamba-t", "medmamba", dict(in_chans=3, num_classes=1000, d_state=16, **PRESETS["T"]), (1, 3, 224, 224), 202),
    # MambaIR colour denoising: embed_dim 180, six groups of six blocks, mlp_ratio 2
    ("mambair-dn", "mambair", dict(in_chans=3, embed_dim=180, depths=[6] * 6, d_state=16, mlp_ratio=2.0,
                                   img_range=1.0), (1, 3, 128, 128), 203),
    # the shipped nuclei model's U-Mamba Bot (full-resolution 16-channel convolutions, one Mamba layer at 1/8)
    ("umamba-nuclei", "umamba_bot", dict(input_channels=3, num_classes=3, n_stages=4, features_per_stage=[16, 32, 64, 128],
                                         kernel_sizes=3, strides=[1, 2, 2, 2], n_conv_per_stage=2,
                                         n_conv_per_stage_decoder=2, deep_supervision=False), (1, 3, 512, 512), 204),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(HERE, "data"))
    args = ap.parse_args()
    for name, arch, config, shape, seed in CASES:
        if os.path.exists(os.path.join(args.out, name, "config.json")):
            continue
        model_case(args.out, name, arch, config, shape, "NCHW", "NCHW", seed, positive_input=True,
                   with_output=False, check64=False)


if __name__ == "__main__":
    main()
