#!/usr/bin/env python3
"""Compares briefsite binaries on one corpus in one run: the machine is noisy, so
binaries alternate (ABBA order) and only ratios taken together mean anything.

usage: python3 Benchmarks/ab.py SITE RUNS BINARY...

Each run builds SITE cold with every binary, then after editing one brief's body,
then after editing one event date, then one tariff rate (the same edits as Benchmarks/run), then after each
edit once more (the first edit after a cold build also makes the spare folder; the second
is an editor's steady state), and prints the
median wall time, CPU (user+sys) and peak RSS of each, and new/old ratios for two binaries.
Edits SITE's middle brief in place, as Benchmarks/run does.
"""
import importlib.machinery
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

site = sys.argv[1]; runs = int(sys.argv[2]); bins = sys.argv[3:]
def build(b):
    # Wall time by the clock here, to the millisecond (/usr/bin/time's %e counts hundredths of a second).
    started = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "TIME %e %U %S %M", b, "build", "--root", site], capture_output=True, text=True)
    wall = time.perf_counter() - started
    m = re.search(r"TIME (\S+) (\S+) (\S+) (\S+)", out.stderr)
    if out.returncode != 0: print(out.stderr[-2000:]); sys.exit(1)
    rendered = re.search(r"(\d+) of [\d,]+ outputs rendered", out.stdout)
    return wall, float(m[2]) + float(m[3]), int(m[4]) / 1024, int(rendered[1]) if rendered else 0
def clean():
    for d in ["Public", ".Public.spare", ".briefsite-cache"]:
        shutil.rmtree(os.path.join(site, d), ignore_errors=True)
# The same brief and the same edits as Benchmarks/run.
loader = importlib.machinery.SourceFileLoader("benchmark_run", os.path.join(os.path.dirname(os.path.abspath(__file__)), "run"))
benchmark = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
loader.exec_module(benchmark)
en, zh = benchmark.pick_brief(site)
kinds = ["cold", "body", "date", "rate", "body2", "date2", "rate2"]
res = {b: {kind: [] for kind in kinds} for b in bins}
for r in range(runs):
    for b in (bins if r % 2 == 0 else bins[::-1]):
        clean(); res[b]["cold"].append(build(b))
        benchmark.edit_body(en); res[b]["body"].append(build(b))
        benchmark.edit_event_date(zh); res[b]["date"].append(build(b))
        benchmark.edit_tariff_rate(zh); res[b]["rate"].append(build(b))
        benchmark.edit_body(en); res[b]["body2"].append(build(b))
        benchmark.edit_event_date(zh); res[b]["date2"].append(build(b))
        benchmark.edit_tariff_rate(zh); res[b]["rate2"].append(build(b))
for kind in kinds:
    for b in bins:
        s = res[b][kind]
        print(f"{kind:5} {os.path.basename(b):10} wall {statistics.median(x[0] for x in s):.3f} s  cpu {statistics.median(x[1] for x in s):.3f} s  rss {max(x[2] for x in s):.0f} MB   walls {[round(x[0], 3) for x in s]}  outputs rendered {sorted(set(x[3] for x in s))}")
    if len(bins) == 2:
        a, c = res[bins[0]][kind], res[bins[1]][kind]
        print(f"      ratio {os.path.basename(bins[1])}/{os.path.basename(bins[0])}: wall {statistics.median(x[0] for x in c)/statistics.median(x[0] for x in a):.2f}  cpu {statistics.median(x[1] for x in c)/statistics.median(x[1] for x in a):.2f}")
