"""upgrade_rdf.py: a 0.4-style package becomes bioimage.io 0.5 with its files untouched, weights.pt holds the same
weights, the pipeline test output is what preprocessing + network + postprocessing give, and a re-run changes
nothing."""
import os
import shutil
import sys

import numpy as np
import torch
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import bioimageio_v05  # noqa: E402
import upgrade_rdf  # noqa: E402
from mambaj_ref.safetensors_io import load_file  # noqa: E402

OLD = os.path.join(HERE, "..", "..", "src", "test", "resources", "packages", "converted-by-python")


def test_upgrade_keeps_files_and_writes_a_0_5_description(tmp_path):
    pkg = str(tmp_path / "pkg")
    shutil.copytree(OLD, pkg)
    kept = {f: open(os.path.join(pkg, f), "rb").read() for f in os.listdir(pkg) if f != "rdf.yaml"}
    upgrade_rdf.upgrade(pkg, check=True)
    for f, data in kept.items():
        assert open(os.path.join(pkg, f), "rb").read() == data, f
    rdf = yaml.safe_load(open(os.path.join(pkg, "rdf.yaml")))
    assert rdf["format_version"] == bioimageio_v05.FORMAT_VERSION
    assert [a["type"] for a in rdf["inputs"][0]["axes"]] == ["batch", "channel", "space", "space"]
    assert rdf["weights"]["pytorch_state_dict"]["architecture"]["callable"] == "MedMamba"
    assert "mode" not in rdf["inputs"][0]["preprocessing"][0]["kwargs"]
    pt = torch.load(os.path.join(pkg, "weights.pt"))
    for k, v in load_file(os.path.join(pkg, "weights.safetensors")).items():
        assert np.array_equal(pt[k].numpy(), v), k
    out = np.load(os.path.join(pkg, "test_output_bioimageio.npy"))
    assert np.allclose(out.sum(axis=1), 1, atol=1e-5)  # softmax over the classes
    before = open(os.path.join(pkg, "rdf.yaml")).read()
    upgrade_rdf.upgrade(pkg)
    assert open(os.path.join(pkg, "rdf.yaml")).read() == before


def test_scale_range_keeps_its_eps_and_refuses_another_mode():
    step = {"name": "scale_range", "kwargs": {"mode": "per_sample", "axes": "cyx", "min_percentile": 1.0,
                                             "max_percentile": 99.8, "eps": 0.5}}
    assert bioimageio_v05.spec_step(step, 1)["kwargs"]["eps"] == 0.5
    x = np.arange(16, dtype=np.float64).reshape(1, 1, 4, 4)
    lo, hi = np.percentile(x, [1.0, 99.8])
    assert np.array_equal(bioimageio_v05.preprocess(x, [step]), ((x - lo) / (hi - lo + 0.5)).astype(np.float32))
    for mode in ("per_dataset", "fixed"):
        bad = {"name": "zero_mean_unit_variance", "kwargs": {"mode": mode}}
        try:
            bioimageio_v05.spec_step(bad, 1)
            raise AssertionError(mode + " accepted")
        except ValueError as e:
            assert mode in str(e)


def test_steps_without_kwargs_leave_them_out_except_clip():
    assert bioimageio_v05.spec_step({"name": "sigmoid"}, 1) == {"id": "sigmoid"}
    assert bioimageio_v05.spec_step({"name": "clip"}, 1) == {"id": "clip", "kwargs": {}}
    assert bioimageio_v05.spec_step({"name": "clip", "kwargs": {"min": 0.0}}, 1) == {"id": "clip", "kwargs": {"min": 0.0}}
