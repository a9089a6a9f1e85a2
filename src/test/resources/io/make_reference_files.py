# Generates the reference files used by the org.mambaj.io tests, independently of the Java writers.
# Run once with Debian's python3 (numpy 1.24): /usr/bin/python3 make_reference_files.py  (tests never call Python)
import hashlib, json, struct
import numpy as np
from numpy.lib import format as npformat

ref = "reference/"
np.save(ref + "u1.npy", np.array([[0, 1, 2], [127, 128, 255]], dtype=np.uint8))
np.save(ref + "f8.npy", np.array([1.5, -2.25, 1e-3], dtype=np.float64))
np.save(ref + "i8.npy", np.array([[-1, 2], [3, 2**40]], dtype=np.int64))
np.save(ref + "u2.npy", np.array([0, 65535, 1234], dtype=np.uint16))
np.save(ref + "i4.npy", np.array([-7, 0, 2147483647], dtype=np.int32))
np.save(ref + "b1.npy", np.array([True, False, True], dtype=np.bool_))
np.save(ref + "f4_scalar.npy", np.array(3.25, dtype=np.float32))
np.save(ref + "f4_fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
np.save(ref + "f4_big_endian.npy", np.arange(3, dtype=">f4"))
for version in [(2, 0), (3, 0)]:
    with open(ref + "f4_v%d.npy" % version[0], "wb") as f:
        npformat.write_array(f, np.arange(12, dtype=np.float32).reshape(3, 4) / 4, version=version)

def safetensors(path, tensors, metadata=None):
    """tensors: list of (name, dtype, shape, raw bytes); offsets laid out in order, header padded to 8 bytes."""
    header, offset = {}, 0
    if metadata:
        header["__metadata__"] = metadata
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for _, _, _, raw in tensors:
            f.write(raw)

f16_bits = [0x3C00, 0x7C00, 0x0001, 0xFC00, 0x8000, 0x3555, 0x7BFF, 0x0400, 0x03FF, 0xC000]
bf16_bits = [0x3F80, 0xC000, 0x7F80, 0x0000]
safetensors(ref + "mixed.safetensors", [
    ("f32", "F32", [2, 2], np.array([[1, -2], [3.5, 1e-8]], dtype="<f4").tobytes()),
    ("f16", "F16", [10], struct.pack("<10H", *f16_bits)),
    ("bf16", "BF16", [2, 2], struct.pack("<4H", *bf16_bits)),
    ("f64", "F64", [2], np.array([0.1, -1e300], dtype="<f8").tobytes()),
    ("bn.num_batches_tracked", "I64", [], np.array(12345, dtype="<i8").tobytes()),
    ("u8", "U8", [3], bytes([0, 7, 255])),
    ("empty", "F32", [0, 3], b""),
], metadata={"format": "pt", "source": "make_reference_files.py"})

# The example model package: a made-up 1x1 convolution "tiny_conv" with 2 output channels.
pkg = "example-package/"
weights = [
    ("conv.weight", "F32", [2, 1, 1, 1], np.array([2.0, -1.0], dtype="<f4").tobytes()),
    ("conv.bias", "F32", [2], np.array([0.5, 0.0], dtype="<f4").tobytes()),
    ("norm.num_batches_tracked", "I64", [], np.array(10, dtype="<i8").tobytes()),
]
safetensors(pkg + "weights.safetensors", weights, metadata={"format": "pt"})
x = np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4) / 16
np.save(pkg + "test_input.npy", x)
np.save(pkg + "test_output.npy", np.concatenate([2 * x + 0.5, -x], axis=1).astype(np.float32))
with open(pkg + "weights.safetensors", "rb") as f:
    print("sha256 of example weights:", hashlib.sha256(f.read()).hexdigest())
