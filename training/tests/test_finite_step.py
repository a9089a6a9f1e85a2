"""A training step whose loss or gradient is not finite is skipped (no update), recorded, and too many stop the run."""
import os
import sys

import pytest
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import finite  # noqa: E402


def step_with_gradient(model, value):
    loss = (model.weight * value).sum()
    model.zero_grad()
    loss.backward()
    return loss


def test_finite_step_passes_and_records_nothing():
    model, skipped = torch.nn.Linear(2, 1), []
    assert finite.finite_step("run", 4, step_with_gradient(model, 1.0), model, skipped, "last.pt")
    assert skipped == []


def test_an_infinite_gradient_is_skipped_and_named():
    model, skipped = torch.nn.Linear(2, 1), []
    assert not finite.finite_step("run", 4, step_with_gradient(model, float("inf")), model, skipped, "last.pt")
    assert skipped == [5]


def test_too_many_skipped_steps_stop_the_run(monkeypatch):
    monkeypatch.setattr(finite, "MAX_SKIPPED_STEPS", 2)
    model, skipped = torch.nn.Linear(2, 1), []
    for step in range(2):
        assert not finite.finite_step("run", step, torch.tensor(float("nan")), model, skipped, "last.pt")
    with pytest.raises(SystemExit, match=r"run: training step 3 is not finite \(loss nan\).*last.pt keeps"):
        finite.finite_step("run", 2, torch.tensor(float("nan")), model, skipped, "last.pt")
