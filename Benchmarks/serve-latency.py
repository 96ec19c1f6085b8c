#!/usr/bin/env python3
"""Measures `briefsite serve`: time from saving a file to the reload event.

usage: serve-latency.py BRIEFSITE_BINARY SITE_ROOT [--runs N]

Copies nothing: it edits files of SITE_ROOT in place and restores them, so
point it at a copy (the benchmark script does). For each run it saves an
edit, then waits for `event: reload` on the event stream; it reports the
median, min and max in ms for an edit of a brief's body and for an edit of
an event's date (data shared by the site's timeline and tracker).
"""
import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def open_events(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(b"GET /_briefsite/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    buffer = b""
    while b"event: hello" not in buffer:
        buffer += sock.recv(65536)
    return sock


def wait_for(sock, marker, timeout=30):
    sock.settimeout(timeout)
    buffer = b""
    while marker not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise RuntimeError("event stream closed")
        buffer += chunk
    return buffer


def pick_files(root):
    briefs = os.path.join(root, "Content", "briefs")
    candidates = []
    for name in sorted(os.listdir(briefs)):
        path = os.path.join(briefs, name)
        if os.path.isdir(path):
            zh, en = os.path.join(path, "index.zh-Hant.md"), os.path.join(path, "index.en.md")
        elif name.endswith(".zh-Hant.md"):
            zh, en = path, path.replace(".zh-Hant.md", ".en.md")
        else:
            continue
        if os.path.exists(zh) and os.path.exists(en):
            with open(zh, encoding="utf-8") as f:
                text = f.read()
            if "draft: true" not in text and re.search(r"\bdate: \d{4}-\d\d-\d\d", text.split("timeline:", 1)[-1]):
                candidates.append((zh, en))
    # A brief in the middle of the archive: not the newest, not the oldest.
    return candidates[len(candidates) // 2]


def measure(sock, path, edit, runs):
    with open(path, encoding="utf-8") as f:
        original = f.read()
    times = []
    try:
        for run in range(runs):
            text = edit(original, run)
            start = time.perf_counter()
            save(path, text)
            wait_for(sock, b"event: reload")
            times.append((time.perf_counter() - start) * 1000)
            time.sleep(0.15)
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        wait_for(sock, b"event: reload")
    return times


SAVE_IN_PLACE = False


def save(path, text):
    """As most editors save: write a temporary file beside it, then rename it over the original
    (or, with --in-place, truncate and write the file itself)."""
    if SAVE_IN_PLACE:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return
    temporary = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.tmp")
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temporary, path)


def body_edit(text, run):
    return text.rstrip("\n") + f"\n\nEdit number {run}.\n"


def date_edit(text, run):
    head, _, rest = text.partition("timeline:")
    # Day 1 or 2 of the same month: never after the event's end, which the corpus keeps in that month.
    def bump(match):
        return f"date: {match.group(1)}-{1 + (run % 2):02d}"
    return head + "timeline:" + re.sub(r"date: (\d{4}-\d\d)-(\d\d)", bump, rest, count=1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("root")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--in-place", action="store_true", help="save by truncating and writing the file itself")
    args = parser.parse_args()
    global SAVE_IN_PLACE
    SAVE_IN_PLACE = args.in_place
    port = free_port()
    server = subprocess.Popen([args.binary, "serve", "--root", args.root, "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in server.stdout:
            if "Serving the preview" in line:
                break
        time.sleep(0.3)
        sock = open_events(port)
        zh, en = pick_files(args.root)
        body = measure(sock, en, body_edit, args.runs)
        data = measure(sock, zh, date_edit, args.runs)
        def summary(values):
            return f"median {statistics.median(values):.1f} ms (min {min(values):.1f}, max {max(values):.1f}, n={len(values)})"
        mode = "in place" if args.in_place else "by rename"
        print(f"| {args.root} ({mode}) | body edit → reload: {summary(body)} | event date edit → reload: {summary(data)} |")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
