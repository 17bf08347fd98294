"""Flags: what no rule can decide with confidence is shown to a person, never changed."""

from __future__ import annotations

import re

from qikan.blocks import blocks
from qikan.repair import patterns as P
from qikan.repair.engine import Edit, flag_char, flag_span

#: A function word after a blank or after a character of the CJK ranges that may be no word
#: character (Extension A, the URO's late additions, the compatibility block, the supplementary
#: planes: their unassigned code points are not ``\w``): before every match of
#: ``LATIN_FUNCTION_WORD_RE`` stands one of these (a word character there would fail ``\b``). A
#: scan without lookbehind, ~10× cheaper, finds the lines the pattern then reads.
_FUNCTION_WORD_HINT_RE = re.compile(
    "[ \t\u3400-\u4dbf\u9fa6-\u9fff\uf900-\ufaff\U00020000-\U0002ebef](?i:"
    + re.search(r"\\b\(\?:([^)]*)\)\\b", P.LATIN_FUNCTION_WORD_RE.pattern).group(1)
    + ")"
)


def flag_latin_function_words(text: str) -> list[Edit]:
    """Flag an English function word between Chinese characters (``确权 and 高效``).

    It may be an OCR slip for 和 or an editing leftover; a person decides, so nothing changes.
    An English phrase next to Chinese (``使用 Linux 系统``) is not a function word and is left.

    >>> [e.note for e in flag_latin_function_words("数据确权 and 高效流通")]
    ["English 'and' between Chinese characters"]
    """
    edits = []
    taken = -1
    n = len(text)
    for hint in _FUNCTION_WORD_HINT_RE.finditer(text):
        # the one match this word can be part of starts where the blanks before it start, and
        # ends with the blanks after it (the character after them is looked at, not taken)
        start = hint.start() + 1
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        end = hint.end()
        while end < n and text[end] in " \t":
            end += 1
        if start <= taken:
            continue
        for m in P.LATIN_FUNCTION_WORD_RE.finditer(text, start, min(n, end + 1)):
            edits.append(
                flag_span(
                    m.start(),
                    m.group(),
                    "latin_function_word",
                    f"English {m.group().strip()!r} between Chinese characters",
                )
            )
            taken = m.end()
    return edits


#: Every opening and closing mark ``flag_unbalanced_pairs`` tracks.
_PAIR_MARKS_RE = re.compile("[" + re.escape("".join(P.PAIRS) + "".join(P.PAIRS.values())) + "]")


def flag_unbalanced_pairs(text: str) -> list[Edit]:
    """Flag an opening “ （ 《 「 『 【 〔 without its closing mark in the same paragraph, or a
    closing mark without its opening one (a lost character or a broken join).

    Balanced and nested pairs are left alone; ASCII brackets are checked by the punctuation
    fixer, which sees them before conversion.

    >>> [e.note for e in flag_unbalanced_pairs("“劳动生产力总是在不断地变化。")]
    ['“ without ”']
    >>> flag_unbalanced_pairs("“卡脖子”问题（见《报告》）。")
    []
    """
    closing = {v: k for k, v in P.PAIRS.items()}
    edits: list[Edit] = []
    for b in blocks(text):
        start, end = b[0].start, b[-1].end
        stack: list[tuple[str, int]] = []
        for m in _PAIR_MARKS_RE.finditer(text, start, end):  # only the marks, not every character
            i, ch = m.start(), m.group()
            if ch in P.PAIRS:
                stack.append((ch, i))
            elif ch in closing:
                if stack and stack[-1][0] == closing[ch]:
                    stack.pop()
                elif any(o == closing[ch] for o, _ in stack):
                    while stack[-1][0] != closing[ch]:
                        o, j = stack.pop()
                        edits.append(_pair_flag(j, o, f"{o} without {P.PAIRS[o]}"))
                    stack.pop()
                else:
                    edits.append(_pair_flag(i, ch, f"{ch} without {closing[ch]}"))
        edits += [_pair_flag(j, o, f"{o} without {P.PAIRS[o]}") for o, j in stack]
    return sorted(edits, key=lambda e: e.start)


def _pair_flag(i: int, ch: str, note: str) -> Edit:
    return flag_char(i, ch, "unbalanced_quote" if ch in "“”" else "unbalanced_bracket", note)


def flag_unexpected_characters(text: str) -> list[Edit]:
    """Flag characters outside the scripts a Chinese journal holds: the replacement character
    ``\\ufffd``, private-use glyphs from PDF fonts, Cyrillic or Hangul in a Chinese text.

    Chinese, Latin (with accents), Greek, digits, kana, and the usual punctuation, symbol and
    full-width blocks are expected and never flagged.

    >>> [e.note for e in flag_unexpected_characters("新质生产力\\ufffd\\ufffd发展")]
    ['U+FFFD U+FFFD']
    >>> flag_unexpected_characters("α粒子，约 3×10⁵ 次，①②，Müller 等。")
    []
    """
    edits = []
    pos = 0
    # the runs ``UNEXPECTED_RE.finditer`` gives: each found by a scan for its first character
    # (a class alone is scanned 3× faster than the class repeated), then read whole
    while (hit := _UNEXPECTED_CHAR_RE.search(text, pos)) is not None:
        m = P.UNEXPECTED_RE.match(text, hit.start())
        edits.append(
            flag_span(m.start(), m.group(), "unexpected_char", " ".join(f"U+{ord(c):04X}" for c in m.group()[:8]))
        )
        pos = m.end()
    return edits


#: One character of ``UNEXPECTED_RE``'s runs.
_UNEXPECTED_CHAR_RE = re.compile(P.UNEXPECTED_RE.pattern.removesuffix("+"))
