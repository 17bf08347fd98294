"""From page layouts to the extracted text and the layout edits on it (the contract is in
``qikan.pdf``'s docstring)."""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from qikan.conventions import (
    LEADERS_RE,
    Join,
    caption,
    cut_mid_sentence,
    ends_sentence,
    hyphen_join,
    join_glue,
    join_lines,
    label_start,
    list_marker,
    opens_block,
)
from qikan.pdf.layout import GLYPH_RE, NOISE_RE, PageLayout, PLine, column_edges
from qikan.pdf.seams import SeamDecision, decide
from qikan.repair.engine import Edit, flag_span

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

ZONE_RULES = {
    "header": ("header_footer", "pdf_running_head"),
    "footer": ("header_footer", "pdf_running_foot"),
    "page_number": ("header_footer", "pdf_page_number"),
    "footnote": ("footnote", "pdf_footnote"),
    "table": ("table", "pdf_table"),
    "unmapped": ("encoding", "pdf_no_tounicode"),
    "margin": ("margin_note", "pdf_margin_note"),
    "masthead": ("header_footer", "pdf_masthead"),
    "figure": ("figure", "pdf_figure_text"),
    "equation": ("equation", "pdf_equation"),
    "continued": ("seam", "pdf_continued_elsewhere"),
    "cover": ("header_footer", "pdf_online_first_cover"),
}
ZONE_NOTES = {
    "unmapped": "text in a font without a ToUnicode map removed",
    "figure": "text drawn inside a figure (its labels) removed",
    "continued": "the article goes on (or came from) another page of the issue: check the text either side",
    "masthead": "journal masthead of the first page removed (journal, volume, issue, year: in before)",
    "cover": "CNKI online-first cover page removed (title, authors, DOI, dates: in before)",
}
#: Zones whose text is kept, out of the running text: a table's rows stay where the table stands
#: (one row a block, cells separated by tabs); a footnote moves to the end of the text.
KEPT_ZONES = ("table", "footnote")
UNMAPPED_FLAG_NOTE = (
    "text in a font without a ToUnicode map: its glyphs cannot be read (figure labels or a formula lost?)"
)


@dataclass
class Block:
    lines: list[PLine]
    zone: str | None
    page: int
    container: tuple[int, int, int]  #: page, region, column
    start: int = 0  #: offset of its text in the page text, then in the raw text
    end: int = 0
    line_starts: list[int] = field(default_factory=list)
    after_float: bool = False  #: a table or figure that stood before it was moved after it


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
    """Blocks of a page in reading order: running heads first, the text, margin notes, page feet last."""
    head = [ln for ln in page.lines if ln.zone in ("header", "masthead", "cover")]
    # margin notes leave the flow: the paragraph beside them reads on
    foot = [ln for ln in page.lines if ln.zone == "margin"]
    foot += [ln for ln in page.lines if ln.zone in ("footer", "page_number")]
    rest = [
        ln for ln in page.lines if ln.zone not in ("header", "masthead", "cover", "footer", "page_number", "margin")
    ]
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
        # footnote lines are cut into footnotes by the geometry that cuts body text into paragraphs
        flow = ln.zone in (None, "footnote")
        new = prev is None or blocks[-1].zone != ln.zone or (flow and blocks[-1].container != cont)
        if not new and flow:
            left, right = _edges(edges, page, ln)
            new = (
                abs(ln.size - prev.size) > 0.5
                or (
                    pitch is not None
                    and ln.top - prev.top > PITCH_RATIO * pitch
                    # a line cut mid-sentence goes on below a taller line (inline math, a raised mark)
                    and not (ln.top - prev.top < 2 * pitch and _runs_on(prev, right))
                )
                or ln.top - prev.top > 3 * prev.size
                or ln.top < prev.top
                or (ln.x0 > prev.x0 + INDENT * ln.size and not _hangs(blocks[-1], ln) and not _runs_on(prev, right))
                or prev.x1 < right - SHORT * prev.size
                # a front-matter label (关键词, 中图分类号, DOI, Abstract …) starts a block of its own: an
                # abstract's last line runs on into 关键词 otherwise (same size, no indent)
                or label_start(ln.text) is not None
                or (
                    ends_sentence(prev.text)
                    and not prev.text.rstrip()[-1].isascii()
                    and prev.x1 < right - SENTENCE_SHORT * prev.size
                )
            )
        if new and flow and blocks and not (blocks[-1].zone or ln.zone) and _caption_goes_on(blocks[-1], ln):
            new = False
        if new:
            blocks.append(Block([ln], ln.zone, page.number, cont))
        else:
            blocks[-1].lines.append(ln)
    return blocks


def _runs_on(prev: PLine, right: float) -> bool:
    """``prev`` fills its line to the edge and stops mid-sentence (``…页边距不同。article`` /
    ``电`` ⏎ ``子文档``): an indented line after it continues the paragraph — a hanging indent (a
    description item, a preface's list of chapters), not a paragraph's first-line indent."""
    text = prev.text.rstrip()
    return (
        cut_mid_sentence(text)
        and not LEADERS_RE.search(text)
        and not caption(text)
        and prev.x1 >= right - SENTENCE_SHORT * prev.size
    )


def _hangs(block: Block, ln: PLine) -> bool:
    """``ln`` continues a list item: the block opens with a marker and ``ln`` sits under its text."""
    first = block.lines[0]
    # (a 参考文献 entry ``[12]`` too: without it every wrapped entry line became a block of its own)
    return list_marker(first.text) and ln.x0 <= first.x0 + 3 * ln.size


#: A caption runs to at most this many lines (a Chinese one and its English translation, each wrapped).
CAPTION_LINES = 3


def _caption_goes_on(block: Block, ln: PLine) -> bool:
    """``ln`` wraps the caption ``block`` opens: centred captions (``Fig. 1 Topology of the
    modified IEEE 39-bus`` / ``system``) put their next line farther in, which starts a block
    elsewhere. Same size, the next line at one line's pitch, no caption of its own."""
    prev = block.lines[-1]
    return (
        caption(block.lines[0].text.strip())
        and len(block.lines) < CAPTION_LINES
        and abs(ln.size - prev.size) <= 0.5
        and 0 < ln.top - prev.top <= 1.6 * prev.size
        and not caption(ln.text.strip())
        and not ends_sentence(prev.text)
    )


#: A note under a table or figure.
_FLOAT_NOTE_RE = re.compile(r"^\s*(?:注|资料来源|数据来源|说明)\s*[：:]")


def _is_float(b: Block) -> bool:
    """A table, a figure's labels, or a caption (表1 …/图1 …) of one or two lines."""
    if b.zone in ("table", "figure"):
        return True
    return b.zone is None and len(b.lines) <= 2 and caption(b.lines[0].text.strip())


def floats_after_paragraph(blocks: list[Block], page: PageLayout, edges) -> list[Block]:
    """Tables and figures (with their captions) that interrupt a paragraph go after the part of
    it that follows them: a float stands at the top or foot of a column, a paragraph reads on
    around it. The text after a float continues the paragraph when its first line has no
    paragraph indent (a heading starts no paragraph of its own either way)."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        if not _is_float(blocks[i]):
            out.append(blocks[i])
            i += 1
            continue
        j = i
        # with the notes under it (注：/数据来源：)
        while j < len(blocks) and (
            _is_float(blocks[j]) or (blocks[j].zone is None and _FLOAT_NOTE_RE.match(blocks[j].lines[0].text))
        ):
            j += 1
        group = blocks[i:j]
        nxt = blocks[j] if j < len(blocks) else None
        if nxt is not None and nxt.zone is None:
            first = nxt.lines[0]
            left = _edges(edges, page, first)[0]
            if first.x0 <= left + INDENT * first.size and not opens_block(first.text):
                nxt.after_float = True
                out.append(nxt)
                out.extend(group)
                i = j + 1
                continue
        out.extend(group)
        i = j
    return out


def indented_style(body: list[Block]) -> bool:
    """The document starts its paragraphs with an indent (Chinese journals: 2 em): most blocks of
    two lines or more have a first line indented from the second."""
    many = [b for b in body if len(b.lines) >= 2]
    indented = sum(b.lines[0].x0 - b.lines[1].x0 >= INDENT * b.lines[0].size for b in many)
    return len(many) >= 5 and indented >= 0.6 * len(many)


def hyphenated(prev: str, cur: str, *, text: str = "") -> bool:
    """``prev`` ends with a Latin word broken by a hyphen that ``cur`` finishes: the hyphen goes
    with the break (``conventions.hyphen_join``: not after a number, a single letter, before an
    upper-case word or in a compound such as ``xdg-|desktop-portal``).

    >>> hyphenated("美国数学学会 (Amer-", "ican Mathematical Society)"), hyphenated("用 xdg-", "desktop-portal")
    (True, False)
    """
    h = hyphen_join(prev, cur, text=text)
    return h is not None and h.eat == 1


@dataclass
class Assembled:
    raw_text: str
    edits: list[Edit]
    stats: Counter
    #: offset in ``raw_text`` where each page's text starts (a glyph's text can hold a form
    #: feed of its own, so the form feeds alone do not say where pages start)
    page_starts: list[int] = field(default_factory=lambda: [0])


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
    per_page = [page_blocks(p, edges) for p in pages]
    # only where paragraphs open with an indent does an unindented block after a float go on
    # with the paragraph the float interrupted (a manual's flush paragraphs keep their order)
    style = indented_style([b for bs in per_page for b in bs if b.zone is None])
    for p, blocks in zip(pages, per_page):
        if style:
            blocks = floats_after_paragraph(blocks, p, edges)
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
    # where the pages meet (a glyph's text can hold a form feed too: only these are page breaks)
    feeds = set(itertools.accumulate(len(t) + 1 for t in texts[:-1]))
    feeds = {i - 1 for i in feeds}

    edits: list[Edit] = []
    stats: Counter = Counter()
    removed: list[tuple[int, int]] = []
    tables: list[tuple[int, int]] = []  # table blocks: rewritten in place, never part of a seam
    placed: list[Edit] = []  # footnotes placed at the end of the text, in page order
    lowered = raw.lower()  # for the hyphenated-word check
    # 1. zones: each block goes with the separator before it (or after it, at the top of a page)
    for first, last in page_block_ranges:
        blocks = all_blocks[first:last]
        for i, b in enumerate(blocks):
            if b.zone is None:
                continue
            if b.zone == "equation":
                # kept where it stands, its lines (a sum's limits, the formula, its number) on one
                text = " ".join(ln.text.strip() for ln in sorted(b.lines, key=lambda ln: ln.top))
                note = "display equation kept in place as a paragraph of its own"
                same = text == raw[b.start : b.end]  # a one-line equation: flagged, so its row marks it
                edits.append(
                    Edit(
                        b.start,
                        b.end,
                        text,
                        "equation",
                        "pdf_equation",
                        action="flagged" if same else "fixed",
                        confidence=0.8,
                        note=note,
                    )
                )
                tables.append((b.start, b.end))
                stats["zone_equation"] += 1
                continue
            if b.zone == "table":
                rows = table_rows(b.lines, text=lowered)
                note = f"table of {len(rows)} row(s) kept in place: one row a paragraph, cells separated by tabs"
                edits.append(Edit(b.start, b.end, "\n\n".join(rows), "table", "pdf_table", confidence=0.9, note=note))
                tables.append((b.start, b.end))
                stats["zone_table"] += 1
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
            if b.zone == "continued":
                # 下转第114页: what follows may be another article's text, or the file ends here
                edits.append(flag_span(s, raw[s:e], rule, ZONE_NOTES["continued"]))
            if b.zone == "unmapped":
                # the glyphs are noise, but what they drew (a figure's labels, a formula) is lost:
                # a person may want to look, so the removal below goes with a flag on the same span
                edits.append(flag_span(s, raw[s:e], rule, UNMAPPED_FLAG_NOTE))
            stats[f"zone_{b.zone}"] += 1
            if b.zone == "footnote":
                # cut here, placed at the end of the text (two rows, like ``move_first_page_footnotes``)
                note = "footnote moved to the end of the text"
                edits.append(Edit(s, e, "", kind, rule, confidence=0.9, note=note))
                text = join_lines([ln.text for ln in b.lines], text=lowered)
                note = f"footnote of page {b.page} placed at the end of the text"
                placed.append(Edit(len(raw), len(raw), "\n\n" + text, kind, rule, confidence=0.9, note=note))
                continue
            note = ZONE_NOTES.get(b.zone, f"{b.zone} removed")
            edits.append(Edit(s, e, "", kind, rule, confidence=0.9, note=note))
    removed.sort()
    table_ends = {e for _, e in tables}

    # 2. seams between body blocks of different columns or pages (or around a float moved away)
    body = [b for b in all_blocks if b.zone is None]
    seamed: set[int] = set()
    for a, b in zip(body, body[1:]):
        same_page_next_col = (
            a.page == b.page and a.container[1] == b.container[1] and (a.container[2], b.container[2]) == (1, 2)
        )
        next_page = b.page > a.page
        if not (same_page_next_col or next_page or (b.after_float and a.container == b.container)):
            continue
        pa, pb = pages[a.page - 1], pages[b.page - 1]
        if any(a.end < s < b.start for s, _ in tables):
            d = SeamDecision(False, "a table stands between", 0.9)
        else:
            d = decide(
                a.lines[-1],
                _edges(edges, pa, a.lines[-1]),
                b.lines[0],
                _edges(edges, pb, b.lines[0]),
                words=words,
                indented_style=style,
            )
        rule = "pdf_page_seam" if next_page else "pdf_column_seam"
        pieces = _gap_pieces(a.end, b.start, sorted(removed + tables))
        for k, (s, e) in enumerate(pieces):
            seamed.update(i for i in range(s, e) if i in feeds)
            # a table's rows stand apart from the text on both sides
            after = (d.sep if d.join else "\n\n") if k == 0 else ("\n\n" if s in table_ends else "")
            if raw[s:e] == after:
                edits.append(
                    Edit(s, e, after, "seam", rule, action="flagged", confidence=d.confidence, note=f"kept: {d.reason}")
                )
            else:
                note = f"{'joined' if d.join else 'kept'}: {d.reason}"
                edits.append(Edit(s, e, after, "seam", rule, confidence=d.confidence, note=note))
        if d.join and hyphenated(a.lines[-1].text, b.lines[0].text, text=lowered):
            edits.append(
                Edit(
                    a.end - 1,
                    a.end,
                    "",
                    "wrap",
                    "pdf_hyphen_join",
                    note=f"word hyphenated at a {'page' if next_page else 'column'} break",
                )
            )
            stats["hyphen_joins"] += 1
        stats["seams_joined" if d.join else "seams_kept"] += 1
    # form feeds no seam covered (pages with no text before or after): paragraph breaks
    kept = sorted([(b.start, b.end) for b in body] + tables)
    for i in sorted(feeds - seamed):
        inside = kept and kept[0][0] < i < kept[-1][1]
        edits.append(Edit(i, i + 1, "\n\n" if inside else "", "seam", "pdf_page_break"))

    # 3. soft wraps inside body blocks, and text from fonts without a ToUnicode map
    for b in body:
        for j in range(1, len(b.lines)):
            prev, cur = b.lines[j - 1].text, b.lines[j].text
            s = b.line_starts[j] - 1
            glue = _wrap_glue(prev, cur, text=lowered)
            if glue.eat:
                edits.append(Edit(s - 1, s + 1, "", "wrap", "pdf_hyphen_join", note="word hyphenated at a line end"))
                stats["hyphen_joins"] += 1
                continue
            edits.append(Edit(s, s + 1, glue.glue, "wrap", "pdf_soft_wrap"))
            stats["soft_wraps"] += 1
        for j, ln in enumerate(b.lines):
            for m in NOISE_RE.finditer(ln.text):
                s = b.line_starts[j] + m.start()
                n = len(GLYPH_RE.findall(m.group()))
                edits.append(
                    Edit(
                        s,
                        s + len(m.group()),
                        GLYPH_RE.sub("\ufffd", m.group()),
                        "encoding",
                        "pdf_no_tounicode",
                        note=f"{n} glyph(s) from a font without a ToUnicode map → U+FFFD",
                    )
                )
                stats["unmapped_spans"] += 1
    # the footnotes last, in page order (a stable sort keeps the order of insertions at one place)
    edits = sorted(edits, key=lambda e: (e.start, e.end)) + placed
    return Assembled(raw, edits, stats, [0, *sorted(i + 1 for i in feeds)])


def _wrap_glue(prev: str, cur: str, *, text: str = "") -> Join:
    """What a line break between two lines of a paragraph becomes (``conventions.join_glue``; a
    space where two symbols meet and nothing decides)."""
    return join_glue(prev, cur, text=text) or Join(True, "no_glue", " ")


def table_rows(lines: list[PLine], *, text: str = "") -> list[str]:
    """The rows of a table block, each a line of its cells separated by tabs (empty cells kept,
    so every row has its table's columns). A cell's wrapped lines run on (``join_lines``); a line
    without grid cells is a row of its own, cut at its wide gaps.

    >>> key = lambda r, c: (0, r, c, 2)
    >>> table_rows([PLine("运行 preinst 脚本", 0, 1, 0, 1, 10, cells=((key(0, 0), "运行"), (key(0, 1), "preinst 脚本"))),
    ...             PLine("从远程", 0, 1, 1, 2, 10, cells=((key(1, 0), "从远程"),)),
    ...             PLine("获取", 0, 1, 2, 3, 10, cells=((key(1, 0), "获取"),))])
    ['运行\\tpreinst 脚本', '从远程获取\\t']
    """
    rows: dict[tuple, dict[int, list[str]]] = {}
    widths: dict[tuple, int] = {}
    for n, ln in enumerate(lines):
        cells = ln.cells
        if not cells:
            cuts = [start for _, _, start, _ in ln.pieces] or [0]
            parts = [ln.text[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(ln.text)])]
            cells = tuple((("line", n, k, max(2, len(parts))), part) for k, part in enumerate(parts))
        for (table, row, col, ncols), part in cells:
            rows.setdefault((table, row), {}).setdefault(col, []).append(part)
            widths[(table, row)] = max(widths.get((table, row), 0), ncols, col + 1)
    return ["\t".join(join_lines(cols.get(c, []), text=text) for c in range(widths[key])) for key, cols in rows.items()]
