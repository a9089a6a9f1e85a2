"""Writes the small .pth fixtures of src/test/resources/io/pth/ (run once; the outputs are committed):
the same weights saved by torch.save in every wrapper format the Java reader unwraps, in F32/F16/BF16/F64, with
strided and offset views, beside reference.safetensors holding their exact float32 values; and hostile checkpoints
the reader must refuse (a __reduce__ calling os.system, builtins.eval, an unknown global, storages larger than the
file, a view outside its storage, the legacy format); and a checkpoint with what nnU-Net v2's trainer saves besides
the weights (torch.device, NumPy scalars in the logs and _best_ema), with NumPy values the reader must refuse.

  /usr/bin/python3 training/make_pth_fixtures.py            # everything
  /usr/bin/python3 training/make_pth_fixtures.py nnunet     # only the nnU-Net run-information fixtures
"""
import io
import os
import pickle
import sys
import zipfile
from collections import OrderedDict

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mambaj_ref.safetensors_io import load_file, save_file  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "src", "test", "resources", "io", "pth")


def weights():
    g = torch.Generator().manual_seed(0)
    base = torch.randn(6, 5, generator=g)
    sd = OrderedDict()
    sd["conv.weight"] = torch.randn(4, 3, 3, 3, generator=g)
    sd["conv.bias"] = torch.randn(4, generator=g)
    sd["proj.weight_t"] = base.t()                 # non-contiguous: strides (1, 5)
    sd["proj.rows"] = base[2:5]                    # storage offset 10, shares base's storage
    sd["proj.column"] = base[:, 3]                 # offset 3, stride 5
    sd["norm.scale"] = torch.tensor(1.5)           # 0-dim
    sd["bn.running_mean"] = torch.randn(4, generator=g)
    sd["bn.num_batches_tracked"] = torch.tensor(7)  # int64
    return sd


def contiguous_f32(sd):
    return {k: v.float().contiguous().numpy() for k, v in sd.items()}


class Evil:
    def __init__(self, fn, arg):
        self.fn, self.arg = fn, arg

    def __reduce__(self):
        return self.fn, (self.arg,)


class Unknown:
    pass


def raw_checkpoint(path, obj, storages, persistent_id):
    """A torch-style zip written by hand, for pickles torch.save would not produce."""
    buf = io.BytesIO()
    p = pickle.Pickler(buf, protocol=2)
    p.persistent_id = persistent_id
    p.dump(obj)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("archive/data.pkl", buf.getvalue())
        for key, data in storages.items():
            z.writestr(f"archive/data/{key}", data)
        z.writestr("archive/version", "3\n")


class FakeStorage:
    def __init__(self, numel):
        self.numel = numel


def write_conversion_fixtures():
    """A small MedMamba checkpoint as a user would have it (wrapped, module.-prefixed .pth and a partial config
    that relies on the shared defaults), and the package training/convert_checkpoint.py makes of it: the Java
    install of the same checkpoint must give a package that loads just as this one does."""
    import json
    import convert_checkpoint
    golden = os.path.join(OUT, os.pardir, os.pardir, "golden", "medmamba-small-odd")
    config = json.load(open(os.path.join(golden, "config.json")))["config"]
    config.pop("patch_size", None)   # left to the shared defaults on both sides
    with open(os.path.join(OUT, "medmamba-small.json"), "w") as f:
        json.dump(config, f)
    sd = {"module." + k: torch.from_numpy(np.ascontiguousarray(v))
          for k, v in load_file(os.path.join(golden, "weights.safetensors")).items()}
    ckpt = os.path.join(OUT, "medmamba-small.pth")
    torch.save({"model_state_dict": sd, "epoch": 300, "best_acc": 0.87}, ckpt)
    convert_checkpoint.main(["--arch", "medmamba", "--config", json.dumps(config), "--weights", ckpt,
                             "--name", "converted-by-python", "--authors", "Someone Else", "--license", "MIT",
                             "--test-size", "32", "--out",
                             os.path.join(OUT, os.pardir, os.pardir, "packages", "converted-by-python")])


def write_nnunet_run_fixtures(sd):
    """checkpoint_final.pth as nnU-Net v2's trainer writes it (nnUNetTrainer.save_checkpoint): besides
    network_weights, init_args with a torch.device, the logger's lists of NumPy float64/float32 values, _best_ema a
    NumPy float64; and two files whose NumPy content must be refused by name (a str scalar, an array)."""
    logging = {"mean_fg_dice": [np.float64(0.25), np.float64(0.5)],
               "ema_fg_dice": [np.float64(0.25), np.float64(0.275)],
               "dice_per_class_or_region": [[np.float64(0.1), np.float64(0.4)], [np.float64(0.2), np.float64(0.8)]],
               "train_losses": [np.float32(-0.5), np.float32(-0.75)],
               "val_losses": [np.float32(-0.25), np.float32(-0.5)],
               "lrs": [0.01, 0.00999],
               "epoch_start_timestamps": [1700000000.5, 1700000100.25],
               "epoch_end_timestamps": [1700000099.0, 1700000199.0]}
    init_args = {"plans": {"dataset_name": "Dataset999_Synthetic", "transpose_forward": [0, 1, 2]},
                 "configuration": "2d", "fold": 0,
                 "dataset_json": {"channel_names": {"0": "BF"}, "labels": {"background": 0, "cell": 1}},
                 "unpack_dataset": True, "device": torch.device("cuda", 0), "cpu": torch.device("cpu")}
    torch.save({"network_weights": sd, "optimizer_state": {"state": {}, "param_groups": [{"lr": 0.01}]},
                "grad_scaler_state": None, "logging": logging, "_best_ema": np.float64(0.275), "current_epoch": 2,
                "init_args": init_args, "trainer_name": "nnUNetTrainerUMambaBot",
                "inference_allowed_mirroring_axes": (0, 1), "best_step": np.int64(7)},
               os.path.join(OUT, "nnunet_run.pth"))
    torch.save({"network_weights": sd, "note": np.str_("abc")}, os.path.join(OUT, "numpy_str_scalar.pth"))
    torch.save({"network_weights": sd, "logging": {"x": np.zeros(3)}}, os.path.join(OUT, "numpy_array.pth"))


def main():
    os.makedirs(OUT, exist_ok=True)
    if sys.argv[1:] == ["nnunet"]:
        write_nnunet_run_fixtures(weights())
        return
    sd = weights()
    save_file(contiguous_f32(sd), os.path.join(OUT, "reference.safetensors"))
    decoy = OrderedDict((k, torch.zeros_like(v)) for k, v in sd.items())
    formats = {
        "plain": sd,
        "state_dict": {"state_dict": sd, "epoch": 12, "best": 0.93, "arch": "demo"},
        "model": {"model": sd, "optimizer": {"state": {}, "param_groups": [{"lr": 1e-3, "betas": (0.9, 0.999)}]}},
        "model_state_dict": {"model_state_dict": sd, "epoch": 3},
        "params": {"params": sd},
        "params_ema": {"params": decoy, "params_ema": sd},        # BasicSR: the EMA weights win
        "network_weights": {"network_weights": sd, "trainer_name": "nnUNetTrainer", "current_epoch": 1000,
                            "init_args": {"fold": 0, "configuration": "2d", "flag": True, "nothing": None},
                            "inference_allowed_mirroring_axes": (0, 1)},
        "module_prefix": {"state_dict": OrderedDict(("module." + k, v) for k, v in sd.items())},
        "parameters": OrderedDict((k, torch.nn.Parameter(v.clone(), requires_grad=False)
                                   if v.is_floating_point() else v) for k, v in sd.items()),
    }
    for name, obj in formats.items():
        torch.save(obj, os.path.join(OUT, f"{name}.pth"))
    # other dtypes: the reference holds the float32 values of the rounded numbers
    floats = OrderedDict((k, v) for k, v in sd.items() if v.is_floating_point())
    for dtype, name in ((torch.float16, "f16"), (torch.bfloat16, "bf16"), (torch.float64, "f64")):
        cast = OrderedDict((k, v.to(dtype)) for k, v in floats.items())
        torch.save(cast, os.path.join(OUT, f"{name}.pth"))
        save_file(contiguous_f32(cast), os.path.join(OUT, f"{name}.safetensors"))
    torch.save(sd, os.path.join(OUT, "legacy.pth"), _use_new_zipfile_serialization=False)

    # hostile files: each must be refused, by name, without running anything
    torch.save({"state_dict": Evil(os.system, "touch /tmp/mambaj-pwned")}, os.path.join(OUT, "evil_system.pth"))
    torch.save(Evil(eval, "__import__('os').system('touch /tmp/mambaj-pwned')"), os.path.join(OUT, "evil_eval.pth"))
    torch.save({"state_dict": sd, "score": Unknown()}, os.path.join(OUT, "unknown_global.pth"))

    def pid(obj):
        if isinstance(obj, FakeStorage):
            return ("storage", torch.FloatStorage, "0", "cpu", obj.numel)
        return None

    def rebuild(storage, size):
        return Rebuild(storage, size)

    class Rebuild:
        def __init__(self, storage, size):
            self.storage, self.size = storage, size

        def __reduce__(self):
            return torch._utils._rebuild_tensor_v2, (self.storage, 0, self.size, (1,), False, OrderedDict())

    raw_checkpoint(os.path.join(OUT, "huge_storage.pth"), {"w": rebuild(FakeStorage(10 ** 12), (10 ** 12,))},
                   {"0": np.zeros(4, np.float32).tobytes()}, pid)
    raw_checkpoint(os.path.join(OUT, "view_outside.pth"), {"w": rebuild(FakeStorage(4), (10,))},
                   {"0": np.zeros(4, np.float32).tobytes()}, pid)
    write_nnunet_run_fixtures(sd)
    write_conversion_fixtures()
    for f in sorted(os.listdir(OUT)):
        print(f, os.path.getsize(os.path.join(OUT, f)))


if __name__ == "__main__":
    main()
