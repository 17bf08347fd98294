"""What ``qikan inspect`` shows: table sizes and versions, and one document with its repairs.

Repaired spans are marked in the paragraph text: ``⟦…⟧`` around text a fixer wrote (empty
``⟦⟧`` where it only deleted), ``⟪…⟫`` around a span a fixer flagged for a person to check.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow.compute as pc

from qikan import store
from qikan.repair.engine import repair_passes

FIXED = ("⟦", "⟧")
FLAGGED = ("⟪", "⟫")


def repair_groups(repairs: Iterable[Any]) -> list[tuple[int, int, list]]:
    """Where every repair row stands in the final (repaired) text: ``(start, end, rows)``.

    Repair offsets are in the text as it stood before each step; replaying the steps in order
    (``engine.repair_passes``, one sweep per pass) moves earlier spans along as later edits
    insert or delete text before them. A fixed row's span is the text it wrote (empty where it
    only deleted); a later edit that overlaps it absorbs it, and the group then spans what both
    wrote and holds both rows (in step order). A flag's span is the text it flagged. Every row
    is in exactly one group.

    >>> rows = [{"step": 0, "offset": 1, "before": " ", "after": "", "action": "fixed"},
    ...         {"step": 1, "offset": 2, "before": ",", "after": "，", "action": "fixed"},
    ...         {"step": 2, "offset": 2, "before": "，", "after": "；", "action": "fixed"}]
    >>> [(s, e, [r["step"] for r in rows]) for s, e, rows in repair_groups(rows)]
    [(1, 1, [0]), (2, 3, [1, 2])]
    """
    groups: list[tuple[int, int, list]] = []
    rows_of = [dict(r) if isinstance(r, Mapping) else vars(r) for r in repairs]
    for p in repair_passes({**r, "kind": r.get("kind", ""), "rule": r.get("rule", "")} for r in rows_of):
        if p[0][1].action != "fixed":
            r, e = p[0]
            groups.append((e.start, e.end, [r]))
            continue
        starts = [e.start for _, e in p]
        ends = [e.end for _, e in p]
        shift = [0]  # how far the edits before k moved the text
        for _, e in p:
            shift.append(shift[-1] + len(e.after) - (e.end - e.start))
        merged: dict[int, list] = {}  # first edit of a merged run → [start, end, rows, last edit]
        runs = list(range(len(p)))  # edit → first edit of the run it was merged into
        kept = []
        for s, e, rows in sorted(groups, key=lambda g: g[0]):
            hi = bisect.bisect_left(starts, e)  # edits from hi on start at or after the group's end
            lo = min(bisect.bisect_right(ends, s), hi)  # edits before lo end at or before its start
            if lo == hi:
                kept.append((s + shift[lo], e + shift[lo], rows))
                continue
            first = runs[lo]
            for k in range(lo, hi):
                runs[k] = first
            m = merged.setdefault(first, [s + shift[lo], e + shift[hi], [], hi - 1])
            m[0], m[1] = min(m[0], s + shift[lo]), max(m[1], e + shift[hi])
            m[2] += rows
            m[3] = max(m[3], hi - 1)
        for k, (r, e) in enumerate(p):
            out = (e.start + shift[k], e.start + shift[k] + len(e.after))
            first = runs[k]
            if first == k and k not in merged:
                kept.append((*out, [r]))
                continue
            m = merged.setdefault(first, [*out, [], k])
            m[0], m[1] = min(m[0], out[0]), max(m[1], out[1])
            m[2].append(r)
        for m in merged.values():
            kept.append((m[0], m[1], sorted(m[2], key=lambda r: r["step"])))
        groups = kept
    return sorted(groups, key=lambda g: (g[0], g[1], g[2][0]["step"]))


def final_spans(repairs: Iterable[dict]) -> list[tuple[int, int, str]]:
    """``(start, end, action)`` of every repair in the final (repaired) text (``repair_groups``):
    a span absorbed by a later edit is part of that edit's span.

    >>> final_spans([{"step": 0, "offset": 1, "before": " ", "after": "", "action": "fixed"},
    ...              {"step": 1, "offset": 2, "before": ",", "after": "，", "action": "fixed"}])
    [(1, 1, 'fixed'), (2, 3, 'fixed')]
    """
    return sorted(
        (s, e, "fixed" if any(r["action"] == "fixed" for r in rows) else "flagged")
        for s, e, rows in repair_groups(repairs)
    )


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
    return store.rows_of(dt, filter=pc.field("doc_id") == doc_id).to_pylist()


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
