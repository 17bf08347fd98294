"""Layout fixers: running heads and page numbers, first-page footnotes, page seams, soft wraps.

Pages are separated by form feeds (PDF extraction, OCR exports) or, in exports without them,
by blank lines. Every fixer here works on lines and blocks (``qikan.blocks``) and returns
``Edit``s like every other fixer.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cached_property, lru_cache

from qikan import conventions as C
from qikan.blocks import Line, blocks, lines
from qikan.repair import patterns as P
from qikan.repair.engine import Edit, fix, flag_span  # noqa: F401  (fix is used by the doctests)

_BLANK = C.BLANK  # the blanks that pad or indent a line

# --------------------------------------------------------------------------- running heads


def _pages(all_lines: list[Line]) -> list[list[Line]]:
    pages: list[list[Line]] = [[]]
    for ln in all_lines:
        pages[-1].append(ln)
        if ln.ends_page:
            pages.append([])
    return [p for p in pages]


def _shape(line: str) -> str:
    """A line's shape for repetition: digit runs become ``#``, spaces go (odd/even heads differ
    only by their page numbers)."""
    line = _ROMAN_PAGE_RE.sub("#", line)  # front-matter pages: i ii iii
    return _DIGITS_RE.sub("#", _BLANKS_RE.sub("", line))


#: Roman page numbers: 1–6 of ``ivxlc`` between non-letters. The lookbehind follows the first
#: numeral, so the scan looks for numerals alone (put first, it was tried at every position).
_ROMAN_PAGE_RE = re.compile(r"[ivxlc](?<![A-Za-z][ivxlc])[ivxlc]{0,5}(?![A-Za-z])")
_DIGITS_RE = re.compile(r"\d+")
_BLANKS_RE = re.compile(r"[ \t\u3000]+")


class _Answers(dict):
    """A pure test's answers by line text, found once within one call of a fixer: the head
    finders ask each edge line several questions several times, and a running head recurs."""

    def __init__(self, test) -> None:
        super().__init__()
        self.test = test

    def __missing__(self, line: str):
        answer = self[line] = self.test(line)
        return answer


def _edge_number(line: str) -> int | None:
    n = C.page_number(line)
    if n is not None:
        return n
    m = C.EDGE_NUMBER_RE.search(line)
    if m:
        return int(m["head"] or m["tail"])
    return None


def _bare_number(line: str) -> bool:
    return C.bare_page_number(line)


def _in_step(bare: list[tuple[int, int, bool]]) -> bool:
    """Whether bare page numbers (page index, number, roman?) rise with the pages, the roman
    ones of the front matter and the arabic ones of the body each on their own."""
    runs = [[(p, n) for p, n, r in bare if r == roman] for roman in (True, False)]
    return any(len(run) >= 2 for run in runs) and all(
        all(b[1] > a[1] and b[0] > a[0] for a, b in zip(run, run[1:])) for run in runs
    )


def _could_be_head(line: str) -> bool:
    s = line.strip(_BLANK)
    if C.PAGE_NUMBER_LINE_RE.match(s):
        return True
    if (
        len(s) < 3
        or not re.search(rf"[A-Za-z]{{2}}|{C.CJK}|\d", s)
        or "\\" in s
        or len(s) > 70
        or (len(s) > 35 and C.display_width(s) > (120 if C.EDGE_NUMBER_RE.search(s) else 70))
        or s.startswith(("#", "**"))
        or line.startswith("\u3000\u3000")
    ):
        return False  # too long, Markdown, or indented like a paragraph
    if any(ch in s for ch in C.SPLIT_END) or s[-1] in "，：":
        return False  # a head is a label, never a sentence
    return not P.EDITOR_CREDIT_RE.match(s) and not _opens_heading(s) and not C.label(s)


def _head_meta(heads: list[str], numbers: list[int]) -> dict[str, object]:
    """Journal, year, volume, issue and page range read from the removed running heads."""
    meta: dict[str, object] = {}
    # a running head recurs on every page: each distinct one is read once (the first reading of
    # a field wins, and reading the same head again finds the same fields)
    for s in map(C.to_halfwidth, dict.fromkeys(heads)):
        y = C.YEAR_RE.search(s)
        i = C.ISSUE_RE.search(s)
        v = C.VOLUME_RE.search(s)
        if not (y or i or v):
            continue
        if y:
            meta.setdefault("year", int(y.group(1)))
        if i:
            meta.setdefault("issue", int(next(g for g in i.groups() if g)))
        if v:
            meta.setdefault("volume", int(next(g for g in v.groups() if g)))
        rest = s
        for rx in (C.ISSUE_RE, C.VOLUME_RE):
            rest = rx.sub(" ", rest)
        rest = re.sub(
            r"(?:19|20)\d{2}\s*年?|[·•\-—–－]\s*\d+\s*[·•\-—–－]|\d+|[,，.。:：;；·•\-—–－()（）\[\]【】/|]", " ", rest
        )
        names = [t for t in rest.split() if C.CJK_RE.search(t) and 2 <= len(t) <= 20]
        if names:
            meta.setdefault("journal", max(names, key=len))
    if numbers:
        meta["pages"] = f"{min(numbers)}-{max(numbers)}" if min(numbers) != max(numbers) else str(numbers[0])
    return meta


#: The heads of the last texts asked about: extract finds a text's page starts from them, and the
#: repair of the same text (after the rest of its batch is extracted) removes them. Bounded by the
#: characters it keeps alive.
_HEADS_MEMO: dict[str, set[int]] = {}
_HEADS_MEMO_CHARS = 4_000_000


def _blank_line_heads(text: str, all_lines: list[Line], index: dict[int, int]) -> set[int]:
    """The running heads and page-number lines of a text whose pages are separated by blank
    lines (indices into ``all_lines``): see ``remove_running_heads``. Found once per text (page
    starts and the fixer both ask for them)."""
    heads = _HEADS_MEMO.get(text)
    if heads is None:
        heads = _find_blank_line_heads(text, all_lines, index)
        try:
            kept = sum(map(len, _HEADS_MEMO)) + len(text)
            while _HEADS_MEMO and (kept > _HEADS_MEMO_CHARS or len(_HEADS_MEMO) >= 64):
                kept -= len(next(iter(_HEADS_MEMO)))
                _HEADS_MEMO.pop(next(iter(_HEADS_MEMO)), None)
        except (RuntimeError, StopIteration):  # another thread changed it meanwhile: harmless
            pass
        if len(text) <= _HEADS_MEMO_CHARS:
            _HEADS_MEMO[text] = heads
    return set(heads)


def _neighbour(all_lines: list[Line], k: int, step: int) -> Line | None:
    """The first line that is not blank from line ``k`` on in direction ``step`` (across blank
    lines, not across pages), or None at an end of the text."""
    j = k + step
    while 0 <= j < len(all_lines) and all_lines[j].blank:
        j += step
    return all_lines[j] if 0 <= j < len(all_lines) else None


def _neighbour_text(all_lines: list[Line], k: int, step: int) -> str:
    line = _neighbour(all_lines, k, step)
    return line.text if line is not None else ""


def _find_blank_line_heads(text: str, all_lines: list[Line], index: dict[int, int]) -> set[int]:
    heads: set[int] = set()
    found = blocks(text)
    could_be_head, shape_of = _Answers(_could_be_head), _Answers(_shape)
    edge_lines = [ln for b in found for ln in {id(b[0]): b[0], id(b[-1]): b[-1]}.values()]
    shapes_c = Counter(shape_of[ln.text] for ln in edge_lines if could_be_head[ln.text])
    # seen only twice, a head recurs at the same edge (first or last line of its block, a line
    # alone is both): a body line that closes one page and opens the next is no head
    edge_c: Counter[tuple[str, int]] = Counter()
    edge_of: dict[int, tuple[int, ...]] = {}
    for b in found:
        for edge, ln in ((0, b[0]), (-1, b[-1])):
            edge_of.setdefault(ln.start, ())
            edge_of[ln.start] += (edge,)
            if could_be_head[ln.text]:
                edge_c[(shape_of[ln.text], edge)] += 1
    numbered = [ln for ln in edge_lines if C.PAGE_NUMBER_LINE_RE.match(ln.text)]
    bare = {ln.start for ln in numbered if _bare_number(ln.text)}  # a set: no scan per line
    for ln in numbered:
        if ln.start not in bare or len(bare) >= 2:
            heads.add(index[ln.start])
    # a line next to a page number (across the blank lines) needs to recur only twice
    near_number = set()
    for k in [index[ln.start] for ln in numbered]:
        for step in (-1, 1):
            if (line := _neighbour(all_lines, k, step)) is not None:
                near_number.add(shape_of[line.text])
    # a footer block whose first and last lines are heads: its middle lines recurring in two
    # such blocks are heads too (2024年第2期 / 中国科技论坛 / Zhongguo Keji Luntan 6)
    # (a block of labels only: a page's head, its body and its number are no footer block, and a
    # middle line counts where it recurs at the same place in the band)
    framed = [b for b in found if 2 < len(b) <= 5 and all(could_be_head[ln.text] for ln in b)]
    middle_c = Counter((shape_of[ln.text], k) for b in framed for k, ln in enumerate(b[1:-1]))
    # a line seen twice with the same lines before and after it belongs to a passage printed more
    # than once (a page scanned twice, a quotation repeated), not to the page frame, whose body
    # changes from page to page
    around: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for ln in edge_lines:
        if could_be_head[ln.text]:
            k = index[ln.start]
            around[shape_of[ln.text]].append((_neighbour_text(all_lines, k, -1), _neighbour_text(all_lines, k, 1)))
    copied = {shape for shape, seen in around.items() if len(set(seen)) < len(seen)}
    for ln in edge_lines:
        if not could_be_head[ln.text] or _opens_heading(ln.text) or shape_of[ln.text] in copied:
            continue
        shape = shape_of[ln.text]
        same_edge = max(edge_c[(shape, edge)] for edge in edge_of[ln.start])
        if shapes_c[shape] >= 3 or (same_edge >= 2 and shape in near_number):
            heads.add(index[ln.start])
        elif C.ISSUE_LINE_RE.search(ln.text) and not _is_prose(ln.text):
            heads.add(index[ln.start])
    # a head printed once in a short article: next to a page number, it repeats the first page's
    # journal name or title (an even page's 袁晓明等：<title>)
    front = {ln.text.strip(_BLANK) for ln in all_lines[:12] if len(ln.text.strip(_BLANK)) >= 4}
    for ln in edge_lines:
        if (
            index[ln.start] < 12
            or index[ln.start] in heads
            or not could_be_head[ln.text]
            or shape_of[ln.text] not in near_number
        ):
            continue
        s = ln.text.strip(_BLANK)
        if s in front or P.AUTHOR_TITLE_HEAD_RE.sub("", s) in front:
            heads.add(index[ln.start])
    for b in framed:
        if index[b[0].start] in heads and index[b[-1].start] in heads:
            for k, ln in enumerate(b[1:-1]):
                if middle_c[(shape_of[ln.text], k)] >= 2:
                    heads.add(index[ln.start])
    return heads


def blank_line_page_starts(text: str) -> list[int]:
    """Where the pages of a text without form feeds start, from its page numbers and running
    heads: a page starts at the block a head or page number opens, or after the block it closes.
    A head alone between blank lines opens a page, a page number alone closes one; alone in the
    first or last block it is the first page's masthead or the last page's number. ``[0]`` when
    none is found (one page).

    >>> t = "甲。\\n1\\n\\n中国科技论坛\\n乙。\\n2\\n\\n中国科技论坛\\n丙。\\n3"
    >>> [t[s] for s in blank_line_page_starts(t)]
    ['甲', '中', '中']
    """
    all_lines = lines(text)
    index = {ln.start: k for k, ln in enumerate(all_lines)}
    heads = _blank_line_heads(text, all_lines, index)
    found = blocks(text)
    starts = {0}
    # the first page's masthead: the head lines before its first sentence (第42卷 第3期 … Vol. 42 No. 3)
    masthead_end = next((k for k, b in enumerate(found) if any(ch in b[-1].text for ch in C.SENTENCE_END)), 0)
    k = 0
    while k < len(found):
        b = found[k]
        opens, closes = index[b[0].start] in heads, index[b[-1].start] in heads
        if len(b) == 1 and opens:
            # heads alone between blank lines, one after another: one page edge (a footer or a head
            # printed as several blocks, 2024年第10期 / 中国科技论坛 / Zhongguo Keji Luntan 10, as a
            # Markdown export sets them). A page number among them foots the page before: the next
            # page starts after it; without one they head the next page.
            m = k
            while m + 1 < len(found) and len(found[m + 1]) == 1 and index[found[m + 1][0].start] in heads:
                m += 1
            numbered = [
                j
                for j in range(k, m + 1)
                if C.PAGE_NUMBER_LINE_RE.match(found[j][0].text)
                or ((e := C.EDGE_NUMBER_RE.search(found[j][0].text)) is not None and e["tail"])
            ]
            if k == 0 or m < masthead_end:
                pass  # the first page's masthead
            elif numbered:
                if numbered[-1] + 1 < len(found):
                    starts.add(found[numbered[-1] + 1][0].start)
            elif m + 1 < len(found):
                starts.add(b[0].start)  # (not the last page's footer)
            k = m + 1
            continue
        if opens and closes and len(b) > 1 and all(index[ln.start] in heads for ln in b):
            # a footer block of heads only: it closes its page when it prints the page number
            last = b[-1].text
            e = C.EDGE_NUMBER_RE.search(last)
            if C.PAGE_NUMBER_LINE_RE.match(last) or (e is not None and e["tail"]):
                opens = False
        if opens:
            starts.add(b[0].start)
        if closes and k + 1 < len(found):
            starts.add(found[k + 1][0].start)
        k += 1
    return sorted(starts)


def remove_running_heads(text: str, *, min_repeats: int | None = None) -> list[Edit]:
    """Remove running headers/footers and page numbers; what they tell goes to metadata.

    With form feeds, a line among the first or last three of a page is a running head when
    its shape (digits as ``#``) recurs at the same edge (top or bottom) of ``min_repeats`` or
    more pages (by default two, one more per 20 pages; odd and even heads are two shapes; a
    different first page is simply not repeated) — on fewer than three pages also at the same
    place of that edge, under the same lines (page numbers not counted) — or when it names the issue (``2024年第3期``), or when the
    number at its start or end runs in step with the page index on three or more pages
    (``20 第三章 文档元素`` / ``§3.2 标题页 21``). A page-number line (``· 23 ·``, ``— 23 —``,
    ``- 23 -``, ``第23页``, ``23/223``, a bare ``23``) at a page edge goes too. Without form
    feeds, pages are blank-line separated: the head must recur three times as a block edge
    (twice, next to a page number, at the same edge: first or last line of its block), and a page-number line must be a block's first or last line (bare numbers at least twice).
    Leaves alone: headings, sentences (a head never ends in 。，；), Markdown lines, and any
    line that recurs only inside pages. Year, issue, volume and journal name found in the heads
    and the range of page numbers go to metadata (``year``, ``issue``, ``volume``, ``journal``,
    ``pages``).

    >>> t = "正文第一页。\\n· 1 ·\\f中国科技论坛 2024年第3期\\n正文第二页。\\n· 2 ·\\f中国科技论坛 2024年第3期\\n正文。"
    >>> fix(t, remove_running_heads)
    '正文第一页。\\n\\x0c正文第二页。\\n\\x0c正文。'
    """
    all_lines = lines(text)
    paged = "\f" in text
    heads: set[int] = set()  # indices into all_lines
    page_numbers: list[int] = []  # printed page numbers, for the ``pages`` metadata
    index = {ln.start: k for k, ln in enumerate(all_lines)}
    if paged:
        could_be_head, shape_of = _Answers(_could_be_head), _Answers(_shape)
        pages = _pages(all_lines)
        # two in a short article (odd and even heads); in a book a code line may recur twice
        repeats = min_repeats or max(2, len(pages) // 20)
        edges: list[tuple[int, Line]] = []  # (page number, line)
        # where a line stands in its page's head or foot band: (edge, place from that edge, page
        # numbers not counted), top 0, bottom -1
        spots: dict[int, list[tuple[int, int]]] = defaultdict(list)
        bands: dict[tuple[int, int], list[str]] = {}  # (page, edge): the band's shapes from the edge
        for pno, page in enumerate(pages):
            body = [ln for ln in page if not ln.blank]
            seen = set()
            for ln in body[:3] + body[-3:]:
                if id(ln) not in seen:
                    seen.add(id(ln))
                    edges.append((pno, ln))
            for edge, band in ((0, body[:3]), (-1, body[::-1][:3])):
                unnumbered = [ln for ln in band if not C.PAGE_NUMBER_LINE_RE.match(ln.text)]
                bands[(pno, edge)] = [shape_of[ln.text] for ln in unnumbered]
                for k, ln in enumerate(unnumbered):
                    spots[ln.start].append((edge, k))
        # the pages a shape stands on at one edge, and whether it stands at the same place there
        banded: dict[tuple[str, int], dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
        for pno, ln in edges:
            if could_be_head[ln.text]:
                for edge, k in spots[ln.start]:
                    banded[(shape_of[ln.text], edge)][pno].add(k)

        def recurs(ln: Line) -> bool:
            """A head recurs at the same edge of ``repeats`` pages. On fewer than three it stands
            at the same place of that edge on each, under the same lines (the edge-most line, or
            the second of a head band printed alike): a body line closing one page and opening
            the next, or wandering in the band, is no head."""
            for edge, k in spots[ln.start]:
                on = banded[(shape_of[ln.text], edge)]
                if len(on) >= max(repeats, 3):
                    return True
                if len(on) >= repeats and all(k in places for places in on.values()):
                    if len({tuple(bands[(pno, edge)][:k]) for pno in on}) == 1:
                        return True
            return False

        offsets: Counter[int] = Counter()
        numbered = []
        for pno, ln in edges:
            n = _edge_number(ln.text)
            if n is not None and could_be_head[ln.text]:
                offsets[n - pno] += 1
                numbered.append((pno, ln, n))
        # page numbers in step with the pages: three heads agree, two in a short article
        steady = {off for off, c in offsets.items() if c >= (2 if len(pages) <= 6 else 3)}
        bare = [
            (pno, n, not C.PAGE_NUMBER_LINE_RE.match(ln.text)["d"]) for pno, ln, n in numbered if _bare_number(ln.text)
        ]
        bare_in_step = _in_step(bare)
        for pno, ln in edges:
            if not could_be_head[ln.text]:
                continue
            if _bare_number(ln.text):  # a lone number is a page number only if the numbers run with the pages
                if bare_in_step or _edge_number(ln.text) - pno in steady:
                    heads.add(index[ln.start])
                    page_numbers.append(_edge_number(ln.text))
            elif recurs(ln) or C.PAGE_NUMBER_LINE_RE.match(ln.text):
                heads.add(index[ln.start])
        for pno, ln, n in numbered:
            if n - pno in steady:
                heads.add(index[ln.start])
                page_numbers.append(n)
        for _pno, ln in edges:
            if could_be_head[ln.text] and C.ISSUE_LINE_RE.search(ln.text) and not _is_prose(ln.text):
                heads.add(index[ln.start])
    else:
        heads = _blank_line_heads(text, all_lines, index)
    if not heads:
        return []
    head_texts = []
    for k in sorted(heads):
        s = all_lines[k].text.strip(_BLANK)
        if C.PAGE_NUMBER_LINE_RE.match(s):
            if not _bare_number(s) or not paged:
                page_numbers.append(_edge_number(s))
        else:
            head_texts.append(s)
    meta = _head_meta(head_texts, page_numbers)
    edits = []
    for k in sorted(heads):
        ln = all_lines[k]
        end = ln.end + 1 if ln.end < len(text) and text[ln.end] == "\n" else ln.end
        rule = "page_number" if C.PAGE_NUMBER_LINE_RE.match(ln.text) else "running_head"
        edits.append(
            Edit(
                ln.start,
                end,
                "",
                "header",
                rule,
                meta=meta if not edits else None,
                note="; ".join(f"{k}={v}" for k, v in meta.items()) if not edits and meta else None,
            )
        )
    return edits


# --------------------------------------------------------------------------- footnotes


def move_first_page_footnotes(text: str) -> list[Edit]:
    """Move the labelled notes of an article's first page (收稿日期, 基金项目, 作者简介 …) to the
    end of the text, so the sentence they interrupt can be joined across them.

    The notes are kept (segmentation reads them from the last block) rather than turned into
    metadata here. The block runs from the first labelled line — or from the rule ``——————``
    printed above it, which goes with it (rule ``footnote_rule``) — to the end of its page (form
    feeds) or of its block (blank lines). Notes already at the end are left alone.

    >>> fix("理论与实践都证明一个有效率的产权\\n收稿日期：2024-01-02\\n\\f制度有助于创新。", move_first_page_footnotes)
    '理论与实践都证明一个有效率的产权\\n\\x0c制度有助于创新。\\n\\n收稿日期：2024-01-02'
    """
    if not _NOTE_LABEL_HINT_RE.search(text):
        return []  # no line can open a note (the usual case): its lines are not read
    all_lines = lines(text)
    for k, ln in enumerate(all_lines):
        ruled = bool(C.FOOTNOTE_RULE_RE.match(ln.text)) and not ln.ends_page
        if ruled:
            nxt = _next_filled(all_lines, k)
            ruled = nxt is not None and C.note_label(all_lines[nxt].text)
        if not (ruled or C.note_label(ln.text)):
            continue
        j = k
        while j + 1 < len(all_lines) and not all_lines[j].ends_page:
            if all_lines[j + 1].blank:  # a blank line: the notes go on if a labelled one follows it
                nxt = _next_filled(all_lines, j)
                if nxt is None or not C.note_label(all_lines[nxt].text):
                    break
                j = nxt
                continue
            j += 1
        start, end = ln.start, all_lines[j].end
        if _only_notes_after(all_lines, k):
            return []  # already at the end
        block = text[start:end]
        cut_end = end + 1 if end < len(text) and text[end] == "\n" else end
        tail = text.rstrip("\n \t")
        rule = "footnote_rule" if ruled else "footnote_block"
        what = "first-page notes under their rule" if ruled else "first-page notes"
        return [
            Edit(start, cut_end, "", "layout", rule, note=f"{what} moved to the end"),
            Edit(len(tail), len(text), "\n\n" + block, "layout", rule, note=f"{what} placed here"),
        ]
    return []


#: Any of the first-page note labels: a line ``C.note_label`` accepts holds one (and so does the
#: labelled line under a rule), so a text without any has no notes to move.
_NOTE_LABEL_HINT_RE = re.compile("|".join(C.LABELS[k] for k in sorted(C.NOTE_LABELS)))


def _next_filled(all_lines: list[Line], k: int) -> int | None:
    """The next line after ``k`` that is not blank, on the same page, or None."""
    j = k
    while j + 1 < len(all_lines) and not all_lines[j].ends_page:
        j += 1
        if not all_lines[j].blank:
            return j
    return None


def _only_notes_after(all_lines: list[Line], k: int) -> bool:
    """Whether everything from line ``k`` on is labelled notes (and their wrapped lines)."""
    block_start = True
    for x in all_lines[k:]:
        if x.blank:
            block_start = True
            continue
        if block_start and not C.note_label(x.text) and not C.FOOTNOTE_RULE_RE.match(x.text):
            return False
        block_start = False
    return True


# --------------------------------------------------------------------------- seams and wraps


@lru_cache(maxsize=1)
def _word_tokenizer():
    from qikan.tokenize import get_tokenizer

    return get_tokenizer()


def spans_word(left: str, right: str) -> bool:
    """Whether the words around a seam run across it (整|合 → 整合): a join is then near certain."""
    window_l, window_r = left[-4:], right[:4]
    if not (window_l and window_r and C.is_cjk(window_l[-1]) and C.is_cjk(window_r[0])):
        return False
    offset = 0
    for tok in _word_tokenizer().words(window_l + window_r):
        end = offset + len(tok)
        if offset < len(window_l) < end:
            return True
        offset = end
    return False


#: What makes a line prose (``_is_prose``): Chinese prose marks, an ASCII sentence mark in Latin text.
_PROSE_PUNCT_RE = re.compile("[" + re.escape(C.PROSE_PUNCT) + "]")
_LATIN_PROSE_RE = re.compile(r"[A-Za-z]{2,}[,.;:] [A-Za-z]{2,}")


def _is_prose(s: str) -> bool:
    """Body text rather than a title, author line, label or code: long enough and punctuated."""
    # only the length is of the stripped text: the searches find the same in the whole (a
    # paragraph run on over a page is tested at each seam; it is not copied to be stripped)
    i, j = 0, len(s)
    while i < j and s[i].isspace():
        i += 1
    while j > i and s[j - 1].isspace():
        j -= 1
    if j - i < 20:
        return False
    if _PROSE_PUNCT_RE.search(s) or _cjk_comma(s):
        return True
    return _LATIN_PROSE_RE.search(s) is not None and len(s.split()) >= 5


def _cjk_comma(s: str) -> bool:
    """An ASCII comma next to a Chinese character (looked for at the commas only)."""
    i = s.find(",")
    while i >= 0:
        if (i and C.is_cjk(s[i - 1])) or C.is_cjk(s[i + 1 : i + 2]):
            return True
        i = s.find(",", i + 1)
    return False


def _author_line(line: str) -> bool:
    s = line.strip()
    return len(s) <= 60 and bool(P.AUTHOR_LINE_RE.match(s)) and not any(ch in s for ch in C.PROSE_PUNCT)


def _forum_title(s: str) -> bool:
    """A line that can be a forum article's title: short, no sentence marks, not a name line."""
    s = s.strip(_BLANK)
    return 4 <= len(s) <= C.MAX_HEADING and not any(ch in s for ch in C.PROSE_PUNCT + "：:") and not _author_line(s)


def _starts_new_unit(line: str, *, alone: bool = True) -> bool:
    """A heading, list item, indented first line or author line: a paragraph starts here.

    An author line (``杨瑞龙 中国人民大学…``) counts only when it stands ``alone``: a wrapped body
    line can look like one until its next line is read."""
    return bool(C.opens_unit(line) or (_author_line(line) and (alone or C.forum_author_line(line))))


def _finishes_xref(prev: str, line: str) -> bool:
    """``line`` starts with the number of a cross-reference that ``prev`` began (``见``⏎``5.3.5 小节``):
    the line before ends mid-sentence, so the number is no heading.

    >>> _finishes_xref("相关命令的用法（详见", "5.5 节）。后面还有"), _finishes_xref("前文。", "5.5 节的内容")
    (True, False)
    """
    left = prev.rstrip(_BLANK)
    return bool(left) and left[-1] not in C.TERMINAL + C.CLOSERS + "：:" and bool(P.XREF_TAIL_RE.match(line))


def _opens_heading(line: str) -> bool:
    """A heading's or numbered item's numbering opens ``line``, or the line is a whole heading."""
    return bool(C.numbering(line) or C.heading(line))


def _is_heading(line: str) -> bool:
    s = line.strip(_BLANK)
    return len(s) <= 40 and s[-1:] not in "，。；" and _opens_heading(s)  # (the cheap tests first)


def _indent_style(text: str) -> bool:
    """Whether paragraphs in this text are marked by an indent (then an unindented line after a
    break continues the paragraph before it)."""
    indented = unindented = 0
    for b in blocks(text):
        for k, ln in enumerate(b):
            if C.INDENT_RE.match(ln.text) and C.CJK_RE.match(ln.text.lstrip(_BLANK)[:1]):
                indented += 1
            elif k == 0 and _is_prose(ln.text) and not _opens_heading(ln.text):
                unindented += 1
    return indented >= 2 and indented >= unindented


def join_text(left: str, right: str, *, gap: str = "", text: str = "", spaced: bool = False) -> tuple[str, int] | None:
    """What replaces a line break between ``left`` and ``right`` when they are joined, and how
    many trailing characters of ``left`` the join takes with it (a hyphen). None: not joinable.

    The one rule for every join is ``qikan.conventions.join_glue`` (the PDF path's too): Chinese
    joins take no space, but a space the author put between Chinese and Latin text at the break
    (``gap``) stays; Latin words take one; a Latin word hyphenated at the line end is re-joined
    without its hyphen only when the next line starts a plain lower-case word (``protec-|tion``);
    ``555-|1234``, ``A-|B``, ``e-|mail`` and ``xdg-|desktop-portal`` keep the hyphen.

    >>> join_text("the protec-", "tion of data"), join_text("(Amer-", "ican Society)")
    (('', 1), ('', 1))
    >>> join_text("call 555-", "1234"), join_text("results of the", "survey"), join_text("创新", "驱动")
    (('', 0), (' ', 0), ('', 0))
    >>> join_text("用 xdg-", "desktop-portal 启动"), join_text("表示", "Medium 级别", gap=" ")
    (('', 0), (' ', 0))
    """
    j = C.join_glue(left, right, gap=gap, text=text, spaced=spaced)
    return None if j is None else (j.glue, j.eat)


def join_page_seams(text: str) -> list[Edit]:
    """Join a word or sentence split across a page break (a form feed or blank lines).

    The text before the break must be prose that stops without terminal punctuation
    (。！？…… or a closing ” 」 』 ）), and the line after it must not open a heading, a list
    item, an indented paragraph or an author line. Chinese joins take no space; a Latin word
    hyphenated at the break is re-joined only when the next part starts in lower case. In a text
    whose paragraphs are marked by indents, an unindented prose line after a sentence end also
    continues the paragraph (confidence 0.6, flagged for review). The confidence is 0.95 when
    the characters across the seam form one jieba word (整|合), 0.8 when only the punctuation
    says the sentence goes on.

    >>> fix("确保经济政策与科技创新政策保持一致，避免产生整\\n\\n合收缩效应", join_page_seams)
    '确保经济政策与科技创新政策保持一致，避免产生整合收缩效应'
    >>> fix("研究表明这是正确的。\\n\\n## 二、结论", join_page_seams)
    '研究表明这是正确的。\\n\\n## 二、结论'
    """
    edits: list[Edit] = []
    found = blocks(text)
    style: list[bool] = []  # whether paragraphs are marked by indents, found when first needed
    carry: tuple[bool, str] | None = None  # a paragraph running on into the next block
    looks = _Looks(text)
    for a, b in zip(found, found[1:]):
        starts = [
            k
            for k, ln in enumerate(a)
            if C.INDENT_RE.match(ln.text) or (k and _starts_new_unit(ln.text, alone=k + 1 == len(a)))
        ]
        if starts:
            k = starts[-1]
            para_indented, para = bool(C.INDENT_RE.match(a[k].text)), _Paragraph(a[k:])
        elif carry is not None:
            para_indented, para = carry[0], carry[1].extend(a)
        else:
            para_indented, para = False, _Paragraph(a)
        seam = _seam(text, a, b, para, para_indented, style, looks)
        edits += seam
        carry = (para_indented, para) if any(e.action == "fixed" for e in seam) else None
    return edits


class _Paragraph:
    """The paragraph a seam closes, as its lines, joined only when read: a paragraph running on
    over many blocks (blank-line separated abstracts, a long document's pages) was copied whole
    at every seam, quadratic in its length. Once prose, it stays prose as it grows (what made it
    prose is still in it), so that is not read again either."""

    __slots__ = ("pieces", "_text", "_prose")

    def __init__(self, lines: list[Line]) -> None:
        self.pieces = [ln.text for ln in lines]
        self._text: str | None = None
        self._prose: bool | None = None

    def extend(self, lines: list[Line]) -> _Paragraph:
        """This paragraph run on over ``lines`` (it is itself no longer needed)."""
        self.pieces += [ln.text for ln in lines]
        self._text = None
        if not self._prose:
            self._prose = None
        return self

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self.pieces)
        return self._text

    @property
    def prose(self) -> bool:
        if self._prose is None:
            self._prose = _is_prose(self.text)
        return self._prose


def _run_on(block: list[Line]) -> str:
    """The text of ``block`` up to the next line that starts a unit of its own."""
    out = [block[0].text.strip(_BLANK)]
    for ln in block[1:]:
        if _starts_new_unit(ln.text):
            break
        out.append(ln.text.strip(_BLANK))
    return "".join(out)


class _Looks:
    """What a fixer asks about the whole text at every line break, looked up once per call
    (``_lower`` and ``_spaces_latin`` are cached per text; a lookup compares texts)."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def lower(self) -> str:
        return _lower(self.text)

    @cached_property
    def spaced(self) -> bool:
        return _spaces_latin(self.text)

    # The document-wide answers are read only at the breaks whose join can use them (each costs
    # a pass over the whole text, and most texts never need them):

    def lower_at(self, left: str) -> str:
        """``lower`` for a join after ``left`` (blanks stripped): only a hyphen at its end makes
        the join count words in the text (``C.hyphen_join``)."""
        return self.lower if left.endswith("-") else ""

    def spaced_at(self, left: str, right: str) -> bool:
        """``spaced`` for a join of ``left`` and ``right``: only Chinese meeting an ASCII letter or
        digit across the break reads it (``C.join_glue``), so one side's edge is such a one."""
        a, b = left[-1:], right[:1]
        return self.spaced if (a.isascii() and a.isalnum()) or (b.isascii() and b.isalnum()) else False


def _seam(
    text: str,
    a: list[Line],
    b: list[Line],
    para: _Paragraph,
    para_indented: bool,
    style: list[bool],
    looks: _Looks,
) -> list[Edit]:
    """The join (or nothing) at the break between blocks ``a`` and ``b``."""
    last, first = a[-1], b[0]
    left = last.text.rstrip(_BLANK)
    head = first.text
    alone = len(b) == 1 or _starts_new_unit(b[1].text)
    if not left or (_starts_new_unit(head, alone=alone) and not _finishes_xref(last.text, head)):
        return []
    if _is_heading(last.text) and not (len(a) > 1 and _finishes_xref(a[-2].text, last.text)):
        return []
    right = head.lstrip(_BLANK)
    if not right:
        return []
    gap_start, gap_end = last.start + len(left), first.start + (len(head) - len(right))
    page_break = "\f" in text[gap_start:gap_end]
    if _LINK_RE.match(right) and _entry_link(para.text, right):  # (the paragraph is read only then)
        glue = "" if para.text.endswith(("．", "。")) else " "
        return [Edit(gap_start, gap_end, glue, "seam", "reference_link", confidence=0.9, note="an entry's URL")]
    decision = C.line_join(left, right, blank=True, page_break=page_break, text=looks.lower_at(left))
    if decision.rule == "blank_after_sentence_end":
        return []  # a blank line after a sentence end is a paragraph end, even before a flush-left line
    prose = para.prose
    if not prose and (decision.rule == "blank_mid_sentence" or page_break) and _continues(left, right):
        pass  # a sentence cut by a blank line (a Markdown export, a page): prose or not, it goes on
    elif not prose or (left[-1] in "：:" and alone and not _is_prose(right)):
        return []  # after a colon, a lone line that is not prose is displayed (a command, a formula)
    ca = left[-1]
    # a quoted word closes no sentence (想象成从“/”): the sentence runs over the page
    quoted_word = page_break and ca in _QUOTE_CLOSERS and left.rstrip(_QUOTE_CLOSERS)[-1:] not in C.TERMINAL
    if (ca in C.TERMINAL or ca in C.CLOSERS) and not quoted_word:
        if not style:
            style.append(_indent_style(text))
        if (
            page_break
            and not style[0]
            and _blank_line_paragraphs(text)
            and C.full_line(left, _text_width(text))
            and C.is_zh(right[0])
            and _is_prose(_run_on(b))
            and not _opens_heading(right)
        ):
            # without indents a paragraph's last line is short: a full one at the foot of a page
            # leaves the paragraph open (the blank line that would end it is never printed at a page top)
            return [
                Edit(gap_start, gap_end, "", "seam", "page_seam", confidence=0.6, note="a full line ends the page"),
                flag_span(
                    gap_start,
                    "",
                    "low_confidence_join",
                    "joined after a sentence end on a full line: check the paragraph break",
                    confidence=0.6,
                ),
            ]
        if style[0] and para_indented and C.is_zh(right[0]) and _is_prose(_run_on(b)) and not _opens_heading(right):
            return [
                Edit(
                    gap_start,
                    gap_end,
                    "",
                    "seam",
                    "page_seam",
                    confidence=0.6,
                    note="unindented line continues the paragraph",
                ),
                flag_span(
                    gap_start,
                    "",
                    "low_confidence_join",
                    "joined after a sentence end: check the paragraph break",
                    confidence=0.6,
                ),
            ]
        return []
    joined = join_text(
        left, right, gap=text[gap_start:gap_end], text=looks.lower_at(left), spaced=looks.spaced_at(left, right)
    )
    if joined is None:
        return []
    glue, eat = joined
    word = spans_word(left, right)
    conf = 0.95 if word else 0.8
    why = "a word runs across the break" if word else "the sentence runs on"
    rule = "page_seam" if page_break else decision.rule if decision.join else "page_seam"
    return [Edit(gap_start - eat, gap_end, glue, "seam", rule, confidence=conf, note=why)]


#: Closing quotes: after a word rather than a sentence end they close no sentence.
_QUOTE_CLOSERS = "”’」』"


def _mid_sentence_start(right: str) -> bool:
    """``right`` opens with what only a sentence's middle holds: ``，、；：``, or one character
    and ``，、；`` (``置，比如说``; not ``注：``, a label, nor ``一、``, a heading)."""
    if right[:1] in tuple("，、；："):
        return True
    return C.is_cjk(right[:1]) and right[1:2] in tuple("，、；") and not C.opens_unit(right)


def _continues(left: str, right: str) -> bool:
    """A sentence goes on across the break whatever the paragraph looks like: a long English
    line stopping on a word or a comma, then a lower-case word (``…the export put a`` ⏎⏎
    ``blank line here``); Chinese stopping on a character, then the punctuation only a
    sentence's middle holds (``…全局配`` ⏎⏎ ``置，比如说``)."""
    if C.is_cjk(left[-1]):
        return _mid_sentence_start(right)
    return len(left) >= 30 and (left[-1].isalpha() or left[-1] == ",") and left[-1].isascii() and right[0].islower()


@lru_cache(maxsize=2)
def _spaces_latin(text: str) -> bool:
    return C.spaces_latin(text)


@lru_cache(maxsize=2)
def _blank_line_paragraphs(text: str) -> bool:
    """Whether blank lines mark this text's paragraphs: most multi-line prose blocks (four at
    least) end a sentence. In a text without them a block is a page, cut anywhere."""
    ends = [C.ends_sentence(b[-1].text) for b in blocks(text) if len(b) > 1 and _is_prose("".join(ln.text for ln in b))]
    return len(ends) >= 4 and sum(ends) >= 0.75 * len(ends)


@lru_cache(maxsize=2)
def _text_width(text: str) -> int | None:
    return _line_width(text)


@lru_cache(maxsize=2)
def _lower(text: str) -> str:
    """The text in lower case, for counting how a hyphenated word is written elsewhere."""
    return text.lower()


def break_remaining_pages(text: str) -> list[Edit]:
    """Turn page breaks that were not joined into paragraph breaks (no form feed survives), and
    the runs of blank lines that removed heads leave between paragraphs into one blank line.

    >>> fix("第一页。\\f第二页。", break_remaining_pages)
    '第一页。\\n\\n第二页。'
    """
    edits = []
    if "\f" not in text:
        # no page break: only runs of blank lines between two printed characters (the pattern's
        # second branch, without its lookbehind tried at every position)
        for m in _NEWLINES_RE.finditer(text):
            s, e = m.span()
            if s and e < len(text) and not text[s - 1].isspace() and not text[e].isspace():
                edits.append(Edit(s, e, "\n\n", "seam", "blank_lines"))
        return edits
    for m in _PAGE_BREAK_RE.finditer(text):
        rule = "page_break" if "\f" in m.group() else "blank_lines"
        edits.append(Edit(m.start(), m.end(), "\n\n", "seam", rule))
    return edits


_PAGE_BREAK_RE = re.compile(r"[ \t]*\n*\f[\n\f]*|(?<=\S)\n{3,}(?=\S)")
_NEWLINES_RE = re.compile(r"\n\n\n+")  # (spelt so the scan looks for its literal prefix: 9× faster)


def _line_width(text: str) -> int | None:
    """The width of a full line in a hard-wrapped text (90th percentile of the lines of
    multi-line blocks), or None when the text is not hard-wrapped."""
    widths = sorted(C.display_width(ln.text.rstrip(_BLANK)) for b in blocks(text) if len(b) > 1 for ln in b)
    if len(widths) < 3:
        return None
    width = widths[round(0.9 * (len(widths) - 1))]
    return width if width >= 30 else None  # 15 Chinese characters: narrower lines are lists, not wraps


def _is_label(line: str, width: int | None) -> bool:
    """A short line without any punctuation: a label (提示, 注意), a title, a name."""
    s = line.strip(_BLANK)
    if not s or any(ch in s for ch in C.PROSE_PUNCT + C.TERMINAL + C.CLOSERS + "、,;:"):
        return False
    return width is not None and C.display_width(s) < 0.5 * width


def _is_display(line: str, width: int | None) -> bool:
    """A short line that is not prose: a command, a formula, a label on its own line."""
    s = line.strip(_BLANK)
    return not _is_prose(s) and (width is None or C.display_width(s) < 0.7 * width)


#: What a displayed line of code or a formula holds and Chinese prose seldom does.
_CODE_RE = re.compile(r"[\\{}$=%<>|_^]|^\s*[#$%]")


def _is_code(line: str, width: int | None) -> bool:
    """A short line (narrower than 0.9 of a full one) without Chinese that holds code or
    formula marks: displayed material."""
    s = line.strip(_BLANK)
    return (
        bool(s)
        and width is not None
        and C.display_width(s) < 0.9 * width
        and not C.CJK_RE.search(s)
        and _CODE_RE.search(s) is not None
    )


def _mostly_chinese(s: str, share: float = 0.7) -> bool:
    return bool(s) and len(C.CJK_RE.findall(s)) >= share * len(s)


def _first_line_width(found: list[list[Line]], width: int | None) -> int | None:
    """The width of a paragraph's first line when the extraction dropped its indent, or None.

    Measured on the text itself: among mostly-Chinese lines that run on to the next line, the
    commonest width after a short line ending a sentence (a paragraph's first line) must be
    narrower, by 3 to 8 cells (about two characters), than the commonest width after a full
    line that does not end one (a paragraph's later line). Latin widths are too uneven to tell.
    """
    if width is None:
        return None
    firsts: Counter[int] = Counter()
    later: Counter[int] = Counter()
    for b in found:
        for l1, l2, _ in zip(b, b[1:], b[2:]):
            a, s = l1.text.strip(_BLANK), l2.text.strip(_BLANK)
            if not a or not _mostly_chinese(s) or s[-1] in C.TERMINAL + C.CLOSERS:
                continue
            if a[-1] in C.SENTENCE_END and C.display_width(a) < 0.7 * width:
                firsts[C.display_width(s)] += 1
            elif a[-1] not in C.TERMINAL + C.CLOSERS + "：:" and C.display_width(a) >= 0.9 * width:
                later[C.display_width(s)] += 1
    if sum(firsts.values()) < 5 or sum(later.values()) < 5:
        return None
    (w_first, n_first), (w_later, _) = firsts.most_common(1)[0], later.most_common(1)[0]
    return w_first if 3 <= w_later - w_first <= 8 and n_first >= 3 else None


def _opens_indented(line: Line, after: Line | None, first_width: int | None) -> bool:
    """Whether ``line`` has the width of a paragraph's first line (``_first_line_width``): mostly
    Chinese, running on to the next line, within a cell of that width."""
    s = line.text.strip(_BLANK)
    if first_width is None or after is None or not _mostly_chinese(s, 0.4) or s[-1] in C.TERMINAL + C.CLOSERS + "：:":
        return False
    return abs(C.display_width(s) - first_width) <= 1


def _page_footnotes(block: list[Line]) -> set[int]:
    """The lines of ``block`` that open a footnote at the foot of a page (indices): the notes
    close the block (by now a page ends a block, ``break_remaining_pages``), are among its last
    eight lines, each opens with its number run into the text (``7早期常使用…``), the numbers go
    up by one, and only their wrapped lines lie between them."""
    tail = range(max(1, len(block) - 8), len(block))
    marks = [(k, int(m.group(1))) for k in tail if (m := P.FOOTNOTE_MARK_RE.match(block[k].text))]
    for i, (k, _) in enumerate(marks):
        rest = marks[i:]
        if all(b[1] == a[1] + 1 for a, b in zip(rest, rest[1:])) and len(block) - k <= 3 * len(rest):
            return {k for k, _ in rest}
    return set()


def _reference_state(line: str, in_refs: bool) -> bool:
    """Whether a reference list is open after ``line``: a 参考文献 heading opens one; another
    heading or a label (作者简介：…; not an entry's ``DOI:``) closes it."""
    if C.REFERENCES_HEADING_RE.match(line):
        return True
    if in_refs and not C.REFERENCE_ENTRY_RE.match(line) and (C.heading(line) or C.label(line) not in (None, "doi")):
        return False
    return in_refs


def _entry_goes_on(entry: str, right: str) -> bool:
    """Whether the next line continues a reference entry: always mid-sentence; after a period
    while the entry has no year yet (``习近平．``⏎``加快建设…``), or with the URL or DOI of a
    GB/T 7714 entry (``[EB/OL]. …``⏎``https://…``). A list without type codes may print a link
    on a line of its own after a finished entry."""
    if not C.REFERENCE_ENTRY_RE.match(entry):
        return False  # a line of its own after an entry (a link, a note): the usual rules
    if entry.rstrip(_BLANK)[-1:] not in C.TERMINAL:
        return True  # (2011-04-09)⏎[2012-01-25]: a bracket closes no entry
    if _LINK_RE.match(right):
        return bool(C.REFERENCE_TYPE_RE.search(entry))
    return not C.YEAR_RE.search(entry)


#: What opens a cited link: a URL or a DOI.
_LINK_RE = re.compile(r"(?:[A-Za-z]+://|www\.|doi|DOI|10\.\d{4})")


def _entry_link(entry: str, right: str) -> bool:
    """A finished GB/T 7714 entry (``[3] …[EB/OL]. (2018-09-24)[2019-11-01].``) whose URL the
    page or a blank line moved off (``https://…``): it belongs to the entry."""
    return (
        bool(C.REFERENCE_ENTRY_RE.match(entry))
        and C.ends_sentence(entry)
        and bool(C.REFERENCE_TYPE_RE.search(entry))
        and _LINK_RE.match(right) is not None
    )


#: Front-matter labels that close an article's title block (what comes before is front matter).
_FRONT_END_LABELS = ("abstract", "abstract_en", "keywords", "keywords_en")


def _front_matter_end(all_lines: list[Line]) -> int:
    """Where an article's first-page front matter (title, authors, affiliations) ends: the start
    of the first abstract or keywords label among the first 30 lines of the first page; 0 (no
    front matter) when none is there."""
    for ln in all_lines[:30]:
        if C.label(ln.text) in _FRONT_END_LABELS:
            return ln.start
        if ln.ends_page:
            break
    return 0


def _author_names(line: str) -> bool:
    """A Chinese author line (``赵英¹，赵超²``, ``袁　杰，陈杰英``): two names or more, or names with
    their affiliation markers — one bare name could be a title's wrapped tail (``的影响``)."""
    got = C.parse_author_line(line)  # the front matter's reading of names
    return bool(got) and (len(got) >= 2 or any(a["markers"] for a in got))


def _front_line_end(l1: Line, l2: Line) -> str | None:
    """In the front matter, why the break between ``l1`` and ``l2`` is a line end, or None: front
    matter is short centred or flush lines (title, author line, affiliations) that never wrap
    into one another, so an author line ends a line and starts one, and so does an affiliation."""
    if _author_names(l2.text):
        return "an author line starts"
    if _author_names(l1.text):
        return "an author line ends"
    end = l1.text.rstrip(_BLANK)
    if end[-1:] in "；;":
        return "an affiliation starts"
    if C.affiliation_start(l2.text) and (not C.affiliation_start(l1.text) or C.AFFILIATION_END_RE.search(end)):
        return "an affiliation starts"  # (after another that ended: 1)(…　北京　100038) / 2)(…)
    return None


def _english_front(all_lines: list[Line]) -> tuple[set[int], set[int]]:
    """Starts of the lines inside an English front block (title, authors, affiliations above an
    ``Abstract`` label, ``C.english_block_start``: after the Chinese abstract or at the article's
    end), and of the blocks' first lines."""
    texts = [ln.text for ln in all_lines]
    inside: set[int] = set()
    firsts: set[int] = set()
    for i, t in enumerate(texts):
        if t.lstrip(_BLANK)[:1] in "AaＡ[［【" and C.label(t) == "abstract_en":
            k = C.english_block_start(texts, i)
            if k is not None:
                firsts.add(all_lines[k].start)
                inside.update(all_lines[j].start for j in range(k, i + 1))
    return inside, firsts


def _english_front_line_end(l1: Line, l2: Line, firsts: set[int]) -> str | None:
    """In an English front block, why the break between ``l1`` and ``l2`` is a line end: the
    block starts (after the Chinese fields or the body), an author line starts or ends, an
    affiliation starts or ends. ``""`` when the break wraps a title, an author line (``…, SUN`` /
    ``Zhiqiang, MA Ying``) or an affiliation: the lines join. None before a label (``Abstract``):
    the general rules decide."""
    a, b = l1.text.strip(_BLANK), l2.text.strip(_BLANK)
    if l2.start in firsts:
        return "an English front block starts"
    if C.label(b):
        return None
    if C.AFFILIATION_EN_START_RE.match(b):
        return "an affiliation starts"
    if C.AUTHOR_EN_WRAPPED_RE.match(a):
        return ""
    if C.parse_author_en_line(b) or C.AUTHOR_EN_WRAPPED_RE.match(b):
        return "an author line starts"
    if C.parse_author_en_line(a):
        return "an author line ends"
    if a[-1:] in ")）":
        return "an affiliation ends"
    return ""


#: A Latin word opening a line, in half-width or full-width letters and digits.
_LATIN_WORD_RE = re.compile("[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")


def join_soft_wraps(text: str, *, width: int | None = None) -> list[Edit]:
    """Join the hard-wrapped lines of a paragraph; start a new paragraph where the layout says so.

    Inside a block of consecutive lines, a break becomes a paragraph break (a blank line) before
    an indented line, a heading, a list item or an author line; after a heading; and after a
    short line (narrower than a full line, ``width`` cells, found from the text when not given)
    that ends a sentence or that is not prose (a title, a name, a line of code); in a text whose
    paragraphs are indented, only the indent starts a paragraph after a sentence end. Every other
    break is a soft wrap and is joined: Chinese without a space, Latin words with one, a Latin
    word hyphenated at the line end re-joined when the next line starts in lower case. A short
    line of code or a formula without Chinese (``_is_code``) is displayed material: the paragraph
    breaks after it, and before it when a sentence ends above. A full line ending a sentence in a
    text without indents breaks when the next line has the width of the text's paragraph first
    lines (an indent the extraction dropped, ``_first_line_width``: confidence 0.7); otherwise it
    is joined at confidence 0.5 and flagged. Footnotes at the foot of a page (``_page_footnotes``)
    each start a paragraph. Blank lines and form feeds are not touched (``join_page_seams`` decides those).

    >>> t = "新质生产力是由技术革命性突破、生产要素创新性配\\n置、产业深度转型升级而催生的当代先进生产力。\\n　　它推动着劳动者。"
    >>> fix(t, join_soft_wraps)
    '新质生产力是由技术革命性突破、生产要素创新性配置、产业深度转型升级而催生的当代先进生产力。\\n\\n　　它推动着劳动者。'
    """
    width = width or _line_width(text)
    edits: list[Edit] = []
    indent_style = None
    found = blocks(text)
    first_width = _first_line_width(found, width)
    looks = _Looks(text)
    all_lines = lines(text)
    front_end = _front_matter_end(all_lines)
    en_inside, en_firsts = _english_front(all_lines)
    in_refs = False  # inside a reference list: its entries are the units
    ended = False  # the last block ended a sentence
    for b in found:
        notes = _page_footnotes(b)
        para = ""
        para_indented = bool(C.INDENT_RE.match(b[0].text))
        if in_refs and ended and not C.REFERENCE_ENTRY_RE.match(b[0].text):
            in_refs = False  # a finished entry, then a block that opens none: the list is over
        in_refs = _reference_state(b[0].text, in_refs)
        ended = C.ends_sentence(b[-1].text)
        for j, (l1, l2) in enumerate(zip(b, b[1:]), start=1):
            left = l1.text.rstrip(_BLANK)
            para += left
            refs, in_refs = in_refs, _reference_state(l2.text, in_refs)
            if not left:
                continue
            right = l2.text.lstrip(_BLANK)
            ca = left[-1]
            # a Latin word (full-width or not) is never cut: a line it did not fit on is full
            first_word = _LATIN_WORD_RE.match(right)
            short = not C.full_line(left, width, next_word=first_word.group() if first_word else "")
            why, conf = None, None
            alone = l2 is b[-1] or width is None or C.display_width(l2.text.rstrip(_BLANK)) < 0.9 * width
            rule = "paragraph_break"
            if refs and C.REFERENCE_ENTRY_RE.match(l2.text):
                brk, why, rule = True, "a reference entry starts", "reference_entry"
            elif (
                refs
                and in_refs
                and not _starts_new_unit(l2.text)
                and not C.heading(l1.text)
                and _entry_goes_on(para, right)
            ):
                brk = False  # an entry's wrapped lines: after a colon (DOI:), inside a URL, a period
            elif l2.start < front_end and (why := _front_line_end(l1, l2)):
                brk, rule = True, "front_matter_line"
            elif l2.start in en_inside and (why := _english_front_line_end(l1, l2, en_firsts)) is not None:
                brk, rule = bool(why), "front_matter_line"  # ("": a wrapped line of the block)
            elif (
                j + 1 < len(b)
                and _forum_title(right)
                and _author_line(b[j + 1].text)
                and C.forum_author_line(b[j + 1].text)
            ):
                brk, why, rule = True, "a forum article's title: its author line follows", "front_matter_line"
            elif _mid_sentence_start(right) and C.is_cjk(left[-1]):
                brk = False  # only a sentence's middle opens with these
            elif j in notes:
                brk, why = True, "a footnote at the foot of the page"
            elif (_starts_new_unit(l2.text, alone=alone) and not _finishes_xref(l1.text, l2.text)) or (
                _is_heading(l1.text) and not (j > 1 and _finishes_xref(b[j - 2].text, l1.text))
            ):
                brk = True
            elif ca in "：:" and (_is_display(l2.text, width) or _is_code(l2.text, width)):
                brk = True  # a colon introduces a displayed line (a command, a formula)
            elif ca in C.TERMINAL or ca in C.CLOSERS:
                if indent_style is None:
                    indent_style = _indent_style(text)
                # with indents, the missing indent says the paragraph goes on; without, the short line ends it
                brk = short and not (indent_style and para_indented and _is_prose(_run_on(b[j : j + 8])))
                # a short unpunctuated line after a sentence end, not closing the block: a label or title
                brk = brk or (l2 is not b[-1] and _is_label(l2.text, width))
                if not brk and not indent_style and ca in C.SENTENCE_END:
                    if _is_code(l2.text, width):
                        brk, why = True, "a displayed line follows the sentence"
                    elif _opens_indented(l2, b[j + 1] if j + 1 < len(b) else None, first_width):
                        brk, why, conf = True, "the next line is narrower by an indent", 0.7
            else:
                brk = short and (not _is_prose(para) or para == left.strip(_BLANK) and _is_label(left, width))
                if not brk and short and _is_code(left, width):
                    brk, why = True, "a displayed line ends here"
            if brk:
                edits.append(Edit(l1.end, l1.end, "\n", "wrap", rule, confidence=conf, note=why or "new paragraph"))
                para = ""
                para_indented = bool(C.INDENT_RE.match(l2.text))
                continue
            gap = l1.text[len(left) :] + l2.text[: len(l2.text) - len(right)]
            joined = join_text(left, right, gap=gap, text=looks.lower_at(left), spaced=looks.spaced_at(left, right))
            glue, eat = joined if joined is not None else (" ", 0)
            start, end = l1.start + len(left) - eat, l2.start + (len(l2.text) - len(right))
            if (ca in C.TERMINAL or ca in C.CLOSERS) and not refs:
                if indent_style is None:
                    indent_style = _indent_style(text)
                conf = 0.8 if indent_style else 0.5
                note = "no indent on the next line" if indent_style else "full line ends a sentence"
                edits.append(Edit(start, end, glue, "wrap", "soft_wrap", confidence=conf, note=note))
                if conf < 0.6:
                    edits.append(
                        flag_span(
                            start,
                            "",
                            "low_confidence_join",
                            "a full line ends a sentence: paragraph break or not?",
                            confidence=conf,
                        )
                    )
            else:
                word = spans_word(left, right)
                edits.append(Edit(start, end, glue, "wrap", "soft_wrap", confidence=0.95 if word else 0.9))
    return edits
