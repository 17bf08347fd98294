"""Character-level fixers: invisible and control characters, mojibake, full-width Latin, spaces.

Each is a pure function ``text -> list[Edit]`` (see ``engine``); none of them moves a line break.
"""

from __future__ import annotations

import re

from qikan import conventions as C
from qikan.repair import patterns as P
from qikan.repair.engine import Edit, fix, flag_span  # noqa: F401  (fix is used by the doctests)

_LINE_END_RE = re.compile("[\n\f]")


def line_groups(text: str, offsets: list, key=None) -> list[tuple[int, int, list]]:
    """``offsets`` (ascending; or items whose ``key`` is one) grouped by the line of ``text`` they
    fall on: ``(line start, line end, items)`` per line holding any, in order. Linear in the text."""
    out: list[tuple[int, int, list]] = []
    end = -1
    for item in offsets:
        h = item if key is None else key(item)
        if h < end:
            out[-1][2].append(item)
            continue
        # back to the line's start, no further than the last line taken
        start = max(text.rfind("\n", end + 1, h), text.rfind("\f", end + 1, h), end) + 1
        e = _LINE_END_RE.search(text, h)
        end = e.start() if e else len(text)
        out.append((start, end, [item]))
    return out


# --------------------------------------------------------------------------- noise


#: Any character ``INVISIBLE_RE``, ``CONTROL_RE`` or ``C1_RE`` matches (one scan instead of three).
_NOISE_RE = re.compile(
    "["
    + "".join(rx.pattern.removeprefix("[").removesuffix("]+") for rx in (P.INVISIBLE_RE, P.CONTROL_RE, P.C1_RE))
    + "]"
)


def remove_invisible_characters(text: str) -> list[Edit]:
    """Remove zero-width characters, stray BOMs, soft hyphens, NUL and other C0 controls.

    PDF text layers and web exports carry them between Chinese characters, where they split
    words for search and tokenizers. Tab, newline and form feed (the page break) are kept;
    C1 controls (U+0080–U+009F) are flagged, not removed: they are usually the trace of a
    wrong decoding that a person should look at.

    >>> fix("新质\\u200b生产力\\x00", remove_invisible_characters)
    '新质生产力'
    """
    if not _NOISE_RE.search(text):
        return []  # the usual case, found by one scan for a single character
    edits = [
        Edit(m.start(), m.end(), "", "noise", "invisible_char", note=_codes(m.group()))
        for m in P.INVISIBLE_RE.finditer(text)
    ]
    edits += [
        Edit(m.start(), m.end(), "", "noise", "control_char", note=_codes(m.group()))
        for m in P.CONTROL_RE.finditer(text)
    ]
    edits += [flag_span(m.start(), m.group(), "c1_control", _codes(m.group())) for m in P.C1_RE.finditer(text)]
    return edits


def _codes(s: str) -> str:
    return " ".join(f"U+{ord(c):04X}" for c in s)


_FTFY_CONFIG = None


def _ftfy_config():
    """ftfy restricted to undoing wrong decodings: no width, quote, ligature or NFC changes."""
    global _FTFY_CONFIG
    if _FTFY_CONFIG is None:
        from ftfy import TextFixerConfig

        _FTFY_CONFIG = TextFixerConfig(
            unescape_html=False,
            remove_terminal_escapes=False,
            fix_encoding=True,
            restore_byte_a0=True,
            replace_lossy_sequences=False,
            decode_inconsistent_utf8=True,
            fix_c1_controls=False,
            fix_latin_ligatures=False,
            fix_character_width=False,
            uncurl_quotes=False,
            fix_line_breaks=False,
            fix_surrogates=True,
            remove_control_chars=False,
            normalization=None,
            explain=False,
        )
    return _FTFY_CONFIG


#: A character every match of ``MOJIBAKE_SUSPECT_RE`` or ``LOST_TEXT_RE`` opens with: one scan of
#: one class finds them all (an alternation of the two patterns gets no prefix scan: 4× slower).
_MOJIBAKE_HINT_RE = re.compile("[\u00c2-\u00ef锟烫屯]")


def fix_mojibake(text: str) -> list[Edit]:
    """Undo UTF-8 read as Latin-1/cp1252 (``ä¸­æ–‡`` → ``中文``) with ftfy, configured safely.

    Only lines that hold a suspicious Latin-1 pair are given to ftfy, and its answer is taken
    only when it has more Chinese characters and no line break moved. Text already destroyed
    by a lossy round trip (``锟斤拷``, ``烫烫烫``) cannot be recovered: it is flagged. Chinese
    punctuation, full-width forms and curly quotes are never touched (ftfy's defaults would).

    >>> fix("新质生产力ä¸­æ–‡。", fix_mojibake)
    '新质生产力中文。'
    """
    edits: list[Edit] = []
    # where a match of either pattern starts: the lines holding one are read, the others not
    hits = [
        i
        for i in map(re.Match.start, _MOJIBAKE_HINT_RE.finditer(text))
        if text[i] in "锟烫屯" or P.MOJIBAKE_SUSPECT_RE.match(text, i)
    ]
    for line_start, line_end, _ in line_groups(text, hits):
        line = text[line_start:line_end]
        if P.MOJIBAKE_SUSPECT_RE.search(line):
            from ftfy import fix_text

            fixed = fix_text(line, _ftfy_config())
            if fixed != line and len(C.CJK_RE.findall(fixed)) > len(C.CJK_RE.findall(line)):
                edits.append(
                    Edit(line_start, line_end, fixed, "noise", "mojibake", confidence=0.9, note="ftfy fix_encoding")
                )
                continue
        for lost in P.LOST_TEXT_RE.finditer(line):
            s = line_start + lost.start()
            edits.append(
                flag_span(
                    s, lost.group(), "lost_text", "characters lost in a GBK/UTF-8 round trip; re-extract the source"
                )
            )
    return edits


# --------------------------------------------------------------------------- width


#: One character of ``FULLWIDTH_ALNUM_RE`` (a scan for it is cheaper than for the runs).
_FULLWIDTH_HINT_RE = re.compile(P.FULLWIDTH_ALNUM_RE.pattern.removesuffix("+"))


#: A run of ideographic spaces, spelt with its first one apart so the scan looks for that literal
#: (``\u3000+`` is tried at every position: 20× slower).
_IDEOGRAPHIC_SPACES_RE = re.compile("\u3000\u3000*")


def normalize_fullwidth_alnum(text: str) -> list[Edit]:
    """Full-width Latin letters and digits become half-width (``Ａ１`` → ``A1``).

    A full-width space between two such characters becomes an ASCII space. Chinese punctuation
    (，。：（）) and the full-width space of an indent or between Chinese characters stay: this
    is deliberately not NFKC.

    >>> fix("２０２４年第３期，ＧＤＰ增长", normalize_fullwidth_alnum)
    '2024年第3期，GDP增长'
    """
    edits = []
    if _FULLWIDTH_HINT_RE.search(text):
        edits += [
            Edit(m.start(), m.end(), "".join(chr(ord(c) - 0xFEE0) for c in m.group()), "width", "fullwidth_alnum")
            for m in P.FULLWIDTH_ALNUM_RE.finditer(text)
        ]
    if "\u3000" not in text:
        return edits
    alnum = re.compile(r"[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
    for m in _IDEOGRAPHIC_SPACES_RE.finditer(text):
        s, e = m.span()
        if s > 0 and e < len(text) and alnum.match(text[s - 1]) and alnum.match(text[e]):
            edits.append(Edit(s, e, " ", "width", "fullwidth_space"))
    return edits


# --------------------------------------------------------------------------- spaces

#: A run of blanks between two Chinese characters or marks. The lookbehind follows the run's first
#: blank, so the scan looks for blanks alone (put first, it was tried at every position: 5× slower).
_STRAY_SPACE_RE = re.compile(
    rf"[ \t\u3000](?<=[{C.CJK_RANGES}{C.ZH_PUNCT}].)[ \t\u3000]*(?=[{C.CJK_RANGES}{C.ZH_PUNCT}])"
)


def remove_stray_cjk_spaces(text: str) -> list[Edit]:
    """Remove spaces between Chinese characters (and Chinese punctuation) inside prose.

    Only lines that read as prose are touched (they hold ，。；！？ or run past 50 characters):
    a title, an author line (``杨瑞龙 中国人民大学国家一级教授``) or a list of names keeps its
    spaces, and so does the space after a heading's numbering (``第一章 绪论``, ``（一） 引言``).
    Spaces between Chinese and Latin text or digits stay as written.

    A space between two phrases of a title (``加快建设科技强国　实现高水平科技自立自强``)
    separates them on purpose: it stays inside a cited title (a reference entry, ``《…》``) and on
    a short title-like line (no 。；！？), where only the padding of a lone character (a name,
    ``王　华``) goes. A full-width space between two phrases of four or more characters in
    running prose may be either, so it is flagged and left.

    >>> fix("新质生产力 是推动高质量发展的内在要求， 也是 Linux 用户的需要。", remove_stray_cjk_spaces)
    '新质生产力是推动高质量发展的内在要求，也是 Linux 用户的需要。'
    >>> fix("习近平．加快建设科技强国\\u3000实现高水平科技自立自强［J］．求是，2022", remove_stray_cjk_spaces)
    '习近平．加快建设科技强国\\u3000实现高水平科技自立自强［J］．求是，2022'
    """
    edits = []
    # the matches as one scan of the text finds them (the same as line by line: a match never
    # touches a line end), read line by line; a line without any has nothing to remove
    for line_start, line_end, found in line_groups(text, list(_STRAY_SPACE_RE.finditer(text)), key=re.Match.start):
        line = text[line_start:line_end]
        if len(line) <= 50 and not any(ch in line for ch in C.PROSE_PUNCT):
            continue
        if "\t" in line.strip(" \t\u3000"):
            continue  # a table row: its tabs separate cells (a PDF table is written so)
        keep = -1
        if (C.numbering(line) or C.heading(line)) and (h := C.NUMBERING_RE.match(line)):
            keep = h.end()
        titled = _title_spans(line)
        for s in found:
            start, end, gap = s.start(), s.end(), s.group()
            s_start, s_end = start - line_start, end - line_start  # in the line
            if s_start == 0 or s_start <= keep <= s_end:
                continue
            left, right = _cjk_run(line, s_start, -1), _cjk_run(line, s_end, +1)
            if min(left, right) >= 2 and any(a <= s_start < b for a, b in titled):
                continue  # two phrases of a title
            if min(left, right) >= 4 and "\u3000" in gap:
                edits.append(
                    flag_span(
                        start,
                        gap,
                        "phrase_space",
                        "full-width space between two phrases: a title's separator or a stray space?",
                    )
                )
                continue
            edits.append(Edit(start, end, "", "spacing", "stray_cjk_space"))
    return edits


def _cjk_run(line: str, i: int, step: int, most: int = 4) -> int:
    """How many Chinese characters run from ``i`` (leftwards from ``i - 1`` when ``step`` is -1),
    counted up to ``most`` (the callers compare with 2 and 4: a long run need not be walked)."""
    j, n = (i - 1 if step < 0 else i), 0
    while n < most and 0 <= j < len(line) and C.is_cjk(line[j]):
        j += step
        n += 1
    return n


def _title_spans(line: str) -> list[tuple[int, int]]:
    """Where ``line`` holds a title: the whole of a reference entry or of a short title-like line
    (no 。；！？, not ending like a clause), and every ``《…》``."""
    s = line.strip(" \t\u3000")
    # ``REFERENCE_LINE_RE.search``: its anchored branch tried at the start, its other branch
    # (``REFERENCE_TYPE_RE``) searched alone, a scan for its opening bracket (the alternation is
    # tried at every position of a paragraph run on for thousands of characters)
    if (
        C.REFERENCE_LINE_RE.match(line)
        or C.REFERENCE_TYPE_RE.search(line)
        or (len(s) <= 40 and not any(ch in s for ch in C.SPLIT_END) and s[-1:] not in "，、：:")
    ):
        return [(0, len(line))]
    return [(b.start(), b.end()) for b in re.finditer(r"《[^《》]*》", line)]
