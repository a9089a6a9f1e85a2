"""PyTorch reference latency (training/mambaj_ref, sequential selective_scan_ref, fp32, batch 1, 2 threads) on
the benchmark weights. Prints one tab-separated result line per model, like the Java benchmark:

    RESULT <what> pytorch-seq <median ms> <peak MB> <runs> <input>

    /usr/bin/python3 benchmarks/bench_torch.py vmunet [--size 128] [--runs 5] [--warmup 1]
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "training"))
from mambaj_ref import from_config, scan  # noqa: E402
from mambaj_ref.safetensors_io import load_file  # noqa: E402


def load(case_dir):
    with open(os.path.join(case_dir, "config.json")) as f:
        meta = json.load(f)
    model = from_config(meta["architecture"], meta["config"])
    sd = {k: torch.from_numpy(v) for k, v in load_file(os.path.join(case_dir, "weights.safetensors")).items()}
    model.load_state_dict(sd)
    model.eval()
    return model, torch.from_numpy(np.load(os.path.join(case_dir, "input.npy")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--data", default=os.path.join(HERE, "data"))
    ap.add_argument("--size", type=int, default=0, help="crop the input to size x size (top left)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--chunked", action="store_true", help="the vectorised chunked scan instead")
    args = ap.parse_args()
    torch.set_num_threads(2)
    scan.use_chunked(args.chunked)
    model, x = load(os.path.join(args.data, args.model))
    if args.size:
        x = x[..., :args.size, :args.size].contiguous()
    times = []
    with torch.no_grad():
        for i in range(args.warmup + args.runs):
            t0 = time.perf_counter()
            model(x)
            dt = (time.perf_counter() - t0) * 1e3
            if i >= args.warmup:
                times.append(dt)
            print(f"# {args.model} run {i} {dt:.0f} ms", file=sys.stderr, flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    engine = "pytorch-chunked" if args.chunked else "pytorch-seq"
    shape = "x".join(str(s) for s in x.shape)
    print(f"RESULT\t{args.model}\t{engine}\t{statistics.median(times):.1f}\t{peak_mb:.0f}\t{args.runs}\t{shape}\t"
          f"torch {torch.__version__}, {torch.get_num_threads()} threads", flush=True)


if __name__ == "__main__":
    main()
