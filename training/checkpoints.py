"""Compact, committed training checkpoints, so that a later session (maybe on another machine) resumes a run.

  /usr/bin/python3 training/checkpoints.py compact nuclei      runs/nuclei/last.pt -> checkpoints/nuclei.pt
  /usr/bin/python3 training/checkpoints.py restore nuclei      checkpoints/nuclei.pt -> runs/nuclei/last.pt
  /usr/bin/python3 training/checkpoints.py compact widefield-denoise/mamba
                                  runs/widefield-denoise/mamba.pt -> checkpoints/widefield-denoise-mamba.pt

  /usr/bin/python3 training/checkpoints.py package-weights nuclei-umamba nuclei
                                  models/nuclei/weights.pt (float32) -> runs/nuclei-umamba/last.pt's model

then `--resume` continues it. The compact file keeps the model in float16 and the optimizer moments in bfloat16
(Adam's second moments underflow float16), which is a few MB instead of 12+; everything else (step counts,
random states, the run's log) is kept as is.
"""
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def map_tensors(obj, fn):
    """obj (a state dict: nested dicts, lists and tuples) with fn applied to every tensor in it."""
    if torch.is_tensor(obj):
        return fn(obj)
    if isinstance(obj, dict):
        return {k: map_tensors(v, fn) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(map_tensors(v, fn) for v in obj)
    return obj


def _cast(obj, dtype):
    """Floating tensors of rank >= 1 to dtype (scalars such as Adam's step count stay)."""
    return map_tensors(obj, lambda t: t.to(dtype) if t.is_floating_point() and t.dim() > 0 else t)


def load(path):
    """torch.load of one of our checkpoints (numpy random states inside, so not weights_only), on the CPU. A file
    written under NumPy 2 (a GPU machine) pickles NumPy's modules as numpy._core, which NumPy 1 calls numpy.core."""
    try:
        import numpy._core  # noqa: F401
    except ImportError:
        import numpy.core
        import numpy.core.multiarray
        sys.modules.setdefault("numpy._core", numpy.core)
        sys.modules.setdefault("numpy._core.multiarray", numpy.core.multiarray)
    return torch.load(path, map_location="cpu", weights_only=False)


def run_file(name):
    """A run's checkpoint: runs/<name>/last.pt, or runs/<folder>/<net>.pt for a name folder/net."""
    return os.path.join(HERE, "runs", name + ".pt" if "/" in name else os.path.join(name, "last.pt"))


def compact_file(name):
    return os.path.join(HERE, "checkpoints", name.replace("/", "-") + ".pt")


def step_of(c):
    return c["state"]["step"] if "state" in c else c["epoch"]


def save(obj, path):
    """torch.save through a temporary file, so that a killed process never leaves a half-written checkpoint."""
    torch.save(obj, path + ".tmp")
    os.replace(path + ".tmp", path)


def compact(name):
    c = load(run_file(name))
    c["model"] = _cast(c["model"], torch.float16)
    c["opt"] = _cast(c["opt"], torch.bfloat16)
    c["compact"] = True
    os.makedirs(os.path.join(HERE, "checkpoints"), exist_ok=True)
    out = compact_file(name)
    save(c, out)
    print(f"{out}: {os.path.getsize(out) / 1e6:.1f} MB, step {step_of(c)}")


def restore(name):
    c = load(compact_file(name))
    c["model"] = _cast(c["model"], torch.float32)
    c["opt"] = _cast(c["opt"], torch.float32)
    c.pop("compact", None)
    out = run_file(name)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    if os.path.exists(out):
        sys.exit(f"{out} exists: move it away first (restore never overwrites a run)")
    save(c, out)
    print(f"{out}: step {step_of(c)} restored; continue with --resume")


def package_weights(name, task):
    """Put the shipped package's float32 weights (models/<task>/weights.pt) into a run restored from its compact
    checkpoint, whose float16 copy of the same weights differs by up to ~1e-3: so that repackaging the run (e.g. after
    choosing its post-processing) ships the same weights again. Refuses weights of another run (differing beyond
    float16 rounding or in their keys)."""
    path = run_file(name)
    c = load(path)
    shipped = torch.load(os.path.join(os.path.dirname(HERE), "models", task, "weights.pt"), map_location="cpu")
    if set(shipped) != set(c["model"]):
        sys.exit(f"{path}: its keys differ from models/{task}/weights.pt's: not the shipped run")
    for k, v in shipped.items():
        run = c["model"][k].float()
        if v.shape != run.shape or not torch.allclose(v.float(), run, rtol=2e-3, atol=1e-4):
            sys.exit(f"{path}: {k} differs from models/{task}/weights.pt beyond float16 rounding: not the shipped run")
    c["model"] = {k: v.clone() for k, v in shipped.items()}
    save(c, path)
    print(f"{path}: the float32 weights of models/{task}/weights.pt, step {step_of(c)}")


def continues(name, resume):
    """Whether the run `name` (as run_file names it) continues from its checkpoint. Hours of training are at stake
    both ways: --resume with no checkpoint stops with the file it looked for (and the committed compact one to
    restore, if there is one) instead of silently starting over, and a run without --resume never overwrites or
    deletes an existing checkpoint."""
    path = run_file(name)
    if resume and not os.path.exists(path):
        hint = (f"; restore the committed one first: /usr/bin/python3 training/checkpoints.py restore {name}"
                if os.path.exists(compact_file(name)) else "")
        sys.exit(f"--resume: no checkpoint at {path}{hint}")
    if not resume and os.path.exists(path):
        sys.exit(f"{path} holds a run (step {step_of(load(path))}): continue it with --resume, or move it away to "
                 "start over")
    return resume


if __name__ == "__main__":
    if sys.argv[1:2] == ["package-weights"] and len(sys.argv) == 4:
        package_weights(sys.argv[2], sys.argv[3])
        sys.exit()
    if len(sys.argv) != 3 or sys.argv[1] not in ("compact", "restore"):
        sys.exit(__doc__)
    {"compact": compact, "restore": restore}[sys.argv[1]](sys.argv[2])
