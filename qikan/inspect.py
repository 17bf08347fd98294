"""What ``qikan inspect`` shows: table sizes and versions, and one document with its repairs.

Repaired spans are marked in the paragraph text: ``⟦…⟧`` around text a fixer wrote (empty
``⟦⟧`` where it only deleted), ``⟪…⟫`` around a span a fixer flagged for a person to check.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow.compute as pc

from qikan import store

FIXED = ("⟦", "⟧")
FLAGGED = ("⟪", "⟫")


def final_spans(repairs: Iterable[dict]) -> list[tuple[int, int, str]]:
    """``(start, end, action)`` of every repair in the final (repaired) text.

    Repair offsets are in the text as it stood before each step; replaying the steps in order
    moves earlier spans along as later edits insert or delete text before them.

    >>> final_spans([{"step": 0, "offset": 1, "before": " ", "after": "", "action": "fixed"},
    ...              {"step": 1, "offset": 2, "before": ",", "after": "，", "action": "fixed"}])
    [(1, 1, 'fixed'), (2, 3, 'fixed')]
    """
    spans: list[list] = []
    for r in sorted(repairs, key=lambda r: r["step"]):
        o, b, a = r["offset"], r["before"], r["after"]
        if r["action"] != "fixed":
            spans.append([o, o + len(b), r["action"]])
            continue
        delta, end = len(a) - len(b), o + len(b)
        start, stop, kept = o, o + len(a), []
        for s in spans:
            if s[1] <= o:
                kept.append(s)
            elif s[0] >= end:
                kept.append([s[0] + delta, s[1] + delta, s[2]])
            else:  # overlaps this edit: the edit's span absorbs it
                start, stop = min(start, s[0]), max(stop, s[1] + delta)
        spans = [*kept, [start, stop, "fixed"]]
    return sorted((s[0], s[1], s[2]) for s in spans)


def mark(text: str, start: int, spans: list[tuple[int, int, str]]) -> str:
    """``text`` (a slice of the document from ``start``) with the spans that fall in it marked."""
    out, pos = [], 0
    for s, e, action in spans:
        s, e = s - start, e - start
        if e < 0 or s > len(text) or s < pos:
            continue
        e = min(e, len(text))
        left, right = FIXED if action == "fixed" else FLAGGED
        out += [text[pos:s], left, text[s:e], right]
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _rows(output: str, name: str, doc_id: str, storage_options: dict | None) -> list[dict]:
    dt = store.open_table(output, name, storage_options=storage_options)
    if dt is None:
        return []
    return dt.to_pyarrow_dataset().to_table(filter=pc.field("doc_id") == doc_id).to_pylist()


def stats_report(output: str, *, storage_options: dict | None = None) -> str:
    lines = [f"{'table':<12}{'version':>8}{'files':>7}{'rows':>9}{'bytes':>11}{'parts':>6}  schema  last write"]
    for s in store.table_stats(output, storage_options=storage_options):
        if s["version"] is None:
            lines.append(f"{s['table']:<12}{'-':>8}  (no table yet)")
            continue
        lines.append(
            f"{s['table']:<12}{s['version']:>8}{s['files']:>7}{s['rows']:>9}{s['bytes']:>11}{s['partitions']:>6}"
            f"  v{s['schema_version'] or '?'!s:<5} {s['last_commit']} run {s['last_run_id'] or '-'}"
        )
    return "\n".join(lines)


def document_report(output: str, doc_id: str, *, storage_options: dict | None = None) -> str:
    """One document: its metadata, sections, paragraphs with repaired spans marked, repairs."""
    docs = _rows(output, "documents", doc_id, storage_options)
    if not docs:
        raise ValueError(f"no document {doc_id!r} in {output}: `qikan inspect {output}` lists the tables")
    d = docs[0]
    sections = sorted(_rows(output, "sections", doc_id, storage_options), key=lambda r: r["ordinal"])
    paragraphs = sorted(_rows(output, "paragraphs", doc_id, storage_options), key=lambda r: r["ordinal"])
    repairs = sorted(_rows(output, "repairs", doc_id, storage_options), key=lambda r: r["step"])
    spans = final_spans(repairs)
    out = [
        f"{d['doc_id']}  {d['source_key']}  ({d['source_format']}, {d['n_pages']} pages, status {d['status']})",
        f"title: {d['title']}   journal: {d['journal']}   year: {d['year']}",
        f"run {d['run_id']}  qikan {d['pipeline_version']}  processed {d['processed_at']}",
        "",
        f"sections ({len(sections)}):",
    ]
    for s in sections:
        pages = f"p.{s['page_start']}-{s['page_end']}"
        out.append(f"  {'  ' * (s['level'] - 1)}{s['section_id']}  {s['kind']:<12} {pages:<9} {s['title'] or ''}")
    out += ["", f"paragraphs ({len(paragraphs)}; {FIXED[0]}…{FIXED[1]} repaired, {FLAGGED[0]}…{FLAGGED[1]} flagged):"]
    for p in paragraphs:
        out.append(
            f"  [{p['paragraph_id']} {p['section_id']} p.{p['page_start']}] {mark(p['text'], p['char_start'], spans)}"
        )
    out += ["", f"repairs ({len(repairs)}):"]
    for r in repairs:
        out.append(
            f"  {r['step']:>4} {r['action']:<7} {r['kind']:<11} {r['rule']:<28} {r['before']!r} → {r['after']!r}"
        )
    return "\n".join(out)
