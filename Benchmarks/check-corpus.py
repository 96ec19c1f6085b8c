#!/usr/bin/env python3
"""Holds the benchmark corpus to what it promises (see generate-corpus.py), read back from a site
briefsite built from it: every published brief in both languages, about 3,000 Han characters of
zh-Hant body and 1,200 English words, headings, a GFM table, a footnote, links to earlier briefs
that resolve, 2-5 tariff measures, 1-3 trade balances and 3-8 events (counted in the site's own
exports), data blocks in some briefs, about 1 % drafts (left out of the site); and the same seed
gives the same files, another seed other ones.

usage: check-corpus.py SITE   (SITE: made by generate-corpus.py with the default seed, then built)
"""
import collections
import csv
import filecmp
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "generate-corpus.py")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
BRIEF_LINK = re.compile(r"^\.\./(brief-(\d{6}))/$")
problems = []


def expect(condition, message):
    if not condition:
        problems.append(message)


class BriefBody(html.parser.HTMLParser):
    """The text, headings, tables, footnotes, data blocks and brief links inside `div.brief-body`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text = []
        self.headings = self.tables = self.footnotes = self.blocks = 0
        self.links = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if self.depth == 0:
            if tag == "div" and "brief-body" in classes:
                self.depth = 1
            return
        if tag not in ("br", "img", "hr", "input", "meta", "link", "wbr"):
            self.depth += 1
        if tag == "h2":
            self.headings += 1
        elif tag == "table":
            self.tables += 1
        elif tag == "section" and "footnotes" in classes:
            self.footnotes += 1
        elif (tag == "figure" and "data-table" in classes) or (tag == "section" and "events" in classes):
            self.blocks += 1
        elif tag == "a":
            self.links.append(attributes.get("href") or "")

    def handle_endtag(self, tag):
        if self.depth > 0 and tag not in ("br", "img", "hr", "input", "meta", "link", "wbr"):
            self.depth -= 1

    def handle_data(self, data):
        if self.depth > 0:
            self.text.append(data)


def body_of(path):
    parser = BriefBody()
    with open(path, encoding="utf-8") as page:
        parser.feed(page.read())
    return parser


def generated(count, seed, folder):
    subprocess.run([sys.executable, GENERATOR, str(count), folder, "--seed", str(seed)], check=True)
    return os.path.join(folder, "Content")


def same_tree(left, right):
    comparison = filecmp.dircmp(left, right)
    if comparison.left_only or comparison.right_only or comparison.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, comparison.common_files, shallow=False)
    return not mismatch and not errors and all(same_tree(os.path.join(left, name), os.path.join(right, name))
                                                for name in comparison.common_dirs)


def check_determinism():
    with tempfile.TemporaryDirectory() as scratch:
        first = generated(40, 7, os.path.join(scratch, "a"))
        again = generated(40, 7, os.path.join(scratch, "b"))
        other = generated(40, 8, os.path.join(scratch, "c"))
        expect(same_tree(first, again), "the same seed gave different files")
        expect(not same_tree(first, other), "another seed gave the same files")


def check_drafts():
    # About 1 %: counted over 2,000 briefs' front matter (a site of a few hundred holds a handful).
    with tempfile.TemporaryDirectory() as scratch:
        content = generated(2000, 2025, scratch)
        drafts = 0
        for folder, _, names in os.walk(os.path.join(content, "briefs")):
            for name in names:
                if name.endswith(".en.md"):
                    with open(os.path.join(folder, name), encoding="utf-8") as source:
                        drafts += "\ndraft: true\n" in source.read().split("\n---", 1)[0] + "\n"
        expect(10 <= drafts <= 30, f"{drafts} drafts among 2,000 briefs, not about 1 %")


def sources_of(site):
    """Each brief's slug and whether its front matter makes it a draft."""
    briefs = {}
    root = os.path.join(site, "Content", "briefs")
    for folder, _, names in os.walk(root):
        for name in names:
            if not name.endswith(".en.md"):
                continue
            slug = os.path.basename(folder) if name == "index.en.md" else name[: -len(".en.md")]
            with open(os.path.join(folder, name), encoding="utf-8") as source:
                front = source.read().split("\n---", 1)[0]
            briefs[slug] = "\ndraft: true" in front
    return briefs


def check_site(site):
    public = os.path.join(site, "Public")
    briefs = sources_of(site)
    published = sorted(slug for slug, draft in briefs.items() if not draft)
    expect(len(briefs) >= 100, f"only {len(briefs)} briefs in {site}")
    for slug, draft in briefs.items():
        for prefix in ("en", "zh-hant"):
            page = os.path.join(public, prefix, "briefs", slug, "index.html")
            expect(os.path.exists(page) != draft, f"{page}: {'a draft was published' if draft else 'missing'}")

    per_brief = {name: collections.Counter() for name in ("tariffs", "trade", "events")}
    for name in ("tariffs", "trade"):
        with open(os.path.join(public, "data", f"{name}.csv"), encoding="utf-8") as table:
            for row in csv.DictReader(table):
                per_brief[name][row["brief"]] += 1
    with open(os.path.join(public, "data", "timeline.json"), encoding="utf-8") as timeline:
        for event in json.load(timeline):
            per_brief["events"][event["brief"]] += 1
    for name, low, high in (("tariffs", 2, 5), ("trade", 1, 3), ("events", 3, 8)):
        counts = [per_brief[name][slug] for slug in published]
        expect(all(low <= count <= high for count in counts),
               f"{name} per brief outside {low}-{high}: {sorted(set(counts))}")
        expect(len(set(counts)) >= 2, f"{name}: every brief has {counts[:1]}, not a range")

    han, words, with_blocks, with_links = [], [], 0, 0
    for slug in published:
        index = int(slug.split("-")[1])
        for prefix in ("zh-hant", "en"):
            body = body_of(os.path.join(public, prefix, "briefs", slug, "index.html"))
            text = "".join(body.text)
            if prefix == "zh-hant":
                han.append(len(HAN.findall(text)))
            else:
                words.append(len(WORD.findall(text)))
            where = f"{prefix}/briefs/{slug}/"
            expect(body.headings >= 4, f"{where}: {body.headings} headings in the body")
            expect(body.tables >= 1, f"{where}: no table in the body")
            expect(body.footnotes == 1, f"{where}: {body.footnotes} footnote sections")
            targets = [match for match in map(BRIEF_LINK.match, body.links) if match]
            for target in targets:
                expect(int(target.group(2)) < index, f"{where}: links to a later brief, {target.group(1)}")
                expect(os.path.exists(os.path.join(public, prefix, "briefs", target.group(1), "index.html")),
                       f"{where}: link to {target.group(1)} leads nowhere")
            with_links += bool(targets)
            with_blocks += body.blocks > 0
    expect(all(2600 <= count <= 3600 for count in han), f"Han characters per zh-Hant body: {min(han)}-{max(han)}")
    expect(all(1050 <= count <= 1500 for count in words), f"words per English body: {min(words)}-{max(words)}")
    pages = 2 * len(published)
    expect(0.8 * pages <= with_links < pages, f"{with_links} of {pages} pages link to earlier briefs")
    expect(0.1 * pages <= with_blocks <= 0.5 * pages, f"{with_blocks} of {pages} pages have data blocks")
    print(f"corpus of {len(briefs)} briefs ({len(briefs) - len(published)} drafts): Han characters per zh-Hant body "
          f"{min(han)}-{max(han)}, words per English body {min(words)}-{max(words)}, {with_links} of {pages} pages "
          f"link to earlier briefs, {with_blocks} have data blocks")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    check_site(sys.argv[1])
    check_determinism()
    check_drafts()
    if problems:
        sys.exit("the benchmark corpus is not as generate-corpus.py promises:\n  " + "\n  ".join(problems[:40]))
    print("the benchmark corpus is as promised: same seed, same files; about 1 % drafts")


if __name__ == "__main__":
    main()
