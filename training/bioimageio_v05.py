"""Turns MambaJ's package description into a bioimage.io model spec 0.5 rdf.yaml (format_version 0.5.7).

Used by package.py (new packages) and upgrade_rdf.py (existing packages, without retraining). The mapping:
  architecture          -> weights.pytorch_state_dict.architecture {callable, import_from, kwargs}: the class of
                           training/mambaj_ref that builds the network (put training/ on PYTHONPATH), kwargs the full
                           published config; config.mambaj.architecture keeps MambaJ's name for it
  weights.safetensors   -> an attachment (MambaJ reads it: config.mambaj.weights); weights.pt, a torch.save'd
                           state_dict of the same values, is the pytorch_state_dict file bioimage.io tools load
  axes "bcyx" + shape   -> axis objects: batch, channel (channel_names), space y/x (fixed size or min/step);
                           outputs' y/x sizes reference the input's (same size), a classifier's output is batch+channel
  processing            -> the spec's steps (scale_range, scale_linear, zero_mean_unit_variance, clip, sigmoid,
                           softmax, binarize, ensure_dtype) keep their place; MambaJ's own (instances_from_interior,
                           restore_range) go to config.mambaj.preprocessing / postprocessing and run after them
  test tensors          -> test_tensor {source, sha256}. bioimage.io tools run the whole pipeline: preprocessing of the
                           test input, the network, postprocessing. MambaJ's test_input.npy is the raw test input;
                           test_output_bioimageio.npy is the pipeline's output for it (the caller runs the network on
                           preprocess(test_input)). MambaJ's own pair, test_input.npy fed to the network as it is and
                           the raw network output test_output.npy, stays for `mambaj validate`:
                           config.mambaj.raw_test_outputs names it (an attachment).
"""
import datetime
import hashlib
import keyword
import os
import re

import numpy as np

FORMAT_VERSION = "0.5.7"
SPEC_STEPS = {"scale_range", "scale_linear", "zero_mean_unit_variance", "fixed_zero_mean_unit_variance", "clip",
              "binarize", "sigmoid", "softmax", "ensure_dtype", "scale_mean_variance"}
AXIS_IDS = {"b": "batch", "c": "channel", "t": "time", "z": "z", "y": "y", "x": "x"}
INPUT_CHANNEL_NAMES = {"rgb": ["red", "green", "blue"], "grey": ["intensity"], "green": ["green"]}
RAW_OUTPUT = "test_output.npy"
PIPELINE_OUTPUT = "test_output_bioimageio.npy"


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def identifier(name, fallback):
    """A channel name the spec accepts (a Python identifier, not a keyword)."""
    s = re.sub(r"\W", "_", str(name).strip())
    if not s or s[0].isdigit() or keyword.iskeyword(s):
        s = fallback if not s else fallback + "_" + s
    return s


def _axes_list(letters):
    return [AXIS_IDS[a] for a in letters]


def spec_step(step, n_channels):
    """One 0.4-style MambaJ step {"name", "kwargs"} as the spec's {"id", "kwargs"}."""
    name, kw = step["name"], dict(step.get("kwargs") or {})
    if name in ("scale_range", "zero_mean_unit_variance") and kw.get("mode", "per_sample") != "per_sample":
        # 0.5 has no `mode`: its steps are per sample (MambaJ's only mode); another mode must not silently become it
        raise ValueError(f"{name}: mode {kw['mode']!r} is not supported (MambaJ normalizes per sample)")
    if name == "scale_range":
        axes = kw.get("axes", "cyx")
        out = {"axes": _axes_list(axes) if isinstance(axes, str) else list(axes),
               "min_percentile": float(kw.get("min_percentile", 0.0)),
               "max_percentile": float(kw.get("max_percentile", 100.0)), "eps": float(kw.get("eps", 1e-6))}
    elif name == "softmax":
        out = {"axis": "channel"}
    elif name == "binarize":
        out = {"threshold": float(kw.get("threshold", 0.5))}
    elif name == "zero_mean_unit_variance":
        out = {"eps": float(kw.get("eps", 1e-6))}
    elif name == "scale_linear":
        out = {"gain": float(kw.get("gain", 1.0)), "offset": float(kw.get("offset", 0.0))}
    else:
        out = kw
    # the spec's schema requires kwargs on clip even when it sets no bound (as MambaJ's Java writer writes it)
    return {"id": name, "kwargs": out} if out or name == "clip" else {"id": name}


def split_steps(steps, field):
    """(the spec's steps, MambaJ's own steps). MambaJ runs its own after the spec's, so none may come before one."""
    spec, own = [], []
    for s in steps or []:
        if s["name"] in SPEC_STEPS:
            if own:
                raise ValueError(f"{field}: the spec step {s['name']} follows MambaJ's {own[-1]['name']}; "
                                 "a 0.5 package runs MambaJ's steps last")
            spec.append(s)
        else:
            own.append({"name": s["name"], **({"kwargs": s["kwargs"]} if s.get("kwargs") else {})})
    return spec, own


def preprocess(x, steps):
    """The spec's preprocessing of an NCHW input as MambaJ runs it (per sample, over all channels and pixels)."""
    y = x.astype(np.float64)
    for s in steps:
        kw = s.get("kwargs") or {}
        if s["name"] == "scale_range":
            lo, hi = np.percentile(y, [kw.get("min_percentile", 0.0), kw.get("max_percentile", 100.0)])
            y = (y - lo) / (hi - lo + kw.get("eps", 1e-6))
        elif s["name"] == "scale_linear":
            y = y * kw.get("gain", 1.0) + kw.get("offset", 0.0)
        elif s["name"] == "zero_mean_unit_variance":
            y = (y - y.mean()) / (y.std() + kw.get("eps", 1e-6))
        elif s["name"] != "ensure_dtype":
            raise ValueError(f"preprocessing {s['name']}: not computed by the converter")
    return y.astype(np.float32)


def postprocess(raw, steps):
    """The spec's postprocessing of a raw NC... output, as bioimage.io tools apply it (float32)."""
    y = raw.astype(np.float64)
    for s in steps:
        kw = s.get("kwargs") or {}
        if s["name"] == "softmax":
            e = np.exp(y - y.max(axis=1, keepdims=True))
            y = e / e.sum(axis=1, keepdims=True)
        elif s["name"] == "sigmoid":
            y = 1.0 / (1.0 + np.exp(-y))
        elif s["name"] == "binarize":
            y = (y > kw.get("threshold", 0.5)).astype(np.float64)
        elif s["name"] == "clip":
            y = np.clip(y, kw.get("min", -np.inf), kw.get("max", np.inf))
        elif s["name"] == "scale_linear":
            y = y * kw.get("gain", 1.0) + kw.get("offset", 0.0)
        elif s["name"] != "ensure_dtype":
            raise ValueError(f"postprocessing {s['name']}: not computed by the package writer")
    return y.astype(np.float32)


def _file(out_dir, name):
    return {"source": name, "sha256": sha256(os.path.join(out_dir, name))}


def pipeline_output(rdf, out_dir, network):
    """postprocess(network(preprocess(test_input))) with the spec's steps of a 0.4-style rdf: the output test tensor
    bioimage.io tools expect. network: NCHW float32 array -> output array."""
    pre, _ = split_steps(rdf["inputs"][0].get("preprocessing"), "preprocessing")
    post, _ = split_steps(rdf["outputs"][0].get("postprocessing"), "postprocessing")
    x = np.load(os.path.join(out_dir, "test_input.npy"))
    return postprocess(network(preprocess(x, pre)), post)


def convert(rdf, out_dir, *, callable_name, import_from, kwargs, pytorch_version, pipeline, cite=None,
            timestamp=None):
    """The 0.5 rdf (a dict, keys in the spec's order) for a 0.4-style MambaJ rdf whose files are in out_dir.

    out_dir must hold weights.safetensors, weights.pt, test_input.npy and test_output.npy; pipeline (see
    pipeline_output) is written here as test_output_bioimageio.npy."""
    mambaj = dict((rdf.get("config") or {}).get("mambaj") or {})
    inp, outp = rdf["inputs"][0], rdf["outputs"][0]
    in_letters, out_letters = inp["axes"], outp["axes"]
    if in_letters != "bcyx" or out_letters not in ("bc", "bcyx"):
        raise ValueError(f"axes {in_letters} -> {out_letters}: MambaJ packages are bcyx -> bc or bcyx")
    shape = inp["shape"]
    mins, steps = (shape["min"], shape["step"]) if isinstance(shape, dict) else (shape, [0] * len(shape))
    n_in = int(mins[1])
    in_names = INPUT_CHANNEL_NAMES.get(mambaj.get("channels"), [f"channel{i}" for i in range(n_in)])
    if len(in_names) != n_in:
        in_names = [f"channel{i}" for i in range(n_in)]
    in_axes = [{"type": "batch"}, {"type": "channel", "channel_names": in_names}]
    for letter, m, s in zip("yx", mins[2:], steps[2:]):
        in_axes.append({"type": "space", "id": letter,
                        "size": int(m) if int(s) == 0 else {"min": int(m), "step": int(s)}})

    raw = np.load(os.path.join(out_dir, RAW_OUTPUT))
    n_out = int(raw.shape[1])
    classes = list(mambaj.get("class_names") or [])
    if mambaj.get("task") == "denoising" and n_out == n_in:
        out_names = in_names
    elif len(classes) == n_out:
        out_names = [identifier(c, f"class{i}") for i, c in enumerate(classes)]
    else:
        out_names = [f"class{i}" for i in range(n_out)]
    out_axes = [{"type": "batch"}, {"type": "channel", "channel_names": out_names}]
    if out_letters == "bcyx":
        out_axes += [{"type": "space", "id": a, "size": {"tensor_id": "input", "axis_id": a}} for a in "yx"]
        # super-resolution: size = input size * input scale / this scale, so 1/N makes the output N times larger
        n = raw.shape[2] // np.load(os.path.join(out_dir, "test_input.npy")).shape[2]
        if n > 1:
            for axis in out_axes[2:]:
                axis["scale"] = 1.0 / n

    pre, own_pre = split_steps(inp.get("preprocessing"), "preprocessing")
    post, own_post = split_steps(outp.get("postprocessing"), "postprocessing")
    if any(s["name"] == "binarize" for s in post) and post[-1]["name"] != "ensure_dtype":
        post.append({"name": "ensure_dtype", "kwargs": {"dtype": "float32"}})  # binarize gives booleans
    np.save(os.path.join(out_dir, PIPELINE_OUTPUT), np.ascontiguousarray(pipeline, dtype=np.float32))
    out_test = PIPELINE_OUTPUT

    attachments = [_file(out_dir, "weights.safetensors"), _file(out_dir, RAW_OUTPUT)]
    for extra in ("metrics.json", "samples.png"):
        if os.path.exists(os.path.join(out_dir, extra)):
            attachments.append(_file(out_dir, extra))

    config_mambaj = {"architecture": rdf["architecture"]["name"], "weights": "weights.safetensors",
                     "raw_test_outputs": [RAW_OUTPUT]}
    if own_pre:
        config_mambaj["preprocessing"] = own_pre
    if own_post:
        config_mambaj["postprocessing"] = own_post
    config_mambaj.update(mambaj)

    out = {
        "format_version": FORMAT_VERSION,
        "type": "model",
        "name": rdf["name"] if len(rdf["name"]) >= 5 else rdf["name"] + " model",
        "description": rdf.get("description", ""),
        "authors": rdf.get("authors") or [{"name": "unknown"}],
        "cite": cite or [],
        "license": rdf.get("license"),
        "version": str(rdf.get("version", "1.0.0")),
        "tags": list(rdf.get("tags") or []),
        "documentation": rdf.get("documentation", "README.md"),
        "timestamp": timestamp or datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
        "inputs": [{"id": "input", "axes": in_axes, "test_tensor": _file(out_dir, "test_input.npy"),
                    "data": {"type": "float32"},
                    **({"preprocessing": [spec_step(s, n_in) for s in pre]} if pre else {})}],
        "outputs": [{"id": "output", "axes": out_axes, "test_tensor": _file(out_dir, out_test),
                     "data": {"type": "float32"},
                     **({"postprocessing": [spec_step(s, n_out) for s in post]} if post else {})}],
        "weights": {"pytorch_state_dict": {
            **_file(out_dir, "weights.pt"),
            "architecture": {"callable": callable_name, "import_from": import_from, "kwargs": kwargs},
            "pytorch_version": pytorch_version}},
        "attachments": attachments,
        "config": {"mambaj": config_mambaj},
    }
    if not out["cite"]:
        del out["cite"]
    if out["license"] is None:
        del out["license"]
    return out
