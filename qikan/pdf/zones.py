"""Zones: lines that are not running text — running heads and feet, page numbers, footnotes, tables.

Decided over the whole document (on the small ``PageLayout`` records, not on parser objects):

- **page numbers**: a line in the top or bottom band that is only a number (``12``, ``- 12 -``,
  ``第 12 页``, ``12/223``, roman ``xii``);
Only lines that stand apart from the body (a clear gap on the body side) can be running heads,
feet or page numbers:

- **running heads and feet**: a line in the top or bottom band whose text, with digits
  normalised and spaces dropped, recurs at the same height on at least two pages (odd and even pages each repeat
  their own variant), or that sits above a page-wide rule in the top band; a line in the same band slot (parity, position) as confirmed running heads,
  and alone in it, is one too (section-title heads that change from page to page);
- **footnotes**: the lines at the foot of a column set in a font clearly smaller than the body's;
- **tables**: lines inside a box pdfplumber's table finder found (the caption outside stays);
- **margin notes**: text beyond a column's edge, beside the body (``mark_margin_notes``);
- **unmapped**: lines that are nothing but glyphs of a font without a ToUnicode map (control
  characters, ``(cid:N)``): no text to keep (glyphs amid real text become U+FFFD instead).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict

from qikan.conventions import CJK, REFERENCE_ENTRY_RE, caption, label_start, page_number
from qikan.pdf.layout import NOISE_RE, PageLayout, PLine, column_edges

#: Top and bottom bands (share of page height) where running heads and page numbers live.
BAND = 0.13
#: Gap, in line heights, between a running head or foot and the body text.
SEPARATION = 0.8
#: A footnote's font is at most this share of the body font size.
FOOTNOTE_RATIO = 0.88


def page_number_line(text: str) -> bool:
    """A page number alone on its line, in any style journals print (``conventions.page_number``)."""
    return page_number(text) is not None


_DIGITS_RE = re.compile(r"\d+")
_SPACE_RE = re.compile(r"\s+")


def _key(text: str) -> str:
    return _DIGITS_RE.sub("#", _SPACE_RE.sub("", text))


def _band(line: PLine, page: PageLayout) -> str | None:
    if line.bottom <= page.height * BAND:
        return "top"
    if line.top >= page.height * (1 - BAND):
        return "bottom"
    return None


def body_size(pages: list[PageLayout]) -> float:
    """The font size most characters are set in."""
    sizes: Counter[float] = Counter()
    for p in pages:
        for ln in p.lines:
            sizes[ln.size] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _apart(line: PLine, page: PageLayout, band: str) -> bool:
    """A running head or foot stands apart: a clear gap of ``SEPARATION`` line heights between it
    and the text on the body side (a heading or a note label at the top of the body does not)."""
    if band == "top":
        below = [o.top for o in page.lines if o.top >= line.bottom - 1 and o is not line]
        return not below or min(below) - line.bottom >= SEPARATION * line.size
    above = [o.bottom for o in page.lines if o.bottom <= line.top + 1 and o is not line]
    return not above or line.top - max(above) >= SEPARATION * line.size


#: What a journal's masthead line holds: volume and issue, Vol./No., ISSN/CN numbers, the issue's
#: year and month, the journal's English name, the article number, an online-first notice.
MASTHEAD_RE = re.compile(
    r"第\s*\d+\s*卷|第\s*\d+\s*期|\bVol\s*[.．]|\bNo\s*[.．]\s*\d|ISSN|\bCN\s*\d{2}\s*[-－]\s*\d{4}|"
    r"\d{4}\s*年\s*\d{1,2}\s*月|JOURNAL\s+OF|Journal\s+of|文章编号|网络首发"
)
#: The CNKI online-first cover page and the 网络首发 lines in a page's head.
ONLINE_FIRST_RE = re.compile(r"网络首发")
#: How far down page 1 a masthead reaches (share of the page height).
MASTHEAD_BAND = 0.25


def mark_masthead(pages: list[PageLayout]) -> None:
    """The journal's masthead on an article's first page: zone ``masthead``.

    A CNKI online-first cover (a first page of one column saying 网络首发 near its top) is a
    masthead as a whole (and the article's first page follows it). Else the lines in the top
    ``MASTHEAD_BAND`` above the title (the largest type in the top 40 % that is no masthead
    line), when one of them holds a masthead convention (``MASTHEAD_RE``): the journal's name,
    letter-spaced or in English, goes with them. Their text is kept in the ``repairs`` row's ``before``, where
    front-matter parsing reads journal, volume, issue, year and article number.
    """
    if not pages or not pages[0].lines:
        return
    first = pages[0]
    lines = sorted(first.lines, key=lambda ln: ln.top)
    if not first.two_column and any(ONLINE_FIRST_RE.search(ln.text) for ln in lines if ln.top < first.height * 0.4):
        for ln in lines:
            ln.zone = "cover"
        if len(pages) > 1:
            mark_masthead(pages[1:])
        return
    upper = [ln for ln in lines if ln.top < first.height * 0.4 and not MASTHEAD_RE.search(ln.text)]
    title = max(upper, key=lambda ln: ln.size, default=None)
    above = []
    for ln in lines:
        if ln.top >= first.height * MASTHEAD_BAND or (title is not None and ln.top >= title.top - 1):
            break
        above.append(ln)
    if title is None:
        # no title to stop at: down to the last masthead line
        hits = [k for k, ln in enumerate(above) if MASTHEAD_RE.search(ln.text)]
        above = above[: hits[-1] + 1] if hits else []
    if not any(MASTHEAD_RE.search(ln.text) for ln in above):
        return
    for ln in above:  # the journal's name, letter-spaced or in English, goes with them
        ln.zone = "masthead"


def mark_zones(pages: list[PageLayout]) -> None:
    """Set ``PLine.zone`` on every line that is not running text (see the module docstring)."""
    mark_masthead(pages)
    # (band, text key) -> (page, top) of every line standing apart in a band
    seen: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    apart: set[int] = set()
    for p in pages:
        for ln in p.lines:
            if (band := _band(ln, p)) is not None and _apart(ln, p, band):
                apart.add(id(ln))
                seen[(band, _key(ln.text))].append((p.number, ln.top))

    def repeated(band: str, ln: PLine, page: int) -> bool:
        # the same text (digits aside) at the same height on another page
        return any(n != page and abs(t - ln.top) <= 3 for n, t in seen[(band, _key(ln.text))])

    slots: dict[tuple[str, int], list[float]] = defaultdict(list)  # (band, parity) -> tops
    for p in pages:
        for ln in p.lines:
            if ln.zone is not None:
                continue
            if ln.table:
                ln.zone = "table"
                continue
            if NOISE_RE.fullmatch(ln.text.strip()):
                ln.zone = "unmapped"  # nothing but glyphs without Unicode (figure labels …)
                continue
            band = _band(ln, p)
            if band is None or id(ln) not in apart:
                continue
            if page_number_line(ln.text):
                ln.zone = "page_number"
            elif ONLINE_FIRST_RE.search(ln.text):
                ln.zone = "header"  # 网络首发时间：… 网络首发地址：… over a page
            elif band == "top" and p.head_rule is not None and ln.bottom <= p.head_rule + 1:
                ln.zone = "header"  # above the rule that closes the running head
            elif repeated(band, ln, p.number):
                ln.zone = "header" if band == "top" else "footer"
                slots[(band, p.number % 2)].append(ln.top)
    # Heads that change with the section (lshort's odd pages): same band slot as confirmed heads,
    # the only line there, and the outermost line of the page.
    for p in pages:
        for band in ("top", "bottom"):
            tops = slots.get((band, p.number % 2))
            if not tops or len(tops) < 2:
                continue
            cand = [ln for ln in p.lines if ln.zone is None and not ln.table and _band(ln, p) == band]
            cand = [ln for ln in cand if id(ln) in apart]
            if len(cand) != 1:
                continue
            ln = cand[0]
            body = [o for o in p.lines if o.zone is None and o is not ln]
            outer = all(o.top > ln.top for o in body) if band == "top" else all(o.top < ln.top for o in body)
            if outer and any(abs(ln.top - t) <= 2.0 for t in tops):
                ln.zone = "header" if band == "top" else "footer"
    _mark_footnotes(pages, body_size(pages))
    mark_margin_notes(pages)
    mark_equations(pages)
    for p in pages:
        for ln in p.lines:
            if ln.zone is None and CONTINUED_RE.match(ln.text):
                ln.zone = "continued"


#: An article continued on another page of the issue: （下转第114页） / （上接第65页）.
CONTINUED_RE = re.compile(r"^\s*+[（(]?\s*+[下上]\s*[转接]\s*第\s*\d{1,4}\s*页\s*[)）]?\s*$")


#: A display equation's number at the right edge of its line: (1), (2-3), （A5）, (12a).
EQUATION_NUMBER_RE = re.compile(r"^\s*[（(]\s*[A-Z]?\d{1,3}(?:[.\-－]\d{1,3})?[a-z]?\s*[)）]\s*$")
#: Prose in a line: a run of three Chinese characters.
_PROSE_RE = re.compile(f"{CJK}{{3}}")


def _mathy(ln: PLine) -> bool:
    return not _PROSE_RE.search(ln.text) and len(ln.text) <= 80


def mark_equations(pages: list[PageLayout]) -> None:
    """Display equations: zone ``equation``.

    A line whose last piece (after a wide gap) is only an equation number and whose formula
    holds no Chinese prose; with it the lines of the same column right above and below that
    touch it and hold no prose either (a sum's limits, a fraction's numerator, the rows of a
    ``cases``). The lead-in (``其计算方法如式(1)所示：``) and the text after stay body text.
    """
    for p in pages:
        lines = p.lines
        for i, ln in enumerate(lines):
            if ln.zone is not None or not ln.pieces or len(ln.pieces) < 2:
                continue
            start = ln.pieces[-1][2]
            if not EQUATION_NUMBER_RE.match(ln.text[start:]) or _PROSE_RE.search(ln.text[:start]):
                continue
            ln.zone = "equation"
            # neighbours in reading order (the same column's lines are consecutive)
            for step in (-1, 1):
                j, edge = i + step, ln
                while 0 <= j < len(lines):
                    o = lines[j]
                    if o.zone is not None or (o.region, o.column) != (ln.region, ln.column) or not _mathy(o):
                        break
                    gap = o.top - edge.bottom if step > 0 else edge.top - o.bottom
                    if gap > 0.5 * ln.size:
                        break
                    o.zone = "equation"
                    edge = o
                    j += step


#: A margin note starts (or ends) this many font sizes outside the text block's edge.
MARGIN_OFFSET = 0.5
#: Body lines (per page parity) needed to trust the text block's edges.
MARGIN_MIN_LINES = 30


def mark_margin_notes(pages: list[PageLayout]) -> None:
    """Mark text set in the margin beside the body (``\\marginpar``, side notes) as zone
    ``margin``: whole lines beyond the text block's edge, and the part of a line beyond a gap
    across the edge (cut off into a line of its own). The edges are the document's, per page
    parity, from the body lines of one-column pages: a page's own lines can be few or ragged."""
    # one-column pages only, each parity with its own text block: in a two-column page the
    # space beside a column is the gutter, and a table's cells stand apart inside the block
    body: dict[int, list[PLine]] = defaultdict(list)
    for p in pages:
        if not p.two_column:
            body[p.number % 2].extend(ln for ln in p.lines if ln.zone is None)
    edges = {}
    for parity, lines in body.items():
        got = column_edges(lines) if len(lines) >= MARGIN_MIN_LINES else None
        if got is not None and got[1] - got[0] >= 0.5 * max(p.width for p in pages):
            edges[parity] = got
    for p in pages:
        if p.two_column or p.number % 2 not in edges:
            continue
        left, right = edges[p.number % 2]
        out: list[PLine] = []
        for ln in p.lines:
            out.append(ln)
            if ln.zone is not None:
                continue
            if ln.x0 > right + MARGIN_OFFSET * ln.size or ln.x1 < left - MARGIN_OFFSET * ln.size:
                ln.zone = "margin"
                continue
            if not ln.pieces:
                continue
            inside = [
                k
                for k, (x0, x1, _, size) in enumerate(ln.pieces)
                if not (x0 > right + MARGIN_OFFSET * size or x1 < left - MARGIN_OFFSET * size)
            ]
            if not inside or len(inside) == len(ln.pieces):
                continue
            first, last = inside[0], inside[-1]
            outer = [(k, piece) for k, piece in enumerate(ln.pieces) if k < first or k > last]
            body = ln.pieces[first : last + 1]
            end = ln.pieces[last + 1][2] if last + 1 < len(ln.pieces) else len(ln.text)
            text = ln.text
            for k, (x0, x1, start, size) in outer:
                stop = ln.pieces[k + 1][2] if k + 1 < len(ln.pieces) else len(text)
                out.append(
                    PLine(
                        text[start:stop].strip(), x0, x1, ln.top, ln.bottom, size, ln.region, ln.column, zone="margin"
                    )
                )
            ln.text = text[body[0][2] : end].strip()
            ln.x0, ln.x1 = body[0][0], max(x1 for _, x1, _, _ in body)
            ln.size = statistics.median(size for *_, size in body)
            ln.pieces = body if len(body) > 1 else ()
        p.lines = out


#: Labels of an abstract in small type (电网技术 sets it at the foot of the left column): no footnote's.
_ABSTRACT_LABELS = ("abstract", "keywords", "abstract_en", "keywords_en")


def _reference_entry(text: str) -> bool:
    """A bracketed reference-list number opens ``text`` (``[12]``; a footnote may be ``1)``)."""
    m = REFERENCE_ENTRY_RE.match(text)
    return m is not None and m["a"] is not None


def _mark_footnotes(pages: list[PageLayout], size: float) -> None:
    for p in pages:
        by_col: dict[tuple[int, int], list[PLine]] = defaultdict(list)
        for ln in p.lines:
            if ln.zone is None:
                by_col[(ln.region, ln.column)].append(ln)
        # only the lowest region of each column can end in footnotes
        last_region = {col: max(r for r, c in by_col if c == col) for _, col in by_col}
        for (region, col), lines in by_col.items():
            if region != last_region[col]:
                continue
            run = []
            for ln in sorted(lines, key=lambda ln: ln.top, reverse=True):
                if ln.size <= size * FOOTNOTE_RATIO and ln.top > p.height * 0.5:
                    run.append(ln)
                else:
                    break
            # a caption (a float's small type at the foot of a column), an abstract in small type
            # at the foot of the left column (电网技术) or a list of references is no footnote
            if (
                any(caption(ln.text) or label_start(ln.text) in _ABSTRACT_LABELS for ln in run)
                or sum(_reference_entry(ln.text) for ln in run) >= 2
            ):
                continue
            # a run that is the whole column is small print, not a footnote (a full-width
            # footnote block under two columns is the whole of its region, not of the page)
            column_lines = sum(len(v) for (_, c), v in by_col.items() if c == col or (col == 0 and p.two_column))
            if run and len(run) < column_lines:
                for ln in run:
                    ln.zone = "footnote"
