#!/usr/bin/env python3
"""Reads the Markdown table `Benchmarks/run` printed (standard input) and holds it to what the issue asks of
the benchmark and of the builds it measures: a row for each build, each figure there and consistent (min ≤ median
≤ max, ms per page = median ÷ pages), the cold build writing every file, the no-op writing nothing (by the
build's own count and by the output's inodes and mtimes, measured apart), and each one-brief edit writing only
a few files and rendering only a few outputs.
"""
import re
import sys

ROWS = ["cold (no Public/, no cache)", "no-op rebuild", "one brief's body edited",
        "the newest brief's body edited (its feed too)", "one event date edited", "one tariff rate edited"]
UNITS = {"B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9}


def number(text):
    return float(text.replace(",", ""))


def main():
    table = sys.stdin.read()
    problems = []
    heading = re.search(r"### ([\d,]+) briefs: ([\d,]+) pages, ([\d,]+) files, ([\d.,]+) MB", table)
    if not heading:
        sys.exit("no heading with the corpus's pages and files:\n" + table)
    pages, files, megabytes = number(heading.group(2)), number(heading.group(3)), number(heading.group(4))
    rows = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells and cells[0] in ROWS:
            rows[cells[0]] = cells
    for name in ROWS:
        if name not in rows:
            problems.append(f"no row for {name}")
    if problems:
        sys.exit("\n".join(problems) + "\n" + table)
    for name, cells in rows.items():
        wall = re.fullmatch(r"([\d,]+) \(([\d,]+)–([\d,]+)\)", cells[1])
        if not wall:
            problems.append(f"{name}: wall time {cells[1]!r} is not 'median (min–max)'")
            continue
        median, low, high = (number(value) for value in wall.groups())
        if not (0 < low <= median <= high):
            problems.append(f"{name}: wall {low} ≤ {median} ≤ {high} does not hold")
        # Both figures are printed rounded: the median to the millisecond, ms per page to the hundredth.
        if abs(number(cells[3]) - median / pages) > 0.005 + 0.5 / pages + 1e-9:
            problems.append(f"{name}: {cells[3]} ms per page, but {median} ms over {pages:.0f} pages")
        if name != ROWS[0] and not re.fullmatch(r"[\d.]+ %", cells[2]):
            problems.append(f"{name}: no share of the cold build ({cells[2]!r})")
        if number(cells[5]) <= 0:
            problems.append(f"{name}: peak RSS {cells[5]!r}")
        amount = re.fullmatch(r"([\d.,]+) (B|KB|MB|GB)", cells[7])
        if not amount:
            problems.append(f"{name}: bytes written {cells[7]!r}")
            continue
        cells.append(number(amount.group(1)) * UNITS[amount.group(2)])
    if problems:
        sys.exit("\n".join(problems) + "\n" + table)
    cold, noop = rows[ROWS[0]], rows[ROWS[1]]
    rendered = re.fullmatch(r"([\d,]+) of ([\d,]+)", cold[8])
    if number(cold[6]) != files or not rendered or rendered.group(1) != rendered.group(2):
        problems.append(f"the cold build wrote {cold[6]} of {files:.0f} files and rendered {cold[8]}")
    if abs(cold[9] / 1e6 - megabytes) > 0.1:
        problems.append(f"the cold build wrote {cold[7]}, the output holds {megabytes} MB")
    if number(noop[6]) != 0 or noop[9] != 0 or noop[8] != "none":
        problems.append(f"the no-op build wrote {noop[6]} files, {noop[7]}, rendered {noop[8]}")
    for name, most in ((ROWS[2], 3), (ROWS[3], 3), (ROWS[4], 12), (ROWS[5], 12)):
        cells = rows[name]
        written = number(cells[6])
        edited = re.fullmatch(r"([\d,]+) of ([\d,]+)", cells[8])
        if not (1 <= written <= most) or cells[9] <= 0 or cells[9] >= cold[9] / 2:
            problems.append(f"{name}: wrote {cells[6]} files, {cells[7]} (1 to {most} files, under half the site)")
        if not edited or not (1 <= number(edited.group(1)) <= most):
            problems.append(f"{name}: rendered {cells[8]}")
    if problems:
        sys.exit("\n".join(problems) + "\n" + table)
    print(f"benchmark table as expected: {len(rows)} builds of {pages:.0f} pages")


if __name__ == "__main__":
    main()
