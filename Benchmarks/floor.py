#!/usr/bin/env python3
"""A cold build against its floor, in one run: the machines are noisy and differ from day to day, so the cold
build is given as a multiple of what the same machine takes, at the same moment, to do the two things no
generator can skip.

usage: python3 Benchmarks/floor.py SITE RUNS BINARY

- Markdown: every body of SITE's Content/ (front matter cut off) parsed and rendered by libcmark-gfm with the
  GFM extensions and briefsite's options, by two processes on halves of the list (the machine's 2 cores)
  (`floor/cmark-bodies.c`);
- writing: every file of the site BINARY builds, held in memory, written to a fresh folder beside SITE's
  Public/ on the same file system, by one thread (`floor/write-files.c`).

Each run builds SITE cold (no Public/, no cache, no spare) with BINARY, then measures both floors; prints the
medians (min–max) and the cold build as a multiple of the two floors together. The issue's targets were set
where the floors took 0.08 s and 0.09 s at 1,000 briefs and the target of 0.6 s was 3.5 times their sum.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def compile_floor(work):
    programs = {}
    for name, libraries in (("cmark-bodies", ["-lcmark-gfm-extensions", "-lcmark-gfm"]), ("write-files", [])):
        binary = os.path.join(work, name)
        subprocess.run(["cc", "-O2", "-o", binary, os.path.join(HERE, "floor", name + ".c")] + libraries, check=True)
        programs[name] = binary
    return programs


def bodies(site, work):
    """Each Markdown source's body, front matter cut off, as a file of its own; two lists of halves."""
    paths = []
    for folder, _, names in os.walk(os.path.join(site, "Content")):
        for name in sorted(names):
            if name.endswith(".md"):
                paths.append(os.path.join(folder, name))
    paths.sort()
    written = []
    for index, path in enumerate(paths):
        with open(path, encoding="utf-8") as source:
            text = source.read()
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end >= 0:
                text = text[end + 5:]
        target = os.path.join(work, "bodies", f"{index:06d}.md")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as body:
            body.write(text)
        written.append(target)
    half = (len(written) + 1) // 2
    lists = []
    for part, names in enumerate((written[:half], written[half:])):
        list_path = os.path.join(work, f"bodies-{part}.txt")
        with open(list_path, "w") as listing:
            listing.write("\n".join(names) + "\n")
        lists.append(list_path)
    return lists, len(written)


def cold_build(binary, site):
    for name in ("Public", ".briefsite-cache", ".Public.spare"):
        shutil.rmtree(os.path.join(site, name), ignore_errors=True)
    start = time.monotonic()
    result = subprocess.run([binary, "build", "--root", site], capture_output=True, text=True)
    elapsed = time.monotonic() - start
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def markdown_floor(program, lists):
    start = time.monotonic()
    runs = []
    for listing in lists:
        with open(listing) as names:
            runs.append(subprocess.Popen([program], stdin=names, stdout=subprocess.DEVNULL))
    for run in runs:
        if run.wait() != 0:
            sys.exit("cmark-bodies failed")
    return time.monotonic() - start


def writing_floor(program, site):
    target = os.path.join(site, ".floor-copy")
    shutil.rmtree(target, ignore_errors=True)
    printed = subprocess.run([program, os.path.join(site, "Public"), target], capture_output=True, text=True, check=True).stdout
    shutil.rmtree(target, ignore_errors=True)
    return float(re.search(r"in ([\d.]+) s", printed)[1])


def summary(values):
    return f"{statistics.median(values):.3f} s ({min(values):.3f}–{max(values):.3f})"


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    site, runs, binary = os.path.abspath(sys.argv[1]), int(sys.argv[2]), os.path.abspath(sys.argv[3])
    with tempfile.TemporaryDirectory(dir=os.path.dirname(site)) as work:
        programs = compile_floor(work)
        lists, count = bodies(site, work)
        cold, markdown, writing = [], [], []
        for _ in range(runs):
            cold.append(cold_build(binary, site))
            markdown.append(markdown_floor(programs["cmark-bodies"], lists))
            writing.append(writing_floor(programs["write-files"], site))
    floors = [m + w for m, w in zip(markdown, writing)]
    multiples = [c / f for c, f in zip(cold, floors)]
    print(f"| {site}: {count} bodies, {runs} runs | median (min–max) |")
    print("|---|---|")
    print(f"| cold build | {summary(cold)} |")
    print(f"| Markdown floor (libcmark-gfm, 2 processes) | {summary(markdown)} |")
    print(f"| writing floor (the same files, 1 thread) | {summary(writing)} |")
    print(f"| cold build ÷ (Markdown + writing), each run | {statistics.median(multiples):.2f} ({min(multiples):.2f}–{max(multiples):.2f}) |")
    print(f"| the issue's target as such a multiple | 3.5 (0.6 s ÷ (0.08 s + 0.09 s)) |")


if __name__ == "__main__":
    main()
