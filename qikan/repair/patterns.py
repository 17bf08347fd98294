"""Character classes and compiled patterns shared by the fixers, each with why it exists."""

from __future__ import annotations

import re

#: CJK ideographs: Extension A, the URO, compatibility ideographs, Extensions B–F.
CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
CJK = f"[{CJK_RANGES}]"
CJK_RE = re.compile(CJK)

#: Full-width punctuation used in Chinese running text.
ZH_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—～·〔〕［］"

#: Characters that end a sentence or paragraph (with the closing marks that may follow).
TERMINAL = "。！？…!?.．"
CLOSERS = "”’」』）)】》〕］"

#: Punctuation a sentence continues after: a break right after one of these is not a paragraph end.
CONTINUING = "，、；：（“‘《〈【「『—,;:("

#: A line that is a heading or a list item: never joined to the text before it.
#: Markdown ``#``, Chinese numbering 一、 （一） 第一章 第一节, Arabic 1． 1.1 1.1.1, and
#: unnumbered headings such as 引言 / 结语 / 参考文献 on a line of their own.
HEADING_RE = re.compile(
    r"""^[ \t]*(?:
        \#{1,6}\s                                   # Markdown heading
      | [一二三四五六七八九十百]+[、．.]             # 一、
      | [（(][一二三四五六七八九十百]+[）)]          # （一）
      | 第[一二三四五六七八九十百零\d]+[章节篇部分] # 第一章 第二节
      | \d{1,2}(?:\.\d{1,2}){1,3}(?:\s|[^\d.])      # 1.1  1.1.1
      | \d{1,2}[．.、](?!\d)                         # 1． 1、
      | [（(]\d{1,2}[）)]                            # （1）
      | (?:引言|前言|结论|结语|致谢|附录|参考文献|摘\s*要|关键词)\s*$
    )""",
    re.VERBOSE,
)

#: An author line of a forum article: a 2–4 character name, a space, the affiliation/role.
AUTHOR_LINE_RE = re.compile(
    rf"^(?P<name>{CJK}(?:[ \u3000]?{CJK}){{1,3}}|{CJK}{{1,4}}·{CJK}{{1,6}})[ \u3000]+(?P<rest>\S[^\n]{{1,120}})$"
)

#: URLs, e-mail addresses and inline code: punctuation inside them is never touched.
PROTECTED_RE = re.compile(
    r"(?:https?|ftp)://[^\s，。；、）》]+"
    r"|www\.[^\s，。；、）》]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|`[^`\n]+`"
)

#: ASCII punctuation that has a full-width counterpart in Chinese text.
ASCII_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}

#: A Latin function word written between Chinese characters: an OCR or editing slip
#: (``确权 and 高效``) that a person must judge, so it is flagged, never changed.
LATIN_FUNCTION_WORD_RE = re.compile(
    rf"(?<={CJK})[ \t]*\b(?:and|or|the|of|to|in|for|with|on|by|at|from|as|is|are|was|were|be)\b[ \t]*(?={CJK})",
    re.IGNORECASE,
)

#: The responsible editor's credit closing an article: (责任编辑 迟凤玲) / （责任编辑：迟凤玲）.
EDITOR_CREDIT_RE = re.compile(
    r"^[ \t\u3000]*[(（][ \t\u3000]*责任编辑[：:\s\u3000]*(?P<name>[^()（）\n]{1,30}?)[ \t\u3000]*[)）][ \t\u3000]*$\n?",
    re.MULTILINE,
)

#: Lines of a journal footer/masthead block: a year, a pinyin/English title, a short CJK name.
YEAR_LINE_RE = re.compile(r"^(?:19|20)\d{2}(?:年)?$")
LATIN_TITLE_RE = re.compile(r"^[A-Z][A-Za-z]+(?:[ \-][A-Za-z&]+){1,8}$")
CJK_NAME_LINE_RE = re.compile(rf"^{CJK}{{2,16}}$")

#: Markdown bold markers ``**…**`` around a span on one line.
EMPHASIS_RE = re.compile(r"\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*")

#: A two-character name padded to the width of three (``伊 彤``) at the start of a short line.
PADDED_NAME_RE = re.compile(rf"^({CJK})([ \u3000]+)({CJK})(?=[ \u3000]+\S)", re.MULTILINE)


def is_cjk(ch: str) -> bool:
    return bool(ch) and CJK_RE.match(ch) is not None


def is_zh(ch: str) -> bool:
    """A Chinese ideograph or Chinese full-width punctuation."""
    return is_cjk(ch) or (bool(ch) and ch in ZH_PUNCT)
