"""Markdown tables from a results file of benchmarks/run.sh.

    /usr/bin/python3 benchmarks/table.py benchmarks/results.tsv

Models: MambaJ's Java engine with the vector kernels (median and the first inference of a fresh JVM), the same
without the vector module (scalar kernels), the anchor (PyTorch with the vectorised chunked scan, the faster of
1 and 2 threads) and the ratios,
and the distance to the arithmetic floor: dense FLOPs at the CPU's fp32 FMA peak (cores x clock x 2 FMA units x
lanes x 2, with 16 fp32 lanes where the CPU has AVX-512 and 8 with AVX2) plus one cycle per scan state update, both
spread over all cores. Then the command line:
wall time and peak RSS of `./mambaj segment`, and the memory per pixel (RSS slope between the two largest images).
"""
import os
import statistics
import sys


def rows(path, tag):
    for line in open(path):
        if line.startswith(tag):
            yield line.rstrip("\n").split("\t")


def fmt(ms):
    return f"{ms:.1f} ms" if ms < 1000 else f"{ms / 1000:.2f} s"


def clock_ghz():
    for line in open("/proc/cpuinfo"):
        if line.startswith("cpu MHz"):
            return float(line.split(":")[1]) / 1000
    return float("nan")


def flops_per_cycle():
    """fp32 FLOPs per cycle and core at the FMA peak: two FMA units (both Intel's server cores and AMD's Zen 3 have
    two) x the vector lanes x 2."""
    for line in open("/proc/cpuinfo"):
        if line.startswith("flags"):
            flags = line.split(":")[1].split()
            return 2 * (16 if "avx512f" in flags else 8 if "avx2" in flags else 4) * 2
    return float("nan")


path = sys.argv[1]
cores, ghz, per_cycle = os.cpu_count(), clock_ghz(), flops_per_cycle()
peak = cores * ghz * per_cycle  # GFLOP/s
java, torch, counts = {}, {}, {}
for f in rows(path, "RESULT"):
    key = (f[1], f[6])
    if f[2].startswith("pytorch"):
        # the anchor is the faster of its thread counts (2 OpenMP threads stall on a loaded machine)
        threads = f[7].split(", ")[-1] if len(f) > 8 else ""
        old = torch.get((key, f[2]))
        if old is None or float(f[3]) < old[0]:
            torch[(key, f[2])] = (float(f[3]), f[-1].replace("load ", ""), threads)
    else:
        java[(key, f[7])] = f
for f in rows(path, "COUNT"):
    counts[(f[1], f[2])] = (float(f[3]), float(f[4]))

print(f"Floor: {peak:.0f} GFLOP/s ({cores} cores x {ghz:.2f} GHz x {per_cycle} fp32 FLOP per cycle) and "
      f"{cores * ghz:.1f} G state updates/s (one per cycle per core).\n")
print("| case | input | MambaJ, vector kernels | first inference (fresh JVM) | no flag (scalar kernels) | scalar / vector "
      "| PyTorch, chunked scan (anchor) | anchor / MambaJ | floor | MambaJ / floor | peak RSS | load |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
keys = sorted({k for k, _ in java}, key=lambda k: (k[0], len(k[1]), k[1]))
for key in keys:
    vec = next((f for (k, kern), f in java.items() if k == key and kern != "java-scalar"), None)
    sca = java.get((key, "java-scalar"))
    anchor = torch.get((key, "pytorch-chunked"))
    if vec is None:
        continue
    ms, first = float(vec[3]), float(vec[12]) if len(vec) > 13 else float("nan")
    sms = float(sca[3]) if sca else None
    cells = [key[0], key[1], fmt(ms), f"{fmt(first)} ({first / ms:.1f}x)",
             fmt(sms) if sms else "", f"{sms / ms:.1f}x" if sms else "",
             f"{fmt(anchor[0])} ({anchor[2]})" if anchor else "", f"{anchor[0] / ms:.1f}x" if anchor else ""]
    work = counts.get(key)
    if work:
        floor = work[0] / peak * 1e3 + work[1] / (cores * ghz) * 1e3
        cells += [f"{fmt(floor)} ({work[0]:.1f} GFLOP, {work[1]:.2f} G updates)", f"{ms / floor:.1f}x"]
    else:
        cells += ["", ""]
    load = vec[-1].replace("load ", "") + (f"; anchor {anchor[1]}" if anchor else "")
    cells += [f"{vec[4]} MB", load]
    print("| " + " | ".join(cells) + " |")
for (key, engine), (ms, load, _) in torch.items():
    if engine == "pytorch-seq":
        print(f"| {key[0]} | {key[1]} | | | | | PyTorch, sequential scan: {fmt(ms)} | | | | | {load} |")

cli = list(rows(path, "CLI"))
if cli:
    print("\n| `./mambaj segment --model nuclei` | kernels | wall (median) | peak RSS | runs | load |")
    print("|---|---|---|---|---|---|")
    groups = {}
    for f in cli:
        groups.setdefault((int(f[1]), f[2]), []).append(f)
    for (px, kern), fs in sorted(groups.items()):
        side = int(round(px ** 0.5))
        wall = statistics.median(float(f[3]) for f in fs)
        rss = statistics.median(float(f[4]) for f in fs)
        loads = fs[0][-1].replace("load ", "").split("-")[0] + "-" + fs[-1][-1].split("-")[-1]
        print(f"| {side}x{side} | {kern} | {wall:.2f} s | {rss:.0f} MB | {len(fs)} | {loads} |")
    big = sorted((int(f[1]), float(f[4])) for f in cli if f[2] == "java-vector")
    if len(big) >= 2 and big[-1][0] > big[-2][0]:
        (p1, r1), (p2, r2) = big[-2], big[-1]
        print(f"\nMemory per pixel (peak RSS slope between {int(p1 ** 0.5)}² and {int(p2 ** 0.5)}²): "
              f"{(r2 - r1) * 1048576 / (p2 - p1):.0f} bytes")
