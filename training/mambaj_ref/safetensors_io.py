"""Pure Python + numpy reader/writer for the .safetensors format (the pip package is not available here).

Layout: 8-byte little-endian unsigned header length n, then n bytes of JSON
{"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ..., "__metadata__": {str: str}},
then the raw little-endian tensor bytes; offsets are relative to the end of the header.
The header is padded with spaces to a multiple of 8 bytes, as the reference writer does.

numpy has no bfloat16: BF16 tensors are written from float32 (round to nearest even) and read back
as float32 (or as raw uint16 bits with ``bf16_as_uint16=True``).
"""
import json
import struct
from collections import OrderedDict

import numpy as np

_NP_BY_DTYPE = {
    "F64": np.dtype("<f8"), "F32": np.dtype("<f4"), "F16": np.dtype("<f2"),
    "I64": np.dtype("<i8"), "I32": np.dtype("<i4"), "I16": np.dtype("<i2"), "I8": np.dtype("i1"),
    "U8": np.dtype("u1"), "BOOL": np.dtype("?"),
}
_DTYPE_BY_NP = {v: k for k, v in _NP_BY_DTYPE.items()}


def float32_to_bf16_bits(a):
    """float32 array -> uint16 bfloat16 bit patterns, round to nearest even (NaN kept NaN)."""
    bits = np.ascontiguousarray(a, dtype="<f4").view("<u4").astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    out = rounded.astype(np.uint16)
    nan = np.isnan(np.asarray(a, dtype=np.float32))
    out[nan] = ((bits[nan] >> 16) | 0x40).astype(np.uint16)
    return out


def bf16_bits_to_float32(bits):
    return (np.asarray(bits, dtype="<u2").astype("<u4") << 16).view("<f4")


def save_file(tensors, path, metadata=None, dtypes=None):
    """Write ``{name: np.ndarray}`` (insertion order kept). ``dtypes`` may map a name to "F16"/"BF16"/...
    to convert float arrays on the way out; otherwise the array's own dtype is used."""
    dtypes = dtypes or {}
    header = OrderedDict()
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs = []
    offset = 0
    for name, arr in tensors.items():
        arr = np.asarray(arr)
        dt = dtypes.get(name)
        if dt == "BF16":
            data = float32_to_bf16_bits(arr.astype(np.float32)).tobytes()
        elif dt is not None:
            data = np.ascontiguousarray(arr, dtype=_NP_BY_DTYPE[dt]).tobytes()
        else:
            npdt = arr.dtype.newbyteorder("<") if arr.dtype.byteorder == ">" else arr.dtype
            dt = _DTYPE_BY_NP.get(np.dtype(npdt))
            if dt is None:
                raise ValueError(f"{name}: unsupported dtype {arr.dtype}")
            data = np.ascontiguousarray(arr, dtype=_NP_BY_DTYPE[dt]).tobytes()
        header[name] = {"dtype": dt, "shape": list(arr.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    hjson = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hjson += b" " * ((8 - len(hjson) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hjson)))
        f.write(hjson)
        for b in blobs:
            f.write(b)


def load_file(path, bf16_as_uint16=False, with_metadata=False):
    """Read a .safetensors file into an ordered ``{name: np.ndarray}`` (file order of data offsets)."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"), object_pairs_hook=OrderedDict)
    base = 8 + n
    meta = header.pop("__metadata__", None)
    out = OrderedDict()
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        b, e = info["data_offsets"]
        shape = tuple(info["shape"])
        if info["dtype"] == "BF16":
            bits = np.frombuffer(raw, dtype="<u2", count=(e - b) // 2, offset=base + b)
            arr = bits.copy() if bf16_as_uint16 else bf16_bits_to_float32(bits)
        else:
            npdt = _NP_BY_DTYPE[info["dtype"]]
            arr = np.frombuffer(raw, dtype=npdt, count=(e - b) // npdt.itemsize, offset=base + b).copy()
        out[name] = arr.reshape(shape)
    return (out, meta) if with_metadata else out
