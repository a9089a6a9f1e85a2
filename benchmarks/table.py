"""Markdown table from benchmarks/results.tsv: Java / TensorFlow latencies with the PyTorch reference ratio.

    /usr/bin/python3 benchmarks/table.py benchmarks/results.tsv
"""
import sys

rows, torch = [], {}
for line in open(sys.argv[1]):
    if not line.startswith("RESULT"):
        continue
    f = line.rstrip("\n").split("\t")
    what, engine, ms, rss, runs, shape = f[1], f[2], float(f[3]), f[4], f[5], f[6]
    load = f[-1].replace("load ", "")
    if engine.startswith("pytorch"):
        torch[(what, shape)] = ms
        rows.append((what, shape, engine, ms, rss, runs, load, None))
    else:
        kernels = f[7]
        name = "Java (" + kernels + ")" if engine.startswith("java") else "TensorFlow dense + Java (" + kernels + ")"
        if engine == "java":  # the scan cases report the kernels only
            name = kernels
        rows.append((what, shape, name, ms, rss, runs, load, None))
print("| case | input | engine | median latency | peak RSS | runs | PyTorch reference | speed-up | load (1 min) |")
print("|---|---|---|---|---|---|---|---|---|")
for what, shape, name, ms, rss, runs, load, _ in rows:
    ref = torch.get((what, shape))
    ratio = f"{ref / ms:.0f}x" if ref and not name.startswith("pytorch") else ""
    refs = f"{ref / 1000:.1f} s" if ref and not name.startswith("pytorch") else ""
    lat = f"{ms:.1f} ms" if ms < 1000 else f"{ms / 1000:.2f} s"
    print(f"| {what} | {shape} | {name} | {lat} | {rss} MB | {runs} | {refs} | {ratio} | {load} |")
