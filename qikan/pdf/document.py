"""From page layouts to the extracted text and the layout edits on it (the contract is in
``qikan.pdf``'s docstring)."""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from qikan.pdf.layout import NOISE_RE, PageLayout, PLine, _is_cjk, column_edges
from qikan.pdf.seams import decide
from qikan.repair.engine import Edit

#: A line more than this many line pitches (lower quartile on the page) below the one before starts a new block.
PITCH_RATIO = 1.25
#: A line indented this many font sizes more than the one before starts a new block.
INDENT = 0.8
#: A line ending this many font sizes short of the column edge ends its block.
SHORT = 2.0
#: A line ending a Chinese sentence this many font sizes short of the edge ends its block too:
#: justified CJK lines fill the measure (or hang their punctuation past it), so only a
#: paragraph's last line stops short — e.g. an abstract's last line just before 关键词：, which
#: SHORT (sized for ragged Latin lines) would join to it.
SENTENCE_SHORT = 0.5
#: Characters that end a Chinese sentence (with its closing quote or bracket).
SENTENCE_END = "。！？…”」』）"

#: A list item's first line: its continuation lines hang under the text after the marker
#: (a 参考文献 entry ``[12]`` too: without it every wrapped entry line became a block of its own).
LIST_MARKER_RE = re.compile(r"^(?:[•–◦▪·\-*]|\d{1,2}[.)、]|[（(]\d{1,2}[）)]|[\[［]\d{1,3}[\]］])\s*")

ZONE_RULES = {
    "header": ("header_footer", "pdf_running_head"),
    "footer": ("header_footer", "pdf_running_foot"),
    "page_number": ("header_footer", "pdf_page_number"),
    "footnote": ("footnote", "pdf_footnote"),
    "table": ("table", "pdf_table"),
}


@dataclass
class Block:
    lines: list[PLine]
    zone: str | None
    page: int
    container: tuple[int, int, int]  #: page, region, column
    start: int = 0  #: offset of its text in the page text, then in the raw text
    end: int = 0
    line_starts: list[int] = field(default_factory=list)


def _container(page: PageLayout, ln: PLine) -> tuple[int, int, int]:
    return (page.number, ln.region, ln.column)


def _edges_key(page: PageLayout, ln: PLine) -> tuple[int, bool, int]:
    return (page.number % 2, page.two_column, ln.column)


def document_edges(pages: list[PageLayout]) -> dict[tuple[int, bool, int], tuple[float, float]]:
    """Column edges per (page parity, two-column page, column), from every body line."""
    lines: dict[tuple[int, bool, int], list[PLine]] = defaultdict(list)
    for p in pages:
        for ln in p.lines:
            if ln.zone is None:
                lines[_edges_key(p, ln)].append(ln)
    out = {}
    for key, ls in lines.items():
        if (edges := column_edges(ls)) is not None:
            out[key] = edges
    return out


def _edges(edges, page: PageLayout, ln: PLine) -> tuple[float, float]:
    got = edges.get(_edges_key(page, ln))
    if got is None:
        return (ln.x0, max(ln.x1, page.width * 0.9))
    return got


def page_blocks(page: PageLayout, edges) -> list[Block]:
    """Blocks of a page in reading order: running heads first, the text, page feet last."""
    head = [ln for ln in page.lines if ln.zone == "header"]
    foot = [ln for ln in page.lines if ln.zone in ("footer", "page_number")]
    rest = [ln for ln in page.lines if ln.zone not in ("header", "footer", "page_number")]
    pitches = [
        b.top - a.top
        for a, b in zip(rest, rest[1:])
        if a.zone is None
        and b.zone is None
        and (a.region, a.column) == (b.region, b.column)
        and abs(a.size - b.size) <= 0.5
        and 0.8 * a.size < b.top - a.top < 3 * a.size  # not two lines of one row
    ]
    # the lower quartile: on a page of short paragraphs most gaps are paragraph gaps
    pitch = statistics.quantiles(pitches, n=4)[0] if len(pitches) >= 2 else (pitches[0] if pitches else None)
    blocks: list[Block] = []
    for ln in head + rest + foot:
        prev = blocks[-1].lines[-1] if blocks else None
        cont = _container(page, ln)
        new = prev is None or blocks[-1].zone != ln.zone or (ln.zone is None and blocks[-1].container != cont)
        if not new and ln.zone is None:
            left, right = _edges(edges, page, ln)
            new = (
                abs(ln.size - prev.size) > 0.5
                or (pitch is not None and ln.top - prev.top > PITCH_RATIO * pitch)
                or ln.top - prev.top > 3 * prev.size
                or ln.top < prev.top
                or (ln.x0 > prev.x0 + INDENT * ln.size and not _hangs(blocks[-1], ln))
                or prev.x1 < right - SHORT * prev.size
                or (prev.text.rstrip()[-1:] in tuple(SENTENCE_END) and prev.x1 < right - SENTENCE_SHORT * prev.size)
            )
        if new:
            blocks.append(Block([ln], ln.zone, page.number, cont))
        else:
            blocks[-1].lines.append(ln)
    return blocks


def _hangs(block: Block, ln: PLine) -> bool:
    """``ln`` continues a list item: the block opens with a marker and ``ln`` sits under its text."""
    first = block.lines[0]
    return bool(LIST_MARKER_RE.match(first.text)) and ln.x0 <= first.x0 + 3 * ln.size


_HYPHENATED_RE = re.compile(r"([A-Za-z]{2,})-$")
_LOWER_START_RE = re.compile(r"[a-z]+")


def drops_hyphen(prev: str, cur: str, text: str) -> bool:
    """Whether the hyphen ending line ``prev`` is a line-end hyphenation to remove.

    The rule of the text-mode soft wraps (a Latin word of two letters or more before the
    hyphen, the next line starting in lower case: ``protec-|tion``; ``A-|B`` and ``555-|1234``
    keep it), refined with the document itself, as TeX and word processors never break a word
    at a new hyphen next to a printed one: when the compound is printed hyphenated inside a
    line more often than solid (``near-boundary``), the hyphen is the word's own and stays.
    ``text`` is the lower-cased document text; up to five letters either side are compared.
    """
    m, n = _HYPHENATED_RE.search(prev), _LOWER_START_RE.match(cur)
    if not m or not n:
        return False
    left, right = m[1].lower()[-5:], n[0][:5]
    return text.count(left + right) >= text.count(f"{left}-{right}")


@dataclass
class Assembled:
    raw_text: str
    edits: list[Edit]
    stats: Counter


def _gap_pieces(a: int, b: int, removed: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces, pos = [], a
    for s, e in removed:
        if e <= a or s >= b:
            continue
        if s > pos:
            pieces.append((pos, s))
        pos = max(pos, e)
    if pos < b:
        pieces.append((pos, b))
    return pieces


def assemble(pages: list[PageLayout], *, words=None) -> Assembled:
    """Raw text of all pages (every line, zones included) and the layout edits on it."""
    edges = document_edges(pages)
    texts: list[str] = []
    all_blocks: list[Block] = []
    page_block_ranges: list[tuple[int, int]] = []
    offset = 0
    for p in pages:
        blocks = page_blocks(p, edges)
        first = len(all_blocks)
        parts = []
        pos = offset
        for i, b in enumerate(blocks):
            if i:
                parts.append("\n\n")
                pos += 2
            b.start = pos
            for j, ln in enumerate(b.lines):
                if j:
                    parts.append("\n")
                    pos += 1
                b.line_starts.append(pos)
                parts.append(ln.text)
                pos += len(ln.text)
            b.end = pos
        all_blocks.extend(blocks)
        page_block_ranges.append((first, len(all_blocks)))
        texts.append("".join(parts))
        offset = pos + 1  # the form feed
    raw = "\f".join(texts)

    edits: list[Edit] = []
    stats: Counter = Counter()
    removed: list[tuple[int, int]] = []
    # 1. zones: each block goes with the separator before it (or after it, at the top of a page)
    for first, last in page_block_ranges:
        blocks = all_blocks[first:last]
        for i, b in enumerate(blocks):
            if b.zone is None:
                continue
            body_before = any(o.zone is None for o in blocks[:i])
            if body_before:
                s, e = b.start - 2, b.end
            elif i + 1 < len(blocks):
                s, e = b.start, blocks[i + 1].start
            else:
                s, e = b.start, b.end
            kind, rule = ZONE_RULES[b.zone]
            removed.append((s, e))
            stats[f"zone_{b.zone}"] += 1
            edits.append(Edit(s, e, "", kind, rule, confidence=0.9, note=f"{b.zone} removed"))
    removed.sort()

    # 2. seams between body blocks of different columns or pages
    lower = raw.lower()  # for drops_hyphen
    body = [b for b in all_blocks if b.zone is None]
    seamed: set[int] = set()
    for a, b in zip(body, body[1:]):
        same_page_next_col = (
            a.page == b.page and a.container[1] == b.container[1] and (a.container[2], b.container[2]) == (1, 2)
        )
        next_page = b.page > a.page
        if not (same_page_next_col or next_page):
            continue
        pa, pb = pages[a.page - 1], pages[b.page - 1]
        d = decide(a.lines[-1], _edges(edges, pa, a.lines[-1]), b.lines[0], _edges(edges, pb, b.lines[0]), words=words)
        rule = "pdf_page_seam" if next_page else "pdf_column_seam"
        pieces = _gap_pieces(a.end, b.start, removed)
        if d.join and drops_hyphen(a.lines[-1].text, b.lines[0].text, lower):
            edits.append(
                Edit(a.end - 1, a.end, "", "seam", rule, confidence=d.confidence, note="line-end hyphen dropped")
            )
        for k, (s, e) in enumerate(pieces):
            seamed.update(i for i in range(s, e) if raw[i] == "\f")
            after = (d.sep if d.join else "\n\n") if k == 0 else ""
            if raw[s:e] == after:
                edits.append(
                    Edit(s, e, after, "seam", rule, action="flagged", confidence=d.confidence, note=f"kept: {d.reason}")
                )
            else:
                note = f"{'joined' if d.join else 'kept'}: {d.reason}"
                edits.append(Edit(s, e, after, "seam", rule, confidence=d.confidence, note=note))
        stats["seams_joined" if d.join else "seams_kept"] += 1
    # form feeds no seam covered (pages with no text before or after): paragraph breaks
    for i, ch in enumerate(raw):
        if ch == "\f" and i not in seamed:
            edits.append(
                Edit(i, i + 1, "\n\n" if body and body[0].start < i < body[-1].end else "", "seam", "pdf_page_break")
            )

    # 3. soft wraps inside body blocks, and text from fonts without a ToUnicode map
    for b in body:
        for j in range(1, len(b.lines)):
            prev, cur = b.lines[j - 1].text, b.lines[j].text
            cjk = _is_cjk(prev[-1]) or _is_cjk(cur[0]) or prev.endswith("-")
            s = b.line_starts[j] - 1
            if prev.endswith("-") and drops_hyphen(prev, cur, lower):
                edits.append(
                    Edit(s - 1, s + 1, "", "wrap", "pdf_soft_wrap", note="a word hyphenated at the line end re-joined")
                )
            else:
                edits.append(Edit(s, s + 1, "" if cjk else " ", "wrap", "pdf_soft_wrap"))
            stats["soft_wraps"] += 1
        for j, ln in enumerate(b.lines):
            for m in NOISE_RE.finditer(ln.text):
                s = b.line_starts[j] + m.start()
                edits.append(
                    Edit(
                        s,
                        s + len(m.group()),
                        m.group(),
                        "encoding",
                        "pdf_no_tounicode",
                        action="flagged",
                        note="characters from a font without a ToUnicode map",
                    )
                )
                stats["noise_flags"] += 1
    return Assembled(raw, sorted(edits, key=lambda e: (e.start, e.end)), stats)
