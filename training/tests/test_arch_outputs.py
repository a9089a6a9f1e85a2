"""Every segmentation architecture trains on the logits of what it ships: sigmoid(model_logits) must equal the
output the evaluation (and, through the package's post-processing, Java) sees, whether or not the published network
ends in its own sigmoid."""
import os
import sys

import pytest
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import seg_lib as L  # noqa: E402
import train_segmentation as T  # noqa: E402


@pytest.mark.parametrize("arch", sorted(set(T.RUN_SUFFIX)))
def test_loss_sees_the_logits_of_the_shipped_output(arch):
    torch.manual_seed(0)
    model = T.build("em-membranes", arch).eval()
    x = torch.rand(1, 1, 64, 64)
    with torch.no_grad():
        logits, out = L.model_logits(model, x), T.model_output(model, x)
    assert logits.shape == out.shape == (1, 1, 64, 64)
    assert torch.allclose(torch.sigmoid(logits), out, atol=1e-6)
    assert not torch.allclose(logits, out), "model_logits returned the probabilities"


def test_ultralight_refuses_a_multi_class_task():
    with pytest.raises(SystemExit, match="nuclei has 3 classes"):
        T.ultralight_config("nuclei")
