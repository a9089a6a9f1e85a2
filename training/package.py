"""Writes a MambaJ model package (models/<name>/): weights, rdf.yaml, test tensors, metrics and model card.

One writer for every training script, so all packages have the same layout. The Java side reads them with
org.mambaj.io.ModelPackage and checks the test tensors (`validate`).

Layout written:
  weights.safetensors   the state_dict, F32, keys exactly as the PyTorch module (BatchNorm counters and keys that
                        alias an earlier key's tensor dropped)
  test_input.npy        one preprocessed model input, NCHW float32
  test_output.npy       the raw model output for it, computed with the SEQUENTIAL reference scan
  weights.pt            the same state_dict saved by torch.save: bioimage.io's pytorch_state_dict weights
  test_output_bioimageio.npy  postprocess(network(preprocess(test_input))): what bioimage.io tools compare with
  rdf.yaml              bioimage.io model spec 0.5 description (see bioimageio_v05.py)
  metrics.json          validation metrics of the model and of its baselines (read by models_table.py)
  README.md             the model card
  samples.png           validation inputs / outputs / ground truth side by side (optional, made by the caller)
"""
import json
import os

import numpy as np
import torch
import yaml

import bioimageio_v05
from mambaj_ref import DEFAULTS, published_config, scan
from mambaj_ref.safetensors_io import save_file


def alias_keys(model):
    """The state_dict keys that name a tensor an earlier key already holds: a module registered twice (nnU-Net's
    ConvDropoutNormReLU.all_modules, U-Mamba's decoder keeping its encoder)."""
    seen, aliases = set(), set()
    for k, v in model.state_dict().items():
        where = (v.data_ptr(), tuple(v.shape), tuple(v.stride()), v.dtype)
        if v.numel() and where in seen:
            aliases.add(k)
        seen.add(where)
    return aliases


def state_dict_arrays(model):
    """The state_dict as float32 numpy arrays, without BatchNorm's num_batches_tracked counters, each tensor once:
    keys that alias an earlier one are left out, as the safetensors library's save_model does (MambaJ's loader and
    upgrade_rdf.module_with_weights take a missing copy as the original)."""
    aliases = alias_keys(model)
    return {k: v.detach().cpu().float().numpy().copy() for k, v in model.state_dict().items()
            if not k.endswith("num_batches_tracked") and k not in aliases}


def reference_output(model, x):
    """The model's output for x with the sequential scan (the semantics the Java core reproduces)."""
    was = scan.mode()
    scan.set_mode("ref")
    try:
        model.eval()
        with torch.no_grad():
            return model(torch.from_numpy(x)).numpy().astype(np.float32)
    finally:
        scan.set_mode(was)


sha256 = bioimageio_v05.sha256


def to_v0_5(rdf, out_dir, model):
    """Writes weights.pt (the module's state_dict, torch.save) and returns the bioimage.io 0.5 form of the
    0.4-style rdf (bioimageio_v05.convert)."""
    torch.save({k: v.detach().cpu() for k, v in model.state_dict().items()}, os.path.join(out_dir, "weights.pt"))
    arch = rdf["architecture"]["name"]
    cls = type(model)
    pipeline = bioimageio_v05.pipeline_output(rdf, out_dir, lambda x: reference_output(model, x))
    return bioimageio_v05.convert(rdf, out_dir, callable_name=cls.__name__, import_from=cls.__module__,
                                  kwargs=published_config(arch, rdf["architecture"]["config"]),
                                  pytorch_version=torch.__version__.split("+")[0], pipeline=pipeline,
                                  cite=DEFAULTS.get(arch, {}).get("cite"))


def write_package(out_dir, *, name, description, architecture, config, model, test_input, axes, min_shape, step,
                  preprocessing, postprocessing, task, class_names, metrics, baselines, card, tags=(),
                  tile=None, extra=None, authors=None, license=None):
    """Write the package.

    axes: input axes, "bcyx". min_shape / step: bioimage.io shape spec of the input (b, c, y, x).
    preprocessing / postprocessing: lists of {"name": ..., "kwargs": {...}}; the names the Java side knows:
      pre:  scale_range (kwargs min_percentile, max_percentile, axes "cyx", per sample, numpy 'linear'
            percentiles, then (x - lo) / (hi - lo + 1e-6)), scale_linear (gain, offset)
      post: sigmoid, softmax, binarize (threshold), instances_from_interior (see nuclei), restore_range
            (undo scale_range with the input's lo/hi)
    metrics: {"metric name": value} on the validation split; baselines: {"baseline name": {metric: value}}.
    card: dict of markdown sections for README.md (title -> text), in order.
    authors / license: of a converted checkpoint (default: the project's own, for the models it trained).
    """
    os.makedirs(out_dir, exist_ok=True)
    weights = os.path.join(out_dir, "weights.safetensors")
    save_file(state_dict_arrays(model), weights, metadata={"format": "pt", "architecture": architecture})
    x = np.ascontiguousarray(test_input, dtype=np.float32)
    np.save(os.path.join(out_dir, "test_input.npy"), x)
    np.save(os.path.join(out_dir, "test_output.npy"), reference_output(model, x))
    n_params = sum(p.numel() for p in model.parameters())
    rdf = {
        "format_version": "0.4.10",
        "type": "model",
        "name": name,
        "description": description,
        "authors": [{"name": a} for a in (authors or ["MambaJ team"])],
        "license": license or "CC-BY-4.0",
        "version": "1.0.0",
        "tags": ["mamba", task] + list(tags),
        "documentation": "README.md",
        "architecture": {"name": architecture, "config": config},
        "weights": {"safetensors": {"source": "weights.safetensors", "sha256": sha256(weights)}},
        "inputs": [{"name": "input", "axes": axes, "data_type": "float32",
                    "shape": {"min": list(min_shape), "step": list(step)}, "preprocessing": preprocessing}],
        "outputs": [{"name": "output", "axes": "bc" if task == "classification" else "bcyx",
                     "data_type": "float32", "postprocessing": postprocessing}],
        "test_inputs": ["test_input.npy"],
        "test_outputs": ["test_output.npy"],
        "config": {"mambaj": dict({"task": task, "class_names": list(class_names), "metrics": metrics,
                                    "parameters": n_params}, **({"tile": tile} if tile else {}),
                                   **(extra or {}))},
    }
    # metrics.json first: rdf.yaml lists it with its SHA-256 (to_v0_5 hashes the attachments as they are on disk)
    with open(os.path.join(out_dir, "metrics.json"), "w") as f:
        json.dump({"name": name, "task": task, "architecture": architecture, "parameters": n_params,
                   "metrics": metrics, "baselines": baselines}, f, indent=1)
    rdf = to_v0_5(rdf, out_dir, model)
    with open(os.path.join(out_dir, "rdf.yaml"), "w") as f:
        yaml.safe_dump(rdf, f, sort_keys=False, allow_unicode=True)
    with open(os.path.join(out_dir, "README.md"), "w") as f:
        f.write(f"# {name}\n\n{description}\n\n**Not for clinical use.** Research and teaching only.\n\n")
        for title, text in card.items():
            f.write(f"## {title}\n\n{text.strip()}\n\n")
    return rdf
