"""The fixers: small pure functions, each repairing one OCR or layout defect.

Each takes the text and returns the ``Edit``s it proposes (see ``engine``); ``fix`` applies one
fixer for a quick look. What a fixer cannot decide with confidence, it flags.
"""

from __future__ import annotations

import bisect
import re

from qikan import conventions as C
from qikan.blocks import blocks
from qikan.repair import patterns as P
from qikan.repair.chars import (
    fix_mojibake,
    line_groups,
    normalize_fullwidth_alnum,
    remove_invisible_characters,
    remove_stray_cjk_spaces,
)
from qikan.repair.engine import Edit, Fixer, edit_order, fix, flag_char, flag_span
from qikan.repair.flags import flag_latin_function_words, flag_unbalanced_pairs, flag_unexpected_characters
from qikan.repair.layout import (
    break_remaining_pages,
    join_page_seams,
    join_soft_wraps,
    move_first_page_footnotes,
    remove_running_heads,
    spans_word,
)

# --------------------------------------------------------------------------- markup


def strip_markdown_emphasis(text: str) -> list[Edit]:
    """Drop Markdown bold markers that exports put around labels and names.

    Leaves ``*`` used as an author marker or multiplication alone (only paired ``**…**`` on one
    line goes).

    >>> fix("**编者按：**自2023年", strip_markdown_emphasis)
    '编者按：自2023年'
    """
    edits = []
    for m in P.EMPHASIS_RE.finditer(text):
        for s in (m.start(), m.end() - 2):
            edits.append(Edit(s, s + 2, "", "markup", "markdown_emphasis"))
    return edits


# --------------------------------------------------------------------------- metadata


def move_editor_credit(text: str) -> list[Edit]:
    """Move the responsible editor's credit ``(责任编辑 迟凤玲)`` out of the body into metadata.

    >>> fix("正文。\\n\\n(责任编辑 迟凤玲)\\n", move_editor_credit)
    '正文。\\n\\n'
    """
    if "责任编辑" not in text:
        return []  # the credit's pattern needs its label
    return [
        Edit(
            m.start(),
            m.end(),
            "",
            "metadata",
            "editor_credit",
            note=f"editor={m['name'].strip()}",
            meta={"editor": m["name"].strip()},
        )
        for m in P.EDITOR_CREDIT_RE.finditer(text)
    ]


def move_journal_footer(text: str) -> list[Edit]:
    """Move a journal footer block (year, journal name, its Latin title) into metadata.

    Exports often end with the journal's masthead lines; they are not body text. The block must
    be the last one, made only of short unpunctuated lines, with at least two of: a year line, a
    Latin (pinyin or English) title line, a short Chinese name line.

    >>> fix("正文。\\n\\n2024\\n中国科技论坛\\nZhongguo Keji Luntan\\n", move_journal_footer)
    '正文。\\n\\n'
    """
    found = blocks(text)
    if len(found) < 2:
        return []
    block = found[-1]
    lines = [C.to_halfwidth(ln.text.strip(" \t\u3000")) for ln in block]
    if any(len(s) > 30 or s[-1] in C.TERMINAL + "，," for s in lines):
        return []
    meta: dict[str, object] = {}
    for s in lines:
        if P.YEAR_LINE_RE.match(s):
            meta.setdefault("year", int(s[:4]))
        elif P.LATIN_TITLE_RE.match(s):
            meta.setdefault("journal_latin", s)
        elif P.CJK_NAME_LINE_RE.match(s):
            meta.setdefault("journal", s)
        else:
            return []
    if len(meta) < 2:
        return []
    start, end = block[0].start, len(text)
    note = "; ".join(f"{k}={v}" for k, v in meta.items())
    return [Edit(start, end, "", "metadata", "journal_footer", note=note, meta=meta)]


# --------------------------------------------------------------------------- spacing


def close_padded_names(text: str) -> list[Edit]:
    """Close up a two-character name padded to three characters' width (``伊 彤`` → ``伊彤``).

    Only on a short unpunctuated line (an author line). At the line's start any two lone
    characters followed by more text are a padded name; in mid-line (``王晓明　李　华``, with or
    without affiliation marks, ``陈  静¹　赵  磊²``) the first must be a common surname, so the
    cells of a table row (``项目　甲　乙``) stay apart. The spaces between names, between a name
    and its affiliation, and between Chinese and Latin text stay. Lone characters in a row pair
    up (``李　华　张　伟``) only when each pair opens with a surname; an odd run (``王　华　李``) cannot
    be paired with confidence: flagged.

    >>> fix("伊 彤 北京市科学技术研究院研究员", close_padded_names)
    '伊彤 北京市科学技术研究院研究员'
    >>> fix("王晓明　李　华", close_padded_names)
    '王晓明　李华'
    """
    edits: list[Edit] = []
    for m in re.finditer(r"[^\n\f]+", text):
        line = m.group()
        if len(line) > 80 or any(ch in line for ch in C.PROSE_PUNCT) or C.numbering(line) or C.heading(line):
            continue
        tokens = list(re.finditer(r"[^ \t\u3000]+", line))
        half = [P.NAME_HALF_RE.fullmatch(t.group()) is not None for t in tokens]
        marked = [t.group()[-1] in P.NAME_MARKS for t in tokens]
        if len(tokens) < 3 or (all(half) and not any(marked)):
            continue  # a name alone (摘　要 is no name) or a letter-spaced title
        k = 0
        while k < len(tokens):
            if not half[k]:
                k += 1
                continue
            run = k  # a run of lone characters; an affiliation mark ends a name
            while run < len(tokens) and half[run] and not (run > k and marked[run - 1]):
                run += 1
            a, b = tokens[k], tokens[run - 1]
            pairs = [tokens[i : i + 2] for i in range(k, run, 2)]
            if (run - k) % 2 == 0 and all(
                len(x.group()) == 1 and (i == 0 and k == 0 or x.group() in P.SURNAMES) for i, (x, _) in enumerate(pairs)
            ):
                for x, y in pairs:
                    s, e = m.start() + x.end(), m.start() + y.start()
                    edits.append(Edit(s, e, "", "spacing", "padded_name", note=f"name={x.group()}{y.group()}"))
            elif run - k > 2:
                s, e = m.start() + a.start(), m.start() + b.end()
                edits.append(
                    flag_span(s, text[s:e], "padded_name", "lone characters in a row: padded names or spaced letters?")
                )
            k = run
    return edits


# --------------------------------------------------------------------------- punctuation


def _protected(text: str) -> list[tuple[int, int]]:
    # every alternative of the pattern needs one of these marks and never crosses a line end:
    # only the lines holding a mark are scanned (the alternation gets no prefix scan, and a text
    # holding one e-mail address was scanned whole, ~3 ms in 77 000 characters)
    marks = []
    for mark in ("://", "www.", "@", "`"):
        i = text.find(mark)
        while i >= 0:
            marks.append(i)
            i = text.find(mark, i + 1)
    if not marks:
        return []
    return [
        m.span()
        for start, end, _ in line_groups(text, sorted(marks))
        for m in P.PROTECTED_RE.finditer(text, start, end)
    ]


def _inside(spans: list[tuple[int, int]], i: int) -> bool:
    k = bisect.bisect_right(spans, (i, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= i < spans[k][1]


def _neighbour(text: str, i: int, step: int) -> tuple[str, int]:
    """The nearest character from ``i`` in direction ``step`` that is not a space or tab."""
    j = i + step
    while 0 <= j < len(text) and text[j] in " \t":
        j += step
    return (text[j] if 0 <= j < len(text) else ""), j


#: What ends a line for the brackets and quotes (they pair within a line).
_LINE_END_RE = re.compile("[\n\f]")
#: A character ``C.is_zh`` accepts (a Chinese ideograph or Chinese punctuation), as a class.
_ZH_CLASS = f"[{C.CJK_RANGES}{re.escape(C.ZH_PUNCT)}]"
#: ``, ; : ? !`` right after a Chinese character or mark (the usual case), with the spaces after
#: it: always converted, taking those spaces along. The lookbehind follows the mark, so the scan
#: looks for the marks alone (put before it, it was tried at every position, 3× slower).
_MARK_AFTER_ZH_RE = re.compile(f"[,;:?!](?<={_ZH_CLASS}.) *")
#: Every other mark ``convert_ascii_punctuation`` reads: brackets, straight quotes, and ``, ; : ? !``
#: not right after Chinese (one scan for them all: the lookbehind follows the class).
_OTHER_MARK_RE = re.compile(f'[()",;:?!](?<!{_ZH_CLASS}[,;:?!])')
#: The fields of a converted mark's ``Edit`` after its span and replacement.
_CONVERTED = ("punctuation", "ascii_punct_in_chinese", "fixed", None, None, None)


def convert_ascii_punctuation(text: str) -> list[Edit]:
    """ASCII ``, ; : ? ! ( )`` and paired ``"…"`` inside Chinese text become ``，；：？！（）“”``.

    Decided by context: ``, ; :`` change when a Chinese character or Chinese punctuation is next
    to them; ``? !`` when they close Chinese text; brackets when they enclose Chinese or open
    right after it; a pair of straight double quotes on one line when it encloses Chinese or
    touches it. Spaces around a changed mark go with it (tabs, which separate table cells, stay). Untouched: numbers (``1,000``,
    ``12:30``, ``3.14``), URLs, e-mail addresses, inline code, ``f(x)``, ``key="值"`` and
    English text. An unmatched bracket or a lone quote next to Chinese is flagged.

    >>> fix('生产力,这是基本观点(保护创新)。1,000 and f(x)', convert_ascii_punctuation)
    '生产力，这是基本观点（保护创新）。1,000 and f(x)'
    >>> fix('所谓创新就是要"建立一种新的生产函数"。He said "yes".', convert_ascii_punctuation)
    '所谓创新就是要“建立一种新的生产函数”。He said "yes".'
    """
    spans = _protected(text)
    full = P.ASCII_TO_FULL
    new = tuple.__new__  # an ``Edit`` from all its fields: 2× faster than ``Edit(...)``, and a text has thousands
    # right after Chinese: what ``_mark_edit`` decides, without reading the neighbours
    edits = [new(Edit, (m.start(), m.end(), full[m.group()[0]], *_CONVERTED)) for m in _MARK_AFTER_ZH_RE.finditer(text)]
    if spans:  # the few protected spans cut out of the sorted edits (not a test per edit)
        starts = [e[0] for e in edits]
        kept, pos = [], 0
        for s, e in spans:
            kept += edits[pos : bisect.bisect_left(starts, s)]
            pos = max(pos, bisect.bisect_left(starts, e))
        edits = kept + edits[pos:]
    edits += _convert_other_marks(text, spans)
    return _drop_overlaps(edits)


def _mark_edit(text: str, i: int, ch: str) -> Edit | None:
    """The conversion of the ``, ; : ? !`` at ``i``, or None (see ``convert_ascii_punctuation``)."""
    n = len(text)
    is_zh = C.is_zh
    # the nearest characters on each side that are not a space or a tab
    pj = i - 1
    while pj >= 0 and text[pj] in " \t":
        pj -= 1
    prev_zh = pj >= 0 and is_zh(text[pj])
    if ch in ",:" and text[i - 1 : i].isdigit() and text[i + 1 : i + 2].isdigit():
        return None  # 1,000 and 12:30
    if ch in "?!" and not prev_zh:
        return None
    nj = i + 1
    while nj < n and text[nj] in " \t":
        nj += 1
    next_zh = nj < n and is_zh(text[nj])
    if not (prev_zh or next_zh):
        return None
    # the spaces around the mark go with it; a tab separates table cells and stays
    start, end = i, i + 1
    if prev_zh:
        while start > 0 and text[start - 1] == " ":
            start -= 1
    if next_zh or prev_zh or nj >= n:
        while end < n and text[end] == " ":
            end += 1
    return Edit(start, end, P.ASCII_TO_FULL[ch], "punctuation", "ascii_punct_in_chinese")


def _convert_other_marks(text: str, spans: list[tuple[int, int]]) -> list[Edit]:
    """The marks of ``convert_ascii_punctuation`` not right after Chinese: the brackets and
    straight quotes, paired within a line, and the other ``, ; : ? !``, each on its own."""
    edits: list[Edit] = []
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    quotes: list[int] = []
    is_zh = C.is_zh
    n = len(text)

    def close_line() -> None:
        for i in stack:
            edits.append(flag_char(i, "(", "unbalanced_bracket", "opening bracket without a closing one"))
        stack.clear()
        _pair_quotes(text, quotes, edits)
        quotes.clear()

    line_end = -1  # where the line of the last bracket or quote ends (a line holding none needs no closing)
    for m in _OTHER_MARK_RE.finditer(text):  # every other character is skipped by the loop anyway
        i, ch = m.start(), m.group()
        if ch not in '()"':
            if not (spans and _inside(spans, i)) and (e := _mark_edit(text, i, ch)) is not None:
                edits.append(e)
            continue
        if i > line_end:
            if stack or quotes:
                close_line()
            e = _LINE_END_RE.search(text, i)
            line_end = e.start() if e else n
        if spans and _inside(spans, i):
            continue
        if ch == '"':
            quotes.append(i)
        elif ch == "(":
            stack.append(i)
        elif stack:
            pairs.append((stack.pop(), i))
        else:
            edits.append(flag_char(i, ")", "unbalanced_bracket", "closing bracket without an opening one"))
    close_line()
    for o, c in pairs:
        inner = text[o + 1 : c]
        prev = text[o - 1] if o else ""
        if C.CJK_RE.search(inner) or is_zh(prev):
            edits.append(Edit(o, o + 1, "（", "punctuation", "ascii_punct_in_chinese"))
            edits.append(Edit(c, c + 1, "）", "punctuation", "ascii_punct_in_chinese"))
    return edits


def _pair_quotes(text: str, quotes: list[int], edits: list[Edit]) -> None:
    """Pair the straight double quotes of one line in order; convert the Chinese pairs."""
    for o, c in zip(quotes[::2], quotes[1::2]):
        before = text[o - 1] if o else ""
        if before and (before.isascii() and (before.isalnum() or before in "=([{_")):
            continue  # key="值", f("文")
        prev, _ = _neighbour(text, o, -1)
        nxt, _ = _neighbour(text, c, +1)
        if C.CJK_RE.search(text[o + 1 : c]) or C.is_zh(prev) or C.is_zh(nxt):
            edits.append(Edit(o, o + 1, "“", "punctuation", "ascii_quote_in_chinese"))
            edits.append(Edit(c, c + 1, "”", "punctuation", "ascii_quote_in_chinese"))
    if len(quotes) % 2:
        i = quotes[-1]
        prev, _ = _neighbour(text, i, -1)
        nxt, _ = _neighbour(text, i, +1)
        if C.is_zh(prev) or C.is_zh(nxt):
            edits.append(flag_char(i, '"', "unbalanced_quote", "a straight quote without its pair"))


#: The longest span a pair of closing quotes may enclose to be read as a quotation (a word, a
#: path, a short phrase): longer, and which quote is lost is a guess.
QUOTE_SPAN = 60


_QUOTES_RE = re.compile("[“”]")


def pair_closing_quotes(text: str) -> list[Edit]:
    """Turn the first of two closing quotes that enclose a short span into an opening quote:
    ``用”bookworm”或者”sid”替换`` → ``用“bookworm”或者“sid”替换``.

    Some PDF generators (and OCR engines) print every double quote as ``”``. Within a paragraph,
    the ``”`` that close no ``“`` are taken in order and paired, but only when there is an even
    number of them and every pair sits on one line, encloses at most ``QUOTE_SPAN`` characters and
    no sentence end. Anything else is left for ``flag_unbalanced_pairs``.

    >>> fix("P用电子邮件信封上的”To”和”From”信息来投递邮件。", pair_closing_quotes)
    'P用电子邮件信封上的“To”和“From”信息来投递邮件。'
    >>> fix("他说：“好。”然后走了。”", pair_closing_quotes)  # one lone ”: which “ was lost is unknown
    '他说：“好。”然后走了。”'
    """
    edits: list[Edit] = []
    if "”" not in text:
        return edits
    for b in blocks(text):
        lone: list[int] = []
        inside = False
        for m in _QUOTES_RE.finditer(text, b[0].start, b[-1].end):  # only the quotes, not every character
            i = m.start()
            if text[i] == "“":
                inside = True
            elif inside:
                inside = False
            else:
                lone.append(i)
        if not lone or len(lone) % 2:
            continue
        pairs = list(zip(lone[::2], lone[1::2]))
        if all(
            c - o - 1 <= QUOTE_SPAN and not any(ch in "\n“" or ch in C.SENTENCE_END for ch in text[o + 1 : c])
            for o, c in pairs
        ):
            edits += [
                Edit(o, o + 1, "“", "punctuation", "closing_quote_pair", confidence=0.9, note="” opening a quotation")
                for o, _ in pairs
            ]
    return edits


def _drop_overlaps(edits: list[Edit]) -> list[Edit]:
    out, pos = [], -1
    append = out.append
    for e in sorted(edits, key=edit_order):
        start, end = e[0], e[1]  # (``Edit`` is a tuple: indexing is cheaper than its names)
        if start >= pos or e.action == "flagged":
            append(e)
            if end > pos:
                pos = end
    return out


#: The default order: markup and noise first (later rules read clean characters), then what is
#: not body text (credits, footers, running heads, first-page notes) so it is not taken for a
#: seam, then seams and wraps, measured on the lines as printed (full-width Latin ``ｄｅｂｃｏｎｆ``
#: fills a line at double width, so it is made half-width only after them), width, spacing,
#: punctuation, and flags last (they see the text as it will be written).
DEFAULT_FIXERS: tuple[Fixer, ...] = (
    strip_markdown_emphasis,
    fix_mojibake,
    remove_invisible_characters,
    move_editor_credit,
    move_journal_footer,
    remove_running_heads,
    move_first_page_footnotes,
    join_page_seams,
    break_remaining_pages,
    join_soft_wraps,
    normalize_fullwidth_alnum,
    close_padded_names,
    remove_stray_cjk_spaces,
    convert_ascii_punctuation,
    pair_closing_quotes,
    flag_latin_function_words,
    flag_unbalanced_pairs,
    flag_unexpected_characters,
)

__all__ = [
    "DEFAULT_FIXERS",
    "break_remaining_pages",
    "close_padded_names",
    "convert_ascii_punctuation",
    "fix",
    "fix_mojibake",
    "flag_latin_function_words",
    "flag_unbalanced_pairs",
    "flag_unexpected_characters",
    "join_page_seams",
    "join_soft_wraps",
    "move_editor_credit",
    "move_first_page_footnotes",
    "move_journal_footer",
    "pair_closing_quotes",
    "normalize_fullwidth_alnum",
    "remove_invisible_characters",
    "remove_running_heads",
    "remove_stray_cjk_spaces",
    "spans_word",
    "strip_markdown_emphasis",
]
