"""Page geometry: pdfplumber words → rows → columns → lines in reading order.

pdfplumber's ``extract_text`` merges a two-column page row by row. Here every page is read once
(words with their font size, table boxes), reduced to a small ``PageLayout`` of ``PLine``
records, and its parser caches are dropped, so memory stays flat however long the PDF is; the
decisions that need the whole document (running heads, seams) work on these records later.

Columns: a page is two-column when a vertical gutter near the middle is crossed by few rows and
has enough rows on both sides. Rows crossing it (a full-width title, abstract, table) cut the page
into regions; reading order is region by region, and inside a region the left column, then the
right one.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

#: Characters that reveal a font without a ToUnicode map: C0 controls (NUL …) and pdfminer's
#: ``(cid:NN)`` placeholders.
NOISE_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]+|\(cid:\d+\)")


@dataclass(slots=True)
class PLine:
    """One text line of a page with its box (PDF points, origin top-left)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  #: median font size of its characters
    region: int = 0  #: index of the band of rows between full-width rows
    column: int = 0  #: 0 full width, 1 left, 2 right
    table: bool = False  #: inside a table pdfplumber found
    zone: str | None = None  #: header | footer | page_number | footnote | table (set by ``zones``)


@dataclass
class PageLayout:
    number: int  #: 1-based
    width: float
    height: float
    lines: list[PLine] = field(default_factory=list)  #: reading order
    two_column: bool = False
    n_chars: int = 0
    head_rule: float | None = None  #: top of a wide horizontal rule in the top band (under a running head)


def _rows(words: list[dict]) -> list[list[dict]]:
    """Words grouped into rows: a word joins the row whose vertical middle it overlaps."""
    rows: list[list[dict]] = []
    spans: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        mid = (w["top"] + w["bottom"]) / 2
        for i in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            top, bottom = spans[i]
            if top <= mid <= bottom:
                rows[i].append(w)  # the span stays the first word's: rows must not chain
                break
        else:
            rows.append([w])
            spans.append((w["top"], w["bottom"]))
    return rows


#: pdfplumber starts a new word at a gap wider than this many font sizes. Its default, 3 pt,
#: is wider than the word spaces of a tightly justified 12 pt line (≈ 2.6 pt), which glued
#: English words together (``Deepneuralnetwork``); letters of a word touch (gaps ≈ 0).
WORD_GAP = 0.15
#: Words closer than this (in font sizes) touch: no space between them (a word space is ≥ 0.2 em).
TOUCHING = 0.15


def _line(words: list[dict], **kw) -> PLine:
    words = sorted(words, key=lambda w: w["x0"])
    parts = [words[0]["text"]]
    for a, b in zip(words, words[1:]):
        # pdfplumber starts a new word at a space or a gap: keep one space, except where a
        # tight gap separates CJK text (justified Chinese has no spaces), and where there is no
        # gap at all: pdfplumber also cuts a word where a character is lowered or raised (the
        # subscript of ``L$_2$``, a font change in ``CW-$L$``) — no space is printed there, so
        # ``CW-L2`` stays one word. A word space is wider than TOUCHING × the font size.
        gap = b["x0"] - a["x1"]
        cjk = _is_cjk(a["text"][-1]) and _is_cjk(b["text"][0])
        touching = gap < TOUCHING * max(a["size"], b["size"])
        parts.append(("" if touching or (cjk and gap < 0.5 * a["size"]) else " ") + b["text"])
    sizes = [w["size"] for w in words for _ in w["text"]]
    return PLine(
        "".join(parts),
        min(w["x0"] for w in words),
        max(w["x1"] for w in words),
        min(w["top"] for w in words),
        max(w["bottom"] for w in words),
        round(statistics.median(sizes), 1),
        **kw,
    )


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x3000 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF


#: Narrowest clear band between two columns, in points.
MIN_GUTTER = 8.0


def find_gutter(rows: list[list[dict]], width: float) -> float | None:
    """x of a two-column gutter, or None for a one-column page.

    A candidate x in the middle 30–70 % of the page must be crossed by at most 40 % of the rows;
    of the other rows at least 40 % must have text on both sides of it, with a clear band of at
    least ``MIN_GUTTER`` points around it; most left parts must end at the band (full column
    lines, not ragged code) and most right parts start at one common edge.
    """
    if len(rows) < 6:
        return None
    best: tuple[int, float] | None = None
    n = len(rows)
    x = width * 0.3
    while x <= width * 0.7:
        crossing = both = 0
        starts: Counter[int] = Counter()
        lefts: list[float] = []
        rights: list[float] = []
        for row in rows:
            if any(w["x0"] < x < w["x1"] for w in row):
                crossing += 1
                continue
            right = [w["x0"] for w in row if w["x0"] >= x]
            left = [w["x1"] for w in row if w["x1"] <= x]
            if right:
                starts[round(min(right) / 3)] += 1
                rights.append(min(right))
            if left:
                lefts.append(max(left))
            both += bool(right) and bool(left)
        x += 2.0
        rest = n - crossing
        if crossing > 0.4 * n or rest < 6 or both < 0.4 * rest or not lefts or not rights:
            continue
        edge = max(lefts)
        if min(rights) - edge < MIN_GUTTER or starts.most_common(1)[0][1] < 0.5 * len(rights):
            continue
        if sum(v >= edge - 15 for v in lefts) < 0.5 * len(lefts):
            continue
        cand = x - 2.0
        if best is None or (crossing, abs(cand - width / 2)) < (best[0], abs(best[1] - width / 2)):
            best = (crossing, cand)
    return None if best is None else best[1]


def read_page(page, number: int) -> PageLayout:
    """Lines of one pdfplumber page in reading order (tables marked, zones not yet decided)."""
    words = page.extract_words(extra_attrs=["size"], keep_blank_chars=False, x_tolerance_ratio=WORD_GAP)
    layout = PageLayout(number, float(page.width), float(page.height))
    layout.n_chars = sum(len(w["text"]) for w in words)
    if not words:
        return layout
    tables = []
    if page.rects or page.lines:
        # a boxed code listing is a one-cell "table": keep only real grids
        tables = [t.bbox for t in page.find_tables() if len(t.rows) >= 2 and max(len(r.cells) for r in t.rows) >= 2]

    def in_table(w: dict) -> bool:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        return any(x0 <= cx <= x1 and t <= cy <= b for x0, t, x1, b in tables)

    band = layout.height * 0.1
    rules = [
        float(e["top"])
        for e in (*page.lines, *page.rects)
        if e["top"] < band and e["bottom"] - e["top"] < 2 and e["x1"] - e["x0"] > layout.width * 0.5
    ]
    layout.head_rule = max(rules) if rules else None
    rows = _rows(words)
    gutter = find_gutter(_rows([w for w in words if not in_table(w)]) if tables else rows, layout.width)
    layout.two_column = gutter is not None
    region = 0
    full = False
    pending: dict[int, list[PLine]] = {1: [], 2: []}

    def flush() -> None:
        for col in (1, 2):
            layout.lines.extend(pending[col])
            pending[col] = []

    for row in rows:
        # a row can hold table cells and running text side by side: split it
        groups = [[w for w in row if in_table(w)], [w for w in row if not in_table(w)]] if tables else [[], row]
        for is_table, ws in zip((True, False), groups):
            if not ws:
                continue
            if gutter is None:
                layout.lines.append(_line(ws, region=0, column=0, table=is_table))
            elif any(w["x0"] < gutter < w["x1"] for w in ws):
                if not full:  # full-width rows in a row share one region
                    flush()
                    region += 1
                    full = True
                layout.lines.append(_line(ws, region=region, column=0, table=is_table))
            else:
                if full:
                    region += 1
                    full = False
                for col, part in ((1, [w for w in ws if w["x1"] <= gutter]), (2, [w for w in ws if w["x0"] >= gutter])):
                    if part:
                        pending[col].append(_line(part, region=region, column=col, table=is_table))
    flush()
    return layout


def column_edges(lines: list[PLine]) -> tuple[float, float] | None:
    """Left and right edge of a column: the most common line start and end (rounded to 1 pt).

    The modes, not the extremes: full lines of running text end at the right edge, while
    hanging punctuation, indented first lines and overflowing code lines are exceptions.
    Needs at least three lines; None otherwise.
    """
    if len(lines) < 3:
        return None
    left = Counter(round(ln.x0) for ln in lines).most_common(1)[0][0]
    ends = Counter(round(ln.x1) for ln in lines)
    top = max(ends.values())
    right = max(e for e, c in ends.items() if c == top)
    if top == 1:
        right = max(ends)
    return float(left), float(right)
