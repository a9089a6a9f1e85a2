"""PyTorch latency (training/mambaj_ref, fp32, batch 1, 2 threads) on the benchmark weights, with the sequential
reference scan (selective_scan_ref: what the published code gives a CPU user) or, with --chunked, the project's
vectorised chunked scan (selective_scan_chunked, checked against the sequential one in training/tests/test_scan.py):
the strongest PyTorch CPU path, and the anchor MambaJ is compared with. Prints one tab-separated result line, like
the Java benchmark:

    RESULT <what> pytorch-seq|pytorch-chunked <median ms> <peak MB> <runs> <input> <torch version, threads>

With --count it runs one inference and prints the work instead (for the arithmetic floor in BENCHMARKS.md):

    COUNT <what> <input> <dense GFLOP (Linear, Conv2d, einsum; 2 per multiply-add)> <scan state updates, G>

    /usr/bin/python3 benchmarks/bench_torch.py vmunet [--size 128] [--runs 5] [--warmup 1] [--chunked] [--count]

OMP_WAIT_POLICY=PASSIVE is set before torch loads (unless already set): spinning OpenMP threads slow PyTorch down
10-25x on a shared 2-core machine.
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402

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
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--count", action="store_true", help="print dense FLOPs and scan state updates, no timing")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    scan.use_chunked(args.chunked)
    model, x = load(os.path.join(args.data, args.model))
    if args.size:
        x = x[..., :args.size, :args.size].contiguous()
    if args.count:
        count(args.model, model, x)
        return
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


def count(what, model, x):
    """Dense FLOPs (2 per multiply-add of Linear, Conv2d and einsum) and scan state updates (batch*D*N*L per
    selective scan call) of one inference. The scans are counted and skipped (the shapes do not depend on them)."""
    flops, updates = [0], [0]

    def linear_hook(m, inp, out):
        flops[0] += 2 * inp[0].numel() // inp[0].shape[-1] * m.in_features * m.out_features

    def conv_hook(m, inp, out):
        kh, kw = m.kernel_size
        flops[0] += 2 * out.numel() * (m.in_channels // m.groups) * kh * kw

    for m in model.modules():
        if isinstance(m, torch.nn.Linear):
            m.register_forward_hook(linear_hook)
        elif isinstance(m, torch.nn.Conv2d):
            m.register_forward_hook(conv_hook)
    einsum, selective = torch.einsum, scan.selective_scan

    def counting_einsum(eq, *ops):
        sizes = {}
        for term, t in zip(eq.split("->")[0].split(","), ops):
            sizes.update(zip(term, t.shape))
        n = 1
        for v in sizes.values():
            n *= v
        flops[0] += 2 * n
        return einsum(eq, *ops)

    def counting_scan(u, delta, A, *a, **k):
        # counted, not run: the output only has to have the right shape for the layers after it
        updates[0] += u.numel() * A.shape[-1]
        return u.clone()

    torch.einsum, scan.selective_scan = counting_einsum, counting_scan
    try:
        with torch.no_grad():
            model(x)
    finally:
        torch.einsum, scan.selective_scan = einsum, selective
    shape = "x".join(str(s) for s in x.shape)
    print(f"COUNT\t{what}\t{shape}\t{flops[0] / 1e9:.2f}\t{updates[0] / 1e9:.3f}", flush=True)


if __name__ == "__main__":
    main()
