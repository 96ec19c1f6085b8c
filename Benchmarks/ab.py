#!/usr/bin/env python3
"""Compares briefsite binaries on one corpus in one run: the machine is noisy, so
binaries alternate (ABBA order) and only ratios taken together mean anything.

usage: python3 Benchmarks/ab.py SITE RUNS BINARY...

Each run builds SITE cold with every binary, then after editing one brief's body,
then after editing one event date (the same edits as Benchmarks/run), and prints the
median wall time, CPU (user+sys) and peak RSS of each, and new/old ratios for two binaries.
Edits SITE's middle brief in place, as Benchmarks/run does.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys

site = sys.argv[1]; runs = int(sys.argv[2]); bins = sys.argv[3:]
def build(b):
    out = subprocess.run(["/usr/bin/time", "-f", "TIME %e %U %S %M", b, "build", "--root", site], capture_output=True, text=True)
    m = re.search(r"TIME (\S+) (\S+) (\S+) (\S+)", out.stderr)
    if out.returncode != 0: print(out.stderr[-2000:]); sys.exit(1)
    return float(m[1]), float(m[2]) + float(m[3]), int(m[4]) / 1024
def clean():
    for d in ["Public", ".Public.spare", ".briefsite-cache"]:
        shutil.rmtree(os.path.join(site, d), ignore_errors=True)
briefs = os.path.join(site, "Content", "briefs")
names = sorted(n for n in os.listdir(briefs) if os.path.isdir(os.path.join(briefs, n)))
en = os.path.join(briefs, names[len(names)//2], "index.en.md")
zh = os.path.join(briefs, names[len(names)//2], "index.zh-Hant.md")
def edit_body(run):
    t = open(en).read(); t = re.sub(r"\n\nEdit number \d+\.\n$", "\n", t).rstrip("\n") + f"\n\nEdit number {run}.\n"; open(en, "w").write(t)
def edit_date(run):
    t = open(zh).read(); h, _, r = t.partition("timeline:")
    r = re.sub(r"date: (\d{4}-\d\d)-(\d\d)", lambda m: f"date: {m.group(1)}-{1 + run % 2:02d}", r, count=1); open(zh, "w").write(h + "timeline:" + r)
res = {b: {"cold": [], "body": [], "date": []} for b in bins}
n = 0
for r in range(runs):
    for b in (bins if r % 2 == 0 else bins[::-1]):
        clean(); res[b]["cold"].append(build(b))
        n += 1; edit_body(n); res[b]["body"].append(build(b))
        n += 1; edit_date(n); res[b]["date"].append(build(b))
for kind in ["cold", "body", "date"]:
    for b in bins:
        s = res[b][kind]
        print(f"{kind:5} {os.path.basename(b):10} wall {statistics.median(x[0] for x in s):.3f} s  cpu {statistics.median(x[1] for x in s):.3f} s  rss {max(x[2] for x in s):.0f} MB   walls {[x[0] for x in s]}")
    if len(bins) == 2:
        a, c = res[bins[0]][kind], res[bins[1]][kind]
        print(f"      ratio {os.path.basename(bins[1])}/{os.path.basename(bins[0])}: wall {statistics.median(x[0] for x in c)/statistics.median(x[0] for x in a):.2f}  cpu {statistics.median(x[1] for x in c)/statistics.median(x[1] for x in a):.2f}")
