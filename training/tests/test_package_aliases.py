"""package.state_dict_arrays writes each tensor once: U-Mamba's modules registered twice (all_modules.*,
decoder.encoder.*) are left out, and upgrade_rdf.module_with_weights loads such a file into the same network."""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from mambaj_ref import from_config  # noqa: E402
from mambaj_ref.safetensors_io import save_file  # noqa: E402
from package import alias_keys, state_dict_arrays  # noqa: E402
from upgrade_rdf import module_with_weights  # noqa: E402

CONFIG = dict(input_channels=1, num_classes=2, n_stages=3, features_per_stage=[4, 8, 16], kernel_sizes=3,
              strides=[1, 2, 2], n_conv_per_stage=1, n_conv_per_stage_decoder=1, deep_supervision=False)


def test_aliases_are_written_once_and_load_back(tmp_path):
    torch.manual_seed(0)
    model = from_config("umamba_bot", CONFIG).eval()
    for p in model.parameters():  # not the initial values, so that a wrong mapping shows
        p.data.normal_()
    aliases = alias_keys(model)
    assert aliases and all(".all_modules." in k or k.startswith("decoder.encoder.") for k in aliases)
    arrays = state_dict_arrays(model)
    assert not aliases & set(arrays)
    full = {k for k in model.state_dict() if not k.endswith("num_batches_tracked")}
    assert set(arrays) | aliases == full
    save_file(arrays, str(tmp_path / "weights.safetensors"))
    rdf = {"config": {"mambaj": {"architecture": "umamba_bot"}},
           "weights": {"pytorch_state_dict": {"architecture": {"kwargs": CONFIG}}}}
    loaded = module_with_weights(rdf, str(tmp_path))
    x = torch.randn(1, 1, 16, 16)
    with torch.no_grad():
        np.testing.assert_array_equal(loaded(x).numpy(), model(x).numpy())
