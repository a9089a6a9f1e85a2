"""Train and package the MambaIR widefield denoiser (W2S) with its baselines.

  /usr/bin/python3 training/train_denoise.py widefield-denoise [--steps 3000] [--resume] [--stage all]

Stages: mamba (MambaIR), dncnn (DnCNN baseline of about the same size, the same number of steps on the same
data and crops), classic (Gaussian filter and non-local means, parameters chosen on TRAIN images), package
(evaluate on the 60 whole validation images, write models/widefield-denoise/).

Both noisy and clean images are normalised with the NOISY image's scale_range (1, 99.8) lo/hi computed on the
whole 256x256 noisy image; the network maps noisy -> clean on that scale; restore_range maps the output back
with the same lo/hi. Training: random 48x48 crops with the 8 flips/rotations, L1 loss, AdamW, 20 warm-up
steps and cosine learning-rate decay over --steps (--resume continues a killed run; a larger --steps on resume
restarts the cosine from that step). Checkpoints every 25 steps into training/runs/widefield-denoise/<net>.pt
(compact copies for the next session: `training/checkpoints.py compact widefield-denoise/mamba`). The shipped
weights are the last checkpoint (no selection on validation).
"""
import argparse
import csv
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checkpoints  # noqa: E402
from finite import finite_step  # noqa: E402
from cls_common import (DATA, HERE, ROOT, Checkpointer, param_count, restore_range, scale_range,  # noqa: E402
                        set_seed, write_json)
from mambaj_ref import from_config, scan  # noqa: E402

torch.set_num_threads(int(os.environ.get("MAMBAJ_TRAIN_THREADS", "2")))

NAME = "widefield-denoise"
# two VSS blocks of width 32: 60,599 parameters, the size of the DnCNN baseline (56,289); 1.2 s a step of 8 48x48
# crops on 2 threads here, against 3.6 s for embed_dim 48 / depths [2, 2] (230k) and 7 s at 64x64
ARCH = dict(in_chans=1, embed_dim=32, depths=[2], d_state=8, mlp_ratio=2.0, img_range=1.0, drop_path_rate=0.0)
SPEC = dict(crop=48, batch=8, lr=2e-3, wd=1e-4, seed=3, ckpt_every=25, warmup=20)
# what happened in the runs behind the package (pauses, resumes); written into the card
HISTORY = ("Run history: the MambaIR ran `--steps 3000 --stage mamba` to step 1525, stopped with the session, and "
           "was continued the next session on the same machine with `--resume` to 3000 (never paused); the DnCNN ran "
           "`--stage dncnn` right after it, in one run.")
# goals of issue 7: PSNR at least DnCNN + 0.5 dB and Gaussian + 3 dB, mean intensity preserved (|shift| <= 0.5)
MAX_MEAN_SHIFT = 0.5
W2S = os.path.join(DATA, "denoising", "w2s")


def load():
    import tifffile
    out = {}
    for part in ("train", "val"):
        noisy = tifffile.imread(os.path.join(W2S, f"{part}_noisy.tif")).astype(np.float64)
        clean = tifffile.imread(os.path.join(W2S, f"{part}_clean.tif")).astype(np.float64)
        with open(os.path.join(W2S, f"{part}_index.csv")) as f:
            index = [{k: int(v) for k, v in r.items()} for r in csv.DictReader(f)]
        out[part] = (noisy, clean, index)
    return out


def normalise(noisy, clean):
    """Per image: scale_range of the noisy image; the clean image gets the same lo/hi."""
    xs, ys, lohi = [], [], []
    for n, c in zip(noisy, clean):
        x, lo, hi = scale_range(n)
        xs.append(x)
        ys.append(((c - lo) / (hi - lo + 1e-6)).astype(np.float32))
        lohi.append((lo, hi))
    return np.stack(xs)[:, None], np.stack(ys)[:, None], lohi


class DnCNN(nn.Module):
    """DnCNN (Zhang et al. 2017), small: conv+ReLU, (depth-2) x (conv+BN+ReLU), conv; predicts the noise."""

    def __init__(self, depth=8, width=32):
        super().__init__()
        layers = [nn.Conv2d(1, width, 3, padding=1), nn.ReLU()]
        for _ in range(depth - 2):
            layers += [nn.Conv2d(width, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU()]
        layers += [nn.Conv2d(width, 1, 3, padding=1)]
        self.body = nn.Sequential(*layers)

    def forward(self, x):
        return x - self.body(x)


def build(kind):
    return from_config("mambair", ARCH) if kind == "mamba" else DnCNN()


def random_batch(X, Y, rng, crop, batch):
    n, _, h, w = X.shape
    xb = np.empty((batch, 1, crop, crop), np.float32)
    yb = np.empty_like(xb)
    for i in range(batch):
        k = rng.randint(n)
        y0, x0 = rng.randint(0, h - crop + 1), rng.randint(0, w - crop + 1)
        a, b = X[k, 0, y0:y0 + crop, x0:x0 + crop], Y[k, 0, y0:y0 + crop, x0:x0 + crop]
        r, fl = rng.randint(4), rng.randint(2)
        a, b = np.rot90(a, r), np.rot90(b, r)
        if fl:
            a, b = a[:, ::-1], b[:, ::-1]
        xb[i, 0], yb[i, 0] = a, b
    return torch.from_numpy(xb), torch.from_numpy(yb)


def lr_at(it, steps):
    """Linear warm-up, then cosine decay to 2 % of the base rate at the last step."""
    warm = min(1.0, (it + 1) / SPEC["warmup"])
    return SPEC["lr"] * warm * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * min(it / steps, 1.0))))


def train(kind, X, Y, steps, resume):
    set_seed(SPEC["seed"] + (0 if kind == "mamba" else 100))
    ck = Checkpointer(NAME, kind)
    model = build(kind)
    opt = torch.optim.AdamW(model.parameters(), lr=SPEC["lr"], weight_decay=SPEC["wd"])
    it, elapsed, history = 0, 0.0, []
    if checkpoints.continues(ck.name, resume):
        st = ck.load(model, opt)
        it, elapsed, history = st["epoch"], st["elapsed"], st["history"]
        ck.log(f"resumed {kind} at step {it}, {elapsed:.0f} s so far")
    ck.log(f"{kind}: {param_count(model)} parameters, budget {steps} steps, {torch.get_num_threads()} threads")
    rng = np.random.RandomState(SPEC["seed"] * 1000 + it)
    model.train()
    run_loss, t_last = 0.0, time.time()
    skipped = []  # steps not taken (finite_step)
    cpu = history[-1]["cpu_seconds"] if history else 0.0
    c_last = time.process_time()
    while it < steps:
        for g in opt.param_groups:
            g["lr"] = lr_at(it, steps)
        xb, yb = random_batch(X, Y, rng, SPEC["crop"], SPEC["batch"])
        loss = F.l1_loss(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        if finite_step(f"{NAME} {kind}", it, loss, model, skipped, ck.path):
            opt.step()
        it += 1
        run_loss += loss.item()
        now = time.time()
        elapsed += now - t_last
        t_last = now
        if it % SPEC["ckpt_every"] == 0 or it == steps:
            n = SPEC["ckpt_every"] if it % SPEC["ckpt_every"] == 0 else it % SPEC["ckpt_every"]
            cpu += time.process_time() - c_last
            c_last = time.process_time()
            history.append({"iteration": it, "train_l1": run_loss / n, "elapsed": elapsed, "cpu_seconds": cpu,
                            "budget_steps": steps})
            ck.save(model, opt, None, it, elapsed, history)
            ck.log(f"{kind} step {it}/{steps} L1 {run_loss / n:.4f} lr {opt.param_groups[0]['lr']:.2e} "
                   f"{elapsed:.0f} s, cpu {cpu:.0f} s")
            run_loss = 0.0
            rng = np.random.RandomState(SPEC["seed"] * 1000 + it)
            t_last = time.time()
    return model


# ---------------------------------------------------------------- evaluation

def metrics_255(clean, den):
    """PSNR and SSIM (skimage.metrics, data_range 255) of a float64 image on 0..255 (clipped first)."""
    from skimage.metrics import peak_signal_noise_ratio, structural_similarity
    den = np.clip(np.asarray(den, np.float64), 0.0, 255.0)
    return (peak_signal_noise_ratio(clean, den, data_range=255),
            structural_similarity(clean, den, data_range=255))


def summarise(clean, dens):
    """Mean PSNR and SSIM, and mean_shift: the mean over images of mean(output) - mean(clean) on 0..255 (a
    denoiser should not brighten or darken the image)."""
    ps, ss = zip(*[metrics_255(c, d) for c, d in zip(clean, dens)])
    shift = [float(np.mean(np.clip(d, 0.0, 255.0)) - np.mean(c)) for c, d in zip(clean, dens)]
    return {"psnr": float(np.mean(ps)), "ssim": float(np.mean(ss)), "mean_shift": float(np.mean(shift))}


@torch.no_grad()
def predict(model, X, lohi, batch=10):
    model.eval()
    out = []
    for i in range(0, len(X), batch):
        y = model(torch.from_numpy(X[i:i + batch])).numpy()
        for j, (lo, hi) in enumerate(lohi[i:i + batch]):
            out.append(np.clip(restore_range(y[j, 0], lo, hi), 0.0, 255.0))
    return out


def classic(data):
    """Gaussian sigma and NLM h chosen by mean PSNR on TRAIN images; returns the chosen parameters."""
    from scipy.ndimage import gaussian_filter
    from skimage.restoration import denoise_nl_means
    ck = Checkpointer(NAME, "classic")
    noisy, clean, _ = data["train"]
    sel = np.arange(0, len(noisy), 8)  # 30 training images
    best_g = None
    for s in (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0):
        p = summarise(clean[sel], [gaussian_filter(n, s, mode="reflect") for n in noisy[sel]])["psnr"]
        ck.log(f"gaussian sigma {s}: train PSNR {p:.3f}")
        if best_g is None or p > best_g[0]:
            best_g = (p, s)
    best_h = None
    for h in (16.0, 24.0, 32.0, 40.0, 48.0, 64.0, 80.0):
        den = [denoise_nl_means(n, h=h, patch_size=5, patch_distance=6, fast_mode=True) for n in noisy[sel]]
        p = summarise(clean[sel], den)["psnr"]
        ck.log(f"nlm h {h}: train PSNR {p:.3f}")
        if best_h is None or p > best_h[0]:
            best_h = (p, h)
    res = {"gaussian_sigma": best_g[1], "nlm_h": best_h[1], "train_images": sel.tolist()}
    write_json(os.path.join(ck.dir, "classic.json"), res)
    ck.log(f"chosen on train: {res}")
    return res


def samples_png(path, noisy, outs, clean, idx):
    from PIL import Image, ImageDraw
    rows = []
    for k in idx:
        lo, hi = np.percentile(clean[k], 0.5), np.percentile(clean[k], 99.8)
        tiles = [np.clip((a - lo) / (hi - lo + 1e-6), 0, 1) for a in (noisy[k], outs[k], clean[k])]
        rows.append(np.concatenate([np.pad(t, 2, constant_values=1) for t in tiles], axis=1))
    img = np.concatenate(rows, axis=0)
    im = Image.fromarray((img * 255).astype(np.uint8)).convert("RGB")
    canvas = Image.new("RGB", (im.width, im.height + 16), "white")
    canvas.paste(im, (0, 16))
    d = ImageDraw.Draw(canvas)
    for j, t in enumerate(("noisy input", "MambaIR output", "clean (400-frame average)")):
        d.text((j * 260 + 4, 2), t, fill=(0, 0, 0))
    canvas.save(path)


def package(data):
    from scipy.ndimage import gaussian_filter
    from skimage.restoration import denoise_nl_means
    from package import write_package
    noisy, clean, index = data["val"]
    Xv, _, lohi = normalise(noisy, clean)
    cl = __import__("json").load(open(os.path.join(HERE, "runs", NAME, "classic.json")))
    res, nets = {}, {}
    for kind in ("mamba", "dncnn"):
        st = torch.load(Checkpointer(NAME, kind).path)
        model = build(kind)
        model.load_state_dict(st["model"])
        nets[kind] = (model, st)
        t0 = time.time()
        outs = predict(model, Xv, lohi)
        res[kind] = summarise(clean, outs)
        print(kind, res[kind], f"{time.time() - t0:.0f} s", flush=True)
        if kind == "mamba":
            mamba_outs = outs
    res["noisy"] = summarise(clean, noisy)
    res["gauss"] = summarise(clean, [gaussian_filter(n, cl["gaussian_sigma"], mode="reflect") for n in noisy])
    res["nlm"] = summarise(clean, [denoise_nl_means(n, h=cl["nlm_h"], patch_size=5, patch_distance=6,
                                                    fast_mode=True) for n in noisy])
    print(res, flush=True)
    model, st = nets["mamba"]
    if st["epoch"] != nets["dncnn"][1]["epoch"]:
        sys.exit(f"MambaIR has {st['epoch']} steps and DnCNN {nets['dncnn'][1]['epoch']}: the baseline must have the "
                 "same number of steps (train it with the same --steps)")
    out_dir = os.path.join(ROOT, "models", NAME)
    os.makedirs(out_dir, exist_ok=True)
    samples_png(os.path.join(out_dir, "samples.png"), noisy, mamba_outs, clean, [0, 1, 2])
    metrics = res["mamba"]
    dn = nets["dncnn"]
    baselines = {"noisy input": res["noisy"],
                 f"Gaussian filter (sigma {cl['gaussian_sigma']}, chosen on train)": res["gauss"],
                 f"non-local means (h {cl['nlm_h']}, patch 5, distance 6, chosen on train)": res["nlm"],
                 f"DnCNN ({param_count(dn[0]):,} params, {dn[1]['epoch']} steps, {dn[1]['elapsed'] / 60:.0f} min wall / "
                 f"{dn[1]['history'][-1]['cpu_seconds'] / 60:.1f} min CPU)": res["dncnn"]}
    table = "| method | PSNR (dB) | SSIM | mean shift |\n|---|---|---|---|\n" + "".join(
        f"| {k} | {v['psnr']:.2f} | {v['ssim']:.4f} | {v['mean_shift']:+.2f} |\n"
        for k, v in [("**MambaIR (this model)**", metrics)] + list(baselines.items()))
    hist = st["history"]
    test_in = Xv[:1, :, 96:160, 96:160].copy()  # a 64x64 crop of the first validation image
    card = {
        "Data and split": (
            "W2S widefield fluorescence (Zhou et al. 2020), `denoising/w2s`: centre 256x256 crops of the 8-bit "
            "release; noisy = single frame, clean = 400-frame average. Train: `train_noisy/clean.tif`, 240 slices "
            "(fields 1-80, 3 channels); validation: `val_*.tif`, 60 slices (fields 81-100), never trained on. "
            f"Split: `training/splits/{NAME}.json`."),
        "Training": (
            f"Command: `/usr/bin/python3 training/train_denoise.py {NAME} --steps {st['epoch']}` (stages mamba, dncnn, "
            f"classic, package; `--resume` continues from `training/runs/{NAME}/`). MambaIR: {st['epoch']} AdamW steps "
            f"of batch {SPEC['batch']} random {SPEC['crop']}x{SPEC['crop']} crops (8 flips/rotations), L1 loss on the "
            f"normalised scale, lr {SPEC['lr']} with {SPEC['warmup']} warm-up steps and cosine decay to 2 %, weight "
            f"decay {SPEC['wd']}, {torch.get_num_threads()} threads of a 2-core machine: {st['elapsed'] / 60:.1f} min "
            f"wall, {hist[-1]['cpu_seconds'] / 60:.1f} min CPU. Final training L1 (last 25 steps): "
            f"{hist[-1]['train_l1']:.4f}. Last checkpoint shipped. The DnCNN baseline: the same script, data, crops, "
            f"loss, optimizer and number of steps ({dn[1]['epoch']}). {HISTORY} The Gaussian sigma and the NLM h were "
            "chosen by mean PSNR on 30 TRAIN images (every 8th). The selective scan runs through the project's training "
            "scan (`training/mambaj_ref/scan_fast.py`, equal to the reference up to float rounding)."),
        "Architecture": (
            f"MambaIR (`mambaj_ref.mambair`, published state-dict names, denoising configuration: no upsampler, "
            f"1conv residual), config `{ARCH}`; {param_count(model):,} parameters. Fully convolutional/scan, any "
            "H, W (size_multiple 1)."),
        "Pre- and post-processing (exact)": (
            "Input: the 8-bit greyscale image as float64. `scale_range`: lo = np.percentile(x, 1.0), hi = "
            "np.percentile(x, 99.8) over the whole image (numpy 'linear', float64), x = (x - lo) / (hi - lo + 1e-6) "
            "as float32, shape 1x1xHxW. The model runs on the WHOLE image (no tiling, no padding). Output: "
            "`restore_range`: y * (hi - lo + 1e-6) + lo with the input's lo/hi (float64), then clipped to [0, 255] "
            "for the metrics. rdf.yaml: preprocessing `scale_range {min_percentile: 1.0, max_percentile: 99.8, "
            "axes: cyx}`, postprocessing `restore_range`, `config.mambaj.channels: grey`, "
            "`config.mambaj.size_multiple: 1`."),
        "Validation metrics": (
            table + f"\n{goals(metrics, res)} {brightness_gap(data, nets, res)}\n\nMean over the 60 whole 256x256 "
            "validation images (mean shift: mean(output) - mean(clean) per image, averaged, in grey levels; the "
            f"single frames themselves are {res['noisy']['mean_shift']:+.1f} from their 400-frame averages, which is "
            "why a filter that keeps the input's mean, like the Gaussian, shows about that shift), computed in float64 against the clean image on the 0..255 scale, every output "
            "clipped to [0, 255] (not rounded): PSNR = skimage.metrics.peak_signal_noise_ratio(clean, out, "
            "data_range=255) = 10 log10(255^2 / mean((clean - out)^2)); SSIM = "
            "skimage.metrics.structural_similarity(clean, out, data_range=255) with the defaults of skimage 0.19 "
            "(7x7 uniform window, K1 0.01, K2 0.03, sample covariance). The Gaussian filter is "
            "scipy.ndimage.gaussian_filter(noisy, sigma, mode='reflect'); NLM is "
            "skimage.restoration.denoise_nl_means(noisy, h, patch_size=5, patch_distance=6, fast_mode=True) on "
            "the 0..255 image."),
        "Samples": "![validation samples](samples.png)\n\nThree validation images: noisy input, MambaIR output and the "
                   "clean 400-frame average (each row displayed with the clean image's 0.5/99.8 percentiles).",
        "Intended use": "Demonstration and regression testing of MambaJ's Java/Fiji MambaIR inference on real "
                        "widefield fluorescence images. Not for quantitative or clinical use.",
        "Limitations": limitations(metrics, res, st),
    }
    write_package(out_dir, name=NAME,
                  description="MambaIR denoiser for widefield fluorescence microscopy (W2S, single frame -> "
                              "400-frame average)",
                  architecture="mambair", config=ARCH, model=model, test_input=test_in, axes="bcyx",
                  min_shape=(1, 1, 1, 1), step=(0, 0, 1, 1),
                  preprocessing=[{"name": "scale_range", "kwargs": {"min_percentile": 1.0, "max_percentile": 99.8,
                                                                      "axes": "cyx", "mode": "per_sample"}}],
                  postprocessing=[{"name": "restore_range"}], task="denoising", class_names=[],
                  metrics=metrics, baselines=baselines, card=card, tags=["mambair", "denoising", "fluorescence"],
                  extra={"channels": "grey", "size_multiple": 1, "clip": [0, 255],
                         "validation": {"split": f"training/splits/{NAME}.json", "items": "val_noisy.tif (all 60)"}})
    return res


def brightness_gap(data, nets, res):
    """Where the mean shift comes from, measured: each network's mean shift on the 30 training images the classic
    baselines are tuned on (every 8th), and the clean/noisy mean-brightness ratio of the training and validation
    fields. Returns a sentence for the card."""
    noisy, clean, _ = data["train"]
    sel = np.arange(0, len(noisy), 8)
    X, _, lohi = normalise(noisy[sel], clean[sel])
    train = {k: summarise(clean[sel], predict(m, X, lohi))["mean_shift"] for k, (m, _) in nets.items()}
    ratio = {part: float(np.mean(data[part][1].mean(axis=(1, 2)) / data[part][0].mean(axis=(1, 2))))
             for part in ("train", "val")}
    return (f"Where the mean shift comes from: on 30 training images (every 8th) the MambaIR's mean shift is "
            f"{train['mamba']:+.2f} and the DnCNN's {train['dncnn']:+.2f} grey levels"
            f"{' (both within the goal)' if max(map(abs, train.values())) <= MAX_MEAN_SHIFT else ''}; the "
            f"validation fields' 400-frame averages are brighter relative to their single frames (mean clean/noisy "
            f"brightness ratio {ratio['val']:.3f}, training fields {ratio['train']:.3f}); from training to validation "
            f"images the MambaIR's shift moves by {res['mamba']['mean_shift'] - train['mamba']:+.2f}, the DnCNN's by "
            f"{res['dncnn']['mean_shift'] - train['dncnn']:+.2f}. A loss term on the mean would pull the "
            "training-image shift towards zero; it would not address this gap between fields, so it was not tried.")


def goals(m, res):
    """The issue's goals with the reached numbers."""
    vs_dn, vs_g = m["psnr"] - res["dncnn"]["psnr"], m["psnr"] - res["gauss"]["psnr"]
    ok = lambda b: "met" if b else "NOT met"  # noqa: E731
    return (f"Goals: PSNR >= DnCNN + 0.5 dB: {ok(vs_dn >= 0.5)} ({vs_dn:+.2f} dB); PSNR >= Gaussian + 3 dB: "
            f"{ok(vs_g >= 3)} ({vs_g:+.2f} dB); mean intensity preserved (|mean shift| <= {MAX_MEAN_SHIFT} grey "
            f"levels): {ok(abs(m['mean_shift']) <= MAX_MEAN_SHIFT)} ({m['mean_shift']:+.2f}).")


def limitations(m, res, st):
    vs_dn = m["psnr"] - res["dncnn"]["psnr"]
    return (
        goals(m, res) + f" Compared with the DnCNN baseline of the same size and steps: {vs_dn:+.2f} dB PSNR, "
        f"{m['ssim'] - res['dncnn']['ssim']:+.4f} SSIM"
        + (" (the CNN is better: said plainly here and in the README)" if vs_dn < 0 else "") + ". The model is small "
        f"(one residual group of {ARCH['depths'][0]} VSS blocks, embed_dim {ARCH['embed_dim']}) and was trained for "
        f"{st['epoch']} steps of {SPEC['crop']}x{SPEC['crop']} crops on a 2-core CPU, where a MambaIR step costs "
        "several times a DnCNN step. "
        + ("The Gaussian filter reaches a higher mean SSIM than this model despite a much lower PSNR (probably because SSIM favours "
           "its smooth output in the large dark/flat regions; the model keeps more residual noise texture there). "
           if res["gauss"]["ssim"] > m["ssim"] else "")
        + "Trained on W2S widefield images (one microscope, 8-bit, "
        "3 channels of fixed cells); other modalities, noise levels, bit depths or very different intensity "
        "statistics are out of distribution. The output is an estimate, not a measurement: do not use it for "
        "quantitative intensity analysis. Not for clinical use.")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("name", choices=[NAME])
    ap.add_argument("--steps", type=int, default=3000, help="optimizer steps, the same for MambaIR and DnCNN")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--stage", default="all", choices=["all", "mamba", "dncnn", "classic", "package"])
    args = ap.parse_args()
    scan.use_fast()
    data = load()
    split = {"dataset": "denoising/w2s",
             "train": {"files": ["train_noisy.tif", "train_clean.tif"], "slices": len(data["train"][2]),
                       "fields": sorted({r["fov"] for r in data["train"][2]})},
             "val": {"files": ["val_noisy.tif", "val_clean.tif"], "slices": len(data["val"][2]),
                     "fields": sorted({r["fov"] for r in data["val"][2]})},
             "note": "the provided split by field of view; validation = all 60 val slices, whole 256x256"}
    write_json(os.path.join(HERE, "splits", f"{NAME}.json"), split)
    if args.stage in ("all", "mamba", "dncnn"):
        X, Y, _ = normalise(data["train"][0], data["train"][1])
        for kind in ("mamba", "dncnn"):
            if args.stage in ("all", kind):
                train(kind, X, Y, args.steps, args.resume)
    if args.stage in ("all", "classic"):
        classic(data)
    if args.stage in ("all", "package"):
        package(data)


if __name__ == "__main__":
    main()
