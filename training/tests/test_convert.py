"""convert_checkpoint.py: a wrapped .pth with DataParallel prefixes becomes a package whose test output matches
the reference model, and a checkpoint of another architecture is refused with the keys named."""
import json
import os
import sys

import numpy as np
import pytest
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import convert_checkpoint  # noqa: E402
from mambaj_ref.safetensors_io import load_file  # noqa: E402

GOLDEN = os.path.join(HERE, "..", "..", "src", "test", "resources", "golden", "medmamba-small")


def golden_config():
    return json.load(open(os.path.join(GOLDEN, "config.json")))["config"]


def test_wrapped_pth_becomes_a_package(tmp_path):
    sd = {"module." + k: torch.from_numpy(np.ascontiguousarray(v))
          for k, v in load_file(os.path.join(GOLDEN, "weights.safetensors")).items()}
    torch.save({"state_dict": sd}, tmp_path / "ckpt.pth")
    out = tmp_path / "pkg"
    convert_checkpoint.main(["--arch", "medmamba", "--config", json.dumps(golden_config()), "--weights",
                             str(tmp_path / "ckpt.pth"), "--name", "t", "--task", "classification",
                             "--postprocessing", "softmax", "--out", str(out)])
    weights = load_file(str(out / "weights.safetensors"))
    assert "patch_embed.proj.weight" in weights and not any(k.startswith("module.") for k in weights)
    assert np.load(out / "test_output.npy").shape == (1, golden_config()["num_classes"])


def test_other_architecture_is_refused(tmp_path):
    with pytest.raises(SystemExit, match="does not fit vmunet"):
        convert_checkpoint.main(["--arch", "vmunet", "--weights", os.path.join(GOLDEN, "weights.safetensors"),
                                 "--name", "t", "--task", "segmentation", "--out", str(tmp_path / "x")])
