import os
import struct
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from mambaj_ref.safetensors_io import bf16_bits_to_float32, float32_to_bf16_bits, load_file, save_file  # noqa: E402


def test_roundtrip_all_dtypes():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 4)).astype(np.float32)
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "t.safetensors")
        save_file({"f32": a, "f16": a, "bf16": a, "i64": np.array(5, dtype=np.int64), "e": np.zeros((0, 2), np.float32)},
                  p, metadata={"k": "v"}, dtypes={"f16": "F16", "bf16": "BF16"})
        raw = open(p, "rb").read()
        (n,) = struct.unpack("<Q", raw[:8])
        assert (8 + n) % 8 == 0
        t, meta = load_file(p, with_metadata=True)
    assert meta == {"k": "v"}
    assert list(t) == ["f32", "f16", "bf16", "i64", "e"]
    assert np.array_equal(t["f32"], a)
    assert t["f16"].dtype == np.float16 and np.array_equal(t["f16"], a.astype(np.float16))
    assert t["bf16"].dtype == np.float32 and np.allclose(t["bf16"], a, rtol=2 ** -8)
    assert t["i64"].shape == () and t["i64"] == 5
    assert t["e"].shape == (0, 2)


def test_bf16_round_to_nearest_even():
    x = np.array([1.0, 1.0 + 2 ** -8, 1.0 + 3 * 2 ** -8, -2.5, np.inf], dtype=np.float32)
    y = bf16_bits_to_float32(float32_to_bf16_bits(x))
    assert list(y) == [1.0, 1.0, 1.0 + 2 ** -6, -2.5, np.inf]
