"""Lines and blocks of a text with their offsets: the view both repair and segment work on."""

from __future__ import annotations

import re
from collections.abc import Container
from typing import NamedTuple

from qikan import conventions as C

_TERMINATOR_RE = re.compile("[\n\f]")
_BLANK = C.BLANK  # the blanks that pad or indent a line


class Line(NamedTuple):
    """One line of a text: a light immutable record (a document holds thousands, parsed often)."""

    start: int  #: offset of the line's first character
    end: int  #: offset after its last character (terminator excluded)
    text: str  #: the line without its terminator
    ends_page: bool  #: a form feed follows the line
    blank: bool = False  #: nothing but blanks (computed by the parser)


#: The last few texts' lines and blocks: the fixers and segment each ask for the same text's
#: lines and blocks (≈ 16 and 12 times per document); one parse serves them all. Callers get
#: fresh lists (the ``Line`` objects are frozen and shared), so mutating a result is harmless.
_MEMO: dict[tuple[str, str], list] = {}
_MEMO_SIZE = 4


def _memo(kind: str, text: str, make):
    key = (kind, text)
    hit = _MEMO.get(key)
    if hit is None:
        hit = make(text)
        try:
            while len(_MEMO) >= _MEMO_SIZE:
                _MEMO.pop(next(iter(_MEMO)), None)
        except (RuntimeError, StopIteration):  # another thread changed it meanwhile: harmless
            pass
        _MEMO[key] = hit
    return hit


def lines(text: str) -> list[Line]:
    return list(_memo("lines", text, _parse_lines))


def _parse_lines(text: str) -> list[Line]:
    # a line ends at a newline or a form feed; the last line needs no terminator, and a text
    # ending with one has no empty line after it
    out = []
    append = out.append
    strip = str.strip
    new = tuple.__new__  # a ``Line`` from its fields, without ``Line(...)``'s keyword handling (2× faster)
    pos = 0
    if "\f" not in text:
        for body in text.split("\n"):
            end = pos + len(body)
            append(new(Line, (pos, end, body, False, not strip(body, _BLANK))))
            pos = end + 1
    else:
        for m in _TERMINATOR_RE.finditer(text):
            end = m.start()
            body = text[pos:end]
            append(new(Line, (pos, end, body, text[end] == "\f", not strip(body, _BLANK))))
            pos = end + 1
        body = text[pos:]
        append(new(Line, (pos, len(text), body, False, not strip(body, _BLANK))))
    if out and not out[-1].text and out[-1].start == len(text):
        out.pop()  # the text ends with a terminator (or is empty)
    return out


def blocks(text: str, *, skip: Container[int] = ()) -> list[list[Line]]:
    """Runs of non-blank lines; a blank line or a form feed ends a block.

    Lines starting at an offset in ``skip`` count as blank (segment drops the front-matter
    lines it has already read this way)."""
    if not skip:
        return [list(b) for b in _memo("blocks", text, _parse_blocks)]
    return _parse_blocks(text, skip)


def _parse_blocks(text: str, skip: Container[int] = ()) -> list[list[Line]]:
    out: list[list[Line]] = []
    cur: list[Line] = []
    for line in _memo("lines", text, _parse_lines):
        if line.blank or line.start in skip:
            if cur:
                out.append(cur)
                cur = []
            continue
        cur.append(line)
        if line.ends_page:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def block_span(block: list[Line]) -> tuple[int, int]:
    """Offsets of a block's text without leading indentation and trailing spaces."""
    first, last = block[0], block[-1]
    start = first.start + (len(first.text) - len(first.text.lstrip(_BLANK)))
    end = last.start + len(last.text.rstrip(_BLANK))
    return start, end
