"""Every segmentation architecture trains on the logits of what it ships: for the networks in ENDS_IN_SIGMOID (whose
packages therefore have no sigmoid step) the published forward is sigmoid(model_logits), for the others it is
model_logits itself; the evaluation's scores (what the Java pipeline gives before binarizing) are the sigmoid of those
logits either way."""
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
        logits, published = L.model_logits(model, x), model(x)
    out = torch.from_numpy(T.scores("em-membranes", arch, model, x[0].numpy(), 1024))[None]
    assert logits.shape == published.shape == out.shape == (1, 1, 64, 64)
    expected = torch.sigmoid(logits) if arch in T.ENDS_IN_SIGMOID else logits
    assert torch.allclose(published, expected, atol=1e-6)
    assert torch.allclose(out, torch.sigmoid(logits), atol=1e-6)
    assert not torch.allclose(logits, out), "model_logits returned the probabilities"
    assert not torch.allclose(published, out) or arch in T.ENDS_IN_SIGMOID


def test_ultralight_refuses_a_multi_class_task():
    with pytest.raises(SystemExit, match="nuclei has 3 classes"):
        T.ultralight_config("nuclei")
