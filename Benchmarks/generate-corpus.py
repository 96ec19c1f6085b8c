#!/usr/bin/env python3
"""Writes a site of N bilingual briefs to the content contract, deterministic from a seed.

Each brief has about 3,000 Han characters of zh-Hant body and 1,200 English words,
headings, a GFM table, a footnote, links to earlier briefs, 2-5 tariff measures,
1-3 trade balances, 3-8 events, data blocks in about one brief in five; about 1 % are
drafts; half are bundle folders.

usage: generate-corpus.py N OUTPUT_DIR [--seed S]
"""
import argparse
import os
import random
import shutil

HAN_PHRASES = [
    "美國", "日本", "中國", "南韓", "臺灣", "貿易談判", "關稅", "逆差", "順差", "安全合作", "同盟關係",
    "地緣政治", "供應鏈", "半導體", "汽車產業", "農產品", "投資", "出口", "進口", "經濟成長", "政策",
    "協議", "磋商", "談判代表", "財政部長", "商務部", "貿易代表", "國務院", "副總理", "盟邦", "印太地區",
    "市場開放", "補貼", "關鍵原料", "戰略", "區域穩定", "國際秩序", "制裁", "互惠", "競爭", "合作框架",
]
HAN_GLUE = ["的", "與", "在", "對", "將", "已", "仍", "把", "從", "使", "因此", "然而", "同時", "尤其"]
EN_WORDS = (
    "the united states japan china korea taiwan trade talks tariff deficit surplus security alliance "
    "geopolitics supply chain semiconductors cars farm goods investment exports imports growth policy "
    "agreement consultations negotiators treasury commerce representative vice premier allies region "
    "open markets subsidies critical minerals strategy stability order sanctions reciprocal competition "
    "cooperation framework and of to in for with on by as is are was were will would could should"
).split()
TOPICS = [
    ("關稅", "Tariffs"), ("美日同盟", "US–Japan alliance"), ("美中關係", "US–China relations"),
    ("印太安全", "Indo-Pacific security"), ("供應鏈", "Supply chains"), ("半導體", "Semiconductors"),
    ("能源", "Energy"), ("農業", "Agriculture"), ("投資", "Investment"), ("匯率", "Exchange rates"),
    ("制裁", "Sanctions"), ("區域整合", "Regional integration"), ("國防", "Defence"), ("科技競爭", "Tech rivalry"),
]
COUNTRIES = ["US", "CN", "JP", "KR", "TW", "EU", "GB", "DE", "FR", "IN", "VN", "MX", "CA", "AU", "PH", "SG"]
GOODS = ["all", "all", "all", "autos", "steel", "aluminium", "semiconductors"]


def han_sentence(rng):
    parts = []
    while sum(len(p) for p in parts) < rng.randint(18, 40):
        parts.append(rng.choice(HAN_PHRASES))
        parts.append(rng.choice(HAN_GLUE))
    text = "".join(parts[:-1])
    return text + rng.choice(["。", "。", "。", "！", "？"])


def han_paragraph(rng, chars):
    out = []
    while sum(len(s) for s in out) < chars:
        out.append(han_sentence(rng))
    text = "".join(out)
    # Wrap lines as editors do, so soft breaks between CJK characters are exercised.
    return "\n".join(text[i:i + 38] for i in range(0, len(text), 38))


def en_paragraph(rng, words):
    out = []
    count = 0
    while count < words:
        n = rng.randint(8, 22)
        sentence = " ".join(rng.choice(EN_WORDS) for _ in range(n))
        out.append(sentence[0].upper() + sentence[1:] + ".")
        count += n
    text = " ".join(out)
    lines, line = [], ""
    for word in text.split(" "):
        if len(line) + len(word) > 78:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def day(rng, start=2018, end=2025):
    return f"{rng.randint(start, end)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def brief_files(index, rng, earlier, drafts):
    slug = f"brief-{index:06d}"
    bundle = index % 2 == 0
    date = day(rng, 2019, 2025)
    draft = rng.random() < 0.01
    if draft:
        drafts.add(slug)
    topics = rng.sample(TOPICS, rng.randint(1, 3))
    countries = rng.sample(COUNTRIES, rng.randint(2, 4))
    measures = []
    for _ in range(rng.randint(2, 5)):
        by, on = rng.sample(COUNTRIES, 2)
        m = {"by": by, "on": on, "goods": rng.choice(GOODS), "rate": rng.choice([0, 2.5, 10, 15, 25, 27.5, 30, 34, 50, 145]),
             "date": day(rng)}
        if rng.random() < 0.7:
            m["previous"] = rng.choice([0, 2.5, 10, 20, 25, 125, 145])
        if rng.random() < 0.3:
            m["effective"] = rng.choice([12.5, 22, 39])
        measures.append(m)
    trade = [{"partner": p, "year": rng.randint(2018, 2024), "balance": rng.randint(-400, 150) * 10 ** 8}
             for p in rng.sample(COUNTRIES[1:] + ["WORLD"], rng.randint(1, 3))]
    events = []
    for e in range(rng.randint(3, 8)):
        start = day(rng)
        ev = {"id": f"event-{e + 1}", "date": start, "countries": rng.sample(COUNTRIES, 2)}
        if rng.random() < 0.2:
            y, mo, d = start.split("-")
            ev["end"] = f"{y}-{mo}-{min(28, int(d) + rng.randint(1, 5)):02d}"
        events.append(ev)
    links = [s for s in rng.sample(earlier, min(len(earlier), 2)) if s[0] not in drafts]

    def front(lang):
        lines = ["---"]
        title = f"{rng.choice(HAN_PHRASES)}與{rng.choice(HAN_PHRASES)}：第 {index} 號簡報" if lang == "zh-Hant" else \
            f"Brief {index}: {rng.choice(EN_WORDS)} and {rng.choice(EN_WORDS)}"
        lines.append(f"title: \"{title}\"")
        lines.append(f"date: {date}")
        lines.append("author: " + ("研究部" if lang == "zh-Hant" else "Research staff"))
        if draft:
            lines.append("draft: true")
        lines.append("topics: [" + ", ".join(t[0] if lang == "zh-Hant" else t[1] for t in topics) + "]")
        lines.append("countries: [" + ", ".join(countries) + "]")
        if lang == "zh-Hant":
            lines.append("tariffs:")
            for m in measures:
                lines.append("  - {" + ", ".join(f"{k}: {v}" for k, v in m.items()) + "}")
            lines.append("trade:")
            for t in trade:
                lines.append("  - {" + ", ".join(f"{k}: {v}" for k, v in t.items()) + "}")
        lines.append("timeline:")
        for ev in events:
            title = f"{rng.choice(HAN_PHRASES)}{rng.choice(HAN_PHRASES)}" if lang == "zh-Hant" else \
                f"{rng.choice(EN_WORDS).capitalize()} {rng.choice(EN_WORDS)}"
            if lang == "zh-Hant":
                extra = ", ".join(f"{k}: {v}" if k != "countries" else f"countries: [{', '.join(v)}]" for k, v in ev.items() if k != "id")
                lines.append(f"  - {{id: {ev['id']}, {extra}, title: {title}}}")
            else:
                lines.append(f"  - {{id: {ev['id']}, title: {title}}}")
        lines.append("---")
        return "\n".join(lines)

    def link(lang, target):
        other_slug, other_bundle = target
        here = f"{slug}/index.{lang}.md" if bundle else f"{slug}.{lang}.md"
        there = f"{other_slug}/index.{lang}.md" if other_bundle else f"{other_slug}.{lang}.md"
        prefix = "../" if bundle else ""
        return prefix + there

    zh = [front("zh-Hant"), "", han_paragraph(rng, 300)]
    en = [front("en"), "", en_paragraph(rng, 120)]
    for section in range(4):
        zh += ["", f"## 第{section + 1}節：{rng.choice(HAN_PHRASES)}", "", han_paragraph(rng, 350), "", han_paragraph(rng, 300)]
        en += ["", f"## Section {section + 1}: {rng.choice(EN_WORDS)}", "", en_paragraph(rng, 140), "", en_paragraph(rng, 120)]
        if section == 1:
            zh += ["", "| 項目 | 數值 |", "|---|---:|"] + [f"| {rng.choice(HAN_PHRASES)} | {rng.randint(1, 999)} |" for _ in range(4)]
            en += ["", "| Item | Value |", "|---|---:|"] + [f"| {rng.choice(EN_WORDS)} | {rng.randint(1, 999)} |" for _ in range(4)]
    # Some briefs place their data with blocks; the rest get it after the text.
    if index % 5 == 0:
        zh += ["", "```tariffs", f"by: {measures[0]['by']}", "```"]
        en += ["", "```timeline", "```"]
    if index % 7 == 0:
        en += ["", "```trade", "```"]
    for target in links:
        zh += ["", f"另見[先前的簡報]({link('zh-Hant', target)})。"]
        en += ["", f"See also [an earlier brief]({link('en', target)})."]
    zh += ["", "資料來源見註腳。[^1]", "", "[^1]: 依公開統計資料整理。", ""]
    en += ["", "Sources are in the note.[^1]", "", "[^1]: Compiled from public statistics.", ""]
    if bundle:
        return slug, bundle, {f"briefs/{slug}/index.zh-Hant.md": "\n".join(zh), f"briefs/{slug}/index.en.md": "\n".join(en)}
    return slug, bundle, {f"briefs/{slug}.zh-Hant.md": "\n".join(zh), f"briefs/{slug}.en.md": "\n".join(en)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("output")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    content = os.path.join(args.output, "Content")
    if os.path.exists(content):
        shutil.rmtree(content)
    os.makedirs(os.path.join(content, "briefs"))
    os.makedirs(os.path.join(content, "pages"))
    with open(os.path.join(content, "site.yaml"), "w", encoding="utf-8") as f:
        f.write("title:\n  zh-Hant: 遠景基金會\n  en: Prospect Foundation\nbaseURL: https://www.example.org/\n"
                "languages:\n  - code: zh-Hant\n    name: 繁體中文\n    prefix: zh-hant\n  - code: en\n    name: English\n")
    for lang, title in (("zh-Hant", "關於我們"), ("en", "About us")):
        with open(os.path.join(content, "pages", f"about.{lang}.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: {title}\nmenu: 1\n---\n\n{title}.\n")
    earlier, drafts = [], set()
    for index in range(1, args.count + 1):
        slug, bundle, files = brief_files(index, rng, earlier, drafts)
        for path, text in files.items():
            full = os.path.join(content, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write(text)
        earlier.append((slug, bundle))


if __name__ == "__main__":
    main()
