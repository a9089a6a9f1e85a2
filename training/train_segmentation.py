"""Train and package the MambaJ segmentation models (VM-UNet or U-Mamba Bot) and their U-Net baselines.

  /usr/bin/python3 training/train_segmentation.py nuclei --arch umamba_bot [--steps N] [--resume]
  /usr/bin/python3 training/train_segmentation.py nuclei --arch unet [--steps N] [--resume]
  /usr/bin/python3 training/train_segmentation.py nuclei --arch umamba_bot --package-only

--arch: vmunet (default), umamba_bot, umamba_enc, ultralight_vmunet, lightm_unet, swin_umamba, or unet (the
baseline). Runs live in training/runs/<task><suffix>/ (RUN_SUFFIX: -unet, -umamba, -umamba-enc, -ultralight,
-lightm-unet, -swin-umamba).

tasks: nuclei (dsb2018), retinal-vessels (chase_db1), em-membranes (isbi2012).
The budget is a number of optimizer steps (the same for the model and its baseline). Checkpoints every "epoch"
(STEPS_PER_EPOCH steps) into training/runs/<task>[-unet]/ (git-ignored); --resume continues a killed run where
it stopped (model, optimizer and random state), so a run can span sessions. The LAST checkpoint is the shipped
one (no selection on validation). The packages shipped before the step budget (nuclei, retinal-vessels,
em-membranes) were made by this script at commit c8b3db0 with the commands in their cards; nuclei now trains on
all DSB 2018 training images with the recipe in TASKS, vessels on CHASE_DB1 + HRF. After a Mamba model's run the package models/<task>/ is
written (whole-image validation metrics of the model, the U-Net baseline if its run has finished, and Otsu).
"""
import argparse
import json
import os
import re
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import checkpoints  # noqa: E402
from finite import finite_step  # noqa: E402
import seg_lib as L  # noqa: E402
from mambaj_ref import from_config, scan  # noqa: E402
from package import write_package  # noqa: E402

ROOT = os.path.dirname(HERE)
MULTIPLE = 32
STEPS_PER_EPOCH = 20

TASKS = {
    "nuclei": dict(classes=3, in_ch=3, channels="rgb", crop=256, batch=4, lr=2e-3, min_size=4, augment="stain",
                   elastic=True, colour_share=0.4,
                   dims=[24, 48, 96, 192], umamba_features=[16, 32, 64, 128], tile={"size": 1024, "overlap": 64}, class_names=["background", "interior", "boundary"]),
    "retinal-vessels": dict(classes=1, in_ch=3, channels="rgb", crop=256, batch=4, lr=2e-3, augment="colour",
                            elastic=True,
                            umamba_features=[16, 32, 64, 128], tile={"size": 1024, "overlap": 64},
                            class_names=["vessel"]),
    "em-membranes": dict(classes=1, in_ch=1, channels="grey", crop=256, batch=4, lr=2e-3, augment="colour", elastic=True,
                         umamba_features=[16, 32, 64, 128], tile={"size": 1024, "overlap": 64},
                         class_names=["membrane"]),
}
VMUNET = dict(depths=[1, 1, 1, 1], depths_decoder=[1, 1, 1, 1], dims=[16, 32, 64, 128], d_state=8)


def vmunet_config(task):
    t = TASKS[task]
    # VM-UNet repeats a 1-channel input to 3 channels before its patch embedding (published wrapper), so its
    # input_channels is 3 even for the greyscale EM model (whose input tensor has 1 channel).
    return dict(input_channels=3, num_classes=t["classes"], **dict(VMUNET, dims=t.get("dims", VMUNET["dims"])))


def umamba_config(task):
    """U-Mamba Bot 2D: a full-resolution residual conv encoder (4 stages, 3x3 kernels, strides 1/2/2/2), one
    Mamba layer over the bottleneck's pixels, nnU-Net decoder. Widths 16-128 make a training step cost about
    what the U-Net baseline's does (with fewer parameters than the baseline)."""
    t = TASKS[task]
    dims = t.get("umamba_features", VMUNET["dims"])
    return dict(input_channels=t["in_ch"], n_stages=len(dims), features_per_stage=list(dims), kernel_sizes=3,
                strides=[1] + [2] * (len(dims) - 1), n_conv_per_stage=2, num_classes=t["classes"],
                n_conv_per_stage_decoder=2, deep_supervision=False)


def umamba_enc_config(task):
    """U-Mamba Enc 2D: U-Mamba Bot's network with a Mamba layer also after the second encoder stage (every other
    stage, the last included), over the half-resolution pixels: long-range context where thin structures are
    still resolved. input_size (the training crop) decides per stage whether pixels or channels are the tokens."""
    return dict(umamba_config(task), input_size=[TASKS[task]["crop"]] * 2)


def ultralight_config(task):
    """UltraLight VM-UNet: 3x3 convs in the first three stages, parallel-Mamba (PVM) layers in the last three,
    each stage followed by 2x2 max pooling, so the first features are at full resolution and the Mamba layers see
    1/8 to 1/32. Widths twice the published ones (8-64, 50k parameters), for data bigger than skin-lesion masks.
    It ends in a sigmoid, so it serves the one-class (binary) tasks."""
    t = TASKS[task]
    if t["classes"] != 1:
        sys.exit(f"--arch ultralight_vmunet: {task} has {t['classes']} classes; the network ends in a sigmoid "
                 "(one class): use it for retinal-vessels or em-membranes")
    return dict(num_classes=1, input_channels=t["in_ch"], c_list=[16, 32, 48, 64, 96, 128], split_att="fc",
                bridge=True)


def lightmunet_config(task):
    """LightM-UNet 2D: residual Mamba blocks at every encoder level (the first at full resolution), a light
    residual-conv decoder; the published depths, 16 filters at the first level (the published 32 doubles the
    full-resolution Mamba cost)."""
    t = TASKS[task]
    return dict(spatial_dims=2, init_filters=16, in_channels=t["in_ch"], out_channels=t["classes"],
                blocks_down=[1, 2, 2, 4], blocks_up=[1, 1, 1])


def swinumamba_config(task):
    """Swin-UMamba 2D: a full-resolution residual conv block on the input (the first skip), a 7x7 stride-2 stem,
    then the VMamba encoder (VSS blocks, four scan directions) from 1/4 resolution, UNETR decoder. Widths 8-128
    and one VSS block per stage (published: 48-768, depths 2/2/9/2, from ImageNet weights), d_state 8 as the
    VM-UNet recipe, for a CPU training budget from scratch: 1.3 M parameters (16-256: 5.1 M; the UNETR blocks
    hold most of them)."""
    t = TASKS[task]
    return dict(in_chans=t["in_ch"], out_chans=t["classes"], feat_size=[8, 16, 32, 64, 128], depths=[1, 1, 1, 1],
                d_state=8, deep_supervision=False)


ARCH_CONFIG = {"vmunet": vmunet_config, "umamba_bot": umamba_config, "umamba_enc": umamba_enc_config,
               "ultralight_vmunet": ultralight_config, "lightm_unet": lightmunet_config,
               "swin_umamba": swinumamba_config}
# the networks that end in a sigmoid (published wrappers): no sigmoid in their post-processing
ENDS_IN_SIGMOID = {"vmunet", "ultralight_vmunet"}
RUN_SUFFIX = {"vmunet": "", "unet": "-unet", "umamba_bot": "-umamba", "umamba_enc": "-umamba-enc",
              "ultralight_vmunet": "-ultralight", "lightm_unet": "-lightm-unet", "swin_umamba": "-swin-umamba"}
LABEL = {"vmunet": "VM-UNet", "unet": "U-Net", "umamba_bot": "U-Mamba Bot", "umamba_enc": "U-Mamba Enc",
         "ultralight_vmunet": "UltraLight VM-UNet", "lightm_unet": "LightM-UNet", "swin_umamba": "Swin-UMamba"}
TAG = {"vmunet": "vm-unet", "umamba_bot": "u-mamba", "umamba_enc": "u-mamba", "ultralight_vmunet": "ultralight-vm-unet",
       "lightm_unet": "lightm-unet", "swin_umamba": "swin-umamba"}
ARCH_NOTE = {"vmunet": "patch size 4, 4 stages (input size multiple 32).",
             "umamba_bot": "full-resolution first stage, 4 stages (input size multiple 8; whole images are padded "
                           "to a multiple of 32 as for the other models).",
             "umamba_enc": "full-resolution first stage, 4 stages, Mamba layers after stages 2 and 4 (input size "
                           "multiple 8; whole images are padded to a multiple of 32 as for the other models).",
             "ultralight_vmunet": "six stages, each followed by 2x2 max pooling (input size multiple 32).",
             "lightm_unet": "four levels, Mamba blocks from full resolution on (input size multiple 8; whole images "
                            "are padded to a multiple of 32 as for the other models).",
             "swin_umamba": "a full-resolution conv block, then a stride-2 stem and the VMamba encoder from 1/4 "
                            "resolution, 5 levels (input size multiple 32)."}


# --run-tag: a candidate run (e.g. a fresh recipe spanning sessions) lives beside the shipped one, in
# runs/<task><suffix>-<tag>/ and checkpoints/<task><suffix>-<tag>.pt, so it never overwrites the shipped run's
# committed checkpoint; set once by main() for the whole process.
RUN_TAG = ""


def run_name(task, arch):
    return task + RUN_SUFFIX[arch] + (f"-{RUN_TAG}" if RUN_TAG else "")


def build(task, arch):
    t = TASKS[task]
    if arch in ARCH_CONFIG:
        return from_config(arch, ARCH_CONFIG[arch](task))
    return L.UNet(in_ch=3, out_ch=t["classes"], widths=tuple(t.get("dims", VMUNET["dims"])))


# ----------------------------------------------------------------------------------------------- training
def random_crop(x, y, size, rng):
    """A size x size crop of x (C,H,W) and y (H,W), reflect-padded where the image is smaller."""
    h, w = y.shape
    ph, pw = max(0, size - h), max(0, size - w)
    if ph or pw:
        x = np.pad(x, ((0, 0), (0, ph), (0, pw)), mode="reflect")
        y = np.pad(y, ((0, ph), (0, pw)), mode="reflect")
        h, w = y.shape
    r0, c0 = rng.randint(0, h - size + 1), rng.randint(0, w - size + 1)
    return x[:, r0:r0 + size, c0:c0 + size], y[r0:r0 + size, c0:c0 + size]


def stain_augment(x, rng, recolour=True):
    """Photometric augmentation on a scale_range'd crop (C,H,W), so that one model serves fluorescence,
    brightfield and H&E: per-channel gains, sometimes (recolour) grey (R=G=B) or inverted (dark nuclei on a
    bright background and the reverse), contrast/brightness, sometimes Gaussian noise. Without recolour it only
    varies colour balance, contrast and noise (fundus cameras and subjects)."""
    x = x * rng.uniform(0.75, 1.3, size=(x.shape[0], 1, 1)).astype(np.float32)
    if recolour and x.shape[0] == 3 and rng.rand() < 0.2:
        x = np.repeat(x.mean(0, keepdims=True), 3, 0)
    if recolour and rng.rand() < 0.2:
        x = 1.0 - x
    a, b = np.exp(rng.uniform(-0.3, 0.3)), rng.uniform(-0.15, 0.15)
    x = a * (x - 0.5) + 0.5 + b
    if rng.rand() < 0.5:
        x = x + rng.normal(0, rng.uniform(0, 0.05), size=x.shape).astype(np.float32)
    return x.astype(np.float32)


def elastic_deform(x, y, rng, grid=4, std=8.0):
    """U-Net's elastic deformation (Ronneberger et al. 2015) of a crop x (C,H,W) and its target y (H,W): random
    displacements on a coarse grid x grid (standard deviation std pixels), interpolated (bicubic) to every pixel;
    the image bilinear, the target nearest, reflected at the borders."""
    h, w = y.shape
    d = torch.from_numpy(rng.normal(0.0, std, size=(1, 2, grid, grid)).astype(np.float32))
    d = F.interpolate(d, size=(h, w), mode="bicubic", align_corners=True)[0]  # (2, H, W): rows, columns
    rows, cols = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij")
    # grid_sample wants (x, y) in [-1, 1], x the column
    where = torch.stack([(cols + d[1]) / (w - 1) * 2 - 1, (rows + d[0]) / (h - 1) * 2 - 1], -1)[None]
    xo = F.grid_sample(torch.from_numpy(np.ascontiguousarray(x))[None], where, mode="bilinear",
                       padding_mode="reflection", align_corners=True)[0]
    yo = F.grid_sample(torch.from_numpy(np.ascontiguousarray(y, dtype=np.float32))[None, None], where, mode="nearest",
                       padding_mode="reflection", align_corners=True)[0, 0]
    return xo.numpy(), yo.numpy().astype(y.dtype)


def crop_probabilities(task, items):
    """The chance that a training crop comes from each image: in proportion to its area, so every pixel is as
    likely. Where the task gives a colour_share, the colour images (H&E, brightfield; R, G, B not all equal) get
    that share of the crops as a group: in DSB 2018 they are 114 of 701 images but 10 % of the pixels, so
    area-weighted sampling hardly shows the network stained tissue."""
    areas = np.array([d["y"].size for d in items], np.float64)
    share = TASKS[task].get("colour_share")
    if share is None:
        return areas / areas.sum()
    colour = np.array([d["x"].shape[0] == 3 and not (np.array_equal(d["x"][0], d["x"][1])
                                                     and np.array_equal(d["x"][1], d["x"][2])) for d in items])
    if colour.all() or not colour.any():
        return areas / areas.sum()
    return np.where(colour, share * areas / areas[colour].sum(), (1 - share) * areas / areas[~colour].sum())


def sample_batch(task, items, targets, rng, probabilities):
    """A training batch of random crops (from image i with probabilities[i]) with random 90-degree rotations and
    flips; for nuclei also a random scale (0.7-1.5x, bilinear image, nearest labels; classes recomputed on the
    scaled crop) and stain_augment; where the task says elastic, an elastic deformation of each crop (for nuclei
    of the instance labels, before the classes are computed)."""
    t = TASKS[task]
    crop, batch = t["crop"], t["batch"]
    xs, ys = [], []
    for _ in range(batch):
        i = rng.choice(len(items), p=probabilities)
        if t.get("augment") == "stain":
            scale = float(np.exp(rng.uniform(np.log(0.7), np.log(1.5))))
            src = max(8, int(round(crop / scale)))
            xc, lc = random_crop(items[i]["x"], items[i]["y"], src, rng)
            xt = torch.from_numpy(np.ascontiguousarray(xc))[None]
            xc = F.interpolate(xt, size=(crop, crop), mode="bilinear", align_corners=False)[0].numpy()
            lt = torch.from_numpy(np.ascontiguousarray(lc).astype(np.float32))[None, None]
            lc = F.interpolate(lt, size=(crop, crop), mode="nearest")[0, 0].numpy().astype(np.int32)
            if t.get("elastic"):  # on the instance labels, so that the boundary class is drawn on the deformed nuclei
                xc, lc = elastic_deform(xc, lc, rng)
            xc, yc = stain_augment(xc, rng), L.nuclei_targets(lc)
        else:
            xc, yc = random_crop(items[i]["x"], targets[i], crop, rng)
            if t.get("elastic"):
                xc, yc = elastic_deform(xc, yc, rng)
            if t.get("augment") == "colour":
                xc = stain_augment(xc, rng, recolour=False)
        k = rng.randint(4)
        xc, yc = np.rot90(xc, k, axes=(1, 2)), np.rot90(yc, k)
        if rng.rand() < 0.5:
            xc, yc = xc[:, :, ::-1], yc[:, ::-1]
        xs.append(np.ascontiguousarray(xc, dtype=np.float32))
        ys.append(np.ascontiguousarray(yc, dtype=np.int64))
    return torch.from_numpy(np.stack(xs)), torch.from_numpy(np.stack(ys))


def loss_fn(logits, y, classes):
    if classes == 1:
        yf = y.float().unsqueeze(1)
        bce = F.binary_cross_entropy_with_logits(logits, yf)
        p = torch.sigmoid(logits)
        dice = 1 - (2 * (p * yf).sum() + 1) / (p.sum() + yf.sum() + 1)
        return bce + dice
    ce = F.cross_entropy(logits, y)
    p = torch.softmax(logits, 1)
    oh = F.one_hot(y, classes).permute(0, 3, 1, 2).float()
    dims = (0, 2, 3)
    dice = 1 - ((2 * (p * oh).sum(dims) + 1) / (p.sum(dims) + oh.sum(dims) + 1))[1:].mean()
    return ce + dice


def lr_at(base, step, steps, warmup=50):
    """Linear warm-up, then cosine decay to 5 % of the base rate at the last step."""
    if step < warmup:
        return base * (step + 1) / warmup
    frac = min(1.0, (step - warmup) / max(1, steps - warmup))
    return base * (0.05 + 0.95 * 0.5 * (1 + np.cos(np.pi * frac)))


def train(task, arch, steps, resume, device="cpu"):
    """device "cpu" (the C training scan) or "cuda" (the chunked PyTorch scan, same arithmetic); checkpoints are
    saved with CPU tensors, so a run moves between machines with --resume. state["devices"] records which steps
    ran where, for the card."""
    torch.set_num_threads(int(os.environ.get("MAMBAJ_TRAIN_THREADS", "2")))
    dev = torch.device(device)
    scan.use_fast() if dev.type == "cpu" else scan.use_chunked()
    t = TASKS[task]
    name = run_name(task, arch)
    run = os.path.join(HERE, "runs", name)
    os.makedirs(run, exist_ok=True)
    train_items, _, split = L.load_task(task)
    write_split(task, split)
    targets = None if t.get("augment") == "stain" else [d["y"] for d in train_items]
    probabilities = crop_probabilities(task, train_items)
    torch.manual_seed(0)
    model = build(task, arch).to(dev)
    opt = torch.optim.Adam(model.parameters(), lr=t["lr"])
    rng = np.random.RandomState(0)
    state = {"step": 0, "epoch": 0, "elapsed": 0.0, "log": []}
    ck = os.path.join(run, "last.pt")
    if checkpoints.continues(name, resume):
        c = checkpoints.load(ck)
        model.load_state_dict(c["model"])
        model.to(dev)
        opt.load_state_dict(c["opt"])  # moves the moments to the parameters' device
        rng.set_state(c["rng"])
        torch.set_rng_state(c["torch_rng"])
        state = c["state"]
        print(f"resumed {name} at step {state['step']} ({state['elapsed'] / 60:.1f} min)", flush=True)
    state["budget_steps"] = steps
    if state["step"] < steps:  # a post-processing chosen for the old weights does not hold for the new ones
        state.pop("postprocessing", None)
    # [first step, UTC start time, --steps]: one entry per call, so the card can say when the run was resumed (a run
    # begun before this record gets a first entry with neither known)
    starts = state.setdefault("starts", [] if state["step"] == 0 else [[0, None, None]])
    starts.append([state["step"], time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), steps])
    where = torch.cuda.get_device_name(dev) if dev.type == "cuda" else "CPU"
    threads = torch.get_num_threads() if dev.type == "cpu" else None
    if not state.get("devices") or state["devices"][-1][0] != where or state["devices"][-1][2:] != [threads]:
        # [device, first step run there, CPU threads (None on a GPU)]; runs before the thread count was kept: 2 items
        state.setdefault("devices", []).append([where, state["step"], threads])
    n_params = sum(p.numel() for p in model.parameters())
    print(f"{name}: {arch} {n_params} parameters, budget {steps} steps", flush=True)
    while state["step"] < steps:
        t0 = time.time()
        model.train()
        losses = []
        for _ in range(min(STEPS_PER_EPOCH, steps - state["step"])):
            lr = lr_at(t["lr"], state["step"], steps)
            for g in opt.param_groups:
                g["lr"] = lr
            x, y = sample_batch(task, train_items, targets, rng, probabilities)
            loss = loss_fn(L.model_logits(model, x.to(dev)), y.to(dev), t["classes"])
            opt.zero_grad()
            loss.backward()
            if finite_step(name, state["step"], loss, model, state.setdefault("skipped_steps", []), ck):
                opt.step()
                losses.append(loss.item())
            state["step"] += 1
        state["elapsed"] += time.time() - t0
        state["epoch"] += 1
        state["log"].append([state["epoch"], state["step"], round(state["elapsed"], 1), float(np.mean(losses))])
        model_sd, opt_sd = (checkpoints.map_tensors(sd, lambda t: t.detach().cpu())
                            for sd in (model.state_dict(), opt.state_dict()))
        checkpoints.save({"model": model_sd, "opt": opt_sd, "rng": rng.get_state(),
                          "torch_rng": torch.get_rng_state(), "state": state, "arch": arch}, ck)
        print(f"epoch {state['epoch']} step {state['step']} {state['elapsed'] / 60:.1f} min "
              f"loss {np.mean(losses):.4f} lr {lr:.2e}", flush=True)
    scan.use_fast()
    return model.cpu(), state


def load_final(task, arch):
    ck = os.path.join(HERE, "runs", run_name(task, arch), "last.pt")
    if not os.path.exists(ck):
        return None, None
    c = checkpoints.load(ck)
    model = build(task, arch)
    model.load_state_dict(c["model"])
    model.eval()
    return model, c["state"]


def write_split(task, split):
    os.makedirs(os.path.join(HERE, "splits"), exist_ok=True)
    with open(os.path.join(HERE, "splits", f"{task}.json"), "w") as f:
        json.dump(split, f, indent=1)


# ----------------------------------------------------------------------------------------------- evaluation
def scores(task, arch, model, x, tile):
    """What the package's Java pipeline gives before its decision step with the tile size `tile` (and the task's
    overlap): the published network's output, tiled and blended as MambaJ's Tiler does, then the score step (softmax
    for nuclei; sigmoid unless the network ends in one). An image that fits one tile runs whole."""
    out = L.predict_tiled(model, x, tile, TASKS[task]["tile"]["overlap"], MULTIPLE, lambda m, b: m(b))
    if task == "nuclei":
        return L.softmax_np(out)
    return out if arch in ENDS_IN_SIGMOID else torch.sigmoid(torch.from_numpy(out)).numpy()


def evaluate(task, arch, model, val, post=None):
    """post: the run's post-processing (run_postprocessing; default: the task's), with the tile size it runs at."""
    post = post or default_postprocessing(task)
    outs, preds = [], []
    for d in val:
        o = scores(task, arch, model, d["x"], post["tile"])
        if task == "nuclei":
            p = L.instances_from_interior(o, post["min_size"], post["seed_threshold"])
        else:
            p = L.binarize(o[0], post["threshold"])
        outs.append(o)
        preds.append(p)
    return metrics_of(task, preds, [d["y"] for d in val]), preds, outs


def metrics_of(task, preds, gts):
    if task == "nuclei":
        return {k: v for k, v in L.nuclei_metrics(preds, gts).items()}
    c = np.zeros(4, np.int64)
    for p, g in zip(preds, gts):
        c += L.binary_counts(p > 0, g > 0)
    m = L.binary_metrics(c)
    if task == "retinal-vessels":
        return {"dice": m["dice"], "sensitivity": m["sensitivity"], "specificity": m["specificity"],
                "accuracy": 1 - m["pixel_error"]}
    return {"dice": m["dice"], "pixel_error": m["pixel_error"]}


def otsu_baseline(task, val):
    preds = []
    for d in val:
        if task == "nuclei":
            preds.append(L.otsu_nuclei(d["raw"]))
        elif task == "retinal-vessels":
            preds.append(L.otsu_binary(255.0 - d["raw"][..., 1], dark_foreground=False).astype(np.int64))
        else:
            preds.append(L.otsu_binary(d["raw"], dark_foreground=True).astype(np.int64))
    return metrics_of(task, preds, [d["y"] for d in val]), preds


def rounded(m):
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in m.items()}


# ----------------------------------------------------------------------------------------------- package
def package(task, arch):
    torch.set_num_threads(1)
    scan.use_fast()  # whole-image evaluation with the fast scan (== reference scan to ~1e-6)
    t = TASKS[task]
    _, val, split = L.load_task(task)
    model, state = load_final(task, arch)
    assert model is not None, f"train the {LABEL[arch]} first"
    post = run_postprocessing(task, state)
    t0 = time.time()
    m, preds, outs = evaluate(task, arch, model, val, post)
    print(f"{task} {LABEL[arch]} {rounded(m)} ({time.time() - t0:.0f} s)", flush=True)
    baselines = {}
    om, opreds = otsu_baseline(task, val)
    baselines["Otsu" + (" + distance watershed" if task == "nuclei" else "")] = rounded(om)
    print("Otsu", rounded(om), flush=True)
    unet, ustate = load_final(task, "unet")
    uinfo = None
    if unet is not None:
        # a fair baseline: its post-processing chosen the same way as the model's, or neither chosen
        if ("postprocessing" in state) != ("postprocessing" in ustate):
            sys.exit(f"{task}: run --select-postprocessing for both the {LABEL[arch]} and the U-Net, or for neither")
        um, _, _ = evaluate(task, "unet", unet, val, run_postprocessing(task, ustate))
        un = sum(p.numel() for p in unet.parameters())
        baselines[f"U-Net ({un} params, {ustate['elapsed'] / 60:.1f} min, {ustate['step']} steps)"] = rounded(um)
        uinfo = (um, un, ustate)
        print("U-Net", rounded(um), flush=True)
    whole = None  # both networks with every validation image whole, when the chosen tile cuts some of them
    if any(max(d["x"].shape[1:]) > post["tile"] for d in val):
        wm, _, _ = evaluate(task, arch, model, val, {**post, "tile": TILE_CANDIDATES[-1]})
        wu = evaluate(task, "unet", unet, val, {**run_postprocessing(task, ustate), "tile": TILE_CANDIDATES[-1]})[0] \
            if unet is not None else None
        whole = (rounded(wm), rounded(wu) if wu else None)
        print("whole images:", whole, flush=True)

    out_dir = os.path.join(ROOT, "models", task)
    os.makedirs(out_dir, exist_ok=True)
    samples(task, val, preds, outs, opreds, os.path.join(out_dir, "samples.png"))

    # test input: a 64x64 patch (preprocessed) from the middle of the first validation image
    x0 = val[0]["x"]
    r0, c0 = (x0.shape[1] - 64) // 2, (x0.shape[2] - 64) // 2
    test_input = np.ascontiguousarray(x0[None, :, r0:r0 + 64, c0:c0 + 64])
    cin = t["in_ch"]
    pre = [{"name": "scale_range", "kwargs": {"mode": "per_sample", "axes": "cyx", "min_percentile": 1.0,
                                              "max_percentile": 99.8}}]
    if task == "nuclei":
        post_steps = [{"name": "softmax"}, {"name": "instances_from_interior", "kwargs": {
            "min_size": post["min_size"], "seed_threshold": post["seed_threshold"]}}]
    else:  # VM-UNet's published wrapper ends in a sigmoid; U-Mamba gives logits
        post_steps = ([] if arch in ENDS_IN_SIGMOID else [{"name": "sigmoid"}]) + [
            {"name": "binarize", "kwargs": {"threshold": post["threshold"]}}]
    extra = {"channels": t["channels"], "size_multiple": MULTIPLE, "pad_mode": "reflect (bottom/right), crop back",
             "validation": {"dataset": split["dataset"], "split_file": f"training/splits/{task}.json",
                            "items": split["val"]},
             "training": {"steps": state["step"], "minutes": round(state["elapsed"] / 60, 1)}}
    n_params = sum(p.numel() for p in model.parameters())
    cmd = run_commands(task, arch, state)
    if uinfo:
        cmd += (f"` (writes this package at the end; with `--no-package` it only trains and "
                f"`--package-only` writes the package later); the U-Net baseline: `{run_commands(task, 'unet', uinfo[2])}")
    assert all(max(d["x"].shape[1:]) <= TILE_CANDIDATES[-1] for d in val), "a validation image exceeds the largest tile"
    worst = None
    if task == "nuclei":  # the hardest validation image, named in the card
        per = [(L.nuclei_metrics([p], [d["y"]]), d["name"]) for p, d in zip(preds, val)]
        worst = min(per, key=lambda r: r[0]["f1@0.5"])
    card = card_sections(task, arch, split, m, baselines, n_params, state, cmd, uinfo, worst, whole)
    desc = LABEL[arch] + {
        "nuclei": " nuclei instance segmentation (background / interior / boundary) for mixed light-microscopy "
                  "modalities (DSB 2018 stage 1).",
        "retinal-vessels": " retinal vessel segmentation in colour fundus photographs (CHASE_DB1).",
        "em-membranes": " neuronal membrane segmentation in serial-section EM (ISBI 2012)."}[task]
    write_package(out_dir, name=task, description=desc, architecture=arch, config=ARCH_CONFIG[arch](task),
                  model=model, test_input=test_input, axes="bcyx", min_shape=[1, cin, 32, 32],
                  step=[0, 0, 32, 32], preprocessing=pre, postprocessing=post_steps, task="segmentation",
                  class_names=t["class_names"], metrics=rounded(m), baselines=baselines, card=card,
                  tags=[task, TAG[arch]], tile={"size": post["tile"], "overlap": t["tile"]["overlap"]},
                  extra=extra)
    print("wrote", out_dir, flush=True)


def evaluate_run(task, arch):
    """The run's validation metrics as its package would report them, without writing a package: for comparing a
    candidate run (--run-tag) with the shipped one. Written to runs/<run>/validation.json."""
    torch.set_num_threads(1)
    scan.use_fast()
    model, state = load_final(task, arch)
    if model is None:
        sys.exit(f"--evaluate-only: no checkpoint training/runs/{run_name(task, arch)}/last.pt (train the run or "
                 "restore its compact checkpoint first)")
    _, val, _ = L.load_task(task)
    post = run_postprocessing(task, state)
    m, _, _ = evaluate(task, arch, model, val, post)
    result = {"run": run_name(task, arch), "step": state["step"], "metrics": rounded(m),
              "postprocessing": {k: v for k, v in post.items() if k != "train_scores"}}
    with open(os.path.join(HERE, "runs", run_name(task, arch), "validation.json"), "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result), flush=True)


MIN_SIZE_CANDIDATES = [4, 8, 16, 32]
SEED_THRESHOLD_CANDIDATES = [0.0, 0.5, 0.7, 0.8, 0.9, 0.95]
THRESHOLD_CANDIDATES = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7]
# Tile sizes (the task's overlap): the networks with InstanceNorm (U-Mamba's) normalise over what they see, so
# a tile near the training crops' size can beat a whole image whose statistics differ (a fundus photograph's black
# surround); ties go to the larger tile (fewer tiles, faster).
TILE_CANDIDATES = [256, 512, 1024]


def selection_items(task, train_items):
    """The training images the post-processing is chosen on: for nuclei the 40 of the dataset's train/ folder (the
    661 stage-1 images would take an hour to predict), for vessels the 14 CHASE_DB1 ones (the validation images'
    camera; HRF's 42 large images would take half an hour), otherwise all of them."""
    if task == "nuclei":
        return [d for d in train_items if d.get("part", "train") == "train"]
    if task == "retinal-vessels":
        return [d for d in train_items if not d["name"].startswith("hrf/")]
    return train_items


def select_postprocessing(task, arch):
    """Choose the post-processing on the TRAINING images (never on validation), for the final model: the default
    tile size (TILE_CANDIDATES) together with nuclei instances_from_interior's min_size and seed_threshold by pooled
    F1@0.5, or with the binary tasks' binarize threshold by pooled Dice. Kept in the checkpoint's state (so it travels
    with the compact checkpoint) and used by the run's package and evaluation; training on from the checkpoint drops
    it."""
    torch.set_num_threads(int(os.environ.get("MAMBAJ_TRAIN_THREADS", "2")))  # a choice only: thread count may move ulps
    scan.use_fast()
    train_items, _, _ = L.load_task(task)
    items = selection_items(task, train_items)
    model, _ = load_final(task, arch)
    if model is None:
        sys.exit(f"--select-postprocessing: no checkpoint training/runs/{run_name(task, arch)}/last.pt")
    tiles = distinct_tiles(items)
    train_scores = {}
    if task == "nuclei":
        for tile in tiles:
            probs = [scores(task, arch, model, d["x"], tile) for d in items]
            for ms in MIN_SIZE_CANDIDATES:
                for st in SEED_THRESHOLD_CANDIDATES:
                    m = L.nuclei_metrics([L.instances_from_interior(p, ms, st) for p in probs], [d["y"] for d in items])
                    train_scores[f"{tile}/{ms}/{st}"] = m["f1@0.5"]
                    print("tile", tile, "min_size", ms, "seed_threshold", st, "train", rounded(m), flush=True)
        best = max(((tile, ms, st) for tile in tiles for ms in MIN_SIZE_CANDIDATES for st in SEED_THRESHOLD_CANDIDATES),
                   key=lambda k: (train_scores[f"{k[0]}/{k[1]}/{k[2]}"], k[0], -k[1], -k[2]))
        chosen = {"tile": best[0], "min_size": best[1], "seed_threshold": best[2]}
    else:
        for tile in tiles:
            counts = np.zeros((len(THRESHOLD_CANDIDATES), 4), np.int64)
            for d in items:
                p = scores(task, arch, model, d["x"], tile)[0]
                for i, t in enumerate(THRESHOLD_CANDIDATES):
                    counts[i] += L.binary_counts(L.binarize(p, t) > 0, d["y"] > 0)
            for t, c in zip(THRESHOLD_CANDIDATES, counts):
                train_scores[f"{tile}/{t}"] = L.binary_metrics(c)["dice"]
                print("tile", tile, "threshold", t, "train dice", round(train_scores[f"{tile}/{t}"], 4), flush=True)
        best = max(((tile, t) for tile in tiles for t in THRESHOLD_CANDIDATES),
                   key=lambda k: (train_scores[f"{k[0]}/{k[1]}"], k[0], -abs(k[1] - 0.5)))
        chosen = {"tile": best[0], "threshold": best[1]}
    chosen["train_scores"] = train_scores
    chosen["train_images"] = len(items)
    ck = os.path.join(HERE, "runs", run_name(task, arch), "last.pt")
    c = checkpoints.load(ck)
    c["state"]["postprocessing"] = chosen
    checkpoints.save(c, ck)
    print("selected", {k: v for k, v in chosen.items() if k != "train_scores"}, flush=True)


def distinct_tiles(items):
    """TILE_CANDIDATES without those that cut every image as a smaller candidate does (all images fit both whole)."""
    largest = max(max(d["x"].shape[1:]) for d in items)
    return [t for i, t in enumerate(TILE_CANDIDATES) if i == 0 or TILE_CANDIDATES[i - 1] < largest]


def default_postprocessing(task):
    tile = TASKS[task]["tile"]["size"]
    if task == "nuclei":
        return {"tile": tile, "min_size": TASKS[task].get("min_size", 0), "seed_threshold": 0.0}
    return {"tile": tile, "threshold": 0.5}


def run_postprocessing(task, state):
    """The post-processing --select-postprocessing chose for the run (in its checkpoint's state), else the task's
    default; a choice made before the tile size was chosen too ran at the task's tile."""
    return {**default_postprocessing(task), **((state or {}).get("postprocessing") or {})}


def budget_of(state):
    """The --steps budget of a run."""
    return int(state.get("budget_steps", state["step"]))


def samples(task, val, preds, outs, opreds, path):
    rows = []
    for i in range(min(3, len(val))):
        d = val[i]
        x = d["x"]
        inp = L._to_u8(x.transpose(1, 2, 0) if x.shape[0] == 3 else x[0])
        if task == "nuclei":
            row = [inp, L.colour_labels(preds[i]), L.colour_labels(opreds[i]), L.colour_labels(d["y"])]
        else:
            row = [inp, (np.clip(outs[i][0], 0, 1) * 255).astype(np.uint8), (preds[i] * 255).astype(np.uint8),
                   (d["y"] * 255).astype(np.uint8)]
        rows.append(row)
    L.save_samples(path, rows)


def table(rows, keys):
    s = "| method | " + " | ".join(keys) + " |\n|---|" + "---|" * len(keys) + "\n"
    for n, m in rows:
        s += f"| {n} | " + " | ".join(f"{m[k]:.4f}" if isinstance(m[k], float) else str(m[k]) for k in keys) + " |\n"
    return s


def postprocessing_note(task, arch, state):
    pp = run_postprocessing(task, state)
    select = f"`/usr/bin/python3 training/train_segmentation.py {task} --arch {arch} --select-postprocessing`"
    if "train_scores" not in pp:
        if task == "nuclei":
            return " The post-processing uses the task's default min_size %d and no seed threshold." % pp["min_size"]
        return ""
    chose_tile = "tile" in (state.get("postprocessing") or {})  # choices before the tile sizes were tried lack it
    scores = pp["train_scores"]

    def key(*parts):
        return "/".join(str(p) for p in ((pp["tile"],) if chose_tile else ()) + parts)

    tiles = (f", together with the default tile size among {TILE_CANDIDATES} (overlap {TASKS[task]['tile']['overlap']}"
             "; a tile size that cuts the images no differently from a smaller one is not tried)" if chose_tile else "")
    chosen_tile = f"tile {pp['tile']}, " if chose_tile else ""
    if task == "nuclei":
        best = key(pp["min_size"], pp["seed_threshold"])
        return (" The post-processing's min_size and seed_threshold were chosen after training on the 40 images of "
                f"the dataset's `train/` folder (training images, never validation){tiles}: {select} picks the best "
                f"pooled F1@0.5 of the final model among min_size {MIN_SIZE_CANDIDATES} x seed_threshold "
                f"{SEED_THRESHOLD_CANDIDATES}: {chosen_tile}{pp['min_size']}/{pp['seed_threshold']} (training-image "
                f"F1@0.5 {scores[best]:.3f}; with no seed threshold and the same min_size "
                f"{scores.get(key(pp['min_size'], 0.0), float('nan')):.3f}). The U-Net baseline's were chosen the same "
                "way for the U-Net.")
    images = {"retinal-vessels": f"the {pp['train_images']} CHASE_DB1 training images (subjects 01-07, not HRF's)",
              "em-membranes": f"the {pp['train_images']} training slices"}[task]
    whole = ""
    if chose_tile and pp["tile"] != TILE_CANDIDATES[-1]:
        whole = f"; at tile {TILE_CANDIDATES[-1]} and 0.5 {scores.get(f'{TILE_CANDIDATES[-1]}/0.5', float('nan')):.3f}"
    return (f" The binarize threshold was chosen after training on {images}, never on validation{tiles}: {select} "
            f"picks the best pooled Dice of the final model among the thresholds {THRESHOLD_CANDIDATES}: "
            f"{chosen_tile}{pp['threshold']} (training-image Dice {scores[key(pp['threshold'])]:.3f}; at 0.5 "
            f"{scores[key(0.5)]:.3f}{whole}). The U-Net baseline's were chosen the same way for the U-Net.")


def run_commands(task, arch, state):
    """The train_segmentation.py commands behind a run: one per stretch on one device (state["devices"]), each
    after the first a --resume to the end of its stretch."""
    devices = state.get("devices") or [["CPU", 0]]
    stretches = [d for i, d in enumerate(devices) if i == 0 or devices[i - 1][0] != d[0]]
    cmds = []
    for i, (where, first, *_) in enumerate(stretches):
        last = stretches[i + 1][1] if i + 1 < len(stretches) else budget_of(state)
        cmds.append(f"/usr/bin/python3 training/train_segmentation.py {task} --arch {arch} --steps {last}" +
                    (f" --run-tag {RUN_TAG}" if RUN_TAG else "") + (" --device cuda" if where != "CPU" else "") +
                    (" --resume" if i else ""))
    return "`, then `".join(cmds)


def devices_of(state):
    """The devices a run's steps ran on, in order, without repeats (runs before state["devices"]: the CPU)."""
    names = [d[0] for d in state.get("devices") or [["CPU", 0]]]
    return [n for i, n in enumerate(names) if i == 0 or names[i - 1] != n]


def gpu_run_intro(task, seconds, state, steps=None):
    """The start of the run history of a pair trained by one device_train.py call on a lent GPU (named in state),
    to `steps` there (default: the run's budget)."""
    gpu = [d[0] for d in state["devices"] if d[0] != "CPU"][-1]
    return ("Run history: trained on a GPU machine lent for one session (`training/device_train.py "
            f"{task} --data .device-data --seconds {seconds} --out $OUT` on an {gpu}, after "
            f"`training/pack_device_data.py .device-data {task}` here): each network first ran 40 steps to time a "
            f"step, then `--steps {steps or budget_of(state)} --resume`, the U-Net baseline alongside")


def stalled_minutes(state):
    """Wall-clock minutes that epochs took beyond twice the median time per step of their device stretch (a run
    paused with SIGSTOP for benchmarks, or starved by other work), measured from the run's own epoch log."""
    log = state.get("log") or []
    firsts = sorted({d[1] for d in state.get("devices") or [["CPU", 0]]})
    epochs = []  # (stretch, steps, seconds)
    for prev, cur in zip([[0, 0, 0.0]] + log[:-1], log):
        stretch = sum(1 for f in firsts if f <= prev[1])
        epochs.append((stretch, cur[1] - prev[1], cur[2] - prev[2]))
    stalled = 0.0
    for stretch in {e[0] for e in epochs}:
        part = [e for e in epochs if e[0] == stretch and e[1] > 0]
        if not part:
            continue
        per_step = float(np.median([sec / n for _, n, sec in part]))
        stalled += sum(sec - per_step * n for _, n, sec in part if sec > 2 * per_step * n)
    return stalled / 60


def history_from_state(task, arch, state):
    """A run's history from its own state: its starts (state["starts"]: first step, time, --steps) and the minutes
    its epochs stalled (see stalled_minutes)."""
    starts = state.get("starts") or [[0, None, None]]
    parts = [f"started at step 0 on {starts[0][1]} with `--steps {starts[0][2]}`" if starts[0][1] else
             "started at step 0 (when, and with which `--steps`, was not recorded)"]
    for (_, _, before), (step, when, budget) in zip(starts, starts[1:]):
        same = "the same schedule" if budget == before else "the cosine schedule recomputed for the new budget"
        parts.append(f"resumed at step {step} on {when} with `--steps {budget} --resume` ({same})")
    stalled = stalled_minutes(state)
    return (f"Run history: {'; '.join(parts)}. Its {state['elapsed'] / 60:.1f} minutes of training time are wall "
            "clock" + (f", of which {stalled:.1f} minutes were epochs slower than twice the run's median step time "
                       "(paused with SIGSTOP for benchmarks, or the machine busy with other work)" if stalled >= 0.1
                       else "") + "." + skipped_note(state))


def skipped_note(state):
    skipped = state.get("skipped_steps") or []
    return (f" {len(skipped)} of its steps (numbers {', '.join(map(str, skipped))}) were not taken: their gradient "
            "was not finite (`training/finite.py`)." if skipped else "")


def history_note(task, arch, state):
    """What actually happened in the runs behind this package (written into the card), and how its post-processing
    was chosen. A candidate run (--run-tag) and every run begun with its starts recorded is told from its own state;
    an older run by its written history, then the resumptions its state recorded since."""
    if RUN_TAG or (state.get("starts") or [[0, None]])[0][1]:
        told = history_from_state(task, arch, state)
    else:
        told = written_history(task, arch, state) + recorded_resumptions(state)
    return told + postprocessing_note(task, arch, state)


def recorded_resumptions(state):
    """The resumptions recorded in state["starts"] (those with a time), for a run whose start predates the record."""
    starts = state.get("starts") or []
    parts = [f"resumed at step {step} on {when} with `--steps {budget} --resume` (" +
             ("the same schedule" if budget == before else "the cosine schedule recomputed for the new budget") + ")"
             for (_, _, before), (step, when, budget) in zip(starts, starts[1:]) if when]
    if not parts:
        return ""
    stalled = stalled_minutes(state)
    return (" Then " + "; ".join(parts) + f" (all {state['elapsed'] / 60:.1f} minutes of training wall clock" +
            (f", of which {stalled:.1f} minutes were epochs slower than twice the median step time of their device "
             "(paused with SIGSTOP for benchmarks, or the machine busy with other work)" if stalled >= 0.1 else "") +
            ").")


def written_history(task, arch, state):
    """The history of a run begun before state["starts"] was recorded, as written down at the time."""
    if arch == "umamba_bot" and task == "nuclei" and devices_of(state) != ["CPU"]:
        return (gpu_run_intro(task, 565, state) + " with the same steps (the probe overestimated the step time: "
                "both finished at 392 s of the 520 planned); both came back as whole float32 checkpoints. This run "
                "added the elastic deformation (on the instance labels) and gave the colour images 40 % of the crops "
                "(`colour_share`). The run it replaces (without either, 3600 CPU steps) scored Dice 0.863, F1@0.5 "
                "0.736, its U-Net (3600 steps) 0.787 / 0.612; the old recipe on a GPU (3560 steps, two sessions "
                "earlier) scored 0.851 / 0.684.")
    if arch == "umamba_bot" and task == "nuclei":
        return ("Run history: trained with `--steps 2000` in one run (shipped one session earlier: validation Dice "
                "0.848, F1@0.5 0.670), then continued one session later with `--steps 3600 --resume` (a warm restart "
                "of the cosine schedule at step 2000); its 153.5 wall-clock minutes include 11.3 minutes of that second run during "
                "which it was paused (SIGSTOP) so that benchmarks could run on the shared 2-core machine. Its U-Net baseline ran `--steps 1000`, then `--steps 2000 "
                "--resume` and `--steps 3600 --resume` (restarts at steps 1000 and 2000), so both saw 3600 steps of the "
                "same data, but not the same schedule.")
    if arch == "umamba_bot" and task == "retinal-vessels" and devices_of(state) != ["CPU"]:
        gpu = (gpu_run_intro(task, 500, state, 6460) + ". The probe underestimated the U-Mamba Bot's step time, so "
               "the deadline stopped it at step 5840; a second call on the same machine finished it with `--steps 6460 "
               "--resume --device cuda`, the same schedule. Both came back as whole float32 checkpoints.")
        if devices_of(state)[-1] != "CPU":
            return gpu + (" The CPU run it replaces (2000 steps, 62.1 min on 2 threads) scored Dice 0.759, its U-Net "
                          "(2000 steps) 0.761.")
        return gpu + (" That pair scored Dice 0.763 (U-Mamba Bot) and 0.793 (U-Net). One session later both were "
                      "continued on the CPU with the elastic deformation added (`TASKS[\"retinal-vessels\"]"
                      "[\"elastic\"] = True`): `--steps 7960 --resume`, a warm restart of the cosine "
                      "schedule at step 6460, the U-Mamba Bot first, then its U-Net, each the only training job on "
                      "the machine (Dice 0.777 and 0.791)." + ("" if budget_of(state) <= 7960 else
                      f" Two sessions later both were continued the same way: `--steps {budget_of(state)} --resume "
                      "--no-package` (another warm restart, at step 7960), the U-Mamba Bot, then its U-Net, one job at "
                      "a time; the U-Mamba Bot's minutes include 33 minutes of that stretch paused (SIGSTOP) for benchmarks."))
    if arch == "umamba_bot" and task == "retinal-vessels":
        return ("Run history: one run, never resumed. Its U-Net baseline (`--arch unet --steps 2000`) ran one "
                "session later, also in one run; its minutes are wall-clock time that includes about 35 minutes "
                "(estimated from its step times) during which it was paused (SIGSTOP) so that benchmarks could run on the shared 2-core machine.")
    if arch == "umamba_bot" and task == "em-membranes" and devices_of(state) != ["CPU"]:
        return (gpu_run_intro(task, 215, state) + " with the same steps; both came back as whole float32 checkpoints. This run added the elastic deformation. The run it replaces "
                "(the same recipe without it, 4600 GPU steps) scored Dice 0.823, pixel error 0.076, and its U-Net "
                "0.822 / 0.0747. With the deformation, 1860 steps gave the U-Mamba Bot its best scores so far on "
                "this split, ahead of every U-Net trained for it (the U-Net with the deformation and the same 1860 "
                "steps scored 0.818 / 0.0766, below the U-Net without it at 4600 steps).")
    if arch == "umamba_bot" and task == "em-membranes":
        return ("Run history: one run, never resumed; its minutes are wall-clock time that includes 1.8 minutes "
                "during which it was paused (SIGSTOP) so that benchmarks could run on the shared 2-core machine. Its "
                "U-Net baseline ran right after it, in one run.")
    if arch == "umamba_bot":
        return "Run history: one run, never resumed."
    if task == "nuclei":
        return ("Run history: the model was started with `--steps 2000`; because the 2-core machine was shared with "
                "builds and tests (a step took 2-5 s instead of about 1 s), it was continued at step 260 with "
                "`--steps 1500 --resume` and at step 400 with `--steps 1000 --resume` (the cosine schedule is "
                "recomputed for the new budget from that step on). At step 1000 it scored validation Dice 0.792, "
                "F1@0.5 0.479 (below the package it was to replace), so it was continued with `--steps 2000 "
                "--resume` (a warm restart of the schedule); at step 2000: Dice 0.825, F1@0.5 0.512.")
    if task == "retinal-vessels":
        return ("Actual run history: the model was trained with `--minutes 25` (740 steps; validation Dice "
                "0.450 at that point, U-Net 0.656 with `--arch unet --minutes 25`), then continued with "
                "`/usr/bin/python3 training/train_segmentation.py retinal-vessels --minutes 37 --resume` (the "
                "learning-rate schedule restarts from the new budget); the U-Net was not continued. In between, a "
                "retraining from scratch on the green channel alone was tried (prompted by false positives on the "
                "redder subject-09 images in the validation samples) and abandoned after 16 minutes because its "
                "training loss had not left the all-background plateau; it was never evaluated.")
    return ""


def trained_on(state):
    """Where a run's steps ran, from state["devices"] ([device, first step, CPU threads]; runs before it: the CPU;
    entries written before the thread count was kept: the MAMBAJ_TRAIN_THREADS of this process)."""
    devices = state.get("devices") or [["CPU", 0]]
    parts = []
    for i, (where, first, *threads) in enumerate(devices):
        last = devices[i + 1][1] if i + 1 < len(devices) else state["step"]
        n = threads[0] if threads and threads[0] else os.environ.get("MAMBAJ_TRAIN_THREADS", "2")
        what = (f"{n} CPU threads of a 2-core machine shared with other "
                "work, with the training scan `training/mambaj_ref/scan_fast.py` (a C kernel with a hand-written "
                "backward)" if where == "CPU" else
                f"one {where} GPU of a machine lent for one session, with the chunked PyTorch scan "
                "(`selective_scan_chunked`, the same recurrence)")
        parts.append(f"steps {first}-{last} on {what}" if len(devices) > 1 else what)
    return "; ".join(parts)


def shortfall(task, arch, m, baselines, state, worst=None):
    """Goal check and the reasons we see, written from the measured numbers."""
    ub = [v for k, v in baselines.items() if k.startswith("U-Net")]
    vs = ""
    if ub:
        keys = {"nuclei": ["f1@0.5", "dice"], "em-membranes": ["dice", "pixel_error"]}.get(task, ["dice"])
        verdicts = []
        for key in keys:
            better = ub[0][key] < m[key] if key == "pixel_error" else ub[0][key] > m[key]
            verdicts.append(f"{'better' if better else 'not better'} on {key} ({ub[0][key]:.3f} vs {m[key]:.3f})")
        vs = " The same-size U-Net baseline is " + "; ".join(verdicts) + "."
    if task == "nuclei":
        return (f"Goal Dice >= 0.90: {'met' if m['dice'] >= 0.90 else 'missed'} ({m['dice']:.3f}). Goal F1@0.5 >= "
                f"0.85: {'met' if m['f1@0.5'] >= 0.85 else 'missed'} ({m['f1@0.5']:.3f}; TP {m['tp']}, FP "
                f"{m['fp']}, FN {m['fn']}). Where nuclei touch, a thin predicted boundary that does not close "
                "leaves one object over several ground-truth nuclei." + (
                    f" The hardest validation image is {worst[1][:12]} (Dice {worst[0]['dice']:.3f}, F1@0.5 "
                    f"{worst[0]['f1@0.5']:.3f}); H&E and brightfield images are few in training." if worst else "") + vs +
                (" Where it misses: the two H&E validation images (0f1f896d9ae5, da6c59341034) hold 161 of the 356 "
                 "nuclei and 66 of the 118 misses: pale or elongated touching nuclei in tissue. Only 114 of the 701 "
                 "training images are colour images (10 % of the pixels). The U-Net with the same recipe and steps "
                 "did far worse than its 3600 CPU steps without the deformation (training loss 0.77 against the "
                 "U-Mamba Bot's 0.49 at the end): it had not converged." if "CPU" not in devices_of(state) else
                 " Main limit: training time (a few thousand batches of 4 crops on a 2-core CPU)."))
    common = " Main limit: training time." if arch != "vmunet" else (" Main limit: training time. On this 2-core machine shared with other training jobs a VM-UNet step "
              "(batch 8, 64x64) took 2-5 s, so the model saw only about a thousand small batches; its loss was "
              "still falling when the budget ended. VM-UNet's 4x4 patch embedding and patch-expanding decoder "
              "also make thin structures (1-3 pixel vessels and membranes) harder than for a full-resolution "
              "convolutional U-Net.")
    if task == "retinal-vessels" and len(devices_of(state)) > 1 and ub:
        common = (f" The elastic deformation, added for {budget_of(state) - 6460} CPU steps after 6460 GPU steps "
                  "without it (" + ("in two stretches: Dice 0.777 and 0.791 at step 7960; " if budget_of(state) > 7960
                  else "") + "see the run history), moved the "
                  "U-Mamba Bot from Dice 0.763 to 0.783 and its U-Net, continued the same way, from 0.793 to 0.796 "
                  "(whole images, threshold 0.5); the tile size and threshold chosen on training images (see "
                  "Training) then gave the U-Mamba Bot its lead. Not tried yet: the deformation from the first step, per-channel "
                  "normalisation (scale_range over [y, x], which MambaJ reads since session 8), a green-channel "
                  "input, deeper Mamba stages.")
    elif task == "retinal-vessels" and "CPU" not in devices_of(state):
        common = (" More steps helped the U-Net far more than the U-Mamba Bot: from 2000 CPU steps to 6460 GPU "
                  "steps the U-Net went from Dice 0.761 to 0.793, the U-Mamba Bot from 0.759 to 0.763. The U-Mamba "
                  "Bot finds more vessel pixels (higher sensitivity) but marks more background (lower specificity). "
                  "A threshold chosen on the 14 CHASE_DB1 training images would stay at 0.5 (their Dice at 0.4 / 0.5 "
                  "/ 0.6: 0.840 / 0.841 / 0.841; the U-Net's 0.844 / 0.843 / 0.841), so the gap is in how the "
                  "networks carry over to new subjects: training Dice 0.841 against validation 0.763 for the U-Mamba "
                  "Bot, 0.843 against 0.793 for the U-Net. Not tried yet: per-channel normalisation (scale_range "
                  "over [y, x], which MambaJ reads since session 8), a green-channel input, deeper Mamba stages.")
    if task == "retinal-vessels":
        return (f"Goal Dice >= 0.80: {'met' if m['dice'] >= 0.80 else 'missed'} ({m['dice']:.3f}). Thin "
                "capillaries are missed and the redder subject-09 images get false-positive patches (the RGB "
                "scale_range does not remove colour-balance differences between subjects; only 7 training "
                "subjects)." + vs + common + " The Otsu baseline is degenerate (it mostly separates the "
                "fundus disc from the black surround).")
    if task == "em-membranes" and "CPU" not in devices_of(state):
        common = (" Main limit: the 20 training slices. More steps alone gained little (4600 GPU steps moved Dice by "
                  "0.004 over 1200 CPU steps); the elastic deformation did more in fewer steps, but more steps with "
                  "it did not help (continued on the CPU to 3860 steps: 0.823 / 0.075). Other Mamba architectures, "
                  "each trained from scratch on the CPU by this script with this recipe for the same 1860 steps "
                  "(`--arch A --steps 1860`, then `--evaluate-only`; validation Dice / pixel error): U-Mamba Enc "
                  "(0.72 M parameters, Mamba layers also after encoder stage 2) 0.828 / 0.073, level with this model; "
                  "Swin-UMamba (widths 8-128, one VSS block per stage, 1.3 M) 0.819 / 0.078, level with the U-Net; "
                  "UltraLight VM-UNet (widths 16-128, 0.18 M) 0.721 / 0.116 (4 of its steps had non-finite "
                  "gradients and were skipped). LightM-UNet (16 filters, 1.34 M) was not trained: its Mamba blocks "
                  "at full resolution make a training step 14.0 s, 14.7x the U-Net's (`bench_train_step.py`). Not "
                  "tried yet: a 3D context (neighbouring slices as channels).")
    return (f"Goal Dice >= 0.85: {'met' if m['dice'] >= 0.85 else 'missed'} ({m['dice']:.3f}); goal pixel error "
            f"<= 0.07: {'met' if m['pixel_error'] <= 0.07 else 'missed'} ({m['pixel_error']:.3f}). Membranes come "
            "out thicker and gappier than the ground truth; mitochondria are partly labelled as membrane; only 20 "
            "training slices." + vs + common)


def tiling_note(task, arch, post, whole):
    """How the validation images ran (the user's default tile) and, when that tile cuts some of them, what the
    same networks score on whole images."""
    size, overlap = post["tile"], TASKS[task]["tile"]["overlap"]
    if whole is None:
        return (f" Whole images are what a user gets with the default settings: the package's default tile ({size} "
                f"pixels, overlap {overlap}) holds every validation image in one tile.")
    keys = ["dice", "f1@0.5"] if task == "nuclei" else (["dice", "pixel_error"] if task == "em-membranes" else ["dice"])

    def fmt(mm):
        return ", ".join(f"{k} {mm[k]:.3f}" for k in keys)
    return (f" These are what a user gets with the default settings: the package's default tile, {size} pixels with "
            f"overlap {overlap} (chosen on training images, see Training), cuts the validation images into tiles, "
            "blended as MambaJ's Tiler does (`seg_lib.predict_tiled`). Run whole (a tile of "
            f"{TILE_CANDIDATES[-1]} pixels) the same weights score {fmt(whole[0])}" +
            (f", the U-Net {fmt(whole[1])}" if whole[1] else "") + f". The {LABEL[arch]}'s InstanceNorm layers "
            "normalise over what the network sees: a tile near the 256x256 training crops gives it the statistics it "
            "was trained on, a whole image" + (" with its dark surround" if task == "retinal-vessels" else "") +
            " does not; the U-Net's BatchNorm uses fixed statistics.")


def card_sections(task, arch, split, m, baselines, n_params, state, cmd, uinfo, worst=None, whole=None):
    t = TASKS[task]
    keys = [k for k in m if k not in ("tp", "fp", "fn")]
    rows = [(f"**{LABEL[arch]} (this model)**", m)] + list(baselines.items())
    data = {
        "nuclei": "2018 Data Science Bowl stage 1 (BBBC038, CC0), `segmentation/dsb2018`: "
                  f"{len(split['train'])} training images (the dataset's `train/` and the stage-1 training set "
                  f"`stage1_train/`) and the {len(split['val'])} images of its `val/` folder for validation (RGB "
                  "PNG; fluorescence, brightfield and H&E; instance labels).",
        "retinal-vessels": "CHASE_DB1 (Fraz et al. 2012, CC BY 4.0), `segmentation/chase_db1`, first annotator, "
                           "split by subject: subjects 01-07 (14 images) train, 08-10 (6 images) validation; plus "
                           "all 42 HRF images (Budai et al. 2013, CC BY 4.0, `segmentation/hrf`, half resolution, "
                           "vessel = coverage >= 128) for training only.",
        "em-membranes": "ISBI 2012 EM segmentation challenge (Cardona et al. 2010; please cite), "
                        "`segmentation/isbi2012`: slices 0-19 of train-volume.tif train, 20-23 validation. "
                        "Target: membrane = label 0.",
    }[task]
    chan = {"rgb": "RGB, 3 channels in R, G, B order (alpha dropped)",
            "grey": "greyscale, 1 channel (the VM-UNet repeats it to 3 channels internally)",
            "green": "the GREEN channel of the RGB image only, 1 channel (the VM-UNet repeats it to 3 channels "
                     "internally)"}[t["channels"]]
    if task == "nuclei":
        pp = run_postprocessing(task, state)
        post = ("`softmax`, then `instances_from_interior(min_size=%d, seed_threshold=%s)`: c = argmax over the 3 "
                "classes (ties -> lowest index); an interior pixel whose interior probability is below seed_threshold "
                "(compared in double) counts as c = 2; seeds = 4-connected components of c == 1 numbered in order of "
                "their first pixel in a row-major scan; seeds with fewer than min_size pixels are dropped and the rest renumbered in "
                "the same order; labels grow into pixels with c != 0 by repeated 4-neighbour dilation, one ring per "
                "iteration, an unlabelled foreground pixel taking the smallest label among its labelled "
                "4-neighbours from the previous iteration's state, until nothing changes; unreached foreground "
                "stays 0." % (pp["min_size"], pp["seed_threshold"]))
        mdef = ("All in float64 numpy, pooled over the validation images: foreground Dice = 2TP/(2TP+FP+FN) and "
                "IoU = TP/(TP+FP+FN) of (label > 0) vs (GT > 0) over all pixels; instance matching: a predicted "
                "and a GT object match when their IoU > 0.5 (unique); F1@0.5 = 2TP/(2TP+FP+FN), "
                "AP@0.5 = TP/(TP+FP+FN) with TP/FP/FN counted over objects and summed over images "
                f"(this model: TP {m['tp']}, FP {m['fp']}, FN {m['fn']}).")
    else:
        threshold = run_postprocessing(task, state)["threshold"]
        post = ("the model ends in a sigmoid" if arch in ENDS_IN_SIGMOID else "`sigmoid`") + \
            f"; `binarize(threshold={threshold})`: foreground = probability > {threshold}."
        mdef = ("All in float64 numpy over all pixels of all validation images pooled (no field-of-view mask): "
                "Dice = 2TP/(2TP+FP+FN), sensitivity = TP/(TP+FN), specificity = TN/(TN+FP), "
                "pixel error = (FP+FN)/(all pixels), accuracy = 1 - pixel error; the positive class is the "
                + t["class_names"][0] + ".")
    base = {"nuclei": "Otsu: Otsu threshold of the luminance 0.299R+0.587G+0.114B, foreground = the minority "
                      "side per image, split by a watershed of the negated distance transform with markers at "
                      "its local maxima (skimage peak_local_max, min_distance 5).",
            "retinal-vessels": "Otsu: Otsu threshold of the inverted green channel (255 - G), vessel = above.",
            "em-membranes": "Otsu: Otsu threshold of the raw slice, membrane = at or below (dark)."}[task]
    if uinfo:
        base += (f" U-Net: a plain 4-level U-Net (widths {'/'.join(map(str, t.get('dims', VMUNET['dims'])))}, BatchNorm; {uinfo[1]} parameters) "
                 f"trained by the same script (`--arch unet`) with the same data, crops, loss and seed, "
                 f"{uinfo[2]['step']} steps ({uinfo[2]['elapsed'] / 60:.1f} min measured; {LABEL[arch]}: "
                 f"{state['step']} steps, {state['elapsed'] / 60:.1f} min), same pre/post-processing and evaluation.")
    else:
        base += " U-Net: not finished in time for this package."
    goal = {"nuclei": "Dice >= 0.90, F1@0.5 >= 0.85", "retinal-vessels": "Dice >= 0.80",
            "em-membranes": "Dice >= 0.85, pixel error <= 0.07"}[task]
    return {
        "Data and split": data + f" The split is written in `training/splits/{task}.json`. Nothing was tuned "
                                 "or selected on the validation images: the shipped weights are the last "
                                 "checkpoint of the run.",
        "Training": f"`{cmd}` (resumable with `--resume`; checkpoints in `training/runs/{run_name(task, arch)}/`). Measured "
                    f"training wall time {state['elapsed'] / 60:.1f} min ({state['step']} Adam steps, batch "
                    f"{t['batch']} random {t['crop']}x{t['crop']} crops with random 90-degree rotations and "
                    "flips" + {"stain": ", random scale 0.7-1.5x and stain/intensity augmentation (per-channel "
                                        "gains, grey, inversion, contrast, noise: `stain_augment`)",
                               "colour": ", colour-balance, contrast and noise augmentation (`stain_augment` "
                                         "without grey or inversion)"}.get(t.get("augment"), "") +
                    (", elastic deformation (`elastic_deform`: random displacements on a 4x4 grid, 8 pixels standard "
                     "deviation, bicubic between the nodes)" if t.get("elastic") else "") +
                    f", lr {t['lr']} with 50 warm-up steps and cosine decay to 5 %, seed 0) on "
                    f"{trained_on(state)}; loss " + ("cross-entropy + soft Dice (interior, boundary); the boundary class is "
                                           "the inner boundary, 2 pixels thick for nuclei of 80+ pixels"
                                           if task == "nuclei" else "BCE + soft Dice") +
                    ". Both training scans equal the sequential reference scan to ~1e-6, forward and gradients "
                    "(`training/tests/test_scan.py`); the package's test tensors use the reference scan. " + history_note(task, arch, state),
        "Architecture": f"{LABEL[arch]} (`from_config(\"{arch}\", {json.dumps(ARCH_CONFIG[arch](task))})`), "
                        f"{n_params} parameters, " + ARCH_NOTE[arch],
        "Pre- and post-processing (as in rdf.yaml)": (
            f"Input: {chan}. `scale_range` per image: lo = np.percentile(x, 1.0), hi = np.percentile(x, 99.8) "
            "over all pixels and channels (float64, numpy 'linear'), x = (x - lo) / (hi - lo + 1e-6) as "
            f"float32. Images up to the default tile ({run_postprocessing(task, state)['tile']} pixels, "
            "`config.mambaj.tile`) run whole: pad bottom/right with np.pad mode 'reflect' to a multiple of 32 "
            "(`config.mambaj.size_multiple`), run, crop back; larger ones in overlapping tiles of at most that size "
            f"(overlap {t['tile']['overlap']}), blended with raised-cosine weights over the overlaps. Output: " + post),
        "Validation metrics": table(rows, keys) + "\n" + mdef +
            tiling_note(task, arch, run_postprocessing(task, state), whole) +
            f"\n\nGoal: {goal}.\n\nBaselines: " + base,
        "Samples": "Validation images: input, " + (
            f"{LABEL[arch]} instances, Otsu+watershed instances, ground truth" if task == "nuclei" else
            f"{LABEL[arch]} probability, {LABEL[arch]} mask, ground truth") + "\n\n![samples](samples.png)",
        "What falls short": shortfall(task, arch, m, baselines, state, worst),
        "Intended use": "Demonstration and testing of Mamba segmentation models running on the CPU in Fiji "
                        "(MambaJ), on images similar to the training data.",
        "Limitations": "A small model trained for a few thousand steps; the validation "
                       "set is small (see the split), so the numbers have a wide uncertainty. Not validated on "
                       "other scanners, stains, resolutions or modalities. **Not for clinical use.**",
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("task", choices=sorted(TASKS))
    ap.add_argument("--arch", default="vmunet", choices=sorted(RUN_SUFFIX))
    ap.add_argument("--steps", type=int, default=1000, help="optimizer steps (the same for model and baseline)")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--device", default="cpu", help="where to train: cpu (default) or cuda")
    ap.add_argument("--package-only", action="store_true")
    ap.add_argument("--no-package", action="store_true", help="train only (package later with --package-only)")
    ap.add_argument("--select-postprocessing", action="store_true",
                    help="choose the post-processing on training images (nuclei: min_size and seed_threshold; "
                         "vessels, membranes: the binarize threshold) and keep it in the run's checkpoint")
    ap.add_argument("--evaluate-only", action="store_true",
                    help="print the run's validation metrics (its selected post-processing) and write them to "
                         "runs/<run>/validation.json; no package is written")
    ap.add_argument("--run-tag", default="", help="train/package the candidate run runs/<task><suffix>-<tag>/ "
                                                  "instead of the shipped one")
    a = ap.parse_args()
    if a.run_tag and not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", a.run_tag):
        sys.exit(f"--run-tag {a.run_tag!r}: use lower-case letters, digits, '.' and '-' (it names a folder)")
    global RUN_TAG
    RUN_TAG = a.run_tag
    if a.select_postprocessing:
        select_postprocessing(a.task, a.arch)
        return
    if a.evaluate_only:
        evaluate_run(a.task, a.arch)
        return
    if not a.package_only:
        model, state = train(a.task, a.arch, a.steps, a.resume, a.device)
        if a.arch == "unet" and not a.no_package:
            torch.set_num_threads(1)
            _, val, _ = L.load_task(a.task)
            um, _, _ = evaluate(a.task, "unet", model, val, run_postprocessing(a.task, state))
            print("U-Net validation", rounded(um), flush=True)
            return
    if a.arch != "unet" and not a.no_package:
        package(a.task, a.arch)


if __name__ == "__main__":
    main()
