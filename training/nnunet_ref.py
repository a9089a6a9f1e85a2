"""nnU-Net v2's prediction of a 2D image from a trained-model folder, re-implemented in PyTorch/NumPy step by step
as nnunetv2 does it (DefaultPreprocessor.run_case_npy, nnUNetPredictor.predict_sliding_window_return_logits,
compute_gaussian with scipy's gaussian_filter, compute_steps_for_sliding_window, pad_nd_image,
export_prediction / LabelManager), and the writer of the synthetic results folders the Java loader is checked
against (src/test/resources/nnunet/<case>/):

  /usr/bin/python3 training/nnunet_ref.py            # writes every case

Each case: results/ (plans.json, dataset.json, fold_0/checkpoint_final.pth as nnU-Net's trainer saves it, random
weights), input.npy (C, H, W float32), image.tif for single-channel cases, and the expected probabilities.npy and
labels.npy (nnU-Net's label map), plus instances.npy (one label per cell) for cell datasets. Like MambaJ, sums are float32 (nnU-Net accumulates in float16 on a GPU) and no resampling is done (the
synthetic plans have spacing 1 x 1).
"""
import itertools
import json
import os
import sys

import numpy as np
import torch
from scipy.ndimage import gaussian_filter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mambaj_ref import from_config  # noqa: E402
from mambaj_ref.randomize import randomize_  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "src", "test", "resources", "nnunet")


# ---- the network from the plans (what the U-Mamba trainers' build_network_architecture does) ----

def resolve_configuration(plans, name, seen=()):
    conf = dict(plans["configurations"][name])
    if "inherits_from" in conf:
        assert conf["inherits_from"] not in seen + (name,), "circular inherits_from"
        base = resolve_configuration(plans, conf["inherits_from"], seen + (name,))
        base.update(conf)
        conf = base
    return conf


def labels_of(dataset):
    labels = {k: v for k, v in dataset["labels"].items() if k != "ignore"}
    regions = any(isinstance(v, (list, tuple)) and len(v) > 1 for v in labels.values())
    if regions:
        heads = [k for k, v in labels.items() if not np.all(np.array(v) == 0)]
        return regions, len(heads), dataset["regions_class_order"]
    values = sorted({int(x) for v in labels.values() for x in (v if isinstance(v, (list, tuple)) else [v])})
    return regions, len(values), values


def network_config(trainer, conf, in_ch, out_ch):
    if trainer.startswith("nnUNetTrainerSwinUMamba"):  # get_swin_umamba(_d)_from_plans: fixed networks
        if trainer.startswith("nnUNetTrainerSwinUMambaD"):
            return "swin_umamba_d", dict(in_chans=in_ch, num_classes=out_ch)
        return "swin_umamba", dict(in_chans=in_ch, out_chans=out_ch)
    arch = {"nnUNetTrainerUMambaBot": "umamba_bot", "nnUNetTrainerUMambaEnc": "umamba_enc"}[trainer]
    if "architecture" in conf:
        kw = conf["architecture"]["arch_kwargs"]
        cfg = dict(n_stages=kw["n_stages"], features_per_stage=kw["features_per_stage"], kernel_sizes=kw["kernel_sizes"],
                   strides=kw["strides"], n_conv_per_stage=kw.get("n_conv_per_stage", kw.get("n_blocks_per_stage")),
                   n_conv_per_stage_decoder=kw["n_conv_per_stage_decoder"])
    else:
        n = len(conf["conv_kernel_sizes"])
        cfg = dict(n_stages=n, features_per_stage=[min(conf["UNet_base_num_features"] * 2 ** i,
                                                       conf["unet_max_num_features"]) for i in range(n)],
                   kernel_sizes=conf["conv_kernel_sizes"], strides=conf["pool_op_kernel_sizes"],
                   n_conv_per_stage=conf["n_conv_per_stage_encoder"],
                   n_conv_per_stage_decoder=conf["n_conv_per_stage_decoder"])
    cfg.update(input_channels=in_ch, num_classes=out_ch)
    if arch == "umamba_enc":
        cfg["input_size"] = conf["patch_size"]
    return arch, cfg


# ---- nnU-Net's inference steps ----

def compute_gaussian(patch, sigma_scale=1. / 8, value_scaling_factor=10):
    tmp = np.zeros(patch)
    tmp[tuple(i // 2 for i in patch)] = 1
    g = gaussian_filter(tmp, [i * sigma_scale for i in patch], 0, mode="constant", cval=0)
    g /= np.max(g) / value_scaling_factor
    g = torch.from_numpy(g).float()
    g[g == 0] = torch.min(g[g != 0])
    return g


def compute_steps(image_size, patch, step):
    steps = []
    for i, k in zip(image_size, patch):
        n = int(np.ceil((i - k) / (k * step))) + 1
        actual = (i - k) / (n - 1) if n > 1 else 99999999999
        steps.append([int(np.round(actual * j)) for j in range(n)])
    return steps


def normalize(data, schemes, use_mask, props):
    mask = np.any(data != 0, axis=0)  # one slice: binary_fill_holes on (1, H, W) changes nothing
    out = data.astype(np.float32).copy()
    for c, scheme in enumerate(schemes):
        x = out[c]
        if scheme == "ZScoreNormalization":
            if use_mask[c]:
                m, s = x[mask].mean(), x[mask].std()
                x[mask] = (x[mask] - m) / max(s, 1e-8)
            else:
                x[:] = (x - x.mean()) / max(x.std(), 1e-8)
        elif scheme == "CTNormalization":
            p = props[str(c)]
            x[:] = (np.clip(x, p["percentile_00_5"], p["percentile_99_5"]) - p["mean"]) / max(p["std"], 1e-8)
        elif scheme == "RescaleTo01Normalization":
            x -= x.min()
            x /= np.clip(x.max(), 1e-8, None)
        elif scheme == "RGBTo01Normalization":
            x /= 255.
        else:
            assert scheme == "NoNormalization", scheme
    return out


# MambaJ's cell step (org.mambaj.image.NnUNetPipeline.CELL_MIN_SIZE): datasets labelled exactly background 0,
# interior 1, boundary 2 give one label per cell, seg_lib.instances_from_interior of the probabilities.
CELL_CLASSES = {"background": 0, "interior": 1, "boundary": 2}
CELL_MIN_SIZE = 16


def is_cell_dataset(dataset):
    return {k.lower(): v for k, v in dataset["labels"].items() if k != "ignore"} == CELL_CLASSES


def predict(folder, image, fold="0", mirror=False):
    """image (C, H, W) -> (probabilities (K, H, W), label map (H, W)) as nnU-Net predicts it."""
    plans = json.load(open(os.path.join(folder, "plans.json")))
    dataset = json.load(open(os.path.join(folder, "dataset.json")))
    ckpt = torch.load(os.path.join(folder, f"fold_{fold}", "checkpoint_final.pth"), map_location="cpu")
    conf = resolve_configuration(plans, ckpt["init_args"]["configuration"])
    regions, heads, values = labels_of(dataset)
    arch, cfg = network_config(ckpt["trainer_name"], conf, image.shape[0], heads)
    net = from_config(arch, cfg)
    net.load_state_dict(ckpt["network_weights"])
    net.eval()
    patch = conf["patch_size"]

    # transpose_forward over (z, x, y): the image is one slice
    t = plans["transpose_forward"]
    data = image[:, None].transpose([0, *[i + 1 for i in t]])[:, 0]
    # crop to the non-zero bounding box
    nz = np.argwhere(np.any(data != 0, axis=0))
    (y0, x0), (y1, x1) = (nz.min(0), nz.max(0) + 1) if len(nz) else ((0, 0), data.shape[1:])
    crop = normalize(data[:, y0:y1, x0:x1], conf["normalization_schemes"], conf["use_mask_for_norm"],
                     plans["foreground_intensity_properties_per_channel"])
    # pad_nd_image: centred, the odd pixel after
    h, w = crop.shape[1:]
    ph, pw = max(h, patch[0]), max(w, patch[1])
    top, left = (ph - h) // 2, (pw - w) // 2
    x = torch.zeros((crop.shape[0], ph, pw))
    x[:, top:top + h, left:left + w] = torch.from_numpy(crop)
    # sliding window with Gaussian weights
    gauss = compute_gaussian(tuple(patch))
    logits = torch.zeros((heads, ph, pw))
    n_pred = torch.zeros((ph, pw))
    axes = [a + 2 for a in ckpt["inference_allowed_mirroring_axes"]] if mirror else []
    combos = [c for i in range(len(axes)) for c in itertools.combinations(axes, i + 1)]
    with torch.no_grad():
        for sy in compute_steps((ph, pw), patch, 0.5)[0]:
            for sx in compute_steps((ph, pw), patch, 0.5)[1]:
                tile = x[None, :, sy:sy + patch[0], sx:sx + patch[1]]
                pred = net(tile)
                for c in combos:
                    pred = pred + torch.flip(net(torch.flip(tile, c)), c)
                pred = (pred / (len(combos) + 1))[0]
                logits[:, sy:sy + patch[0], sx:sx + patch[1]] += pred * gauss
                n_pred[sy:sy + patch[0], sx:sx + patch[1]] += gauss
    logits = (logits / n_pred)[:, top:top + h, left:left + w]
    probs = torch.sigmoid(logits) if regions else torch.softmax(logits, 0)
    full = torch.zeros((heads, *data.shape[1:]))
    if not regions:
        full[0] = 1
    full[:, y0:y1, x0:x1] = probs
    if regions:
        seg = torch.zeros(full.shape[1:], dtype=torch.int64)
        for i, c in enumerate(values):
            seg[full[i] > 0.5] = c
    else:
        seg = torch.tensor(values)[full.argmax(0)]
    back = plans["transpose_backward"]
    full = full.numpy()[:, None].transpose([0, *[i + 1 for i in back]])[:, 0]
    seg = seg.numpy()[None].transpose(back)[0]
    return np.ascontiguousarray(full, np.float32), np.ascontiguousarray(seg, np.float32)


# ---- the synthetic results folders ----

SMALL = dict(n_stages=4, features_per_stage=[8, 16, 24, 32], kernel_sizes=[[3, 3]] * 4,
             strides=[[1, 1], [2, 2], [2, 2], [2, 1]], n_conv_per_stage=[2, 2, 2, 2], n_conv_per_stage_decoder=[2, 2, 2])


def old_layout_configuration(patch, schemes, use_mask):
    """A configuration as nnU-Net < 2.4 (U-Mamba's fork) writes it."""
    return {"data_identifier": "nnUNetPlans_2d", "preprocessor_name": "DefaultPreprocessor", "batch_size": 12,
            "patch_size": patch, "median_image_size_in_voxels": [60.0, 60.0], "spacing": [1.0, 1.0],
            "normalization_schemes": schemes, "use_mask_for_norm": use_mask, "UNet_class_name": "PlainConvUNet",
            "UNet_base_num_features": 8, "n_conv_per_stage_encoder": SMALL["n_conv_per_stage"],
            "n_conv_per_stage_decoder": SMALL["n_conv_per_stage_decoder"], "num_pool_per_axis": [3, 2],
            "pool_op_kernel_sizes": SMALL["strides"], "conv_kernel_sizes": SMALL["kernel_sizes"],
            "unet_max_num_features": 32, "resampling_fn_data": "resample_data_or_seg_to_shape",
            "resampling_fn_seg": "resample_data_or_seg_to_shape", "resampling_fn_data_kwargs": {"is_seg": False},
            "resampling_fn_seg_kwargs": {"is_seg": True}, "resampling_fn_probabilities": "resample_data_or_seg_to_shape",
            "resampling_fn_probabilities_kwargs": {"is_seg": False}, "batch_dice": True}


def new_layout_configuration(patch, schemes, use_mask):
    """A configuration as nnU-Net >= 2.4 writes it (architecture.arch_kwargs)."""
    return {"data_identifier": "nnUNetPlans_2d", "preprocessor_name": "DefaultPreprocessor", "batch_size": 12,
            "patch_size": patch, "median_image_size_in_voxels": [60.0, 60.0], "spacing": [1.0, 1.0],
            "normalization_schemes": schemes, "use_mask_for_norm": use_mask,
            "resampling_fn_data": "resample_data_or_seg_to_shape", "batch_dice": True,
            "architecture": {"network_class_name": "dynamic_network_architectures.architectures.unet.PlainConvUNet",
                             "arch_kwargs": dict(SMALL, conv_op="torch.nn.modules.conv.Conv2d", conv_bias=True,
                                                 norm_op="torch.nn.modules.instancenorm.InstanceNorm2d",
                                                 norm_op_kwargs={"eps": 1e-05, "affine": True}, dropout_op=None,
                                                 dropout_op_kwargs=None, nonlin="torch.nn.LeakyReLU",
                                                 nonlin_kwargs={"inplace": True}),
                             "_kw_requires_import": ["conv_op", "norm_op", "dropout_op", "nonlin"]}}


def write_results(folder, trainer, configuration, plans, dataset, seed, class_bias=None):
    os.makedirs(os.path.join(folder, "fold_0"), exist_ok=True)
    json.dump(plans, open(os.path.join(folder, "plans.json"), "w"), indent=1)
    json.dump(dataset, open(os.path.join(folder, "dataset.json"), "w"), indent=1)
    conf = resolve_configuration(plans, configuration)
    _, heads, _ = labels_of(dataset)
    arch, cfg = network_config(trainer, conf, len(dataset["channel_names"]), heads)
    net = from_config(arch, cfg)
    randomize_(net, seed=seed)
    if class_bias:  # random weights give almost only one class; shift the head so that the cell case has cells
        with torch.no_grad():
            net.decoder.seg_layers[-1].bias += torch.tensor(class_bias)
    torch.save({  # nnUNetTrainer.save_checkpoint
        "network_weights": net.state_dict(),
        "optimizer_state": {"state": {}, "param_groups": [{"lr": 0.01, "momentum": 0.99, "nesterov": True}]},
        "grad_scaler_state": None,
        "logging": {"mean_fg_dice": [np.float64(0.5)], "ema_fg_dice": [np.float64(0.5)],
                    "train_losses": [np.float32(-0.3)], "lrs": [0.01], "epoch_start_timestamps": [1.0]},
        "_best_ema": np.float64(0.5), "current_epoch": 1,
        "init_args": {"plans": plans, "configuration": configuration, "fold": 0, "dataset_json": dataset,
                      "unpack_dataset": True, "device": torch.device("cuda", 0)},
        "trainer_name": trainer, "inference_allowed_mirroring_axes": (0, 1),
    }, os.path.join(folder, "fold_0", "checkpoint_final.pth"))


def plans_base(configurations, transpose, props):
    return {"dataset_name": "Dataset999_Synthetic", "plans_name": "nnUNetPlans",
            "original_median_spacing_after_transp": [999.0, 1.0, 1.0],
            "original_median_shape_after_transp": [1, 60, 60], "image_reader_writer": "NaturalImage2DIO",
            "transpose_forward": transpose, "transpose_backward": [int(i) for i in np.argsort(transpose)],
            "configurations": configurations, "experiment_planner_used": "ExperimentPlanner",
            "label_manager": "LabelManager", "foreground_intensity_properties_per_channel": props}


def test_image(rng, channels, h, w, border):
    img = np.zeros((channels, h, w), np.float32)
    y0, y1, x0, x1 = border
    img[:, y0:h - y1, x0:w - x1] = rng.integers(1, 256, (channels, h - y0 - y1, w - x0 - x1))
    return img


CELL_BIAS = [float(v) for v in os.environ.get("CELL_BIAS", "0,2,-4").split(",")]
CASES = {
    # U-Mamba Bot, plans in the older layout, one channel z-scored, 3 labels; 45x70 with a zero border (cropped),
    # larger than the 32x24 patch: 2 x 5 Gaussian-weighted patches
    "bot-old-layout": dict(trainer="nnUNetTrainerUMambaBot", layout="old", channels=1, size=(45, 70),
                           border=(3, 0, 0, 5), transpose=[0, 1, 2], patch=[32, 24], schemes=["ZScoreNormalization"],
                           use_mask=[False], labels={"background": 0, "nucleus": 1, "membrane": 2}, seed=61),
    # the same with the cell classes (background, interior, boundary): one label per cell
    "bot-cells": dict(trainer="nnUNetTrainerUMambaBot", layout="old", channels=1, size=(56, 64), border=(0, 0, 0, 0),
                      transpose=[0, 1, 2], patch=[32, 32], schemes=["ZScoreNormalization"], use_mask=[False],
                      labels={"background": 0, "interior": 1, "boundary": 2}, class_bias=CELL_BIAS, seed=67),
    # U-Mamba Enc (scans channels at its last stage: exactly the patch size), >= 2.4 layout with inherits_from,
    # two channels (CT clipping; masked z-score), regions, transposed axes, mirroring; 13x40 is smaller than the
    # patch along one axis (padded)
    "enc-new-layout": dict(trainer="nnUNetTrainerUMambaEnc", layout="new", channels=2, size=(40, 13),
                           border=(0, 2, 1, 0), transpose=[0, 2, 1], patch=[24, 12],
                           schemes=["CTNormalization", "ZScoreNormalization"], use_mask=[False, True],
                           labels={"background": 0, "whole": [1, 2], "core": 2}, regions_class_order=[1, 2],
                           mirror=True, seed=65),
}


def write_case(name, c):
    d = os.path.join(OUT, name)
    rng = np.random.default_rng(c["seed"])
    make = old_layout_configuration if c["layout"] == "old" else new_layout_configuration
    props = {str(i): {"max": 255.0, "mean": 120.0 + 10 * i, "median": 118.0, "min": 1.0, "percentile_00_5": 20.0,
                      "percentile_99_5": 230.0, "std": 50.0 + 5 * i} for i in range(c["channels"])}
    if c["layout"] == "old":
        configurations = {"2d": make(c["patch"], c["schemes"], c["use_mask"])}
        configuration = "2d"
    else:
        base = make([48, 48], ["ZScoreNormalization"] * c["channels"], [False] * c["channels"])
        configurations = {"2d": base, "2d_small": {"inherits_from": "2d", "patch_size": c["patch"],
                                                   "normalization_schemes": c["schemes"], "use_mask_for_norm": c["use_mask"]}}
        configuration = "2d_small"
    plans = plans_base(configurations, c["transpose"], props)
    dataset = {"channel_names": {str(i): f"channel{i}" for i in range(c["channels"])}, "labels": c["labels"],
               "numTraining": 10, "file_ending": ".png"}
    if "regions_class_order" in c:
        dataset["regions_class_order"] = c["regions_class_order"]
    results = os.path.join(d, "results")
    write_results(results, c["trainer"], configuration, plans, dataset, c["seed"], c.get("class_bias"))
    image = test_image(rng, c["channels"], *c["size"], c["border"])
    np.save(os.path.join(d, "input.npy"), image)
    if c["channels"] == 1:
        import tifffile
        tifffile.imwrite(os.path.join(d, "image.tif"), image[0].astype(np.uint8))
    probs, labels = predict(results, image, mirror=c.get("mirror", False))
    np.save(os.path.join(d, "probabilities.npy"), probs)
    np.save(os.path.join(d, "labels.npy"), labels)
    if is_cell_dataset(dataset):
        import seg_lib
        np.save(os.path.join(d, "instances.npy"), seg_lib.instances_from_interior(probs, CELL_MIN_SIZE).astype(np.float32))
    json.dump({"mirror": c.get("mirror", False)}, open(os.path.join(d, "case.json"), "w"))
    print(name, image.shape, "->", probs.shape, "labels", np.unique(labels))


def main():
    for name, c in CASES.items():
        write_case(name, c)
    # nnU-Net's importance maps (scipy's gaussian_filter), for the Java closed form to match
    for patch in ((32, 24), (24, 12), (7, 5)):
        np.save(os.path.join(OUT, "gaussian-%dx%d.npy" % patch), compute_gaussian(patch).numpy())


if __name__ == "__main__":
    main()
