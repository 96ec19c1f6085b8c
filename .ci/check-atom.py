#!/usr/bin/env python3
"""Checks feeds against the requirements of RFC 4287 (Atom) that a reader relies on.

usage: check-atom.py FEED...

For each feed: the root is atom:feed; it has exactly one id, title and
updated, a rel="self" link, an author (or every entry has one); every date
is an RFC 3339 date-time; every entry has exactly one id, title and updated,
a rel="alternate" link, unique ids; text constructs have a valid type and an
HTML content parses as an HTML fragment. Prints every problem, exits 1 on any.
"""
import html.parser
import re
import sys
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")


def check(path):
    problems = []
    def problem(text):
        problems.append(f"{path}: {text}")
    root = ET.parse(path).getroot()
    if root.tag != ATOM + "feed":
        return [f"{path}: the root element is {root.tag}, not atom:feed"]

    def one(element, name, where):
        found = element.findall(ATOM + name)
        if len(found) != 1:
            problem(f"{where} has {len(found)} atom:{name} elements; RFC 4287 wants exactly one")
            return None
        return found[0]

    def date(element, name, where):
        node = element.find(ATOM + name)
        if node is not None and not RFC3339.match(node.text or ""):
            problem(f"{where}: atom:{name} '{node.text}' is not an RFC 3339 date-time")

    def text_construct(node, where):
        kind = node.get("type", "text")
        if kind not in ("text", "html", "xhtml"):
            problem(f"{where}: type '{kind}' is not text, html or xhtml")
        if kind == "html":
            parser = html.parser.HTMLParser()
            parser.feed(node.text or "")
            parser.close()

    for name in ("id", "title", "updated"):
        node = one(root, name, "the feed")
        if name == "id" and node is not None and not IRI.match(node.text or ""):
            problem(f"the feed's id '{node.text}' is not an IRI")
    date(root, "updated", "the feed")
    links = root.findall(ATOM + "link")
    if not any(link.get("rel") == "self" for link in links):
        problem("the feed has no rel=\"self\" link")
    for link in links:
        if not link.get("href"):
            problem("a feed link has no href")
    feed_has_author = root.find(ATOM + "author") is not None

    ids = set()
    entries = root.findall(ATOM + "entry")
    for index, entry in enumerate(entries, 1):
        where = f"entry {index}"
        for name in ("id", "title", "updated"):
            node = one(entry, name, where)
            if name == "id" and node is not None:
                if node.text in ids:
                    problem(f"{where}: id {node.text} is repeated")
                ids.add(node.text)
                if not IRI.match(node.text or ""):
                    problem(f"{where}: id '{node.text}' is not an IRI")
        for name in ("updated", "published"):
            date(entry, name, where)
        if not any(link.get("rel", "alternate") == "alternate" and link.get("href") for link in entry.findall(ATOM + "link")):
            problem(f"{where} has no alternate link")
        if not feed_has_author and entry.find(ATOM + "author") is None:
            problem(f"{where} has no author and neither has the feed")
        for author in entry.findall(ATOM + "author"):
            if author.find(ATOM + "name") is None or not (author.find(ATOM + "name").text or "").strip():
                problem(f"{where}: an author without a name")
        for name in ("title", "summary", "content"):
            for node in entry.findall(ATOM + name):
                text_construct(node, f"{where} atom:{name}")
    return problems, len(entries)


def main():
    failed = False
    for path in sys.argv[1:]:
        result = check(path)
        if isinstance(result, list):
            problems, count = result, 0
        else:
            problems, count = result
        for line in problems:
            print(line, file=sys.stderr)
        failed = failed or bool(problems)
        if not problems:
            print(f"{path}: Atom (RFC 4287), {count} entries")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
