"""Rewrites existing packages' weights.safetensors without the keys that alias another key's tensor (as
package.state_dict_arrays now writes them; U-Mamba's all_modules.* and decoder.encoder.* copies), and that file's
sha256 in rdf.yaml. Nothing else changes: every kept tensor is byte-identical, every dropped one is checked to equal
the tensor it repeats, and the metadata stays.

  /usr/bin/python3 training/drop_weight_aliases.py models/nuclei [models/other ...]

A package without aliases is left alone.
"""
import os
import sys

import numpy as np
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mambaj_ref.safetensors_io import load_file, save_file  # noqa: E402
from package import alias_keys, sha256, state_dict_arrays  # noqa: E402
from upgrade_rdf import module_with_weights  # noqa: E402


def drop_aliases(folder):
    weights, rdf_path = os.path.join(folder, "weights.safetensors"), os.path.join(folder, "rdf.yaml")
    with open(rdf_path) as f:
        rdf_text = f.read()
    model = module_with_weights(yaml.safe_load(rdf_text), folder)
    old, metadata = load_file(weights, with_metadata=True)
    aliases = alias_keys(model) & set(old)
    if not aliases:
        print(f"{folder}: no aliased keys")
        return
    kept = state_dict_arrays(model)
    state = model.state_dict()
    for k, v in old.items():
        same = np.array_equal(kept[k], v) if k in kept else np.array_equal(state[k].numpy(), v)
        if not same:
            sys.exit(f"{weights}: \"{k}\" is not what the model holds after loading; nothing written")
    old_sha = sha256(weights)
    if rdf_text.count(old_sha) != 1:
        sys.exit(f"{rdf_path}: the sha256 of weights.safetensors ({old_sha}) should appear once; nothing written")
    tmp = weights + ".tmp"
    save_file(kept, tmp, metadata=metadata)
    os.replace(tmp, weights)
    with open(rdf_path + ".tmp", "w") as f:
        f.write(rdf_text.replace(old_sha, sha256(weights)))
    os.replace(rdf_path + ".tmp", rdf_path)
    print(f"{folder}: {len(aliases)} aliased keys dropped, {len(old)} -> {len(kept)} tensors, "
          f"{os.path.getsize(weights) / 1e6:.2f} MB")


if __name__ == "__main__":
    for folder in sys.argv[1:]:
        drop_aliases(folder)
