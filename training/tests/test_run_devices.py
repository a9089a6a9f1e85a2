"""train_segmentation: where a run's steps ran (state["devices"]) is what its card says."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import train_segmentation as T  # noqa: E402


def test_devices_of_lists_each_device_once_in_order():
    state = {"step": 300, "devices": [["CPU", 0], ["CPU", 100, 1], ["NVIDIA H200", 200, None], ["CPU", 250, 2]]}
    assert T.devices_of(state) == ["CPU", "NVIDIA H200", "CPU"]
    assert T.devices_of({"step": 5}) == ["CPU"]


def test_trained_on_names_the_threads_each_cpu_part_ran_with(monkeypatch):
    monkeypatch.setenv("MAMBAJ_TRAIN_THREADS", "7")  # read only for entries that predate the thread count
    text = T.trained_on({"step": 300, "devices": [["CPU", 0], ["CPU", 100, 1], ["NVIDIA H200", 200, None]]})
    parts = text.split("; ")
    assert parts[0].startswith("steps 0-100 on 7 CPU threads")
    assert parts[1].startswith("steps 100-200 on 1 CPU threads")
    assert parts[2].startswith("steps 200-300 on one NVIDIA H200 GPU")
    assert T.trained_on({"step": 9, "devices": [["CPU", 0, 2]]}).startswith("2 CPU threads")


def test_run_commands_follow_the_devices():
    gpu_then_cpu = {"devices": [["NVIDIA H200", 0], ["CPU", 6460, 2]], "step": 7960, "budget_steps": 7960}
    assert T.run_commands("retinal-vessels", "unet", gpu_then_cpu) == (
        "/usr/bin/python3 training/train_segmentation.py retinal-vessels --arch unet --steps 6460 --device cuda`, "
        "then `/usr/bin/python3 training/train_segmentation.py retinal-vessels --arch unet --steps 7960 --resume")
    cpu_only = {"devices": [["CPU", 0, 1], ["CPU", 200, 2]], "step": 3600, "budget_steps": 3600}
    assert T.run_commands("nuclei", "umamba_bot", cpu_only) == (
        "/usr/bin/python3 training/train_segmentation.py nuclei --arch umamba_bot --steps 3600")
    gpu_only = {"devices": [["NVIDIA H100 80GB HBM3", 0, None]], "step": 3040, "budget_steps": 3040}
    assert T.run_commands("nuclei", "umamba_bot", gpu_only).endswith("--steps 3040 --device cuda")


def test_a_run_tag_names_its_own_run_and_appears_in_the_commands(monkeypatch):
    monkeypatch.setattr(T, "RUN_TAG", "s6000")
    assert T.run_name("nuclei", "umamba_bot") == "nuclei-umamba-s6000"
    assert T.run_name("nuclei", "unet") == "nuclei-unet-s6000"
    state = {"devices": [["CPU", 0, 2]], "step": 6000, "budget_steps": 6000}
    assert T.run_commands("nuclei", "umamba_bot", state) == (
        "/usr/bin/python3 training/train_segmentation.py nuclei --arch umamba_bot --steps 6000 --run-tag s6000")
    monkeypatch.setattr(T, "RUN_TAG", "")
    assert T.run_name("nuclei", "umamba_bot") == "nuclei-umamba"


def test_evaluate_only_names_the_missing_run(monkeypatch):
    import pytest
    monkeypatch.setattr(T, "RUN_TAG", "no-such-run")
    with pytest.raises(SystemExit, match="runs/nuclei-umamba-no-such-run/last.pt"):
        T.evaluate_run("nuclei", "umamba_bot")


def test_stalled_minutes_counts_only_epochs_slower_than_twice_the_median():
    # 20 steps per epoch at 2 s a step; the third epoch was paused for 100 s
    log = [[1, 20, 40.0, 0.9], [2, 40, 80.0, 0.8], [3, 60, 220.0, 0.7], [4, 80, 260.0, 0.6], [5, 100, 300.0, 0.5]]
    assert abs(T.stalled_minutes({"log": log, "devices": [["CPU", 0, 2]]}) - 100 / 60) < 1e-9
    # a faster device from step 40 on has its own median: its 1 s steps are not compared with the CPU's 2 s
    gpu = [[1, 20, 40.0, 0.9], [2, 40, 80.0, 0.8], [3, 60, 100.0, 0.7], [4, 80, 120.0, 0.6]]
    assert T.stalled_minutes({"log": gpu, "devices": [["CPU", 0, 2], ["NVIDIA H200", 40, None]]}) == 0


def test_history_from_state_names_each_start(monkeypatch):
    monkeypatch.setattr(T, "RUN_TAG", "s6000")
    state = {"step": 100, "elapsed": 300.0, "budget_steps": 100, "devices": [["CPU", 0, 2]],
             "starts": [[0, "2026-11-27 08:05 UTC", 100], [60, "2026-11-28 10:56 UTC", 100]],
             "log": [[1, 20, 40.0, 0.9], [2, 40, 80.0, 0.8], [3, 60, 220.0, 0.7], [4, 80, 260.0, 0.6],
                     [5, 100, 300.0, 0.5]]}
    text = T.history_from_state("em-membranes", "umamba_bot", state)
    assert "started at step 0 on 2026-11-27 08:05 UTC with `--steps 100`" in text
    assert "resumed at step 60 on 2026-11-28 10:56 UTC with `--steps 100 --resume` (the same schedule)" in text
    assert "5.0 minutes" in text and "1.7 minutes were epochs slower" in text
    assert T.history_note("em-membranes", "umamba_bot", state) == text


def test_a_run_begun_before_the_record_keeps_its_written_history():
    state = {"step": 9500, "elapsed": 600.0, "budget_steps": 9500, "devices": [["CPU", 0, 2]],
             "starts": [[0, None, None], [9460, "2026-11-28 13:00 UTC", 9500]], "log": []}
    assert "started at step 0 (when, and with which `--steps`, was not recorded); resumed at step 9460" in (
        T.history_from_state("em-membranes", "umamba_bot", state))
    assert T.history_note("em-membranes", "umamba_bot", state).startswith("Run history: one run, never resumed")


def test_a_run_told_by_its_written_history_adds_its_recorded_resumptions():
    state = {"step": 3860, "elapsed": 3600.0, "budget_steps": 3860, "devices": [["NVIDIA H200", 0, None], ["CPU", 1860, 2]],
             "starts": [[0, None, None], [1860, "2026-11-28 13:25 UTC", 3860]], "log": []}
    text = T.history_note("em-membranes", "umamba_bot", state)
    assert text.startswith("Run history: trained on a GPU machine")
    assert text.endswith(" Then resumed at step 1860 on 2026-11-28 13:25 UTC with `--steps 3860 --resume` (the cosine "
                         "schedule recomputed for the new budget) (all 60.0 minutes of training wall clock).")
    assert T.recorded_resumptions({"starts": [[0, None, None]], "elapsed": 1.0}) == ""


def test_the_chosen_postprocessing_travels_in_the_state_and_the_card_says_how_it_was_chosen():
    assert T.run_postprocessing("em-membranes", {"step": 1}) == {"tile": 1024, "threshold": 0.5}
    assert T.run_postprocessing("nuclei", None) == {"tile": 1024, "min_size": 4, "seed_threshold": 0.0}
    chosen = {"threshold": 0.45, "train_images": 14, "train_scores": {str(t): 0.7 for t in T.THRESHOLD_CANDIDATES}}
    chosen["train_scores"]["0.45"] = 0.75
    state = {"step": 10, "postprocessing": chosen}
    assert T.run_postprocessing("retinal-vessels", state)["threshold"] == 0.45
    note = T.postprocessing_note("retinal-vessels", "umamba_bot", state)
    assert "on the 14 CHASE_DB1 training images (subjects 01-07" in note and ": 0.45 (training-image Dice 0.750; at 0.5 0.700)" in note
    assert T.postprocessing_note("retinal-vessels", "umamba_bot", {"step": 10}) == ""
    sections = T.card_sections("retinal-vessels", "umamba_bot", {"train": [], "val": []}, {"dice": 0.8}, {}, 1, dict(
        state, elapsed=60.0, devices=[["CPU", 0, 2]]), "cmd", None)
    assert "`binarize(threshold=0.45)`: foreground = probability > 0.45." in sections["Pre- and post-processing (as in rdf.yaml)"]
    # a choice made with the tile size: the note names the tile and the whole-image score
    scores = {f"{tile}/{t}": 0.7 for tile in T.TILE_CANDIDATES for t in T.THRESHOLD_CANDIDATES}
    scores.update({"256/0.45": 0.75, "256/0.5": 0.74, "1024/0.5": 0.72})
    tiled = {"step": 10, "postprocessing": {"tile": 256, "threshold": 0.45, "train_images": 14, "train_scores": scores}}
    assert T.run_postprocessing("retinal-vessels", tiled)["tile"] == 256
    note = T.postprocessing_note("retinal-vessels", "umamba_bot", tiled)
    assert "together with the default tile size among [256, 512, 1024] (overlap 64" in note
    assert ": tile 256, 0.45 (training-image Dice 0.750; at 0.5 0.740; at tile 1024 and 0.5 0.720)" in note


def _select_on(monkeypatch, tmp_path, model, p):
    """select_postprocessing for an EM run whose network is `model`, on one training image whose three channels are
    the probability map p and whose foreground is p >= 0.38; returns the choice kept in the run's checkpoint."""
    import numpy as np
    import torch

    items = [{"x": np.stack([p, p, p]), "y": (p >= 0.38).astype(np.int32)}]
    monkeypatch.setattr(T.L, "load_task", lambda task: (items, [], {}))
    monkeypatch.setattr(T, "load_final", lambda task, arch: (model, {"step": 5}))
    monkeypatch.setattr(T, "HERE", str(tmp_path))
    ck = tmp_path / "runs" / "em-membranes-umamba" / "last.pt"
    ck.parent.mkdir(parents=True)
    torch.save({"state": {"step": 5}}, ck)
    T.select_postprocessing("em-membranes", "umamba_bot")
    return T.checkpoints.load(str(ck))["state"]["postprocessing"]


def test_select_postprocessing_picks_the_training_dice_threshold_and_keeps_it_in_the_checkpoint(monkeypatch, tmp_path):
    import numpy as np
    import torch

    class Logit(torch.nn.Module):  # the input's first channel is the probability the model gives
        def forward(self, x):
            p = x[:, :1].clamp(1e-6, 1 - 1e-6)
            return torch.log(p / (1 - p))

    p = np.array([[0.2, 0.38], [0.62, 0.9]], np.float32).repeat(16, 0).repeat(16, 1)
    chosen = _select_on(monkeypatch, tmp_path, Logit(), p)
    assert chosen["threshold"] == 0.35  # 0.3 and 0.35 both give Dice 1; the nearer to 0.5 wins
    assert chosen["tile"] == 256  # a 32x32 image: the larger tiles would run it whole just the same, untried
    assert set(chosen["train_scores"]) == {f"256/{t}" for t in T.THRESHOLD_CANDIDATES}
    assert chosen["train_scores"]["256/0.5"] < 1 and chosen["train_images"] == 1


def test_select_postprocessing_picks_the_tile_size_the_model_does_best_with(monkeypatch, tmp_path):
    import numpy as np
    import torch

    class TileSized(torch.nn.Module):  # like an InstanceNorm network: right on 256x256 tiles, too low on larger ones
        def forward(self, x):
            p = (x[:, :1] * 65536 / (x.shape[2] * x.shape[3])).clamp(1e-6, 1 - 1e-6)
            return torch.log(p / (1 - p))

    p = np.array([[0.2, 0.38], [0.62, 0.9]], np.float32).repeat(300, 0).repeat(300, 1)  # 600 x 600
    chosen = _select_on(monkeypatch, tmp_path, TileSized(), p)
    assert (chosen["tile"], chosen["threshold"]) == (256, 0.35)
    assert chosen["train_scores"]["256/0.35"] == 1.0
    assert chosen["train_scores"]["512/0.35"] < 0.9 and chosen["train_scores"]["1024/0.35"] == 0.0


def test_umamba_enc_builds_with_mamba_layers_in_the_encoder_and_trains_on_a_crop():
    import torch
    T.scan.use_fast()
    model = T.build("em-membranes", "umamba_enc")
    mamba_stages = [name for name, _ in model.named_modules() if name.endswith(".mamba")]
    assert len(mamba_stages) == 2, mamba_stages  # after stages 2 and 4 of 4
    x = torch.randn(1, 1, 64, 64)
    loss = T.loss_fn(T.L.model_logits(model, x), (x[:, 0] > 0).long(), 1)
    loss.backward()
    assert torch.isfinite(loss)
    assert T.run_name("em-membranes", "umamba_enc") == "em-membranes-umamba-enc"
