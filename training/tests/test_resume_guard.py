"""checkpoints.continues: --resume with no checkpoint stops (naming the file and the compact one to restore), and a
run without --resume never overwrites an existing checkpoint; the training scripts decide through it."""
import os
import sys

import pytest
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import checkpoints  # noqa: E402


@pytest.fixture
def runs(tmp_path, monkeypatch):
    monkeypatch.setattr(checkpoints, "HERE", str(tmp_path))
    return tmp_path


def test_resume_without_a_checkpoint_stops_and_names_it(runs):
    with pytest.raises(SystemExit) as e:
        checkpoints.continues("task-umamba", True)
    assert os.path.join("runs", "task-umamba", "last.pt") in str(e.value)
    assert "restore" not in str(e.value)
    os.makedirs(runs / "checkpoints")
    torch.save({"state": {"step": 20}}, runs / "checkpoints" / "task-umamba.pt")
    with pytest.raises(SystemExit) as e:
        checkpoints.continues("task-umamba", True)
    assert "checkpoints.py restore task-umamba" in str(e.value)


def test_a_fresh_run_never_overwrites_a_checkpoint(runs):
    assert checkpoints.continues("denoise/mamba", False) is False
    os.makedirs(runs / "runs" / "denoise")
    torch.save({"epoch": 7}, runs / "runs" / "denoise" / "mamba.pt")
    with pytest.raises(SystemExit) as e:
        checkpoints.continues("denoise/mamba", False)
    assert "step 7" in str(e.value) and "--resume" in str(e.value)
    assert os.path.exists(runs / "runs" / "denoise" / "mamba.pt")
    assert checkpoints.continues("denoise/mamba", True) is True


def test_the_training_scripts_decide_through_it():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for script in ("train_segmentation.py", "train_classification.py", "train_denoise.py"):
        with open(os.path.join(here, script)) as f:
            text = f.read()
        assert "checkpoints.continues(" in text, script
        assert "os.remove(ck.path)" not in text, script
