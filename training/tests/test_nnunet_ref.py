"""training/nnunet_ref.py, the PyTorch re-implementation of nnU-Net v2's sliding-window prediction the Java loader
is checked against: its pieces behave as nnU-Net's, and the committed synthetic cases reproduce."""
import json
import os
import sys

import numpy as np
import pytest
import torch

HERE = os.path.dirname(__file__)
sys.path.insert(0, os.path.join(HERE, ".."))
import nnunet_ref  # noqa: E402
from mambaj_ref import from_config  # noqa: E402


def test_steps_are_nnunets():
    assert nnunet_ref.compute_steps((110,), (64,), 0.5) == [[0, 23, 46]]  # nnU-Net's own example
    assert nnunet_ref.compute_steps((64, 70), (64, 24), 0.5) == [[0], [0, 12, 23, 34, 46]]  # rounded half to even


def test_gaussian_peaks_at_ten_in_the_centre():
    g = nnunet_ref.compute_gaussian((32, 24))
    assert g.shape == (32, 24) and float(g.max()) == pytest.approx(10.0) and float(g[16, 12]) == pytest.approx(10.0)
    assert float(g.min()) > 0
    assert torch.allclose(g[16 - 5, 12], g[16 + 5, 12])


@pytest.mark.parametrize("case", sorted(nnunet_ref.CASES))
def test_committed_case_reproduces(case):
    d = os.path.join(nnunet_ref.OUT, case)
    mirror = json.load(open(os.path.join(d, "case.json")))["mirror"]
    probs, labels = nnunet_ref.predict(os.path.join(d, "results"), np.load(os.path.join(d, "input.npy")), mirror=mirror)
    # probabilities written on another CPU: its fp32 kernels sum in another order (up to 7e-6 apart here)
    np.testing.assert_allclose(probs, np.load(os.path.join(d, "probabilities.npy")), rtol=0, atol=1e-5)
    np.testing.assert_array_equal(labels, np.load(os.path.join(d, "labels.npy")))


def test_one_patch_without_zeros_is_the_network_on_the_z_scored_image():
    """With an image exactly the patch size and no zero pixels there is nothing to crop, pad or blend: the
    prediction is softmax(network(z-score(image)))."""
    results = os.path.join(nnunet_ref.OUT, "bot-old-layout", "results")
    image = np.random.default_rng(0).uniform(1, 255, (1, 32, 24)).astype(np.float32)
    probs, labels = nnunet_ref.predict(results, image)
    ckpt = torch.load(os.path.join(results, "fold_0", "checkpoint_final.pth"), map_location="cpu")
    plans = json.load(open(os.path.join(results, "plans.json")))
    arch, cfg = nnunet_ref.network_config(ckpt["trainer_name"], plans["configurations"]["2d"], 1, 3)
    net = from_config(arch, cfg)
    net.load_state_dict(ckpt["network_weights"])
    net.eval()
    z = (image - image.mean()) / image.std()
    with torch.no_grad():
        expected = torch.softmax(net(torch.from_numpy(z)[None]), 1)[0].numpy()
    np.testing.assert_allclose(probs, expected, rtol=0, atol=1e-5)
    np.testing.assert_array_equal(labels, expected.argmax(0))


def test_regions_paint_in_class_order():
    results = os.path.join(nnunet_ref.OUT, "enc-new-layout", "results")
    dataset = json.load(open(os.path.join(results, "dataset.json")))
    assert nnunet_ref.labels_of(dataset) == (True, 2, [1, 2])
