"""Top frames of a JFR recording made by benchmarks/java.sh with
JAVA_OPTS=-XX:StartFlightRecording=filename=X.jfr,settings=profile, counting only samples after the line
'# timed runs start at HH:MM:SS' (warm-up and JIT excluded).

    /usr/bin/python3 benchmarks/profile.py X.jfr HH:MM:SS.sss [frames]
"""
import collections
import re
import subprocess
import sys

jfr, start = sys.argv[1], sys.argv[2]
depth = int(sys.argv[3]) if len(sys.argv) > 3 else 1
txt = subprocess.run(["jfr", "print", "--stack-depth", "12", "--events", "jdk.ExecutionSample", jfr],
                     capture_output=True, text=True).stdout
self_, incl = collections.Counter(), collections.Counter()
for ev in txt.split("jdk.ExecutionSample")[1:]:
    t = re.search(r"startTime = (\S+)", ev)
    if not t or t.group(1) < start:
        continue
    m = re.search(r"stackTrace = \[\s*\n(.*?)\n\s*\]", ev, re.S)
    if not m:
        continue
    frames = [re.sub(r"\(.*", "", f).strip() for f in m.group(1).split("\n") if f.strip() != "..."]
    self_[" <- ".join(frames[:depth])] += 1
    mine = [f for f in frames if "mambaj" in f]
    for f in set(mine):
        incl[f] += 1
n = sum(self_.values())
print(f"{n} samples")
for k, v in self_.most_common(25):
    print(f"self {100 * v / n:5.1f}%  {k}")
for k, v in incl.most_common(30):
    print(f"incl {100 * v / n:5.1f}%  {k}")
