#!/usr/bin/env python3
"""Compares briefsite binaries on small builds alone, in one run: each binary keeps its own copy of
a corpus, both copies get the same edit, and the binaries build in turn (ABBA order).

usage: python3 Benchmarks/ab-edits.py KIND ROUNDS BINARY SITE [BINARY SITE ...]

KIND: noop, body, date or rate (the edits of Benchmarks/run, made to each SITE's middle brief), newest (the body
of the newest brief, which the feed carries too), or start
(`BINARY --version` alone: the process's start, which every build pays).
Each SITE must hold the same Content/ and have been built once by its BINARY (a site built by
another binary is built whole the first time). Prints each binary's median wall time in ms; for
an edit the first round is left out (the first edit after a whole build also makes the spare).
`Benchmarks/ab.py` measures cold builds too, one site for all binaries; this one measures only the
builds an editor waits for, without a cold build between rounds.
"""
import importlib.machinery
import importlib.util
import os
import statistics
import subprocess
import sys
import time

loader = importlib.machinery.SourceFileLoader("benchmark_run", os.path.join(os.path.dirname(os.path.abspath(__file__)), "run"))
benchmark = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
loader.exec_module(benchmark)


def edit(site, kind):
    english, chinese = benchmark.pick_brief(site)
    {"body": lambda: benchmark.edit_body(english), "date": lambda: benchmark.edit_event_date(chinese),
     "newest": lambda: benchmark.edit_body(benchmark.pick_newest_brief(site)),
     "rate": lambda: benchmark.edit_tariff_rate(chinese), "noop": lambda: None, "start": lambda: None}[kind]()


def main():
    kind, rounds = sys.argv[1], int(sys.argv[2])
    pairs = [(sys.argv[i], sys.argv[i + 1]) for i in range(3, len(sys.argv), 2)]
    walls = {binary: [] for binary, _ in pairs}
    for round in range(rounds):
        for binary, site in (pairs if round % 2 == 0 else list(reversed(pairs))):
            edit(site, kind)
            started = time.perf_counter()
            command = [binary, "--version"] if kind == "start" else [binary, "build", "--root", site]
            built = subprocess.run(command, capture_output=True, text=True)
            wall = (time.perf_counter() - started) * 1000
            if built.returncode != 0:
                sys.exit(built.stdout + built.stderr)
            walls[binary].append(wall)
    for binary, _ in pairs:
        kept = walls[binary][1:] if kind not in ("noop", "start") else walls[binary]
        print(f"{kind:5} {binary}: median {statistics.median(kept):.1f} ms, min {min(kept):.1f}, max {max(kept):.1f} ({len(kept)} builds)")


if __name__ == "__main__":
    main()
