"""Segmentation helpers shared by train_segmentation.py: data, pre/post-processing, metrics, baselines.

Everything that the Java side must reproduce is written in plain numpy here (float64 where it matters):
  scale_range            per image, over all pixels and channels
  pad_reflect / crop     whole-image inference, bottom/right reflect padding to a size multiple
  binarize               prob > threshold
  instances_from_interior (nuclei) see its docstring
  metrics                see each function
"""
import glob
import os

import numpy as np
import tifffile
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image
from scipy import ndimage as ndi

DATA = os.environ.get("MAMBAJ_DATA", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                  "shared", "data"))
if not os.path.isdir(DATA):
    DATA = "/work/shared/data"


# ----------------------------------------------------------------------------------------------- reading
def read_rgb(path):
    """RGB float64 (H, W, 3) on 0..255; RGBA -> alpha dropped, greyscale -> replicated."""
    im = Image.open(path)
    a = np.asarray(im)
    if a.ndim == 2:
        a = np.stack([a] * 3, -1)
    return a[..., :3].astype(np.float64)


def luminance(rgb):
    """0.299 R + 0.587 G + 0.114 B in float64 on 0..255 values."""
    return 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]


def scale_range(x, lo_p=1.0, hi_p=99.8):
    """x: (C, H, W) any dtype. Percentiles over ALL pixels and channels (float64, numpy 'linear')."""
    x = np.asarray(x, dtype=np.float64)
    lo = np.percentile(x, lo_p)
    hi = np.percentile(x, hi_p)
    return ((x - lo) / (hi - lo + 1e-6)).astype(np.float32)


def load_task(task):
    """Returns (train, val, split): lists of dicts {name, x (C,H,W float32 preprocessed), y (H,W int), raw}."""
    train, val = [], []
    if task == "nuclei":
        root = os.path.join(DATA, "segmentation/dsb2018")
        parts = (("train", train), ("stage1_train", train), ("val", val))
        for part, out in parts:
            for f in sorted(glob.glob(os.path.join(root, part, "images", "*.png"))):
                stem = os.path.splitext(os.path.basename(f))[0]
                rgb = read_rgb(f)
                lab = tifffile.imread(os.path.join(root, part, "labels", stem + ".tif"))
                out.append({"name": stem, "raw": rgb, "x": scale_range(rgb.transpose(2, 0, 1)),
                            "y": lab.astype(np.int32), "part": part})
        names = [d["name"] for d in train]
        assert not set(names) & {d["name"] for d in val}, "a validation image is in the training set"
        split = {"dataset": "segmentation/dsb2018",
                 "rule": "train: the dataset's train/ (40) and stage1_train/ (661; no image shares a crop with "
                         "val/, per the data README); val: the dataset's own val/ (10)",
                 "train": names, "val": [d["name"] for d in val]}
    elif task == "retinal-vessels":
        for f in sorted(glob.glob(os.path.join(DATA, "segmentation/chase_db1/images/*.jpg"))):
            stem = os.path.splitext(os.path.basename(f))[0]
            subject = int(stem.split("_")[1][:2])
            rgb = read_rgb(f)
            lab = np.asarray(Image.open(os.path.join(DATA, "segmentation/chase_db1/labels", stem + ".png")))
            d = {"name": stem, "raw": rgb, "x": scale_range(rgb.transpose(2, 0, 1)),
                 "y": (lab > 127).astype(np.int64)}
            (train if subject <= 7 else val).append(d)
        # HRF (an unrelated adult cohort, half resolution): training only; vessel = coverage >= 128
        for f in sorted(glob.glob(os.path.join(DATA, "segmentation/hrf/images/*.jpg"))):
            stem = os.path.splitext(os.path.basename(f))[0]
            rgb = read_rgb(f)
            lab = np.asarray(Image.open(os.path.join(DATA, "segmentation/hrf/labels", stem + ".png")))
            train.append({"name": "hrf/" + stem, "raw": rgb, "x": scale_range(rgb.transpose(2, 0, 1)),
                          "y": (lab >= 128).astype(np.int64)})
        split = {"dataset": "segmentation/chase_db1 + segmentation/hrf",
                 "rule": "CHASE_DB1 by subject: 01-07 train, 08-10 val (both eyes); all 42 HRF images train",
                 "train": [d["name"] for d in train], "val": [d["name"] for d in val]}
    elif task == "em-membranes":
        vol = tifffile.imread(os.path.join(DATA, "segmentation/isbi2012/train-volume.tif"))
        lab = tifffile.imread(os.path.join(DATA, "segmentation/isbi2012/train-labels.tif"))
        for i in range(vol.shape[0]):
            d = {"name": f"slice{i:02d}", "raw": vol[i].astype(np.float64), "x": scale_range(vol[i][None]),
                 "y": (lab[i] == 0).astype(np.int64)}
            (train if i < 20 else val).append(d)
        split = {"dataset": "segmentation/isbi2012", "rule": "train-volume.tif slices 0-19 train, 20-23 val",
                 "train": [d["name"] for d in train], "val": [d["name"] for d in val]}
    else:
        raise ValueError(task)
    return train, val, split


def nuclei_targets(lab, thick_from=80):
    """Instance labels -> classes: 0 background, 1 interior, 2 boundary. The boundary is the inner boundary
    (find_boundaries mode 'inner'), two pixels thick for nuclei of at least `thick_from` pixels so that
    touching nuclei are split by a band a patch-based network can draw; small nuclei keep one pixel so that
    an interior seed survives. A wider band where two nuclei touch (every pixel within 3 pixels of another
    nucleus; commit 3f359c1) was tried for the merged nuclei, 1000 more CPU steps from the shipped 3040-step
    model: validation Dice 0.879, F1@0.5 0.730, against 0.872 / 0.735 for the same continuation without it and
    0.903 / 0.741 for the shipped model. It changed little, so it is not here."""
    from skimage.segmentation import find_boundaries
    fg = lab > 0
    b = find_boundaries(lab, connectivity=1, mode="inner") & fg
    if thick_from:
        area = np.bincount(lab.ravel())
        big = area[lab] >= thick_from
        b = b | (ndi.binary_dilation(b) & fg & big)
    t = np.zeros(lab.shape, np.int64)
    t[fg] = 1
    t[b] = 2
    return t


# ----------------------------------------------------------------------------------------------- models
class UNet(nn.Module):
    """Small plain U-Net baseline (4 levels, two 3x3 conv + BatchNorm + ReLU per block)."""

    def __init__(self, in_ch=3, out_ch=1, widths=(16, 32, 64, 128)):
        super().__init__()

        def block(i, o):
            return nn.Sequential(nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True),
                                 nn.Conv2d(o, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True))
        self.downs = nn.ModuleList()
        c = in_ch
        for w in widths:
            self.downs.append(block(c, w))
            c = w
        self.ups = nn.ModuleList()
        self.upconvs = nn.ModuleList()
        for w in reversed(widths[:-1]):
            self.upconvs.append(nn.ConvTranspose2d(c, w, 2, stride=2))
            self.ups.append(block(2 * w, w))
            c = w
        self.head = nn.Conv2d(c, out_ch, 1)
        self.in_ch = in_ch

    def forward(self, x):
        if x.shape[1] == 1 and self.in_ch == 3:
            x = x.repeat(1, 3, 1, 1)
        skips = []
        for i, d in enumerate(self.downs):
            x = d(x)
            if i < len(self.downs) - 1:
                skips.append(x)
                x = F.max_pool2d(x, 2)
        for up, blk, s in zip(self.upconvs, self.ups, reversed(skips)):
            x = blk(torch.cat([up(x), s], 1))
        return self.head(x)


def model_logits(model, x):
    """Raw logits of a VM-UNet or UltraLight VM-UNet (bypassing the published final sigmoid) or of the others."""
    if hasattr(model, "logits"):
        return model.logits(x)
    if hasattr(model, "vmunet"):
        if x.shape[1] == 1:
            x = x.repeat(1, 3, 1, 1)
        return model.vmunet(x)
    return model(x)


# ----------------------------------------------------------------------------------------------- inference
def pad_reflect(x, multiple):
    """x (C, H, W): pad bottom/right with np.pad 'reflect' to multiples of `multiple`."""
    _, h, w = x.shape
    ph, pw = (-h) % multiple, (-w) % multiple
    return np.pad(x, ((0, 0), (0, ph), (0, pw)), mode="reflect"), (h, w)


def predict_whole(model, x, multiple, probs_fn):
    """Whole-image output (C, H, W) float32: pad, run, crop back, then the model's own output transform."""
    xp, (h, w) = pad_reflect(x, multiple)
    model.eval()
    with torch.no_grad():
        out = probs_fn(model, torch.from_numpy(np.ascontiguousarray(xp[None])))
    return out[0, :, :h, :w].numpy().astype(np.float32)


def _round_up(v, m):
    return (v + m - 1) // m * m


def tile_starts(size, t, overlap):
    """Tile origins along one axis, as MambaJ's Tiler: stride t - overlap, the last one flush with the end."""
    if size <= t:
        return [0]
    stride = t - overlap
    n = (size - t + stride - 1) // stride + 1
    return [min(i * stride, size - t) for i in range(n)]


def tile_edge(size, tile, overlap, multiple):
    """Tiler.edge: as many tiles as the tile size needs along the axis, each as short as still covers it."""
    largest = min(tile, _round_up(size, multiple))
    n = len(tile_starts(size, largest, overlap))
    if n == 1:
        return largest
    even = _round_up((size + (n - 1) * overlap + n - 1) // n, multiple)
    return min(largest, max(even, _round_up(2 * overlap + 1, multiple)))


def tile_window(t, overlap):
    """Tiler.window: a raised-cosine ramp over the overlap at each end, 1 in between (float32)."""
    d = np.minimum(np.arange(t), t - 1 - np.arange(t))
    ramp = np.sin(np.pi / 2 * (d + 0.5) / max(overlap, 1)) ** 2
    return np.where(d >= overlap, 1.0, ramp).astype(np.float32)


def _border_window(window, index, count, overlap):
    """Tile `index` of `count` along one axis: its blending window, 1 over an overlap that lies on the image's border
    (no neighbour shares it), as Tiler.run does."""
    w = window.copy()
    if index == 0:
        w[:overlap] = 1
    if index == count - 1:
        w[len(w) - overlap:] = 1
    return w


def predict_tiled(model, x, tile, overlap, multiple, net_fn):
    """The network's output (C', H, W) float32 over x (C, H, W) as MambaJ's Tiler runs it with a tile size and
    overlap: an image that fits one tile runs whole (predict_whole); a larger one in tiles of Tiler.edge pixels per
    axis (mirrored, NumPy 'reflect', where a tile leaves the image), blended in float32 by the product of the
    raised-cosine windows (1 up to the image's border), summed in row-major tile order. net_fn(model, batch) gives
    what the package's network gives (the post-processing's score step comes after the blend, as in Java)."""
    tile = _round_up(tile, multiple)
    _, h, w = x.shape
    if h <= tile and w <= tile:
        return predict_whole(model, x, multiple, net_fn)
    th, tw = tile_edge(h, tile, overlap, multiple), tile_edge(w, tile, overlap, multiple)
    ys, xs = tile_starts(h, th, overlap), tile_starts(w, tw, overlap)
    xp = np.pad(x, ((0, 0), (0, max(0, th - h)), (0, max(0, tw - w))), mode="reflect")
    wy, wx = tile_window(th, overlap), tile_window(tw, overlap)
    acc, weight = None, np.zeros((h, w), np.float32)
    model.eval()
    for yi, y0 in enumerate(ys):
        fy = _border_window(wy, yi, len(ys), overlap)
        for xi, x0 in enumerate(xs):
            fx = _border_window(wx, xi, len(xs), overlap)
            with torch.no_grad():
                out = net_fn(model, torch.from_numpy(np.ascontiguousarray(xp[None, :, y0:y0 + th, x0:x0 + tw])))
            out = out[0].numpy().astype(np.float32)
            if acc is None:
                acc = np.zeros((out.shape[0], h, w), np.float32)
            hh, ww = min(th, h - y0), min(tw, w - x0)
            f = np.outer(fy, fx)[:hh, :ww]
            weight[y0:y0 + hh, x0:x0 + ww] += f
            acc[:, y0:y0 + hh, x0:x0 + ww] += f * out[:, :hh, :ww]
    return acc / weight


def softmax_np(logits):
    """Channel softmax (C, H, W) in float32 (max-subtracted)."""
    z = logits.astype(np.float32)
    e = np.exp(z - z.max(0, keepdims=True))
    return e / e.sum(0, keepdims=True)


def binarize(p, threshold=0.5):
    return (p > threshold).astype(np.int64)


def label_raster_4(mask):
    """4-connected components of a bool mask, numbered 1..n in order of each component's first pixel in a
    row-major scan."""
    lab, n = ndi.label(mask, structure=[[0, 1, 0], [1, 1, 1], [0, 1, 0]])
    if n == 0:
        return lab.astype(np.int64), 0
    flat = lab.ravel()
    ids, first = np.unique(flat, return_index=True)
    keep = ids > 0
    ids, first = ids[keep], first[keep]
    order = ids[np.argsort(first, kind="stable")]
    remap = np.zeros(n + 1, np.int64)
    remap[order] = np.arange(1, len(order) + 1)
    return remap[lab], len(order)


def instances_from_interior(probs, min_size, seed_threshold=0.0):
    """Nuclei post-processing (after softmax), exactly as declared in rdf.yaml:
    c = argmax over classes (ties -> lowest index); an interior pixel (c == 1) whose interior probability is
    below seed_threshold counts as c = 2 (foreground that seeds nothing, so that only confident interior
    separates touching nuclei); seeds = 4-connected components of c == 1 numbered in
    order of their first pixel in a row-major scan; seeds with fewer than min_size pixels are dropped and the
    rest renumbered in the same order; labels then grow into pixels with c != 0 by repeated 4-neighbour
    dilation, one ring per iteration, an unlabelled foreground pixel taking the SMALLEST label among its
    labelled 4-neighbours in the previous iteration's state, until nothing changes; foreground pixels that
    are never reached stay 0."""
    c = np.argmax(probs, axis=0)
    c[(c == 1) & (probs[1].astype(np.float64) < seed_threshold)] = 2  # compared in double, as Java does
    seeds, n = label_raster_4(c == 1)
    if n:
        sizes = np.bincount(seeds.ravel(), minlength=n + 1)
        keep = sizes >= min_size
        keep[0] = False
        remap = np.zeros(n + 1, np.int64)
        remap[keep] = np.arange(1, keep.sum() + 1)  # ids are already in first-pixel order
        seeds = remap[seeds]
    lab = seeds
    fg = c != 0
    big = np.iinfo(np.int64).max
    while True:
        cand = np.full(lab.shape, big, np.int64)
        v = np.where(lab > 0, lab, big)
        cand[1:, :] = np.minimum(cand[1:, :], v[:-1, :])
        cand[:-1, :] = np.minimum(cand[:-1, :], v[1:, :])
        cand[:, 1:] = np.minimum(cand[:, 1:], v[:, :-1])
        cand[:, :-1] = np.minimum(cand[:, :-1], v[:, 1:])
        grow = fg & (lab == 0) & (cand < big)
        if not grow.any():
            return lab
        lab = lab.copy()
        lab[grow] = cand[grow]


# ----------------------------------------------------------------------------------------------- metrics
def binary_counts(pred, gt):
    """pred, gt bool arrays -> (TP, FP, FN, TN) as Python ints."""
    pred = pred.astype(bool)
    gt = gt.astype(bool)
    tp = int(np.sum(pred & gt))
    fp = int(np.sum(pred & ~gt))
    fn = int(np.sum(~pred & gt))
    tn = int(np.sum(~pred & ~gt))
    return tp, fp, fn, tn


def binary_metrics(counts):
    tp, fp, fn, tn = (float(v) for v in counts)
    return {"dice": 2 * tp / (2 * tp + fp + fn), "iou": tp / (tp + fp + fn),
            "sensitivity": tp / (tp + fn), "specificity": tn / (tn + fp),
            "pixel_error": (fp + fn) / (tp + fp + fn + tn)}


def match_instances(pred, gt, thr=0.5):
    """(TP, FP, FN): a predicted and a GT object match when IoU > thr (unique for thr >= 0.5)."""
    pid = np.unique(pred[pred > 0])
    gid = np.unique(gt[gt > 0])
    if len(pid) == 0 or len(gid) == 0:
        return 0, len(pid), len(gid)
    both = (pred > 0) & (gt > 0)
    pairs, inter = np.unique(np.stack([gt[both], pred[both]]), axis=1, return_counts=True)
    ga = dict(zip(*np.unique(gt[gt > 0], return_counts=True)))
    pa = dict(zip(*np.unique(pred[pred > 0], return_counts=True)))
    tp = 0
    for (g, p), i in zip(pairs.T, inter):
        iou = float(i) / float(ga[g] + pa[p] - i)
        if iou > thr:
            tp += 1
    return tp, len(pid) - tp, len(gid) - tp


def nuclei_metrics(preds, gts):
    """Pooled over images: foreground Dice/IoU (label > 0), instance F1@0.5 = 2TP/(2TP+FP+FN), AP@0.5 =
    TP/(TP+FP+FN)."""
    c = np.zeros(4, np.int64)
    m = np.zeros(3, np.int64)
    for p, g in zip(preds, gts):
        c += binary_counts(p > 0, g > 0)
        m += match_instances(p, g)
    tp, fp, fn = (float(v) for v in m)
    b = binary_metrics(c)
    return {"dice": b["dice"], "iou": b["iou"], "f1@0.5": 2 * tp / (2 * tp + fp + fn),
            "ap@0.5": tp / (tp + fp + fn), "tp": int(tp), "fp": int(fp), "fn": int(fn)}


# ----------------------------------------------------------------------------------------------- baselines
def otsu_nuclei(rgb, min_distance=5):
    """Otsu on the luminance; foreground = the minority side; distance-transform watershed split."""
    from skimage.feature import peak_local_max
    from skimage.filters import threshold_otsu
    from skimage.segmentation import watershed
    g = luminance(rgb)
    t = threshold_otsu(g)
    fg = g > t
    if fg.mean() > 0.5:
        fg = ~fg
    dist = ndi.distance_transform_edt(fg)
    cc, _ = ndi.label(fg)
    peaks = peak_local_max(dist, min_distance=min_distance, labels=cc, exclude_border=False)
    markers = np.zeros(fg.shape, np.int64)
    markers[tuple(peaks.T)] = np.arange(1, len(peaks) + 1)
    return watershed(-dist, markers, mask=fg).astype(np.int64)


def otsu_binary(grey, dark_foreground):
    from skimage.filters import threshold_otsu
    t = threshold_otsu(grey)
    return (grey <= t) if dark_foreground else (grey > t)


# ----------------------------------------------------------------------------------------------- figures
def _to_u8(a):
    a = np.asarray(a, np.float64)
    lo, hi = np.percentile(a, 1), np.percentile(a, 99.8)
    return (np.clip((a - lo) / (hi - lo + 1e-6), 0, 1) * 255).astype(np.uint8)


def colour_labels(lab):
    rng = np.random.RandomState(3)
    pal = rng.randint(60, 256, size=(int(lab.max()) + 1, 3)).astype(np.uint8)
    pal[0] = 0
    return pal[lab]


def save_samples(path, rows, height=220):
    """rows: list of [panel, ...] with panels (H, W, 3) uint8 or (H, W) uint8. Saved side by side."""
    ims = []
    for row in rows:
        panels = []
        for p in row:
            im = Image.fromarray(p if p.ndim == 3 else np.stack([p] * 3, -1))
            w = int(round(im.width * height / im.height))
            panels.append(im.resize((w, height), Image.NEAREST))
        W = sum(p.width for p in panels) + 4 * (len(panels) - 1)
        r = Image.new("RGB", (W, height), (255, 255, 255))
        x = 0
        for p in panels:
            r.paste(p, (x, 0))
            x += p.width + 4
        ims.append(r)
    W = max(r.width for r in ims)
    out = Image.new("RGB", (W, sum(r.height for r in ims) + 4 * (len(ims) - 1)), (255, 255, 255))
    y = 0
    for r in ims:
        out.paste(r, (0, y))
        y += r.height + 4
    out.save(path)
