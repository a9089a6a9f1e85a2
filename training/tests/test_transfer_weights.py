"""--init-from: a trained network of another task starts this one (all but the head; a larger patch embedding gets
the source kernel spread over it), and a network of another architecture is refused by name."""
import os
import sys

import pytest
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import train_classification as C  # noqa: E402


def test_chest_medmamba_starts_the_breast_ultrasound_one():
    torch.manual_seed(0)
    chest = C.SPECS["chest-xray-pneumonia"]  # 28x28, patch 2, 2 classes; at BUSI's widths (as --dims gives)
    source = C.build("mamba", {**chest, "arch": {**chest["arch"], "dims": C.SPECS["breast-ultrasound"]["arch"]["dims"]}})
    target = C.build("mamba", C.SPECS["breast-ultrasound"])  # 64x64, patch 4, 3 classes
    head_before = target.head.weight.clone()
    copied = C.transfer_weights(target, source.state_dict(), "chest/mamba.pt")
    assert "patch_embed.proj.weight" in copied and not any(k.startswith("head.") for k in copied)
    assert torch.equal(target.head.weight, head_before)
    assert torch.equal(target.layers[1].blocks[0].self_attention.A_logs,
                       source.layers[1].blocks[0].self_attention.A_logs)
    # a constant image: the 4x4 patch embedding answers as the source's 2x2 one did
    flat = torch.full((1, 1, 8, 8), 0.7)
    assert torch.allclose(target.patch_embed.proj(flat)[0, :, 0, 0], source.patch_embed.proj(flat)[0, :, 0, 0],
                          atol=1e-6)


def test_the_cnn_carries_over_but_for_its_head():
    source = C.build("cnn", C.SPECS["chest-xray-pneumonia"])
    target = C.build("cnn", C.SPECS["breast-ultrasound"])
    copied = C.transfer_weights(target, source.state_dict(), "chest/cnn.pt")
    assert len(copied) == len(target.state_dict()) - 2  # head.weight, head.bias
    assert torch.equal(target.body[0].weight, source.body[0].weight)


def test_another_architecture_is_refused_naming_file_and_key():
    target = C.build("mamba", C.SPECS["breast-ultrasound"])
    source = C.build("cnn", C.SPECS["chest-xray-pneumonia"]).state_dict()
    with pytest.raises(SystemExit, match=r"cnn\.pt has no tensor patch_embed\.proj\.weight"):
        C.transfer_weights(target, source, "runs/x/cnn.pt")


def test_a_wrong_width_is_refused_naming_the_shapes():
    target = C.build("mamba", C.SPECS["breast-ultrasound"])
    source = dict(target.state_dict())
    source["patch_embed.norm.weight"] = torch.ones(16)
    with pytest.raises(SystemExit, match=r"patch_embed\.norm\.weight has shape \(16,\), this network needs \(32,\)"):
        C.transfer_weights(target, source, "m.pt")
