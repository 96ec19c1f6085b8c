/// The site's stylesheet. Written to a file whose name carries a hash of
/// these bytes, so browsers may cache it for good.
public enum Stylesheet {
    public static let css = """
    :root {
      --ink: #1d232b;
      --muted: #56606b;
      --paper: #ffffff;
      --accent: #0b4f8a;
      --accent-soft: #e8f0f8;
      --rule: #d5dbe1;
      --warn: #8a4b00;
      --warn-soft: #fff3df;
      --measure: 40rem;
      --font-latin: "Source Serif 4", "Source Serif Pro", Georgia, "Times New Roman", serif;
      --font-cjk: "Noto Serif TC", "Source Han Serif TC", "PMingLiU", "Songti TC", serif;
      --font-ui: system-ui, -apple-system, "Segoe UI", "Noto Sans TC", "PingFang TC", "Microsoft JhengHei", sans-serif;
    }
    *, *::before, *::after { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
    body {
      margin: 0;
      color: var(--ink);
      background: var(--paper);
      font-family: var(--font-latin);
      font-size: 1.0625rem;
      line-height: 1.65;
      overflow-wrap: break-word;
    }
    :lang(zh), :lang(ja), :lang(ko) {
      font-family: var(--font-cjk);
      line-height: 1.9;
      letter-spacing: 0.02em;
      text-align: justify;
      line-break: strict;
      word-break: normal;
    }
    :lang(zh) h1, :lang(zh) h2, :lang(zh) h3, :lang(zh) .site-header, :lang(zh) .brief-meta { text-align: start; }
    .wrap { max-width: 62rem; margin: 0 auto; padding: 0 1.25rem; }
    a { color: var(--accent); }
    a:hover, a:focus { text-decoration: underline double; }
    :focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
    .skip-link { position: absolute; left: -999px; top: 0; background: var(--paper); padding: 0.5rem 1rem; }
    .skip-link:focus { left: 0.5rem; z-index: 10; }
    .site-header { border-bottom: 1px solid var(--rule); font-family: var(--font-ui); }
    .site-header-inner { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; padding-top: 0.9rem; padding-bottom: 0.9rem; }
    .site-title { font-weight: 700; font-size: 1.15rem; color: var(--ink); text-decoration: none; margin-right: auto; }
    .site-nav ul, .language-switch ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
    .site-nav a { color: var(--ink); text-decoration: none; }
    .site-nav a[aria-current="page"] { color: var(--accent); font-weight: 600; border-bottom: 2px solid var(--accent); }
    .language-switch { font-size: 0.95rem; }
    .language-switch span[aria-current] { font-weight: 600; }
    .draft-banner { background: var(--warn-soft); color: var(--warn); border-bottom: 1px solid #e9c58f; padding: 0.6rem 1.25rem; text-align: center; font-family: var(--font-ui); }
    .draft-tag { font-size: 0.75rem; font-family: var(--font-ui); background: var(--warn-soft); color: var(--warn); padding: 0.1rem 0.4rem; border-radius: 0.25rem; vertical-align: middle; }
    main { padding-top: 2rem; padding-bottom: 3rem; }
    h1, h2, h3, h4 { line-height: 1.3; font-family: var(--font-ui); }
    h1 { font-size: clamp(1.6rem, 1.2rem + 2vw, 2.3rem); margin: 0 0 0.75rem; }
    h2 { font-size: 1.4rem; margin-top: 2.2rem; }
    h3 { font-size: 1.15rem; margin-top: 1.8rem; }
    .brief, .plain-page { max-width: var(--measure); }
    .brief-header { border-bottom: 1px solid var(--rule); padding-bottom: 1rem; margin-bottom: 1.5rem; }
    .kicker { margin: 0 0 0.5rem; font-family: var(--font-ui); font-size: 0.9rem; text-transform: uppercase; letter-spacing: 0.06em; }
    .kicker a { text-decoration: none; }
    .byline, .brief-meta, .translations, .terms { font-family: var(--font-ui); color: var(--muted); font-size: 0.95rem; margin: 0.3rem 0; }
    .byline .author { color: var(--ink); font-weight: 600; }
    .separator { padding: 0 0.15rem; }
    .terms { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: baseline; }
    .terms-label { margin-right: 0.25rem; }
    .terms ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0; padding: 0; }
    .terms a { display: inline-block; background: var(--accent-soft); border-radius: 1rem; padding: 0.05rem 0.7rem; text-decoration: none; }
    .brief-body { font-size: 1.0625rem; }
    .brief-body img { max-width: 100%; height: auto; }
    blockquote { margin: 1.5rem 0; padding: 0.25rem 1.25rem; border-left: 4px solid var(--rule); color: var(--muted); }
    code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
    pre { overflow-x: auto; background: #f5f7f9; padding: 1rem; border-radius: 0.3rem; }
    /* Positioned, so that the visually hidden words in its cells (absolutely placed) scroll with the table
       instead of widening the page: at a phone's width every brief page scrolled sideways. */
    .table-scroll { position: relative; overflow-x: auto; margin: 1.5rem 0; -webkit-overflow-scrolling: touch; }
    table { border-collapse: collapse; min-width: 100%; font-family: var(--font-ui); font-size: 0.95rem; font-variant-numeric: tabular-nums; }
    caption { text-align: start; font-weight: 600; padding-bottom: 0.5rem; }
    th, td { padding: 0.45rem 0.7rem; border-bottom: 1px solid var(--rule); text-align: start; vertical-align: top; white-space: nowrap; }
    td { white-space: normal; }
    td[style*="right"], th[style*="right"] { white-space: nowrap; }
    thead th { border-bottom: 2px solid var(--ink); }
    /* `table` raises these over `table :lang(zh)` below, which made every figure of a Chinese page start-aligned. */
    table td.number, table th.number { text-align: end; white-space: nowrap; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
    figure.data-table { margin: 1.5rem 0 2rem; }
    .page-tracker .wrap, .page-timeline .wrap { max-width: 80rem; }
    figure.data-table .table-scroll { margin: 0; }
    table :lang(zh), :lang(zh) table { text-align: start; }
    td.date { white-space: nowrap; }
    td.source { min-width: 12em; }
    abbr.country { text-decoration: none; border: 0; }
    .no-value { color: var(--muted); }
    .change { white-space: nowrap; }
    .change-mark { font-size: 0.75em; margin-right: 0.2em; }
    .change-up .change-mark { color: #a23b00; }
    .change-down .change-mark { color: #0b6b3a; }
    .table-download { margin: 0.4rem 0 0; font-family: var(--font-ui); font-size: 0.9rem; }
    .brief-data { margin-top: 2.5rem; border-top: 1px solid var(--rule); }
    .brief .data-table, .brief .events { max-width: none; }
    /* A table wider than the text column may use the whole width of the page beside it (.wrap's 62rem less
       its padding), on a screen that has it, before it scrolls: the tariff tables' last columns were hidden at
       40rem with room to spare. */
    @media (min-width: 64rem) {
      .brief figure.data-table, .brief-body > .table-scroll { width: max-content; min-width: 100%; max-width: 59.5rem; }
    }
    .events h2 { font-size: 1.25rem; }
    .event-list { list-style: none; padding: 0; margin: 0; }
    .event { padding: 0.55rem 0; border-bottom: 1px solid var(--rule); display: grid; grid-template-columns: 11em 1fr; gap: 0.2rem 1rem; }
    .event-date { font-family: var(--font-ui); font-variant-numeric: tabular-nums; color: var(--muted); }
    .event-countries { grid-column: 2; font-family: var(--font-ui); font-size: 0.85rem; color: var(--muted); }
    .year-nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; font-family: var(--font-ui); }
    .timeline-year h2 { position: sticky; top: 0; background: var(--paper); padding: 0.3rem 0; }
    .data-downloads { font-family: var(--font-ui); }
    .footnotes { border-top: 1px solid var(--rule); margin-top: 2.5rem; font-size: 0.92rem; color: var(--muted); }
    .brief-list { list-style: none; padding: 0; margin: 0; }
    .brief-teaser { padding: 1.1rem 0; border-bottom: 1px solid var(--rule); max-width: var(--measure); }
    .brief-teaser h2 { margin: 0 0 0.3rem; font-size: 1.3rem; }
    .brief-teaser h2 a { color: var(--ink); text-decoration: none; }
    .brief-teaser h2 a:hover { color: var(--accent); text-decoration: underline; }
    .brief-teaser .summary { margin: 0.4rem 0 0; }
    .introduction { color: var(--muted); max-width: var(--measure); }
    .more { margin-top: 1.5rem; font-family: var(--font-ui); }
    .side-links, .term-index { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; font-family: var(--font-ui); }
    .term-index .count { color: var(--muted); font-size: 0.9em; }
    .brief-footer { margin-top: 2.5rem; border-top: 1px solid var(--rule); padding-top: 1rem; }
    .site-footer { border-top: 1px solid var(--rule); color: var(--muted); font-family: var(--font-ui); font-size: 0.9rem; padding: 1rem 0 2rem; }
    .page-not-found section { margin-bottom: 2rem; }
    @media (max-width: 40rem) {
      body { font-size: 1rem; }
      .wrap { padding: 0 1rem; }
      .site-header-inner { gap: 0.4rem 1rem; }
      main { padding-top: 1.25rem; }
      th, td { padding: 0.4rem 0.5rem; }
      .event { grid-template-columns: 1fr; }
      .event-countries { grid-column: 1; }
    }
    @media print {
      :root { --ink: #000; --muted: #333; --accent: #000; }
      body { font-size: 11pt; line-height: 1.5; }
      .site-header nav, .language-switch, .skip-link, .site-footer, .draft-banner, .more, .side-links { display: none; }
      .site-header { border: 0; }
      main { padding: 0; }
      .wrap { max-width: none; padding: 0; }
      .brief, .plain-page { max-width: none; }
      a { color: inherit; text-decoration: none; }
      .brief-body a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; word-break: break-all; }
      .table-scroll { overflow: visible; }
      table { font-size: 9.5pt; }
      th, td { white-space: normal; }
      h2, h3 { break-after: avoid; }
      tr, img { break-inside: avoid; }
      .table-download, .data-downloads, .year-nav { display: none; }
      .timeline-year h2 { position: static; }
      .change-mark { color: inherit; }
    }
    """
}
