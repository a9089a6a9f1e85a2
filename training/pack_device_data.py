"""Copy the segmentation training data a GPU machine needs into a folder small enough to travel with the repository
(the device tool sends at most 64 MiB): the same layout as ../shared/data, read by seg_lib through MAMBAJ_DATA.

  /usr/bin/python3 training/pack_device_data.py OUT_DIR nuclei retinal-vessels em-membranes

Training images only (no DSB val/; the ISBI volume holds both, as the split is by slice). Lossless: DSB 2018 PNGs
whose three channels are equal are stored as one-channel PNGs (seg_lib.read_rgb repeats a grey image into RGB, so
the pixels it returns are the same), TIFFs are rewritten with zlib compression; every rewritten file is checked to
read back the same.
"""
import glob
import os
import shutil
import sys

import numpy as np
import tifffile
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import seg_lib as L  # noqa: E402

FILES = {
    "nuclei": ["segmentation/dsb2018/" + part + "/" + kind for part in ("train", "stage1_train")
               for kind in ("images/*.png", "labels/*.tif")],
    "retinal-vessels": ["segmentation/chase_db1/*/*", "segmentation/hrf/images/*", "segmentation/hrf/labels/*"],
    "em-membranes": ["segmentation/isbi2012/*.tif"],
}


def pack_file(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if src.endswith(".png") and "/dsb2018/" in src:
        a = np.asarray(Image.open(src))
        if a.ndim == 3 and np.array_equal(a[..., 0], a[..., 1]) and np.array_equal(a[..., 1], a[..., 2]):
            Image.fromarray(np.ascontiguousarray(a[..., 0])).save(dst, optimize=True)
            if not np.array_equal(L.read_rgb(dst), L.read_rgb(src)):
                sys.exit(f"{dst}: the grey copy reads differently from {src}")
            return
    if src.endswith(".tif"):
        a = tifffile.imread(src)
        tifffile.imwrite(dst, a, compression="zlib")
        if not np.array_equal(tifffile.imread(dst), a):
            sys.exit(f"{dst}: the compressed copy reads differently from {src}")
        return
    shutil.copyfile(src, dst)


def main():
    if len(sys.argv) < 3 or any(t not in FILES for t in sys.argv[2:]):
        sys.exit(__doc__)
    out = sys.argv[1]
    for task in sys.argv[2:]:
        for pattern in FILES[task]:
            for src in sorted(glob.glob(os.path.join(L.DATA, pattern))):
                pack_file(src, os.path.join(out, os.path.relpath(src, L.DATA)))
    total = sum(os.path.getsize(f) for f in glob.glob(os.path.join(out, "**"), recursive=True) if os.path.isfile(f))
    print(f"{out}: {total / 2 ** 20:.1f} MiB")


if __name__ == "__main__":
    main()
