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

from qikan.conventions import SPLIT_END, caption, heading, is_wide

#: One glyph from a font without a ToUnicode map: a two-byte code read as NUL + a byte (the
#: byte is any character, often printable: ``\x00&``), another C0 control, or pdfminer's
#: ``(cid:NN)`` placeholder.
_GLYPH = r"\x00[^\n]|[\x01-\x08\x0b-\x1f\x7f]|\(cid:\d+\)"
GLYPH_RE = re.compile(_GLYPH)
#: A run of such glyphs, spaces between them included.
NOISE_RE = re.compile(rf"(?:{_GLYPH})(?:[ ]*(?:{_GLYPH}))*")


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
    zone: str | None = None  #: header | footer | page_number | footnote | table | unmapped | margin (``zones``)
    #: (x0, x1, offset in ``text``, font size) of the parts between gaps of ``PIECE_GAP`` or more,
    #: when there are such gaps (a margin note beside the line is one)
    pieces: tuple[tuple[float, float, int, float], ...] = ()
    #: a table line's text cell by cell: ((table, row, column, columns), text) for each cell it
    #: crosses, left to right (table and row are indices on the page, from pdfplumber's grid)
    cells: tuple[tuple[tuple[int, int, int, int], str], ...] = ()


@dataclass
class PageLayout:
    number: int  #: 1-based
    width: float
    height: float
    lines: list[PLine] = field(default_factory=list)  #: reading order
    two_column: bool = False
    n_chars: int = 0
    head_rule: float | None = None  #: top of a wide horizontal rule in the top band (under a running head)
    gutter: float | None = None  #: x of the gutter of a two-column page
    #: the page's graphics objects as (kind, x0, top, x1, bottom) rounded to 1 pt: one drawn at
    #: the same place on the page before is a watermark or a logo, no figure (``float_boxes``)
    drawings: frozenset = frozenset()


#: A word joins a row when at least this share of the shorter of the two heights overlaps.
ROW_OVERLAP = 0.5


def _rows(words: list[dict]) -> list[list[dict]]:
    """Words grouped into rows by vertical overlap with the row's tallest word.

    A raised or lowered word (a footnote mark, an author marker ¹*, a subscript, the small
    raised A of the LaTeX logo) can come first in top order; the row's span then moves to the
    tallest word that joins, so the line's text words all land in one row and a small word
    sitting between two rows goes to the one it overlaps most. Spans are one word's, never a
    union: rows must not chain.
    """
    rows: list[list[dict]] = []
    spans: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        top, bottom = w["top"], w["bottom"]
        best, best_share = -1, ROW_OVERLAP
        for i in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            s_top, s_bottom = spans[i]
            overlap = min(bottom, s_bottom) - max(top, s_top)
            share = overlap / max(min(bottom - top, s_bottom - s_top), 0.1)
            if share >= best_share:
                best, best_share = i, share
        if best < 0:
            rows.append([w])
            spans.append((top, bottom))
            continue
        rows[best].append(w)
        if bottom - top > spans[best][1] - spans[best][0]:
            spans[best] = (top, bottom)
    return [part for row in rows for part in _unstack(row)]


#: A word at least this many times as tall as the words beside it can stand beside a stack of
#: their lines (a masthead's journal name in large type beside two lines of volume and issue).
STACK_RATIO = 1.8
#: Each line of such a stack holds at least this many characters.
STACK_MIN_CHARS = 3


def _unstack(row: list[dict]) -> list[list[dict]]:
    """A row whose tall word(s) stand beside two or more lines of small words, as those lines.

    计算机学报 sets its name in 22 pt beside two 9 pt lines (``第47卷 第1期 2024年2月`` over
    ``CHINESE JOURNAL OF COMPUTERS Vol.47 No.1``): both overlap the name, so they join its row
    and, read in x order, interleave (``第 47 Vol.卷``). Cut where the small words fall into
    lines that do not overlap one another; the tall words go with the top line. A row whose
    small words chain into one band (a fraction's numerator and denominator with the formula
    between them, a raised mark) stays whole.
    """
    if len(row) < 3:
        return [row]
    heights = [w["bottom"] - w["top"] for w in row]
    small_h = min(heights)
    if max(heights) < STACK_RATIO * small_h:
        return [row]
    tall = [w for w, h in zip(row, heights) if h >= STACK_RATIO * small_h]
    small = sorted((w for w, h in zip(row, heights) if h < STACK_RATIO * small_h), key=lambda w: w["top"])
    bands: list[list[dict]] = []
    bottom = None
    for w in small:
        if bottom is not None and w["top"] < bottom:
            bands[-1].append(w)
            bottom = max(bottom, w["bottom"])
        else:
            bands.append([w])
            bottom = w["bottom"]
    if len(bands) < 2 or any(sum(len(w["text"]) for w in b) < STACK_MIN_CHARS for b in bands):
        return [row]
    return [tall + bands[0], *bands[1:]]


#: A gap of this many font sizes inside a line cuts it into pieces (see ``PLine.pieces``).
PIECE_GAP = 0.5
#: Words closer than this many font sizes touch (pdfplumber splits words at a gap of 3 pt or more).
TOUCH = 0.1


def _line(words: list[dict], **kw) -> PLine:
    words = sorted(words, key=lambda w: w["x0"])
    parts = [words[0]["text"]]
    cuts = []  # index in words, offset in text of each piece after a wide gap
    pos = len(parts[0])
    for i, (a, b) in enumerate(zip(words, words[1:]), 1):
        # pdfplumber starts a new word at a space or a gap: keep one space, except where a
        # tight gap separates CJK text (justified Chinese has no spaces).
        # Words touching each other were split by a change of size (a superscript, the logo's
        # small A): no space either.
        gap = b["x0"] - a["x1"]
        cjk = is_wide(a["text"][-1]) and is_wide(b["text"][0])
        tight = gap < TOUCH * min(a["size"], b["size"])
        parts.append(("" if tight or (cjk and gap < 0.5 * a["size"]) else " ") + b["text"])
        pos += len(parts[-1])
        if gap >= PIECE_GAP * min(a["size"], b["size"]):
            cuts.append((i, pos - len(b["text"])))
    sizes = [w["size"] for w in words for _ in w["text"]]
    return PLine(
        "".join(parts),
        min(w["x0"] for w in words),
        max(w["x1"] for w in words),
        min(w["top"] for w in words),
        max(w["bottom"] for w in words),
        round(statistics.median(sizes), 1),
        pieces=_pieces(words, cuts),
        **kw,
    )


def _pieces(words: list[dict], cuts: list[tuple[int, int]]) -> tuple[tuple[float, float, int, float], ...]:
    if not cuts:
        return ()
    out = []
    for (a, start), (b, _) in zip([(0, 0), *cuts], [*cuts, (len(words), 0)]):
        ws = words[a:b]
        size = round(statistics.median(w["size"] for w in ws for _ in w["text"]), 1)
        out.append((min(w["x0"] for w in ws), max(w["x1"] for w in ws), start, size))
    return tuple(out)


#: A gap of this many font sizes between two Latin letters is a word space (a tightly justified
#: Latin line has spaces of 0.2 em and more, below pdfplumber's fixed 3 pt word gap).
WORD_GAP = 0.15


#: Within a word, the content stream's order wins over x order when following it never steps
#: back more than this many font sizes: overlapping glyphs (squeezed CJK punctuation, ``”、“``
#: drawn with 、 a fraction left of the “ after it) sort wrongly by x0.
OVERLAP_STEP = 0.5


def _stream_order(chars: list[dict], index: dict[int, int]) -> list[dict]:
    """``chars`` of one word in the order the page drew them, when that order is left to right
    up to glyph overlaps; else in x order (pdfplumber's) as they came."""
    stream = sorted(chars, key=lambda c: index.get(id(c), 0))
    if stream == chars:
        return chars
    steps = zip(stream, stream[1:])
    if all(b["x0"] >= a["x0"] - OVERLAP_STEP * a["size"] for a, b in steps):
        return stream
    return chars


def _split_latin(words: list[dict], index: dict[int, int] | None = None) -> list[dict]:
    """Split pdfplumber words where two non-CJK characters stand ``WORD_GAP`` apart.

    pdfplumber joins characters closer than 3 pt, so the words of a tightly justified English
    line come out glued (``Theyputinabigeffort``); CJK text and its joins to Latin keep their
    behaviour. The ``chars`` are dropped: only small word records go on.
    """
    from pdfplumber.utils.text import LIGATURES  # what extract_words expands in a word's text

    out = []
    for w in words:
        chars = w.pop("chars")
        if index is not None and len(chars) > 1:
            ordered = _stream_order(chars, index)
            if ordered is not chars:
                chars = ordered
                w["text"] = "".join(LIGATURES.get(c["text"], c["text"]) for c in chars)
        cuts = [
            i
            for i in range(1, len(chars))
            if not is_wide(chars[i - 1]["text"][-1])
            and not is_wide(chars[i]["text"][0])
            and chars[i]["x0"] - chars[i - 1]["x1"] >= WORD_GAP * chars[i]["size"]
        ]
        if not cuts:
            out.append(w)
            continue
        for a, b in zip([0, *cuts], [*cuts, len(chars)]):
            part = chars[a:b]
            out.append(
                {
                    **w,
                    "text": "".join(LIGATURES.get(c["text"], c["text"]) for c in part),
                    "x0": min(c["x0"] for c in part),
                    "x1": max(c["x1"] for c in part),
                    "top": min(c["top"] for c in part),
                    "bottom": max(c["bottom"] for c in part),
                }
            )
    return out


#: Narrowest clear band between two columns: this many font sizes (the page's median size), and
#: at least ``MIN_GUTTER`` points. 计算机学报 sets a 1.2 em gutter, most journals 2 em.
GUTTER_EM = 0.8
MIN_GUTTER = 5.0
#: Where a gutter may stand, as shares of the page width.
GUTTER_ZONE = (0.25, 0.75)
#: At most this share of the rows may cross the gutter (a title, an abstract, a full-width float:
#: page 1 of an article can be mostly front matter over a few two-column rows).
MAX_CROSSING = 0.75
#: The columns hold at least this share of the page's characters (a page of running text in
#: two columns, or page 1 with the body under the front matter; not a table on a one-column page).
MIN_COLUMN_SHARE = 0.3
#: Each column has at least this many rows (three at a gutter of the page before).
MIN_SIDE_ROWS = 4
#: Each column holds at least this share of the characters beside the gutter.
MIN_SIDE = 0.15


#: Full-width punctuation whose mark sits in one half of its box: a column's justified lines hang
#: it past their edge into the gutter (``。`` at a line end, ``“`` at a line start).
_CLOSING = set("。，、；：！？）”』」》】")
_OPENING = set("（“『「《【")


def core(w: dict) -> tuple[float, float]:
    """A word's x extent without the empty half of a hanging punctuation mark at either end."""
    x0, x1 = w["x0"], w["x1"]
    text = w["text"]
    if text and text[-1] in _CLOSING:
        x1 = max(x0, x1 - 0.5 * w["size"])
    if text and text[0] in _OPENING:
        x0 = min(x1, x0 + 0.5 * w["size"])
    return x0, x1


def crosses(w: dict, x: float) -> bool:
    x0, x1 = core(w)
    return x0 < x < x1


def gutter_width(words: list[dict]) -> float:
    """The narrowest gutter of a page: ``GUTTER_EM`` of its median font size, ``MIN_GUTTER`` at least."""
    return max(GUTTER_EM * statistics.median(w["size"] for w in words), MIN_GUTTER)


def row_crosses(row: list[dict], x: float, gap: float) -> bool:
    """The row is one line across ``x``: a word stands over it, or the words either side of it
    stand closer than a gutter (``gap``) — a word space of a page-wide line (an English keyword
    line, a footnote a font-size change cut into words) that happens to fall at ``x``."""
    left = right = None
    for w in row:
        x0, x1 = core(w)
        if x0 < x < x1:
            return True
        if x1 <= x:
            left = x1 if left is None else max(left, x1)
        else:
            right = x0 if right is None else min(right, x0)
    return left is not None and right is not None and right - left < gap


def _coverage(words: list[dict], lo: float, hi: float) -> list[tuple[float, float, int]]:
    """(x0, x1, n) for the stretches of ``lo``…``hi`` covered by exactly ``n`` words: one sweep
    over the words' edges, so the work grows with the words, never with the page size."""
    cores = [core(w) for w in words]
    events = sorted([(x0, 1) for x0, _ in cores] + [(x1, -1) for _, x1 in cores])
    out: list[tuple[float, float, int]] = []
    n, x = 0, lo
    for ex, d in events:
        if ex > x and x < hi:
            seg = (max(x, lo), min(ex, hi), n)
            if seg[1] > seg[0]:
                out.append(seg)
        x = max(x, ex)
        n += d
    if x < hi:
        out.append((max(x, lo), hi, n))
    return out


def find_gutter(
    rows: list[list[dict]], width: float, why: list[str] | None = None, prior: tuple[float, ...] = ()
) -> float | None:
    """x of a two-column gutter, or None for a one-column page.

    From the x-coverage of the words, never from row alignment (one column's lines need not
    stand level with the other's): the stretch in the middle of the page (``GUTTER_ZONE``)
    covered by the fewest words, at least ``GUTTER_EM`` wide, is the gutter when at most
    ``MAX_CROSSING`` of the rows cross it (full-width title, abstract, floats make regions of
    their own), both sides hold ``MIN_SIDE`` of the text beside it, and each side reads as a
    column: most of the right side's rows start at one edge and most of the left side's rows
    at another (ragged code or a table without rules on a one-column page does not).
    ``prior``: the gutters of the document's pages before; a clear band holding one needs no
    column shape (a column of figures, equations, a hanging-indent reference list passes).
    ``why``, when given, gets the reason a page is read as one column.
    """

    def no(reason: str) -> None:
        if why is not None:
            why.append(reason)

    if len(rows) < 6:
        return no(f"{len(rows)} rows")
    words = [w for row in rows for w in row]
    em = statistics.median(w["size"] for w in words)
    segs = _coverage(words, width * GUTTER_ZONE[0], width * GUTTER_ZONE[1])
    if not segs:
        return no("no words")
    # around each local minimum of the coverage, the run of stretches covered by at most a few
    # words more (a running head, a centred page number, a label poking in): the candidates
    wide = gutter_width(words)
    slack = max(2, len(rows) // 10)
    runs: set[tuple[float, float]] = set()
    for i, (x0, x1, n) in enumerate(segs):
        if (i and segs[i - 1][2] < n) or (i + 1 < len(segs) and segs[i + 1][2] < n):
            continue
        for level in (n, n + 1, n + slack):
            lo = hi = i
            while lo > 0 and segs[lo - 1][2] <= level and x1 - segs[lo - 1][0] < 6 * wide:
                lo -= 1
            while hi + 1 < len(segs) and segs[hi + 1][2] <= level and segs[hi + 1][1] - x0 < 6 * wide:
                hi += 1
            if segs[hi][1] - segs[lo][0] >= wide:
                runs.add((segs[lo][0], segs[hi][1]))
                break
    if not runs:
        return no("no clear band")
    best: tuple[int, float, float] | None = None  # (crossing rows, distance from the centre, x)
    # two-column pages are symmetric: the bands nearest the centre first, then the widest
    ranked = sorted(runs, key=lambda r: (round(abs((r[0] + r[1]) / 2 - width / 2) / (2 * em)), r[0] - r[1]))
    known = [r for r in ranked if any(r[0] <= g <= r[1] for g in prior)]
    # then, when no band passes: a few rows of columns framed by page-wide rows above and a
    # footnote block below (``_check_columns``'s ``framed``; page 1 of an article). Only then, so
    # every page read as two columns before keeps its gutter.
    for framed in (False, True):
        for g0, g1 in [*ranked[:MAX_CANDIDATES], *known]:
            x = (g0 + g1) / 2
            # at a gutter of the pages before, a column of figures and equations is a column too
            crossing = _check_columns(rows, x, em, no, shape=(g0, g1) not in known, framed=wide if framed else None)
            if crossing is not None and (best is None or (crossing, abs(x - width / 2)) < best[:2]):
                best = (crossing, abs(x - width / 2), x)
        if best is not None:
            return best[2]
    return None


#: Share of a column's characters in rows starting at its left edge (or indented from it): a
#: column of text, even one with figures and equations in it; not ragged code.
EDGE_SHARE = 0.3
#: The narrower column is at least this share of the wider one (the short last lines of a
#: one-column page's paragraphs are no column).
MEASURE_RATIO = 0.8
#: The gutter is within this share of the text block's width of its centre.
GUTTER_OFF_CENTRE = 0.06
#: A full line of a justified column: its ink covers this share of the column's measure.
FULL_LINE = 0.85
#: Candidate gutters checked on a page (the widest clear bands).
MAX_CANDIDATES = 6


def _check_columns(
    rows: list[list[dict]], x: float, em: float, no, *, shape: bool = True, framed: float | None = None
) -> int | None:
    """The rows crossing ``x`` when a gutter at ``x`` leaves two columns beside it, else None.

    ``framed``: the narrowest gutter, to accept only columns framed by page-wide rows above and a
    footnote block below, a row whose words stand closer across ``x`` crossing it (``row_crosses``).
    """
    wide = [row_crosses(row, x, framed) if framed else any(crosses(w, x) for w in row) for row in rows]
    crossing = sum(wide)
    # (x0, x1, characters) per row and side, of the rows in runs of MIN_REGION_ROWS or more that
    # do not cross: a column stands beside the other over a stretch of the page (scattered rows
    # of a one-column page that happen to leave the middle clear do not)
    runs = []
    k = 0
    while k < len(rows):
        end = k
        while end < len(rows) and not wide[end]:
            end += 1
        if end - k >= MIN_REGION_ROWS:
            runs.append((k, end))
        k = max(end, k + 1)
    # the first row of the longest run of columns
    first, longest = max(((k, end - k) for k, end in runs), key=lambda r: r[1], default=(None, 0))
    if framed:
        # page 1 of an article can hold only a few rows of columns between the front matter and
        # the footnote block (收稿日期, 基金项目, 作者简介): columns under page-wide rows and over
        # a block in smaller type need no more rows than a region, and the front matter does not
        # count against them (the other checks still hold)
        if first is None or first == 0 or not _footnote_block(rows[first : first + longest], rows[first + longest :]):
            return no(f"at {x:.0f}: no columns between page-wide rows and a footnote block")
    sides: tuple[list[tuple[float, float, float, int]], list[tuple[float, float, float, int]]] = (
        [],
        [],
    )  # x0, x1, ink, n
    for k, end in runs:
        for row in rows[k:end]:
            for i, part in enumerate(([w for w in row if core(w)[1] <= x], [w for w in row if core(w)[0] >= x])):
                if part:
                    n = sum(len(w["text"]) for w in part)
                    ink = sum(w["x1"] - w["x0"] for w in part)
                    sides[i].append((min(w["x0"] for w in part), max(w["x1"] for w in part), ink, n))
    if framed:
        if crossing - sum(wide[:first]) > MAX_CROSSING * (len(rows) - first) or min(map(len, sides)) < MIN_REGION_ROWS:
            return no(f"at {x:.0f}: under the front matter, sides {len(sides[0])}/{len(sides[1])} rows")
    elif crossing > MAX_CROSSING * len(rows) or min(len(sides[0]), len(sides[1])) < (
        MIN_SIDE_ROWS if shape else MIN_REGION_ROWS
    ):
        return no(f"at {x:.0f}: {crossing} of {len(rows)} rows cross, sides {len(sides[0])}/{len(sides[1])} rows")
    chars = [sum(n for *_, n in spans) for spans in sides]
    if min(chars) < MIN_SIDE * sum(chars):
        return no(f"at {x:.0f}: characters per side {chars}")
    # from the longest run of columns down: below the front matter of page 1
    page_chars = sum(len(w["text"]) for row in rows[first:] for w in row)
    if sum(chars) < MIN_COLUMN_SHARE * page_chars:
        return no(f"at {x:.0f}: {sum(chars)} of the page's {page_chars} characters in the columns")
    edges = [(min(s[0] for s in spans), max(s[1] for s in spans)) for spans in sides]
    measures = [b - a for a, b in edges]
    if min(measures) < MEASURE_RATIO * max(measures):
        return no(f"at {x:.0f}: columns of {measures[0]:.0f} and {measures[1]:.0f} pt")
    # journal columns are of one width: the gutter stands in the middle of the text block (a
    # borderless table of a narrow and a wide column does not)
    if abs((edges[0][0] + edges[1][1]) / 2 - x) > GUTTER_OFF_CENTRE * (edges[1][1] - edges[0][0]):
        return no(f"at {x:.0f}: off the centre of the text block {edges[0][0]:.0f}-{edges[1][1]:.0f}")
    for spans, total in zip(sides, chars):
        # a column's lines fill its measure with ink (justified text); a table's cells, with
        # gaps between them, do not. Weighted by characters: a figure's labels and an
        # equation's pieces are many short rows. At a gutter of the pages before, a column of
        # figures and equations passes with less.
        measure = max(s[1] for s in spans) - min(s[0] for s in spans)
        if not shape:
            continue
        full = sum(n for _, _, ink, n in spans if ink >= FULL_LINE * measure)
        if full < 0.5 * total:
            return no(f"at {x:.0f}: {full} of {total} characters in rows filling the {measure:.0f} pt measure")
        starts: Counter[int] = Counter()
        for x0, _, _, n in spans:
            starts[round(x0 / 3)] += n
        top = max(starts, key=lambda k: (starts[k], -k))
        # the column's edge, with the indented first lines of its paragraphs (up to 2 em + 1 pt)
        near = sum(c for k, c in starts.items() if 0 <= (k - top) * 3 <= 2 * em + 4)
        if near < EDGE_SHARE * total:
            return no(f"at {x:.0f}: {near} of {total} characters in rows starting at the column edge")
    return crossing


#: The type of a footnote block is at most this share of the columns' (小五 under 五号: 0.83).
FOOTNOTE_SIZE = 0.9


def _footnote_block(columns: list[list[dict]], below: list[list[dict]]) -> bool:
    """``below`` is a block of rows in smaller type than ``columns`` (收稿日期, 基金项目, 作者简介
    at the foot of page 1), one of them at least."""
    if not below:
        return False
    size = statistics.median(w["size"] for row in columns for w in row for _ in w["text"])
    return all(statistics.median(w["size"] for w in row for _ in w["text"]) <= FOOTNOTE_SIZE * size for row in below)


#: A run of fewer rows than this between full-width rows is full width too.
MIN_REGION_ROWS = 3


def read_page(page, number: int, prior: tuple[float, ...] = (), seen: frozenset = frozenset()) -> PageLayout:
    """Lines of one pdfplumber page in reading order (tables marked, zones not yet decided).

    ``prior``: the gutters of the page before; ``seen``: its ``drawings``."""
    index = {id(c): i for i, c in enumerate(page.chars)}  # the order the page drew its characters
    words = _split_latin(page.extract_words(extra_attrs=["size"], keep_blank_chars=False, return_chars=True), index)
    layout = PageLayout(number, float(page.width), float(page.height))
    layout.n_chars = sum(len(w["text"]) for w in words)
    if not words:
        return layout
    grids: list[list[list[tuple | None]]] = []  # per table, its rows of cell boxes (None: spanned)
    if page.rects or page.lines:
        # a boxed code listing is a one-cell "table": keep only real grids
        for t in page.find_tables():
            rows = [list(r.cells) for r in t.rows]
            if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                grids.append(rows)
    tables = [_bbox([c for r in g for c in r if c is not None]) for g in grids]
    for w in words:
        w["cell"] = _cell_of(w, tables, grids) if tables else None
        w["float"] = "table" if w["cell"] is not None else None

    def in_table(w: dict) -> bool:
        return w["float"] == "table"

    band = layout.height * 0.1
    rules = [
        float(e["top"])
        for e in (*page.lines, *page.rects)
        if e["top"] < band and e["bottom"] - e["top"] < 2 and e["x1"] - e["x0"] > layout.width * 0.5
    ]
    layout.head_rule = max(rules) if rules else None
    rows = _rows(words)
    gutter = find_gutter(_rows([w for w in words if not in_table(w)]) if tables else rows, layout.width, prior=prior)
    layout.gutter = gutter
    layout.two_column = gutter is not None
    if gutter is not None or prior:
        # a journal page (or one after a journal page: an appendix page of figures and tables
        # reads as one column): three-line tables (rules only) and figures drawn with vector graphics
        prose = prose_runs(rows)
        ruled, figures = float_boxes(page, layout, prose, seen, caption_rows(rows, gutter))
        figures = [f for f in figures if not behind_text(f, prose)]
        for w in words:
            if w["float"] is None and (ruled or figures):
                cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
                if any(x0 <= cx <= x1 and t <= cy <= b for x0, t, x1, b in ruled):
                    w["float"] = "table"
                elif any(x0 <= cx <= x1 and t <= cy <= b for x0, t, x1, b in figures):
                    w["float"] = "figure"
        if figures:
            figure_labels(rows, figures, gutter)
        if ruled or figures:
            tables = tables or ruled
            rows = _rows(words)
            floats = any(w["float"] for w in words)
            if floats:
                gutter2 = find_gutter(
                    _rows([w for w in words if w["float"] is None]),
                    layout.width,
                    prior=(gutter,) if gutter is not None else prior,
                )
                gutter = gutter2 if gutter2 is not None else gutter
                layout.gutter = gutter
                layout.two_column = gutter is not None
    region = 0
    full = False
    pending: dict[int, list[PLine]] = {1: [], 2: []}

    def flush() -> None:
        for col in (1, 2):
            layout.lines.extend(pending[col])
            pending[col] = []

    # a row is full width when it crosses the gutter, and so is a run of one or two rows between
    # full-width rows (or the page's edge): a two-column region has columns, not a letter-spaced
    # running head (``电 力 自 | 动 化 设 备``) or an author line with a gap where the gutter is
    gap = gutter_width(words)
    wide = [gutter is not None and row_crosses(row, gutter, gap) for row in rows]
    k = 0
    while k < len(rows):
        if wide[k]:
            k += 1
            continue
        end = k
        while end < len(rows) and not wide[end]:
            end += 1
        # …and a run with text on one side only (an abstract's last line over 关键词, 中图分类号)
        one_side = all(all(core(w)[1] <= gutter for w in row) for row in rows[k:end]) if gutter else False
        if gutter is not None and (end - k < MIN_REGION_ROWS or one_side):
            wide[k:end] = [True] * (end - k)
        k = end
    if gutter is not None:
        # rows of the columns are grouped column by column: the columns' baselines differ, and a
        # raised citation mark in one column must not join a row of the other
        seq = [(row, True) for row, spans in zip(rows, wide) if spans]
        side = [w for row, spans in zip(rows, wide) if not spans for w in row]
        for part in ([w for w in side if core(w)[1] <= gutter], [w for w in side if core(w)[1] > gutter]):
            seq += [(row, False) for row in _rows(part)]
        seq.sort(key=lambda item: min(w["top"] for w in item[0]))
    else:
        seq = [(row, False) for row in rows]
    for row, spans in seq:
        # a row can hold table cells and running text side by side: split it
        groups = [[w for w in row if w["float"] == kind] for kind in ("table", "figure", None)]
        for kind, ws in zip(("table", "figure", None), groups):
            if not ws:
                continue
            is_table = kind == "table"
            zone = "figure" if kind == "figure" else None
            if gutter is None:
                layout.lines.append(
                    _line(ws, region=0, column=0, table=is_table, cells=_cells(ws, is_table), zone=zone)
                )
            elif spans:
                if not full:  # full-width rows in a row share one region
                    flush()
                    region += 1
                    full = True
                layout.lines.append(
                    _line(ws, region=region, column=0, table=is_table, cells=_cells(ws, is_table), zone=zone)
                )
            else:
                if full:
                    region += 1
                    full = False
                for col, part in (
                    (1, [w for w in ws if core(w)[1] <= gutter]),
                    (2, [w for w in ws if core(w)[0] >= gutter]),
                ):
                    if part:
                        pending[col].append(
                            _line(
                                part,
                                region=region,
                                column=col,
                                table=is_table,
                                cells=_cells(part, is_table),
                                zone=zone,
                            )
                        )
    flush()
    return layout


#: Graphics objects looked at on a page (a plot of many thousand curves is one figure anyway).
MAX_GRAPHICS = 4000
#: Graphics closer than this (points) belong to one figure.
FIGURE_GAP = 6.0


def float_boxes(
    page,
    layout: PageLayout,
    prose: list[tuple[float, float, float]] = (),
    seen: frozenset = frozenset(),
    captions: list[tuple[float, float, float]] = (),
) -> tuple[list[tuple], list[tuple]]:
    """Boxes of three-line tables and of figures on a journal page (x0, top, x1, bottom).

    - A three-line table (三线表) has rules only: two or more horizontal rules of one extent
      (±2 pt), at least 60 pt long (pieces drawn cell by cell joined), stacked within half the
      page height with no caption (``captions``, see ``caption_rows``) between them, under the
      running head's band: the table is what
      stands between its first and its last rule.
    - A figure is a cluster of vector graphics or images (members closer than ``FIGURE_GAP``)
      of three or more members (a frame around text is one rectangle or four lines) or holding
      an image (a screenshot, a raster plot), at least 30 × 20 pt; its labels are text inside it. A drawing that lines of prose run across
      (``prose``: the page's prose runs, see ``prose_runs``) is a watermark,
      a seal or a shading behind the text, never part of a figure; so is one drawn at the same
      place on the page before (``seen``; this page's go to ``layout.drawings``).
    Only on two-column pages: a manual's framed code listings are no figures.
    """
    objs = []
    for kind in ("rects", "lines", "curves", "images"):
        for o in getattr(page, kind):
            objs.append((float(o["x0"]), float(o["top"]), float(o["x1"]), float(o["bottom"]), kind))
            if len(objs) > MAX_GRAPHICS:
                break
    drawn = frozenset((kind, round(x0), round(t), round(x1), round(b)) for x0, t, x1, b, kind in objs)
    layout.drawings = drawn
    if seen:
        objs = [o for o in objs if (o[4], round(o[0]), round(o[1]), round(o[2]), round(o[3])) not in seen]
    band = layout.height * 0.1
    rules: dict[tuple[int, int], list[tuple]] = {}
    others = []
    for o in _join_rules(objs):
        x0, t, x1, b, kind = o
        if b - t < 2 and x1 - x0 >= 60 and kind in ("rects", "lines", "curves"):
            if t < band:
                continue  # the running head's rule
            key = next((k for k in rules if abs(k[0] - x0) <= 2 and abs(k[1] - x1) <= 2), (round(x0), round(x1)))
            rules.setdefault(key, []).append(o)
        elif b - t < 3 * MIN_GUTTER or not _behind_prose(o, prose):
            others.append(o)
    ruled = []
    for whole in rules.values():
        # two tables of one width in a column: the second one's caption between two rules parts them
        x0, x1 = min(o[0] for o in whole), max(o[2] for o in whole)
        whole.sort(key=lambda o: o[1])
        groups = [[whole[0]]]
        for o in whole[1:]:
            if any(x0 - 1 <= a and z <= x1 + 1 and groups[-1][-1][1] < cy < o[1] for a, z, cy in captions):
                groups.append([o])
            else:
                groups[-1].append(o)
        for group in groups:
            tops = sorted({round(o[1]) for o in group})
            if len(tops) >= 2 and tops[-1] - tops[0] <= layout.height * 0.5:
                ruled.append((min(o[0] for o in group), tops[0], max(o[2] for o in group), tops[-1] + 2))
            else:
                others.extend(group)
    clusters: list[list] = []  # [x0, top, x1, bottom, members, strokes, holds an image]
    for x0, t, x1, b, kind in sorted(others, key=lambda o: o[1]):
        hit = [
            c
            for c in clusters
            if x0 <= c[2] + FIGURE_GAP and c[0] <= x1 + FIGURE_GAP and t <= c[3] + FIGURE_GAP and c[1] <= b + FIGURE_GAP
        ]
        # what a drawing has and a table's frame or shading has not: a curve, an image, an upright stroke
        drawn = kind in ("curves", "images") or (x1 - x0 < 2 and b - t >= 10)
        box = [x0, t, x1, b, 1, int(drawn), kind == "images"]
        for c in hit:
            box = [
                min(box[0], c[0]),
                min(box[1], c[1]),
                max(box[2], c[2]),
                max(box[3], c[3]),
                box[4] + c[4],
                box[5] + c[5],
                box[6] or c[6],
            ]
            clusters.remove(c)
        clusters.append(box)
    clusters = [
        c
        for c in clusters
        if (c[4] >= 3 or c[6]) and c[2] - c[0] >= 30 and c[3] - c[1] >= 20 and c[3] - c[1] < layout.height * 0.8
    ]
    # a plot's frame has rules of one extent too (its top and bottom edges): a "table" whose box is
    # mostly a drawing (curves, the frame's sides) is that figure; boxes and shading without
    # strokes around a table are the table's
    plots = [r for r in ruled if any(_overlap(r, c) >= 0.5 * _area(r) and c[5] >= 2 for c in clusters)]
    ruled = [r for r in ruled if r not in plots]
    figures = [tuple(c[:4]) for c in clusters if not any(_overlap(r, c) >= 0.5 * _area(r) for r in ruled)]
    figures += plots
    return ruled, figures


def _join_rules(objs: list[tuple]) -> list[tuple]:
    """``objs`` with the pieces of a horizontal rule joined: a table's rule may be drawn cell by
    cell (通信学报 draws its first column's piece as a filled path, the rest as rectangles)."""
    thin = sorted((o for o in objs if o[3] - o[1] < 2 and o[4] != "images"), key=lambda o: (round(o[1]), o[0]))
    if len(thin) < 2:
        return objs
    out = [o for o in objs if not (o[3] - o[1] < 2 and o[4] != "images")]
    cur = list(thin[0])
    for o in thin[1:]:
        if abs(o[1] - cur[1]) <= 0.5 and o[0] <= cur[2] + 1:
            cur[2], cur[3] = max(cur[2], o[2]), max(cur[3], o[3])
            cur[4] = "lines"
        else:
            out.append(tuple(cur))
            cur = list(o)
    out.append(tuple(cur))
    return out


def _area(b: tuple) -> float:
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


def _overlap(a: tuple, b: tuple) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


#: Text beside a figure's drawing is its own (axis values, axis titles, a legend, labels drawn
#: around a diagram) when it stands within this many body font sizes of the drawing (or of
#: labels already taken) and is set smaller than the body (``LABEL_SMALL`` of its size)…
LABEL_REACH = 2.0
LABEL_SMALL = 0.9
#: …or within this many body sizes, in body size, when it is a short run (``LABEL_SHORT`` characters).
LABEL_REACH_BODY = 1.0
LABEL_SHORT = 12
#: Text set larger than this share of the body size is a heading or a title, no label.
LABEL_LARGE = 1.1
#: A 图N caption at most this many body sizes under the drawing: all that stands between them
#: (a legend, the sub-figures' (a) … (b) … labels) is the figure's, in runs of up to
#: ``LABEL_BAND_CHARS`` characters.
CAPTION_REACH = 8.0
LABEL_BAND_CHARS = 40
#: Reference marks raised over a line of text (``I*``, ``†``): the line's, never a label.
_MARKS_RE = re.compile(r"^[\s*†‡§¶′″]+$")


def _ends_clause(text: str) -> bool:
    """What a run of body text ends with (a sentence end or ；), never a label."""
    t = text.rstrip()
    return bool(t) and t[-1] in SPLIT_END


def figure_labels(rows: list[list[dict]], figures: list[tuple], gutter: float | None) -> None:
    """Mark the words a figure drew around its drawing as figure text (``w["float"] = "figure"``).

    ``float_boxes`` finds the drawing; the text inside it is taken there. The text around it is
    the figure's too: axis values left of the axis and under it, axis titles, a legend above,
    right of or under the plot, and everything between the drawing and its 图N caption below.
    Taken by rows: a row's words beside one figure (on its side of the gutter) make a run, and
    the run is a label when it is no caption, ends no sentence, and is set smaller than the
    body, or is short. Runs join the figure one ring at a time, so a stack of axis values leads
    to the axis title beside it. Left alone: captions, a body paragraph that follows a figure
    (full lines in body size), a paragraph's last line over it (it ends a sentence), headings.
    """
    words = [w for row in rows for w in row]
    if not words:
        return
    em = statistics.median(w["size"] for w in words if not w["float"]) if any(not w["float"] for w in words) else 10.0
    for box in figures:
        x0, top, x1, bottom = box
        # a figure in one column reaches no further than its side of the gutter
        lo, hi = (0.0, float("inf"))
        if gutter is not None and x1 <= gutter + em:
            hi = gutter
        elif gutter is not None and x0 >= gutter - em:
            lo = gutter
        cap_top = _caption_below(rows, box, lo, hi, em)
        # the rows of captions on this side (a caption's number or a symbol in it may sit in a
        # row of its own, a little higher: it goes with the caption, not the labels)
        caps = []
        for row in rows:
            side = sorted((w for w in row if lo <= (w["x0"] + w["x1"]) / 2 <= hi), key=lambda w: w["x0"])
            if side and _caption_like(" ".join(w["text"] for w in side)):
                caps.append((min(w["top"] for w in side), max(w["bottom"] for w in side)))
        for _ in range(8):  # rings of labels
            grown = False
            for row in rows:
                side = sorted((w for w in row if lo <= (w["x0"] + w["x1"]) / 2 <= hi), key=lambda w: w["x0"])
                # near the drawing, or set small beside it (a legend right of a plot, in its rows)
                run = [
                    w
                    for w in side
                    if not w["float"]
                    and (
                        _near(w, (x0, top, x1, bottom), LABEL_REACH * em)
                        or (w["size"] <= LABEL_SMALL * em and w["top"] >= top - 1 and w["bottom"] <= bottom + 1)
                    )
                ]
                if not run:
                    continue
                text = " ".join(w["text"] for w in run)
                # judged by the whole row on this side: a raised mark near the drawing in a line
                # of body text is that line's
                free = [w for w in side if not w["float"]]
                n = sum(len(w["text"]) for w in free)
                # a caption (this figure's or a table's) and what follows it are no labels
                if caption(" ".join(w["text"] for w in side)) or _ends_clause(text):
                    continue
                if _MARKS_RE.match(text) or heading(text):  # 3 实验, 2.1 数据集, 附录 A
                    continue
                r_top, r_bottom = min(w["top"] for w in run), max(w["bottom"] for w in run)
                if cap_top is not None and r_top >= cap_top - 1:
                    continue
                if any(r_top < c_bottom and c_top < r_bottom for c_top, c_bottom in caps):
                    continue
                size = statistics.median(w["size"] for w in free for _ in w["text"])
                in_band = cap_top is not None and r_top >= bottom - 1 and r_bottom <= cap_top + 1
                small = size <= LABEL_SMALL * em
                if in_band:
                    ok = n <= LABEL_BAND_CHARS or small
                elif small:
                    ok = True
                else:
                    ok = (
                        n <= LABEL_SHORT
                        and size <= LABEL_LARGE * em
                        and all(_near(w, (x0, top, x1, bottom), LABEL_REACH_BODY * em) for w in run)
                    )
                if not ok:
                    continue
                for w in run:
                    w["float"] = "figure"
                x0, top = min(x0, *(w["x0"] for w in run)), min(top, r_top)
                x1, bottom = max(x1, *(w["x1"] for w in run)), max(bottom, r_bottom)
                grown = True
            if not grown:
                break


#: Rows of prose a drawing can stand behind and still be a figure: more, and it is a watermark,
#: a seal or an equation's strokes that happened to cluster (text runs over it in lines of prose).
MAX_PROSE_ROWS = 2
#: A run of prose: this many characters in body size over ``PROSE_WIDTH`` ems without a gap of an em.
PROSE_CHARS = 15
PROSE_WIDTH = 8
#: …of which this share are letters or Chinese characters (a table's formula is no prose).
PROSE_LETTERS = 0.7
_WORDY_RE = re.compile(r"[A-Za-z\u4e00-\u9fff，。、；：（）“”]")


def prose_runs(rows: list[list[dict]]) -> list[tuple[float, float, float]]:
    """(x0, x1, middle) of the runs of prose on a page: the words of a row between gaps of an em
    or more, in the body's size, ``PROSE_CHARS`` characters (mostly letters, ``PROSE_LETTERS``)
    over at least ``PROSE_WIDTH`` ems
    (a line of Chinese or English running text; a flowchart's boxes, a legend's entries and
    axis values stand farther apart). A caption is no prose: a frame may hold it with its figure."""
    words = [w for row in rows for w in row]
    if not words:
        return []
    em = statistics.median(w["size"] for w in words)
    out = []
    for row in rows:
        run: list[dict] = []
        before = ""  # the run before: a caption's number may stand a wide gap from its text
        for w in [*sorted(row, key=lambda w: w["x0"]), None]:
            if w is not None and (not run or w["x0"] - run[-1]["x1"] < em):
                run.append(w)
                continue
            n = sum(len(v["text"]) for v in run)
            text = " ".join(v["text"] for v in run)
            if (
                n >= PROSE_CHARS
                and len(_WORDY_RE.findall(text)) >= PROSE_LETTERS * n
                and not _caption_like(text)
                and not _caption_like(f"{before} {text}")
                and run[-1]["x1"] - run[0]["x0"] >= PROSE_WIDTH * em
                and statistics.median(v["size"] for v in run for _ in v["text"]) > LABEL_SMALL * em
            ):
                out.append((run[0]["x0"], run[-1]["x1"], statistics.median((v["top"] + v["bottom"]) / 2 for v in run)))
            run, before = ([w] if w is not None else []), text
    return out


def caption_rows(rows: list[list[dict]], gutter: float | None) -> list[tuple[float, float, float]]:
    """(x0, x1, middle) of the caption lines of a page (表1 …, Fig. 2 …), each side of the gutter."""
    out = []
    for row in rows:
        ws = sorted(row, key=lambda w: w["x0"])
        sides = (
            [ws]
            if gutter is None
            else [[w for w in ws if core(w)[1] <= gutter], [w for w in ws if core(w)[1] > gutter]]
        )
        if gutter is not None and any(crosses(w, gutter) for w in ws):
            sides = [ws]
        for side in sides:
            if side and _caption_like(" ".join(w["text"] for w in side)):
                out.append(
                    (side[0]["x0"], side[-1]["x1"], statistics.median((w["top"] + w["bottom"]) / 2 for w in side))
                )
    return out


def _behind_prose(o: tuple, prose: list[tuple[float, float, float]]) -> bool:
    """More than ``MAX_PROSE_ROWS`` rows of prose cross the graphics object ``o``."""
    x0, t, x1, b = o[:4]
    rows = {round(cy) for a, z, cy in prose if a < x1 and z > x0 and t <= cy <= b}
    return len(rows) > MAX_PROSE_ROWS


def behind_text(box: tuple, prose: list[tuple[float, float, float]]) -> bool:
    """Whether more than ``MAX_PROSE_ROWS`` rows of prose stand inside ``box`` (by their middle)."""
    x0, top, x1, bottom = box
    rows = {round(cy) for a, z, cy in prose if x0 <= (a + z) / 2 <= x1 and top <= cy <= bottom}
    return len(rows) > MAX_PROSE_ROWS


#: The start of a caption whose number may stand apart (raised, in another font): 图 无功…
_CAPTION_START_RE = re.compile(
    r"^[ \t\u3000]*(?P<kind>续?表|图|Table|Fig\.?|Figure)(?:[ \t\u3000]|[ \t\u3000]*[A-Z]?\d)"
)


def _caption_like(text: str, *, figure: bool = False) -> bool:
    """A caption starts ``text`` (``figure``: a figure's, not a table's), its number maybe apart."""
    m = _CAPTION_START_RE.match(text)
    return m is not None and not (figure and m["kind"] in ("表", "续表", "Table"))


def _near(w: dict, box: tuple, reach: float) -> bool:
    x0, top, x1, bottom = box
    return w["x1"] >= x0 - reach and w["x0"] <= x1 + reach and w["bottom"] >= top - reach and w["top"] <= bottom + reach


def _caption_below(rows: list[list[dict]], box: tuple, lo: float, hi: float, em: float) -> float | None:
    """Top of the 图N caption under a figure's drawing (within ``CAPTION_REACH``), or None."""
    x0, _, x1, bottom = box
    best = None
    for row in rows:
        run = sorted(
            (w for w in row if lo <= (w["x0"] + w["x1"]) / 2 <= hi and w["x1"] >= x0 and w["x0"] <= x1),
            key=lambda w: w["x0"],
        )
        if not run:
            continue
        t = min(w["top"] for w in run)
        if bottom - 1 <= t <= bottom + CAPTION_REACH * em and _caption_like(
            " ".join(w["text"] for w in run), figure=True
        ):
            best = t if best is None else min(best, t)
    return best


def _bbox(boxes: list[tuple]) -> tuple[float, float, float, float]:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _cell_of(w: dict, tables: list[tuple], grids: list[list[list[tuple | None]]]) -> tuple[int, int, int, int] | None:
    """(table, row, column, columns) of the grid cell holding the word's centre, None outside every
    table. A word in the table's box but in no cell (a gap between rules) goes to the row and the
    column its centre falls in: a table's text is never dropped for want of a cell."""
    cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
    for ti, (x0, t, x1, b) in enumerate(tables):
        if not (x0 <= cx <= x1 and t <= cy <= b):
            continue
        rows = grids[ti]
        for ri, row in enumerate(rows):
            for ci, c in enumerate(row):
                if c is not None and c[0] <= cx <= c[2] and c[1] <= cy <= c[3]:
                    return (ti, ri, ci, len(row))
        tops = [min(c[1] for c in row if c is not None) for row in rows]
        ri = max([k for k, top in enumerate(tops) if top <= cy] or [0])
        lefts = sorted({c[0] for row in rows for c in row if c is not None})
        ci = max([k for k, left in enumerate(lefts) if left <= cx] or [0])
        return (ti, ri, min(ci, len(rows[ri]) - 1), len(rows[ri]))
    return None


def _cells(words: list[dict], is_table: bool) -> tuple[tuple[tuple[int, int, int, int], str], ...]:
    """A table line's text per grid cell, left to right (see ``PLine.cells``); none for a table
    of rules only (its rows are cut at their wide gaps)."""
    if not is_table or any(w["cell"] is None for w in words):
        return ()
    out: list[tuple[tuple[int, int, int, int], list[dict]]] = []
    for w in sorted(words, key=lambda w: w["x0"]):
        if out and out[-1][0] == w["cell"]:
            out[-1][1].append(w)
        else:
            out.append((w["cell"], [w]))
    return tuple((key, _line(ws).text) for key, ws in out)


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
