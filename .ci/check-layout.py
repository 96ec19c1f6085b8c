#!/usr/bin/env python3
"""Pages of a served site laid out by a real browser (headless Chromium), checked as a reader sees them.

usage: check-layout.py BASE_URL PROBE_DIR PROBE_URL PAGE [PAGE ...]

BASE_URL serves the site (http://127.0.0.1:PORT/site/); PROBE_URL serves PROBE_DIR from the same origin, so
that a probe page there can read the pages it loads in a frame. Each PAGE (a path under BASE_URL) is loaded at
a desktop width and a phone width; at each:
- the page never scrolls sideways (its document is no wider than the window);
- every figure in a `number` cell is aligned to the end of its cell, in every language;
- at the desktop width, a data table of a brief that is wider than the text column takes the room the page
  has beside the column before it scrolls.
Prints each failure as `page @ width: what` and exits 1 if there was any.
"""
import json
import os
import re
import shutil
import subprocess
import sys

WIDTHS = [1200, 375]

PROBE = """<!doctype html><meta charset="utf-8"><title>layout probe</title>
<iframe id="frame" width="1200" height="900"></iframe>
<pre id="result">pending</pre>
<script>
const pages = %(pages)s, widths = %(widths)s, base = %(base)s;
const jobs = pages.flatMap(page => widths.map(width => ({page, width})));
const failures = [];
const frame = document.getElementById('frame');
function check({page, width}) {
  const doc = frame.contentDocument, win = frame.contentWindow;
  const fail = what => failures.push(page + ' @ ' + width + ': ' + what);
  if (!doc || !doc.body) { fail('did not load'); return; }
  const root = doc.documentElement;
  if (root.scrollWidth > win.innerWidth + 1) {
    const wide = [...doc.body.querySelectorAll('*')].find(element => element.getBoundingClientRect().right > win.innerWidth + 1 &&
      ![...element.children].some(child => child.getBoundingClientRect().right > win.innerWidth + 1));
    fail('the page scrolls sideways (' + root.scrollWidth + ' px in ' + win.innerWidth + ')' +
         (wide ? ', past the edge: <' + wide.tagName.toLowerCase() + (wide.className ? ' class="' + wide.className + '"' : '') + '>' : ''));
  }
  for (const cell of doc.querySelectorAll('td.number, th.number')) {
    const align = win.getComputedStyle(cell).textAlign;
    if (align !== 'end' && align !== 'right') { fail('a number cell is aligned ' + align + ': ' + cell.textContent.trim()); break; }
  }
  const body = doc.querySelector('.brief-body'), wrap = body && body.closest('.wrap');
  if (width >= 1100 && body && wrap) {
    const room = wrap.clientWidth - parseFloat(win.getComputedStyle(wrap).paddingLeft) - parseFloat(win.getComputedStyle(wrap).paddingRight);
    for (const scroller of doc.querySelectorAll('.brief figure.data-table .table-scroll, .brief-body > .table-scroll')) {
      if (scroller.scrollWidth > scroller.clientWidth + 1 && scroller.clientWidth < room - 1) {
        fail('a table scrolls in ' + scroller.clientWidth + ' px with ' + Math.round(room) + ' px of room');
      }
    }
  }
}
function next() {
  const job = jobs.shift();
  if (!job) { document.getElementById('result').textContent = JSON.stringify({done: true, failures}); return; }
  frame.width = job.width;
  frame.onload = () => { check(job); next(); };
  frame.src = base + job.page;
}
next();
</script>
"""


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    base, probe_dir, probe_url, pages = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    os.makedirs(probe_dir, exist_ok=True)
    with open(os.path.join(probe_dir, "layout.html"), "w", encoding="utf-8") as probe:
        probe.write(PROBE % {"pages": json.dumps(pages), "widths": json.dumps(WIDTHS), "base": json.dumps(base)})
    browser = next((name for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None)
    if browser is None:
        sys.exit("check-layout: no Chromium found (install the chromium package)")
    dumped = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                             "--virtual-time-budget=120000", "--dump-dom", probe_url + "layout.html"],
                            capture_output=True, text=True, timeout=600).stdout
    found = re.search(r'<pre id="result">(.*?)</pre>', dumped, re.S)
    if not found or not found.group(1).startswith("{"):
        sys.exit("check-layout: the probe did not finish:\n" + dumped[-2000:])
    result = json.loads(found.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&"))
    for failure in result["failures"]:
        print(failure)
    checked = len(pages) * len(WIDTHS)
    if result["failures"]:
        print(f"check-layout: {len(result['failures'])} failures in {checked} page layouts")
        sys.exit(1)
    print(f"check-layout: {checked} page layouts ({len(pages)} pages at {', '.join(map(str, WIDTHS))} px) as expected")


if __name__ == "__main__":
    main()
