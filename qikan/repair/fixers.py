"""The fixers: small pure functions, each repairing one OCR or layout defect.

Each takes the text and returns the ``Edit``s it proposes (see ``engine``); ``fix`` applies one
fixer for a quick look. What a fixer cannot decide with confidence, it flags.
"""

from __future__ import annotations

import re
from functools import lru_cache

from qikan.blocks import Line, blocks
from qikan.repair import patterns as P
from qikan.repair.engine import Edit, Fixer, apply_edits


def fix(text: str, fixer: Fixer) -> str:
    """Apply one fixer to ``text``: ``fix("整\\n\\n合", join_page_seams) == "整合"``."""
    return apply_edits(text, fixer(text))


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
    lines = [ln.text.strip(" \t\u3000") for ln in block]
    if any(len(s) > 30 or s[-1] in P.TERMINAL + "，," for s in lines):
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


# --------------------------------------------------------------------------- seams


@lru_cache(maxsize=1)
def _word_tokenizer():
    from qikan.tokenize import get_tokenizer

    return get_tokenizer()


def spans_word(left: str, right: str) -> bool:
    """Whether the words around a seam run across it (整|合 → 整合): a join is then near certain."""
    window_l, window_r = left[-4:], right[:4]
    offset = 0
    for tok in _word_tokenizer().words(window_l + window_r):
        end = offset + len(tok)
        if offset < len(window_l) < end:
            return True
        offset = end
    return False


def _is_prose(block: list[Line]) -> bool:
    """Body text rather than a title, author line or label: long enough and punctuated."""
    text = "".join(ln.text.strip() for ln in block)
    if len(text) < 20:
        return False
    return any(ch in text for ch in "，。；！？") or re.search(rf"{P.CJK},|,{P.CJK}", text) is not None


def _starts_new_unit(line: str) -> bool:
    """A heading, list item, indented first line or author line: a paragraph starts here."""
    if line.startswith(("\u3000", "  ", "\t")):
        return True
    return bool(P.HEADING_RE.match(line) or P.AUTHOR_LINE_RE.match(line.strip()))


def join_page_seams(text: str) -> list[Edit]:
    """Join a word or sentence split across a page break (a form feed or blank lines).

    The text before the break must be prose that stops without terminal punctuation, and the
    text after it must not open a heading, a list item, an indented paragraph or an author line.
    Chinese joins take no space. The confidence is 0.95 when the characters across the seam form
    one jieba word (整|合), 0.8 when only the punctuation says the sentence goes on.
    Leaves breaks after 。！？ and closing quotes, and breaks before headings, alone.

    >>> fix("确保经济政策与科技创新政策保持一致，避免产生整\\n\\n合收缩效应", join_page_seams)
    '确保经济政策与科技创新政策保持一致，避免产生整合收缩效应'
    """
    edits = []
    found = blocks(text)
    for a, b in zip(found, found[1:]):
        last, first = a[-1], b[0]
        left = last.text.rstrip(" \t\u3000")
        head = first.text
        if not left or _starts_new_unit(head) or P.HEADING_RE.match(a[0].text):
            continue
        right = head.lstrip()
        ca, cb = left[-1], right[0]
        if ca in P.TERMINAL or ca in P.CLOSERS or not _is_prose(a):
            continue
        gap_start, gap_end = last.start + len(left), first.start + (len(head) - len(right))
        if (P.is_cjk(ca) or ca in P.CONTINUING) and (P.is_zh(cb) or cb.isdigit()):
            word = spans_word(left, right)
            conf = 0.95 if word else 0.8
            why = "a word runs across the break" if word else "the sentence runs on"
            edits.append(Edit(gap_start, gap_end, "", "seam", "page_seam", confidence=conf, note=why))
    return edits


def break_remaining_pages(text: str) -> list[Edit]:
    """Turn page breaks that were not joined into paragraph breaks (no form feed survives)."""
    return [Edit(m.start(), m.end(), "\n\n", "seam", "page_break") for m in re.finditer(r"[ \t]*\n*\f[\n\f]*", text)]


# --------------------------------------------------------------------------- spacing


def close_padded_names(text: str) -> list[Edit]:
    """Close up a two-character name padded to three characters' width (``伊 彤`` → ``伊彤``).

    Only at the start of a short unpunctuated line (an author line); spaces between Chinese and
    Latin text and the space between name and affiliation stay.

    >>> fix("伊 彤 北京市科学技术研究院研究员", close_padded_names)
    '伊彤 北京市科学技术研究院研究员'
    """
    edits = []
    for m in P.PADDED_NAME_RE.finditer(text):
        line_end = text.find("\n", m.start())
        line = text[m.start() : line_end if line_end >= 0 else len(text)]
        if len(line) > 80 or any(ch in line for ch in "，。；！？"):
            continue
        edits.append(Edit(m.start(2), m.end(2), "", "spacing", "padded_name", note=f"name={m[1]}{m[3]}"))
    return edits


# --------------------------------------------------------------------------- punctuation


def _protected(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in P.PROTECTED_RE.finditer(text)]


def _inside(spans: list[tuple[int, int]], i: int) -> bool:
    return any(s <= i < e for s, e in spans)


def _neighbour(text: str, i: int, step: int) -> tuple[str, int]:
    """The nearest character from ``i`` in direction ``step`` that is not a space or tab."""
    j = i + step
    while 0 <= j < len(text) and text[j] in " \t":
        j += step
    return (text[j] if 0 <= j < len(text) else ""), j


def convert_ascii_punctuation(text: str) -> list[Edit]:
    """ASCII ``, ; : ? ! ( )`` inside Chinese text become ``，；：？！（）``.

    Decided by context: ``, ; :`` change when a Chinese character or Chinese punctuation is next
    to them; ``? !`` when they close Chinese text; brackets when they enclose Chinese or open
    right after it. Spaces around a changed mark go with it. Untouched: numbers (``1,000``,
    ``12:30``), URLs, e-mail addresses, inline code and English text. An unmatched bracket is
    flagged.

    >>> fix("生产力,这是基本观点(保护创新)。1,000 and f(x)", convert_ascii_punctuation)
    '生产力，这是基本观点（保护创新）。1,000 and f(x)'
    """
    spans = _protected(text)
    edits: list[Edit] = []
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if ch not in P.ASCII_TO_FULL or _inside(spans, i):
            continue
        if ch == "(":
            stack.append(i)
            continue
        if ch == ")":
            if stack:
                pairs.append((stack.pop(), i))
            else:
                edits.append(
                    Edit(
                        i,
                        i + 1,
                        ")",
                        "anomaly",
                        "unbalanced_bracket",
                        action="flagged",
                        note="closing bracket without an opening one",
                    )
                )
            continue
        prev, pj = _neighbour(text, i, -1)
        nxt, nj = _neighbour(text, i, +1)
        if ch in ",:" and text[i - 1 : i].isdigit() and text[i + 1 : i + 2].isdigit():
            continue  # 1,000 and 12:30
        if ch in "?!":
            convert = P.is_zh(prev)
        else:
            convert = P.is_zh(prev) or P.is_zh(nxt)
        if convert:
            start = pj + 1 if P.is_zh(prev) else i
            end = nj if P.is_zh(nxt) or nj >= len(text) else i + 1
            edits.append(Edit(start, end, P.ASCII_TO_FULL[ch], "punctuation", "ascii_punct_in_chinese"))
    for i in stack:
        edits.append(
            Edit(
                i,
                i + 1,
                "(",
                "anomaly",
                "unbalanced_bracket",
                action="flagged",
                note="opening bracket without a closing one",
            )
        )
    for o, c in pairs:
        inner = text[o + 1 : c]
        prev = text[o - 1] if o else ""
        if P.CJK_RE.search(inner) or P.is_zh(prev):
            edits.append(Edit(o, o + 1, "（", "punctuation", "ascii_punct_in_chinese"))
            edits.append(Edit(c, c + 1, "）", "punctuation", "ascii_punct_in_chinese"))
    return _drop_overlaps(edits)


def _drop_overlaps(edits: list[Edit]) -> list[Edit]:
    out, pos = [], -1
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start >= pos or e.action == "flagged":
            out.append(e)
            pos = max(pos, e.end)
    return out


# --------------------------------------------------------------------------- flags


def flag_latin_function_words(text: str) -> list[Edit]:
    """Flag an English function word between Chinese characters (``确权 and 高效``).

    It may be an OCR slip for 和 or an editing leftover; a person decides, so nothing changes.
    """
    return [
        Edit(
            m.start(),
            m.end(),
            m.group(),
            "anomaly",
            "latin_function_word",
            action="flagged",
            note=f"English {m.group().strip()!r} between Chinese characters",
        )
        for m in P.LATIN_FUNCTION_WORD_RE.finditer(text)
    ]


#: The default order: markup and metadata first (so footers are not taken for seams), then
#: seams, spacing, punctuation, and flags last (they see the text as it will be written).
DEFAULT_FIXERS: tuple[Fixer, ...] = (
    strip_markdown_emphasis,
    move_editor_credit,
    move_journal_footer,
    join_page_seams,
    break_remaining_pages,
    close_padded_names,
    convert_ascii_punctuation,
    flag_latin_function_words,
)
