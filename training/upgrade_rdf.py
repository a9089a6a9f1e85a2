"""Rewrites existing MambaJ model packages' rdf.yaml (format 0.4.10) as bioimage.io model spec 0.5, without
retraining: weights.safetensors, test_input.npy, test_output.npy, metrics.json, README.md and samples.png stay
byte-identical. Adds weights.pt (the same state_dict, torch.save'd, for bioimage.io's pytorch_state_dict) and
test_output_bioimageio.npy (the whole pipeline's output for test_input.npy, run with the PyTorch reference). See
bioimageio_v05.py for the mapping.

  /usr/bin/python3 training/upgrade_rdf.py models/nuclei [models/other ...] [--check]

A package already at 0.5 is left alone. --check also runs the test input through the PyTorch reference (sequential
scan) and requires the package's test output back (slow for big models).
"""
import argparse
import os
import sys

import numpy as np
import torch
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mambaj_ref import from_config, published_config  # noqa: E402
from mambaj_ref.safetensors_io import load_file  # noqa: E402
from package import alias_keys, reference_output, to_v0_5  # noqa: E402


def module_with_weights(rdf, folder):
    """The reference module of the package's architecture holding the package's weights (strict key check:
    only what packages leave out may be missing: BatchNorm's num_batches_tracked counters, keys that alias another)."""
    if "architecture" in rdf:  # format 0.4.10
        arch, config = rdf["architecture"]["name"], rdf["architecture"].get("config")
    else:  # 0.5: MambaJ's name, and the PyTorch weights' constructor arguments
        arch, config = rdf["config"]["mambaj"]["architecture"], rdf["weights"]["pytorch_state_dict"]["architecture"]["kwargs"]
    model = from_config(arch, published_config(arch, config))
    state = {k: torch.from_numpy(v) for k, v in load_file(os.path.join(folder, "weights.safetensors")).items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    aliases = alias_keys(model)  # loaded through the key they repeat
    missing = [k for k in missing if not k.endswith("num_batches_tracked") and k not in aliases]
    if missing or unexpected:
        sys.exit(f"{folder}: weights.safetensors does not fit {arch}: missing {missing}, unexpected {unexpected}")
    return model.eval()


def upgrade(folder, check=False):
    path = os.path.join(folder, "rdf.yaml")
    with open(path) as f:
        rdf = yaml.safe_load(f)
    if str(rdf.get("format_version", "")).startswith("0.5"):
        print(f"{folder}: already format_version {rdf['format_version']}, left alone")
        return
    model = module_with_weights(rdf, folder)
    if check:
        x = np.load(os.path.join(folder, "test_input.npy"))
        want = np.load(os.path.join(folder, "test_output.npy"))
        err = np.abs(reference_output(model, x) - want).max() / max(np.abs(want).max(), 1e-12)
        if not err < 1e-4:
            sys.exit(f"{folder}: the reference gives test_output.npy back only to {err:.3g} (relative max error)")
        print(f"{folder}: reference reproduces test_output.npy ({err:.2g})")
    new = to_v0_5(rdf, folder, model)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        yaml.safe_dump(new, f, sort_keys=False, allow_unicode=True)
    os.replace(tmp, path)  # never a half-written rdf.yaml
    print(f"{folder}: rdf.yaml is now format_version {new['format_version']}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("packages", nargs="+")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    for folder in args.packages:
        upgrade(folder, args.check)


if __name__ == "__main__":
    main()
