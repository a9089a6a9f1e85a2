"""checkpoints.py: compact -> restore keeps a run resumable (model, Adam moments, random states, step count)."""
import os
import sys

import numpy as np
import pytest
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import checkpoints  # noqa: E402


def a_run():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3), torch.nn.BatchNorm2d(4))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    model(torch.randn(2, 1, 8, 8)).square().mean().backward()
    opt.step()
    rng = np.random.RandomState(7)
    rng.rand(3)
    return {"model": model.state_dict(), "opt": opt.state_dict(), "rng": rng.get_state(),
            "torch_rng": torch.get_rng_state(), "state": {"step": 20, "log": [[1, 20, 1.5, 0.25]]}}


def test_compact_then_restore_gives_a_resumable_run(tmp_path, monkeypatch):
    monkeypatch.setattr(checkpoints, "HERE", str(tmp_path))
    run = a_run()
    os.makedirs(tmp_path / "runs" / "demo")
    torch.save(run, checkpoints.run_file("demo"))
    checkpoints.compact("demo")
    compact = checkpoints.load(checkpoints.compact_file("demo"))
    assert compact["model"]["0.weight"].dtype == torch.float16
    assert compact["opt"]["state"][0]["exp_avg_sq"].dtype == torch.bfloat16
    with pytest.raises(SystemExit):  # never overwrites a run
        checkpoints.restore("demo")
    os.remove(checkpoints.run_file("demo"))
    checkpoints.restore("demo")
    back = checkpoints.load(checkpoints.run_file("demo"))
    for k, v in run["model"].items():
        assert back["model"][k].dtype == v.dtype
        assert torch.allclose(back["model"][k].float(), v.float(), rtol=1e-3, atol=1e-4), k
    assert back["model"]["1.num_batches_tracked"].item() == 1  # integer tensors are never cast
    assert torch.equal(back["opt"]["state"][0]["step"].reshape(()), run["opt"]["state"][0]["step"].reshape(()))
    assert back["state"] == run["state"]
    assert np.array_equal(back["rng"][1], run["rng"][1])
    rng = np.random.RandomState()
    rng.set_state(back["rng"])
    ref = np.random.RandomState()
    ref.set_state(run["rng"])
    assert rng.rand() == ref.rand()


def test_map_tensors_reaches_nested_tensors_and_keeps_the_rest():
    obj = {"a": [torch.ones(2), (torch.zeros(1), "text")], "n": 3}
    out = checkpoints.map_tensors(obj, lambda t: t + 1)
    assert torch.equal(out["a"][0], torch.full((2,), 2.0))
    assert torch.equal(out["a"][1][0], torch.ones(1))
    assert out["a"][1][1] == "text" and out["n"] == 3
    assert isinstance(out["a"][1], tuple)
