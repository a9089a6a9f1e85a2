"""Shared pieces of train_classification.py and train_denoise.py: the pre-processing contract with the Java
side, metrics in float64 numpy, checkpointing with --resume, and small image helpers."""
import json
import os
import time

import numpy as np
import torch

import checkpoints

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(os.path.dirname(ROOT), "shared", "data")
if not os.path.isdir(DATA):
    DATA = "/work/shared/data"


# ---------------------------------------------------------------- pre-processing (the Java contract)

def scale_range(x, lo_pct=1.0, hi_pct=99.8):
    """Per image, over all pixels and channels: numpy 'linear' percentiles in float64, then
    (x - lo) / (hi - lo + 1e-6) as float32. Returns (scaled, lo, hi)."""
    x64 = np.asarray(x, dtype=np.float64)
    lo = np.percentile(x64, lo_pct)
    hi = np.percentile(x64, hi_pct)
    return ((x64 - lo) / (hi - lo + 1e-6)).astype(np.float32), lo, hi


def restore_range(y, lo, hi):
    """Inverse of scale_range with the input's lo/hi (float64)."""
    return np.asarray(y, dtype=np.float64) * (hi - lo + 1e-6) + lo


def luminance(rgb):
    """RGB(A) uint8 -> grey float64 on 0..255: 0.299 R + 0.587 G + 0.114 B (alpha dropped)."""
    rgb = np.asarray(rgb, dtype=np.float64)
    if rgb.ndim == 2:
        return rgb
    return 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]


def block_mean(x, f):
    """Integer block averaging of a 2-D float64 image by f x f (size must be a multiple of f)."""
    h, w = x.shape
    assert h % f == 0 and w % f == 0, (x.shape, f)
    return x.reshape(h // f, f, w // f, f).mean(axis=(1, 3))


# ---------------------------------------------------------------- metrics (float64 numpy)

def rankdata(a):
    """Ranks 1..n with ties given their average rank."""
    a = np.asarray(a, dtype=np.float64)
    order = np.argsort(a, kind="mergesort")
    s = a[order]
    ranks = np.empty(len(a), dtype=np.float64)
    i = 0
    while i < len(a):
        j = i
        while j + 1 < len(a) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return ranks


def roc_auc(labels, scores):
    """Area under the ROC curve via the Mann-Whitney rank statistic:
    (sum of ranks of positives - P(P+1)/2) / (P N)."""
    labels = np.asarray(labels).astype(bool)
    r = rankdata(scores)
    p, n = labels.sum(), (~labels).sum()
    return float((r[labels].sum() - p * (p + 1) / 2.0) / (p * n))


def classification_metrics(labels, probs, class_names):
    """accuracy, per-class recall, macro F1 (and AUC of the last class's probability for 2 classes)."""
    labels = np.asarray(labels)
    probs = np.asarray(probs, dtype=np.float64)
    pred = probs.argmax(1)
    out = {"accuracy": float((pred == labels).mean())}
    k = len(class_names)
    if k == 2:
        out["auc"] = roc_auc(labels == 1, probs[:, 1])
    f1s = []
    for c in range(k):
        tp = float(((pred == c) & (labels == c)).sum())
        fn = float(((pred != c) & (labels == c)).sum())
        fp = float(((pred == c) & (labels != c)).sum())
        rec = tp / (tp + fn) if tp + fn > 0 else 0.0
        prec = tp / (tp + fp) if tp + fp > 0 else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec > 0 else 0.0)
        out[f"recall_{class_names[c]}"] = rec
    out["macro_f1"] = float(np.mean(f1s))
    return out


# ---------------------------------------------------------------- training helpers

def set_seed(seed):
    np.random.seed(seed)
    torch.manual_seed(seed)


def param_count(model):
    return int(sum(p.numel() for p in model.parameters()))


class Checkpointer:
    """training/runs/<name>/<tag>.pt: model, optimiser, scheduler, epoch, rng states, elapsed seconds, log."""

    def __init__(self, name, tag):
        self.name = f"{name}/{tag}"  # as checkpoints.py names it
        self.dir = os.path.join(HERE, "runs", name)
        os.makedirs(self.dir, exist_ok=True)
        self.path = os.path.join(self.dir, f"{tag}.pt")
        self.log_path = os.path.join(self.dir, f"{tag}.log")

    def exists(self):
        return os.path.exists(self.path)

    def save(self, model, opt, sched, epoch, elapsed, history):
        state = {"model": model.state_dict(), "opt": opt.state_dict() if opt else None,
                 "sched": sched.state_dict() if sched else None, "epoch": epoch, "elapsed": elapsed,
                 "history": history, "torch_rng": torch.get_rng_state(), "np_rng": np.random.get_state()}
        checkpoints.save(state, self.path)

    def load(self, model, opt=None, sched=None):
        state = torch.load(self.path)
        model.load_state_dict(state["model"])
        if opt is not None and state["opt"] is not None:
            opt.load_state_dict(state["opt"])
        if sched is not None and state["sched"] is not None:
            sched.load_state_dict(state["sched"])
        torch.set_rng_state(state["torch_rng"])
        np.random.set_state(state["np_rng"])
        return state

    def log(self, msg):
        line = f"{time.strftime('%H:%M:%S')} {msg}"
        print(line, flush=True)
        with open(self.log_path, "a") as f:
            f.write(line + "\n")


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
