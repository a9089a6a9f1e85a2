"""checkpoint_wrappers.py unwraps the committed .pth fixtures (the ones the Java reader is tested on) to the same
weights as reference.safetensors, and torch.load(weights_only=True) refuses the hostile ones as the Java reader does."""
import os
import pickle
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import checkpoint_wrappers  # noqa: E402
from mambaj_ref.safetensors_io import load_file  # noqa: E402

FIXTURES = os.path.join(HERE, "..", "..", "src", "test", "resources", "io", "pth")


@pytest.mark.parametrize("name", ["plain", "state_dict", "model", "model_state_dict", "params", "params_ema",
                                  "network_weights", "module_prefix", "parameters"])
def test_every_wrapper_unwraps_to_the_reference(name):
    expected = load_file(os.path.join(FIXTURES, "reference.safetensors"))
    got = checkpoint_wrappers.read_state_dict(os.path.join(FIXTURES, name + ".pth"))
    assert list(got) == list(expected)
    for k, v in expected.items():
        np.testing.assert_array_equal(got[k].float().contiguous().numpy(), v)


@pytest.mark.parametrize("name", ["evil_system", "evil_eval", "unknown_global"])
def test_hostile_pickles_are_refused(name):
    with pytest.raises(pickle.UnpicklingError):
        checkpoint_wrappers.read_state_dict(os.path.join(FIXTURES, name + ".pth"))
    assert not os.path.exists("/tmp/mambaj-pwned")


def test_from_config_takes_the_shared_published_defaults():
    from mambaj_ref import DEFAULTS, from_config
    model = from_config("vmunet", {"dims": [8, 16, 32, 64], "d_state": 4})
    assert DEFAULTS["vmunet"]["config"]["depths"] == [2, 2, 2, 2]
    assert [len(layer.blocks) for layer in model.vmunet.layers] == [2, 2, 2, 2]


def test_nnunet_run_information_is_read_as_plain_values():
    """What nnU-Net's trainer saves besides the weights (torch.device, NumPy scalars) reads as plain values, as in
    Java (TorchCheckpointTest.nnUNetRunInformationIsReadAsPlainValues); other NumPy content is refused by name."""
    tree = checkpoint_wrappers._load_pth(os.path.join(FIXTURES, "nnunet_run.pth"))
    assert tree["init_args"]["device"] == "cuda:0" and tree["init_args"]["cpu"] == "cpu"
    assert tree["_best_ema"] == 0.275 and type(tree["_best_ema"]) is float and tree["best_step"] == 7
    assert tree["logging"]["train_losses"] == [-0.5, -0.75]
    assert set(checkpoint_wrappers.read_state_dict(os.path.join(FIXTURES, "nnunet_run.pth"))) == \
        set(checkpoint_wrappers.read_state_dict(os.path.join(FIXTURES, "plain.pth")))
    with pytest.raises(pickle.UnpicklingError, match=r"numpy.dtype\('U3'\)"):
        checkpoint_wrappers.read_state_dict(os.path.join(FIXTURES, "numpy_str_scalar.pth"))
    with pytest.raises(pickle.UnpicklingError, match="numpy.core.multiarray._reconstruct"):
        checkpoint_wrappers.read_state_dict(os.path.join(FIXTURES, "numpy_array.pth"))
