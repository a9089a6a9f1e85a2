"""Markdown table from a results file of benchmarks/run.sh: latencies with the PyTorch reference ratio.

    /usr/bin/python3 benchmarks/table.py benchmarks/results.tsv [reference.tsv]

PyTorch rows come from the first file, else from reference.tsv (for the Java-only mode of run.sh).
"""
import sys


def read(path):
    for line in open(path):
        if line.startswith("RESULT"):
            yield line.rstrip("\n").split("\t")


def fmt(ms):
    return f"{ms:.1f} ms" if ms < 1000 else f"{ms / 1000:.2f} s"


# the first file wins: its own PyTorch rows before those of reference files
torch = {(f[1], f[6]): float(f[3]) for p in reversed(sys.argv[1:]) for f in read(p) if f[2].startswith("pytorch")}
print("| case | input | engine (kernels) | median | min - max | CPU | peak RSS | runs | PyTorch reference | speed-up | load |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for f in read(sys.argv[1]):
    what, engine, ms, rss, runs, shape = f[1], f[2], float(f[3]), f[4], f[5], f[6]
    load = f[-1].replace("load ", "")
    if engine.startswith("pytorch"):
        print(f"| {what} | {shape} | PyTorch reference, sequential scan ({f[7]}) | {fmt(ms)} | | | {rss} MB | {runs} | | | {load} |")
        continue
    kernels, lo, hi, cpu = f[7], float(f[9]), float(f[10]), float(f[11])
    name = kernels if engine == "java" else ("Java, " + kernels if engine.startswith("java") else "TensorFlow + Java, " + kernels)
    ref = torch.get((what, shape))
    refs, ratio = (f"{ref / 1000:.1f} s", f"{ref / ms:.0f}x") if ref else ("", "")
    print(f"| {what} | {shape} | {name} | {fmt(ms)} | {fmt(lo)} - {fmt(hi)} | {fmt(cpu)} | {rss} MB | {runs} | {refs} | {ratio} | {load} |")
