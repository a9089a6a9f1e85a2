"""Train segmentation models and their U-Net baselines side by side on a GPU machine, for as many steps as fit in a
time budget: the same number of steps for a model and its baseline.

  python3 training/device_train.py --data DIR --seconds S --out OUT TASK [TASK ...]

DIR is a folder made by pack_device_data.py. For each task the U-Mamba Bot and the U-Net train with
train_segmentation.py --device cuda, all runs at once:
  1. every run trains 40 steps, which times a step (its second 20) while all runs share the GPU and the CPUs;
  2. each task's pair resumes to N steps, N the largest multiple of 20 that the slower of the two finishes in the
     time left (with a margin). Steps below 50 are warm-up, whose learning rate does not depend on the budget, so
     40 steps and then --resume --steps N is the same run as --steps N from the start;
  3. each run's checkpoint is copied to OUT as <run>-last.pt, whole (float32 weights: put it back as
     runs/<run>/last.pt), or compacted (<run>.pt, float16 weights: checkpoints.py restore) where the whole file is
     over what the device tool brings back (16 MB a file); one log beside them.
A run still going at the deadline is stopped; its last checkpoint (every 20 steps) is kept and the log says so.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import checkpoints  # noqa: E402

ARCHS = ("umamba_bot", "unet")
RUN_SUFFIX = {"umamba_bot": "-umamba", "unet": "-unet"}
PROBE_STEPS = 40
MARGIN_S = 45  # compaction and copying after training
# the probe's step time times this plans the steps: with 1.15 the vessel U-Mamba Bot reached 90 % of its steps by the
# deadline (an H200, session 7), so steps run about 1.28x slower than the probe timed
STEP_MARGIN = 1.35
MAX_FILE_BYTES = 15 * 2 ** 20  # the device tool brings back files of at most 16 MB


def start(task, arch, steps, resume, data, device, log):
    cmd = [sys.executable, os.path.join(HERE, "train_segmentation.py"), task, "--arch", arch, "--steps", str(steps),
           "--device", device, "--no-package"] + (["--resume"] if resume else [])
    env = dict(os.environ, MAMBAJ_DATA=os.path.abspath(data), MAMBAJ_TRAIN_THREADS="2", PYTHONUNBUFFERED="1")
    return subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)


def state_of(name):
    return checkpoints.load(checkpoints.run_file(name))["state"]


def run_all(jobs, deadline):
    """jobs: {name: Popen}; waits for all, stopping any still running at the deadline.
    Returns ({name: time it ended}, [names stopped at the deadline])."""
    ended, stopped = {}, []
    while len(ended) < len(jobs):
        for name, p in jobs.items():
            if name not in ended and p.poll() is not None:
                ended[name] = time.time()
        if time.time() > deadline:
            for name, p in jobs.items():
                if name not in ended:
                    p.terminate()
                    p.wait()
                    ended[name] = time.time()
                    stopped.append(name)
        time.sleep(0.5)
    return ended, stopped


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tasks", nargs="+")
    ap.add_argument("--data", required=True)
    ap.add_argument("--seconds", type=float, required=True, help="wall-clock budget of the whole script")
    ap.add_argument("--out", required=True)
    ap.add_argument("--device", default="cuda", help="cuda, or cpu for a dry run of the script")
    a = ap.parse_args()
    t0 = time.time()
    end = t0 + a.seconds - MARGIN_S
    os.makedirs(a.out, exist_ok=True)
    log = open(os.path.join(a.out, "device_train.log"), "w")

    def say(msg):
        print(f"[{time.time() - t0:6.1f} s] {msg}", flush=True)
        log.write(f"[{time.time() - t0:6.1f} s] {msg}\n")
        log.flush()

    say(f"{torch.cuda.get_device_name(0) if a.device == 'cuda' else 'CPU'}, torch {torch.__version__}, {os.cpu_count()} CPUs")
    names = {(task, arch): task + RUN_SUFFIX[arch] for task in a.tasks for arch in ARCHS}
    starts = {k: time.time() for k in names}
    jobs = {n: start(task, arch, PROBE_STEPS, False, a.data, a.device, log) for (task, arch), n in names.items()}
    ended, _ = run_all(jobs, end)
    per_step, overhead = {}, {}
    for (task, arch), n in names.items():
        if jobs[n].returncode != 0:
            sys.exit(f"{n}: the {PROBE_STEPS}-step probe failed (exit {jobs[n].returncode}); see the log")
        st = state_of(n)
        # log rows [epoch, step, elapsed s, loss]; the first epoch also holds CUDA's start, so the later ones time a step
        first, last = st["log"][0] if len(st["log"]) > 1 else [0, 0, 0.0], st["log"][-1]
        per_step[n] = (last[2] - first[2]) / (last[1] - first[1])
        overhead[n] = ended[n] - starts[(task, arch)] - st["elapsed"]  # start-up: imports, data, CUDA
        say(f"{n}: {per_step[n] * 1000:.0f} ms/step with all runs sharing the GPU, start-up {overhead[n]:.0f} s")
    jobs = {}
    for task in a.tasks:
        pair = [names[(task, arch)] for arch in ARCHS]
        left = end - time.time() - max(overhead[n] for n in pair)
        steps = int(left / (STEP_MARGIN * max(per_step[n] for n in pair)) // 20 * 20)
        if steps <= PROBE_STEPS:
            say(f"{task}: no time left for more than the probe")
            continue
        say(f"{task}: both runs to {steps} steps")
        for arch in ARCHS:
            jobs[names[(task, arch)]] = start(task, arch, steps, True, a.data, a.device, log)
    for n in run_all(jobs, end)[1]:
        say(f"{n}: stopped at the deadline; its checkpoint is at step {state_of(n)['step']}")
    for n in names.values():
        if os.path.getsize(checkpoints.run_file(n)) <= MAX_FILE_BYTES:
            shutil.copyfile(checkpoints.run_file(n), os.path.join(a.out, n + "-last.pt"))
        else:
            checkpoints.compact(n)
            shutil.copyfile(checkpoints.compact_file(n), os.path.join(a.out, n + ".pt"))
        st = state_of(n)
        say(f"{n}: step {st['step']} of {st['budget_steps']}, {st['elapsed'] / 60:.1f} min training, "
            f"last loss {st['log'][-1][3]:.4f}")


if __name__ == "__main__":
    main()
