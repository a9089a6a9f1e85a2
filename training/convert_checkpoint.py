"""Turns a published checkpoint (.pth/.pt or .safetensors state dict) into a MambaJ model package.

For users who have PyTorch: the state dict is loaded into the project's reference implementation of the named
architecture with strict key and shape checking (so a package never holds weights MambaJ cannot use), a test
input is run through it with the sequential reference scan, and training/package.py writes the package.

  /usr/bin/python3 training/convert_checkpoint.py --arch vmunet --config '{"num_classes": 1}' \\
      --weights vmunet_isic17.pth --name my-vmunet --task segmentation --out models/my-vmunet \\
      --postprocessing binarize

Checkpoints wrapped as {"params_ema": ...}, {"state_dict": ...}, {"network_weights": ...} and the other wrappers
of checkpoint_wrappers.py (the list the Java reader uses too), and keys with DataParallel's "module." prefix, are
unwrapped. Nothing is downloaded; .pth files are read with torch.load(weights_only=True), so no code from the file
runs.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mambaj_ref import DEFAULTS, from_config, published_config  # noqa: E402
import checkpoint_wrappers  # noqa: E402
from package import write_package  # noqa: E402

POST = {"softmax": [{"name": "softmax"}], "binarize": [{"name": "binarize", "kwargs": {"threshold": 0.5}}],
        "restore_range": [{"name": "restore_range"}], "none": []}


read_state_dict = checkpoint_wrappers.read_state_dict


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--arch", required=True, choices=sorted(DEFAULTS))
    ap.add_argument("--config", default="{}", help="architecture config as JSON (published constructor names); "
                    "keys left out take the published defaults of architecture-defaults.json, as in Java")
    ap.add_argument("--weights", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--task", choices=["classification", "segmentation", "denoising"],
                    help="default: the architecture's (architecture-defaults.json)")
    ap.add_argument("--authors", default="", help="comma-separated; the checkpoint's authors, not MambaJ's")
    ap.add_argument("--license", default="", help="the licence the weights were published under")
    ap.add_argument("--out", required=True)
    ap.add_argument("--description", default="Converted from a published PyTorch checkpoint.")
    ap.add_argument("--class-names", default="", help="comma-separated, in output order")
    ap.add_argument("--postprocessing", choices=sorted(POST), help="default: the architecture's")
    ap.add_argument("--test-size", type=int, default=64, help="edge of the random test input")
    args = ap.parse_args(argv)

    defaults = DEFAULTS[args.arch]
    config = published_config(args.arch, json.loads(args.config))
    model = from_config(args.arch, config)
    state = read_state_dict(args.weights)
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        sys.exit(f"{args.weights} does not fit {args.arch} {config}:\n  missing {missing}\n  unexpected {unexpected}")
    multiple = defaults["size_multiple"]
    channels = int(config[defaults["channels_key"]])
    size = max(multiple, args.test_size // multiple * multiple)
    x = np.random.RandomState(0).rand(1, channels, size, size).astype(np.float32)
    classes = [c for c in args.class_names.split(",") if c]
    write_package(args.out, name=args.name, description=args.description, architecture=args.arch,
                  config=config, model=model, test_input=x, axes="bcyx", min_shape=[1, channels, multiple, multiple],
                  step=[0, 0, multiple, multiple],
                  preprocessing=defaults["preprocessing"],
                  postprocessing=POST[args.postprocessing] if args.postprocessing else defaults["postprocessing"],
                  task=args.task or defaults["task"], class_names=classes, metrics={},
                  authors=[a.strip() for a in args.authors.split(",") if a.strip()] or None,
                  license=args.license or None,
                  baselines={}, card={"Source": f"Converted from `{os.path.basename(args.weights)}` by "
                                                f"`training/convert_checkpoint.py`. Metrics: not measured here."},
                  extra={"channels": "rgb" if channels == 3 else "grey", "size_multiple": multiple})
    print(f"wrote {args.out}: {sum(p.numel() for p in model.parameters()):,} parameters")


if __name__ == "__main__":
    main()
