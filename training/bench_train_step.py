"""Cost of one training step: Mamba models with the training scan against their same-size U-Net on the same batch.

  /usr/bin/python3 training/bench_train_step.py [--task nuclei] [--repeats 7] [--arch vmunet umamba_bot unet]

Steps alternate between the networks (so all see the same machine load) and the medians are printed, with each
model's ratio to the U-Net and the share of its step spent in the training scan's C kernels (forward and backward).
"""
import argparse
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seg_lib as L  # noqa: E402
import train_segmentation as T  # noqa: E402
from mambaj_ref import scan, scan_fast  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--task", default="nuclei", choices=sorted(T.TASKS))
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--arch", nargs="+", default=["vmunet", "unet"], choices=sorted(T.RUN_SUFFIX))
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    scan.use_fast()
    t = T.TASKS[a.task]
    torch.manual_seed(0)
    x = torch.rand(t["batch"], t["in_ch"], t["crop"], t["crop"])
    y = torch.randint(0, max(2, t["classes"]), (t["batch"], t["crop"], t["crop"]))
    if t["classes"] == 1:
        y = y.clamp(max=1)
    nets = {arch: T.build(a.task, arch) for arch in a.arch}
    opts = {k: torch.optim.Adam(m.parameters(), 1e-4) for k, m in nets.items()}
    times = {k: [] for k in nets}
    scan_times = {k: [] for k in nets}
    for i in range(a.repeats + 1):
        for k, m in nets.items():
            t0, s0 = time.perf_counter(), scan_fast.kernel_seconds
            loss = T.loss_fn(L.model_logits(m, x), y, t["classes"])
            opts[k].zero_grad()
            loss.backward()
            opts[k].step()
            if i:  # the first step of each warms up allocators and builds the scan kernel
                times[k].append(time.perf_counter() - t0)
                scan_times[k].append(scan_fast.kernel_seconds - s0)
    med = {k: float(np.median(v)) for k, v in times.items()}
    for k, v in med.items():
        n = sum(p.numel() for p in nets[k].parameters())
        print(f"{a.task} {k}: {n} parameters, batch {t['batch']}x{t['crop']}x{t['crop']}, median step {v:.3f} s "
              f"({a.repeats} steps, {a.threads} threads)" + (
                  f", of it in the scan {np.median(scan_times[k]):.3f} s ({np.median(scan_times[k]) / v:.0%})"
                  if max(scan_times[k]) > 0 else ""))
    for k in med:
        if k != "unet" and "unet" in med:
            print(f"ratio {k} / unet: {med[k] / med['unet']:.2f}")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
