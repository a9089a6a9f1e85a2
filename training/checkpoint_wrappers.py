"""Finds the state dict inside a published checkpoint, exactly as org.mambaj.io.pth.CheckpointWrappers does: both
read the one list in src/main/resources/org/mambaj/io/pth/checkpoint-wrappers.json (wrapper keys tried in order at
each level, params_ema before params as BasicSR does; a key prefix such as DataParallel's "module." removed when
every key has it)."""
import collections
import io
import json
import os
import pickle
import zipfile

import numpy as np
import torch

_WRAPPERS_JSON = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "src", "main", "resources",
                              "org", "mambaj", "io", "pth", "checkpoint-wrappers.json")
with open(_WRAPPERS_JSON) as _f:
    _SPEC = json.load(_f)
WRAPPER_KEYS = tuple(_SPEC["wrapper_keys"])
KEY_PREFIXES = tuple(_SPEC["key_prefixes"])


def strip_prefixes(sd):
    sd = dict(sd)
    for prefix in KEY_PREFIXES:
        if sd and all(k.startswith(prefix) for k in sd):
            sd = {k[len(prefix):]: v for k, v in sd.items()}
    return sd


def unwrap(checkpoint, source="checkpoint"):
    """The flat {name: tensor} inside checkpoint (a dict as torch.load returns it)."""
    node, path = checkpoint, ""
    while True:
        if not isinstance(node, dict):
            raise ValueError(f"{source}: {path or 'the checkpoint'} is not a dict of tensors")
        if node and all(isinstance(v, torch.Tensor) for v in node.values()):
            return strip_prefixes(node)
        wrapper = next((k for k in WRAPPER_KEYS if isinstance(node.get(k), dict)), None)
        if wrapper is None:
            raise ValueError(f"{source}: {path or 'the checkpoint'} holds no state dict: keys {list(node)[:10]}; "
                             f"a state dict is a dict of tensors, possibly wrapped under one of {list(WRAPPER_KEYS)}")
        node, path = node[wrapper], (path + "." + wrapper if path else wrapper)


# The same reading rules as org.mambaj.io.pth (torch.load's own weights_only mode would do, but torch 1.13's refuses
# floats in a checkpoint such as {"best_dice": 0.93}, and torch 1.13 silently ignores a pickle_module argument
# unless weights_only is set): the zip is read here, the pickle by an unpickler that knows only these globals.
def _rebuild_tensor(storage, offset, size, stride, *unused):
    return torch.as_strided(storage, tuple(size), tuple(stride), offset).clone()


def _rebuild_parameter(data, *unused):
    return data


_SCALAR_DTYPES = ("f8", "f4", "i8")


def _device(kind, index=None):
    """torch.device in nnU-Net's init_args: kept as its string, as the Java reader does."""
    return kind if index is None else f"{kind}:{index}"


def _numpy_dtype(code, *args):
    if code not in _SCALAR_DTYPES:
        raise pickle.UnpicklingError(f"refused numpy.dtype('{code}'): only float64 ('f8'), float32 ('f4') and int64 "
                                     f"('i8') scalars are read")
    return np.dtype(code)


def _numpy_scalar(dtype, raw):
    """A NumPy scalar from the training logs (nnU-Net's _best_ema, logging) as a plain Python number."""
    if not isinstance(dtype, np.dtype) or dtype.str[1:] not in _SCALAR_DTYPES or not isinstance(raw, bytes) \
            or len(raw) != dtype.itemsize:
        raise pickle.UnpicklingError(f"numpy scalar of {dtype!r} from {len(raw)} bytes refused")
    return np.frombuffer(raw, dtype=dtype)[0].item()


def _latin1_bytes(text, encoding):
    """Protocol 2 writes Python 3 bytes as _codecs.encode(text, 'latin1')."""
    if not isinstance(text, str) or encoding != "latin1":
        raise pickle.UnpicklingError("_codecs.encode is read only as (text, 'latin1')")
    return text.encode("latin1")


_ALLOWED = {("collections", "OrderedDict"): collections.OrderedDict,
            ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor,
            ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
            # nnU-Net checkpoints' run information (the same list as the Java reader's PickleGlobal)
            ("torch", "device"): _device,
            ("numpy", "dtype"): _numpy_dtype,
            ("numpy.core.multiarray", "scalar"): _numpy_scalar,
            ("numpy._core.multiarray", "scalar"): _numpy_scalar,
            ("_codecs", "encode"): _latin1_bytes}
_DTYPES = {"FloatStorage": torch.float32, "HalfStorage": torch.float16, "BFloat16Storage": torch.bfloat16,
           "DoubleStorage": torch.float64, "LongStorage": torch.int64, "IntStorage": torch.int32,
           "ShortStorage": torch.int16, "CharStorage": torch.int8, "ByteStorage": torch.uint8, "BoolStorage": torch.bool}


class _RestrictedUnpickler(pickle.Unpickler):
    def __init__(self, file, zip_file, root):
        super().__init__(file)
        self.zip_file, self.root, self.storages = zip_file, root, {}

    def find_class(self, module, name):
        module = {"__builtin__": "builtins", "copy_reg": "copyreg"}.get(module, module)
        if (module, name) in _ALLOWED:
            return _ALLOWED[(module, name)]
        if module == "torch" and name in _DTYPES:
            return _DTYPES[name]
        raise pickle.UnpicklingError(f"refused pickle global '{module}.{name}' (only state-dict contents are read)")

    def persistent_load(self, pid):
        kind, dtype, key, _location, numel = pid
        if kind != "storage" or not isinstance(dtype, torch.dtype):
            raise pickle.UnpicklingError(f"unsupported persistent id {pid!r}")
        if key not in self.storages:
            data = bytearray(self.zip_file.read(f"{self.root}data/{key}"))
            if len(data) < numel * torch.empty(0, dtype=dtype).element_size():
                raise pickle.UnpicklingError(f"storage {key} claims {numel} elements, its record is {len(data)} bytes")
            self.storages[key] = torch.frombuffer(data, dtype=dtype, count=numel) if numel else torch.empty(0, dtype=dtype)
        return self.storages[key]


def _load_pth(path):
    with zipfile.ZipFile(path) as z:
        roots = [n[:-len("data.pkl")] for n in z.namelist() if n.endswith("/data.pkl") and n.count("/") == 1]
        if len(roots) != 1:
            raise ValueError(f"{path}: not a torch.save zip checkpoint (no single data.pkl)")
        with z.open(roots[0] + "data.pkl") as f:
            return _RestrictedUnpickler(io.BytesIO(f.read()), z, roots[0]).load()


def read_state_dict(path):
    """A .safetensors or torch.save'd checkpoint as {name: tensor}, unwrapped. .pth files are read with a restricted
    unpickler (no code from the file runs)."""
    if path.endswith(".safetensors"):
        from mambaj_ref.safetensors_io import load_file
        return strip_prefixes({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in load_file(path).items()})
    return unwrap(_load_pth(path), path)
