#!/usr/bin/env python3
"""`briefsite serve` under load: wrk on loopback while edits land.

usage: serve-load.py BRIEFSITE_BINARY SITE_ROOT [--seconds S] [--min-requests N]

Edits SITE_ROOT in place (point it at a copy). Three rounds of wrk, each
rotating over every URL of the site's sitemap plus its stylesheet and feeds,
while an editor saves a brief every half second. After each save it waits
for the reload event and fetches the page: the edit must be there (no stale
page). It fails on any failed or non-2xx request, any stale page, fewer than
N requests, or memory that keeps growing from the second round to the third.
"""
import argparse
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

# The event-stream client and port picker are the serve benchmark's own.
_spec = importlib.util.spec_from_file_location(
    "serve_latency", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Benchmarks", "serve-latency.py"))
serve_latency = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serve_latency)
free_port = serve_latency.free_port
open_events = serve_latency.open_events


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def fetch(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        return response.status, response.read().decode("utf-8", "replace")


def site_paths(port):
    _, sitemap = fetch(port, "/sitemap.xml")
    paths = sorted({re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)})
    _, home = fetch(port, paths[0])
    stylesheet = re.search(r'<link rel="stylesheet" href="(?:\.\./|\./)*([^"]+)"', home)
    if stylesheet:
        paths.append("/" + stylesheet.group(1))
    paths += ["/zh-hant/feed.xml", "/en/feed.xml", "/sitemap.xml", "/data/timeline.json"]
    return paths


class Editor(threading.Thread):
    """Saves an English brief with a new marker, waits for the reload event,
    then checks that the served page carries the marker."""

    def __init__(self, port, source, url):
        super().__init__(daemon=True)
        self.port, self.source, self.url = port, source, url
        self.stop = threading.Event()
        self.edits = 0
        self.stale = []
        self.errors = []
        with open(source, encoding="utf-8") as f:
            self.original = f.read()

    def run(self):
        try:
            sock = open_events(self.port)
            while not self.stop.is_set():
                self.edits += 1
                marker = f"load-marker-{os.getpid()}-{self.edits}"
                text = self.original.rstrip("\n") + f"\n\nParagraph {marker}.\n"
                temporary = os.path.join(os.path.dirname(self.source), ".load-edit.tmp")
                with open(temporary, "w", encoding="utf-8") as f:
                    f.write(text)
                os.replace(temporary, self.source)
                serve_latency.wait_for(sock, b"event: reload")
                status, page = fetch(self.port, self.url)
                if status != 200 or marker not in page:
                    self.stale.append((self.edits, status))
                self.stop.wait(0.5)
        except Exception as error:  # reported by the main thread
            self.errors.append(repr(error))
        finally:
            with open(self.source, "w", encoding="utf-8") as f:
                f.write(self.original)


def run_wrk(port, script, seconds):
    result = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{seconds}s", "--timeout", "10s", "-s", script, f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, check=True)
    out = result.stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    socket_errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out)) \
        if "Socket errors" in out else 0
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
    return requests, non2xx, socket_errors, rate, out


def pick_brief(root):
    briefs = os.path.join(root, "Content", "briefs")
    for name in sorted(os.listdir(briefs)):
        path = os.path.join(briefs, name)
        if os.path.isdir(path) and os.path.exists(os.path.join(path, "index.en.md")):
            candidate, slug = os.path.join(path, "index.en.md"), name
        elif name.endswith(".en.md"):
            candidate, slug = path, name[: -len(".en.md")]
        else:
            continue
        with open(candidate, encoding="utf-8") as f:
            if "draft: true" not in f.read():
                return candidate, f"/en/briefs/{slug}/"
    raise SystemExit("no English brief to edit")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("root")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--min-requests", type=int, default=10000)
    args = parser.parse_args()

    port = free_port()
    server = subprocess.Popen([args.binary, "serve", "--root", args.root, "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    failures = []
    try:
        for line in server.stdout:
            if "Serving the preview" in line:
                break
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
        paths = site_paths(port)
        source, url = pick_brief(args.root)
        assert url in paths, f"{url} is not in the sitemap"
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write("paths = {" + ",".join(f'"{p}"' for p in paths) + "}\n")
            lua.write("counter = 0\n"
                      "request = function()\n"
                      "  counter = counter % #paths + 1\n"
                      "  return wrk.format(nil, paths[counter])\n"
                      "end\n")
            script = lua.name

        total = 0
        rows = []
        memory = [rss_mb(server.pid)]
        for round_number in (1, 2, 3):
            editor = Editor(port, source, url)
            editor.start()
            requests, non2xx, socket_errors, rate, out = run_wrk(port, script, args.seconds)
            editor.stop.set()
            editor.join(timeout=60)
            time.sleep(0.5)
            memory.append(rss_mb(server.pid))
            total += requests
            rows.append(f"| {round_number} | {requests} | {rate} | {non2xx} | {socket_errors} | "
                        f"{editor.edits} | {len(editor.stale)} | {memory[-1]:.0f} MB |")
            if non2xx or socket_errors:
                failures.append(f"round {round_number}: {non2xx} non-2xx responses, {socket_errors} socket errors\n{out}")
            if editor.stale or editor.errors:
                failures.append(f"round {round_number}: stale pages after reload {editor.stale}, errors {editor.errors}")
        print(f"{len(paths)} URLs rotated by wrk (2 threads, 32 connections, {args.seconds} s a round); "
              f"RSS before the first round {memory[0]:.0f} MB")
        print("| round | requests | requests/s | non-2xx | socket errors | edits | stale after reload | RSS after |")
        print("|---|---|---|---|---|---|---|---|")
        print("\n".join(rows))
        print(f"total: {total} requests")
        if total < args.min_requests:
            failures.append(f"only {total} requests; wanted at least {args.min_requests}")
        growth = memory[3] - memory[2]
        if growth > max(24.0, 0.10 * memory[2]):
            failures.append(f"memory grew by {growth:.0f} MB from round 2 to round 3 ({memory[2]:.0f} → {memory[3]:.0f} MB)")
    finally:
        server.terminate()
        server.wait(timeout=10)
    if failures:
        print("\n".join(failures), file=sys.stderr)
        return 1
    print("serve under load: no failed request, no stale page, memory flat")
    return 0


if __name__ == "__main__":
    sys.exit(main())
