"""How Chinese journals print things: the one home of the conventions every stage reads.

Repair (``qikan.repair``), segmentation, front matter, references and the PDF path all need to
know what a Chinese character is, where a sentence ends, what a heading, a page number, a
caption, a table-of-contents line, a reference-list heading or a front-matter label looks like,
and when two lines of a page belong to one paragraph. Each of those is written here once, with
its positive and negative examples in ``tests/test_conventions.py``.

Decisions recorded here (the case table holds them):

* Headings, by named style and rank (a document's levels are the ranks it uses, renumbered):
  ``第一部分``/``第一篇`` (part) > ``第一章`` (chapter) > ``第一节`` (section) > ``一、`` >
  ``（一）`` > ``1.``/``1．``/``1、``/``1 引言`` > ``1.1`` > ``1.1.1`` > ``1.1.1.1`` > ``(1)``.
  ``1 引言`` (a number and a gap) is a heading only as a whole short line whose text starts
  like a title (a number before a unit, ``3 个``, or a row of numbers is not); ``(1) 方法`` is
  a heading as a whole short line, and a list item otherwise; the unnumbered 引言, 绪论,
  结论, 结语, 致谢, 附录 … on a line of their own are headings of the top rank (``plain``).
  A line ending in a full stop (``。``, ``．``, a word's ``.``) is a sentence, a numbered list
  item (``4. 按^A n 来在多个窗口间转换.``), never a heading; a question may be one (``谁在系统里？``).
* Page numbers: a line holding only ``23``, ``xii``, ``· 23 ·``, ``— 65 —``, ``- 23 -``,
  ``12/223``, ``第 3 页`` or ``第3页/共10页``. A bare number (arabic or roman) is ambiguous
  alone: the caller checks that the numbers run with the pages.
* A space between Chinese and Latin text is the author's (``表示 Medium``): it is kept, and a
  line break between them becomes a space only when the author put one beside it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# --------------------------------------------------------------------------- characters

#: CJK ideographs: Extension A, the URO, compatibility ideographs, Extensions B–F.
CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
CJK = f"[{CJK_RANGES}]"
CJK_RE = re.compile(CJK)

#: Full-width punctuation used in Chinese running text.
ZH_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—～·〔〕［］"

#: Blanks that pad or indent a line: space, tab, the ideographic space.
BLANK = " \t\u3000"


#: Answers of ``is_cjk`` and ``is_zh`` by character: they are asked hundreds of thousands of times
#: per document, about a few thousand distinct characters (bounded, so odd arguments cannot grow it).
_CJK_MEMO: dict[str, bool] = {}
_ZH_MEMO: dict[str, bool] = {}
_MEMO_MAX = 1 << 16


def is_cjk(ch: str) -> bool:
    """A Chinese ideograph."""
    try:
        return _CJK_MEMO[ch]
    except KeyError:
        pass
    answer = bool(ch) and CJK_RE.match(ch) is not None
    if len(_CJK_MEMO) < _MEMO_MAX:
        _CJK_MEMO[ch] = answer
    return answer


def is_zh(ch: str) -> bool:
    """A Chinese ideograph or Chinese full-width punctuation."""
    try:
        return _ZH_MEMO[ch]
    except KeyError:
        pass
    answer = is_cjk(ch) or (bool(ch) and ch in ZH_PUNCT)
    if len(_ZH_MEMO) < _MEMO_MAX:
        _ZH_MEMO[ch] = answer
    return answer


def is_wide(ch: str) -> bool:
    """A character set in a full cell: CJK ideographs, kana, CJK and full-width punctuation,
    full-width Latin letters and digits. Justified Chinese puts no word space between two.

    >>> is_wide("中"), is_wide("，"), is_wide("ｄ"), is_wide("d"), is_wide("“")
    (True, True, True, False, False)
    """
    return bool(ch) and unicodedata.east_asian_width(ch[0]) in "WF"


@lru_cache(maxsize=1 << 16)
def display_width(s: str) -> int:
    """Width in half-width cells as the page prints it: CJK characters, full-width punctuation
    and full-width Latin letters and digits (``ｄｅｂｃｏｎｆ``) take two."""
    if s.isascii():
        return len(s)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


_HALFWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def to_halfwidth(s: str) -> str:
    """Full-width Latin letters, digits and ASCII symbols as half-width (for reading numbers and
    names out of a running head, never for the text itself: ``，`` stays ``，`` there).

    >>> to_halfwidth("２０２４年第３期")
    '2024年第3期'
    """
    return s.translate(_HALFWIDTH)


# --------------------------------------------------------------------------- sentence ends

#: The Chinese marks that end a sentence.
SENTENCE_END = "。！？"
#: What may end a sentence or a paragraph at a line end: the Chinese marks, the ellipsis, and
#: their Latin and full-width-period forms.
TERMINAL = SENTENCE_END + "…!?.．"
#: Where the sentence splitter cuts: the sentence ends and the semicolon (a clause of its own).
SPLIT_END = SENTENCE_END + "；"
#: Closing marks that may follow a sentence end (``…。”``, ``（见附录。）``).
CLOSERS = "”’」』）)】》〕］"
#: ASCII closers a sentence may also end with in running text (``…"``, ``[1]``).
CLOSERS_ASCII = "]\"'"
#: Punctuation a sentence continues after: a break right after one of these is no paragraph end.
CONTINUING = "，、；：（“‘《〈【「『—,;:("
#: Marks that show a line is running prose (a title, a label or a name has none of them).
PROSE_PUNCT = "，。；！？"


def ends_sentence(line: str) -> bool:
    """Whether ``line`` (trailing blanks ignored) ends at a sentence end; a closing quote or
    bracket at the end counts too (``…。”``, a bracketed note).

    >>> ends_sentence("这是正确的。"), ends_sentence("他说：“好。”"), ends_sentence("产生整")
    (True, True, False)
    """
    s = line.rstrip(BLANK)
    return bool(s) and (s[-1] in TERMINAL or s[-1] in CLOSERS)


# --------------------------------------------------------------------------- headings

ZH_NUM = "一二三四五六七八九十百零〇"
_GAP = r"[ \t\u3000]*"
#: Units and measure words after a number in running text (``3.14亿元``, ``2 个``): no heading.
UNITS = "亿万千百元%％个年月日倍次人家项件种位篇所台吨米克"
#: What follows the number of a cross-reference or a count, never a heading's number.
_NOT_TITLE = UNITS + "节章表图式页条款"


@dataclass(frozen=True)
class HeadingStyle:
    name: str
    rank: int  #: higher ranks nest under lower ones
    number: str  #: the numbering at the line start (a regular expression)
    example: str
    #: the number alone marks no heading (``1 引言`` vs ``1 个``): only a whole heading line counts
    bare: bool = False


#: Every numbering style, most specific first.
HEADING_STYLES: tuple[HeadingStyle, ...] = (
    HeadingStyle("part", 0, rf"第{_GAP}[{ZH_NUM}\d]+{_GAP}(?:部分|篇)", "第一部分 总论"),
    HeadingStyle("chapter", 1, rf"第{_GAP}[{ZH_NUM}\d]+{_GAP}章|Chapter[ \t]+\d+|CHAPTER[ \t]+\d+", "第一章 绪论"),
    HeadingStyle("section", 2, rf"第{_GAP}[{ZH_NUM}\d]+{_GAP}节", "第二节 方法"),
    HeadingStyle("zh_number", 3, rf"[{ZH_NUM}]+[、．.]", "一、引言"),
    HeadingStyle("zh_paren", 4, rf"[（(][{ZH_NUM}]+[）)]", "（一）研究背景"),
    HeadingStyle("arabic_4", 8, r"\d{1,2}(?:\.\d{1,2}){3}(?![\d.])", "1.1.1.1 细节"),
    HeadingStyle("arabic_3", 7, r"\d{1,2}\.\d{1,2}\.\d{1,2}(?![\d.])", "1.1.1 数据"),
    HeadingStyle("arabic_2", 6, r"\d{1,2}\.\d{1,2}(?![\d.])", "1.1 研究背景"),
    HeadingStyle("arabic", 5, r"\d{1,2}(?:[．、]|\.(?![\d.]))", "1. 引言"),
    HeadingStyle("arabic_gap", 5, r"\d{1,2}(?=[ \t\u3000])", "1 引言", bare=True),
    HeadingStyle("arabic_paren", 9, r"[（(]\d{1,2}[）)]", "(1) 方法"),
    HeadingStyle("markdown", 10, r"\#{1,6}(?=\s)", "## 二、结论"),
)
STYLE_BY_NAME = {s.name: s for s in HEADING_STYLES}

#: The numbering opening a line, one named group per style.
NUMBERING_RE = re.compile(r"^[ \t\u3000]*(?:" + "|".join(f"(?P<{s.name}>{s.number})" for s in HEADING_STYLES) + ")")

#: A Markdown heading line (an export's title ``# …``, its sections ``## …``): hashes and title
#: (``markdown_heading`` drops the closing hashes ``## 结论 ##``).
MARKDOWN_HEADING_RE = re.compile(r"^[ \t]*+(?P<hashes>#{1,6})[ \t]++(?P<title>[^\n]*\S)")
_CLOSING_HASHES_RE = re.compile(r"(?<![ \t])[ \t]+#+$")


def markdown_heading(line: str) -> tuple[int, str] | None:
    """The level and title of a Markdown heading line, or None.

    >>> markdown_heading("## 二、结论 ##"), markdown_heading("#标签"), markdown_heading("C# 语言")
    ((2, '二、结论'), None, None)
    """
    m = MARKDOWN_HEADING_RE.match(line)
    if m is None:
        return None
    return len(m["hashes"]), _CLOSING_HASHES_RE.sub("", m["title"]) or m["title"]


#: Unnumbered headings of articles and theses on a line of their own (letter-spaced or not); an
#: appendix's with its letter or number and title (``附录A 调查问卷``).
PLAIN_HEADING_RE = re.compile(
    r"^[ \t\u3000]*(?P<title>引[ \t\u3000]*言|前[ \t\u3000]*言|绪[ \t\u3000]*论|结[ \t\u3000]*论|结[ \t\u3000]*语|"
    r"结束语|致[ \t\u3000]*谢|后[ \t\u3000]*记|个人简历|作者简历|作者简介|攻读\S{0,8}期间\S{0,16}|"
    r"附[ \t\u3000]*录(?:[ \t\u3000]*[A-Z\d一二三四五六七八九十]+)?(?:[ \t\u3000]+\S(?:.*\S)?)?)"
    r"[ \t\u3000]*$"
)

#: The heading of a reference list, on a line of its own: 参考文献 / 参 考 文 献 (letter-spaced) /
#: ［参考文献］ / 参考文献： (full-width colon, the most common) / 主要参考文献 / 注释与参考文献 /
#: 参考文献（References） / References / REFERENCES. Blank runs are possessive (``*+``): a long
#: run of spaces is never split every possible way.
REFERENCES_HEADING_RE = re.compile(
    r"^[ \t\u3000]*+(?:#{1,6}[ \t]*+)?[［\[【]?[ \t\u3000]*+(?:(?:主要|注释与|注释及)?参[ \t\u3000]*考[ \t\u3000]*文[ \t\u3000]*献"
    r"(?:[ \t\u3000]*+[（(]?[ \t]*+References[ \t]*+[）)]?)?|References|REFERENCES)[ \t\u3000]*+[］\]】]?[ \t\u3000]*+[：:]?[ \t\u3000]*+$"
)

#: The number opening a reference-list entry: [1] ［1］ 【1】 (bracketed: up to five digits, no cap
#: at 999 — a bibliography may run past it), 1. 1． (1) (unbracketed: up to three, so ``2024．``
#: stays a year).
REFERENCE_ENTRY_RE = re.compile(
    r"^[ \t\u3000]*(?:[［\[【〔][ \t]*(?P<a>\d{1,5})[ \t]*[］\]】〕]|(?P<b>\d{1,3})[.．、](?!\d)|[（(](?P<c>\d{1,3})[）)])[ \t\u3000]*"
)

#: The document type codes of GB/T 7714-2015 (M 图书, C 会议录, G 汇编, N 报纸, J 期刊, D 学位论文,
#: R 报告, S 标准, P 专利, DB 数据库, CP 程序, EB 电子公告, A 档案, CM 舆图, DS 数据集, Z 其他) and
#: their carrier (/OL online, /CD, /MT tape, /DK disk).
REFERENCE_CODE = r"(?:CM|CP|DB|DS|EB|[ACDGJMNPRSZ])(?:/(?:OL|CD|MT|DK))?"

#: The document type code of a GB/T 7714 entry: [J] [M] [C] [D] [EB/OL] [J/OL] … (ASCII or full-width).
REFERENCE_TYPE_RE = re.compile(rf"[［\[][ \t]*(?P<code>{REFERENCE_CODE})[ \t]*[］\]]")

#: A line of a reference entry: its bracketed number at the start, or a type code anywhere.
REFERENCE_LINE_RE = re.compile(rf"^[ \t\u3000]*[［\[【〔][ \t]*\d{{1,5}}[ \t]*[］\]】〕]|{REFERENCE_TYPE_RE.pattern}")

#: The longest heading text.
MAX_HEADING = 40
#: A full stop ending a line: ``。``, ``．``, or ``.`` right after a word (Chinese set with ASCII
#: punctuation: ``使用"screen -r"启动screen.``), not after a blank or a period (``chmod -R ug+rwX .``,
#: ``cd ..``: a path, an ellipsis). A numbered list item is a sentence and often ends with one; a
#: heading is a title and never does. A question mark or an exclamation mark ends headings too
#: (``2.7.11 上传软件包的是谁？``): they tell nothing.
FULL_STOP_END_RE = re.compile(r"(?:[。．]|(?<![\s.])\.)$")
#: What a numbered heading's text starts with: Chinese, a quote or bracket, a Latin word after a
#: gap (not right after a period: ``1.txt`` is a file name).
TITLE_START_RE = re.compile(rf"{CJK}|[“‘《（(「【]|(?<=[ \t\u3000．、])[A-Za-z]")


#: What a heading (numbered, unnumbered, a reference list's, Markdown) can open with, besides digits.
_HEADING_FIRST = frozenset(ZH_NUM + "第引前绪结致后附参主个作攻［[【（(#CR")


def _counts(style: str, rest: str) -> bool:
    """Whether the number before ``rest`` counts or cites (``3 个``, ``5.5 节``, ``3.14亿元``): a unit
    follows it. Not after a number closed by its mark (``2．项目化管理``, ``1、年度计划``): a heading's."""
    return rest[:1] != "" and rest[0] in _NOT_TITLE and style != "arabic"


@dataclass(frozen=True)
class Heading:
    style: str  #: a ``HEADING_STYLES`` name, ``plain`` (unnumbered) or ``references``
    rank: int  #: -1 for unnumbered headings (the top level)
    title: str  #: the text after the numbering (the whole line for unnumbered ones)


def numbering(line: str) -> re.Match[str] | None:
    """The numbering that opens ``line`` when it marks a heading or a numbered item on its own
    (``一、`` ``（一）`` ``1.`` ``1.1`` ``第一章`` ``(1)`` ``##``): not the bare ``1 `` (see
    ``heading``), not a number with its unit (``3.14亿元``, ``5.5 节``). The match's
    ``lastgroup`` names the style.

    >>> numbering("（一）研究背景").lastgroup, numbering("1.1 研究背景").lastgroup
    ('zh_paren', 'arabic_2')
    >>> numbering("3.14亿元的投入"), numbering("1 引言")
    (None, None)
    """
    m = NUMBERING_RE.match(line)
    if m is None or STYLE_BY_NAME[m.lastgroup].bare:
        return None
    rest = line[m.end() :].lstrip(BLANK)
    if m.lastgroup.startswith("arabic") and _counts(m.lastgroup, rest):
        return None
    if m.lastgroup.startswith("arabic") and rest and not TITLE_START_RE.match(line, len(line) - len(rest)):
        return None  # 1.97~53.65, 2.5/3: a number in running text, no heading's
    return m


def heading(line: str) -> Heading | None:
    """``line`` read as a whole heading line, or None: a numbering style and a short title
    without a sentence end, an unnumbered heading (引言, 绪论 …) or a reference-list heading.

    >>> heading("1 引言"), heading("（一）数字经济与创新要素配置").rank
    (Heading(style='arabic_gap', rank=5, title='引言'), 4)
    >>> heading("1．加强基础研究，提升原始创新能力。") is None, heading("2 个方面") is None
    (True, True)
    """
    s = line.strip(BLANK)
    if s[:1] not in _HEADING_FIRST and not s[:1].isdigit():
        return None  # no heading opens with this character (most lines: prose)
    if REFERENCES_HEADING_RE.match(s):
        return Heading("references", -1, s.strip("#［］[]【】：: \t\u3000"))
    if not s or len(s) > MAX_HEADING + 8 or s[-1] in "。；，、：:,;" or "。" in s or FULL_STOP_END_RE.search(s):
        return None  # a sentence or a clause: a list item (4. 按^A n 来在多个窗口间转换.), no heading
    if toc_entry(s):
        return None
    if m := PLAIN_HEADING_RE.match(s):
        return Heading("plain", -1, m["title"])
    m = NUMBERING_RE.match(s)
    if m is None:
        return None
    style = STYLE_BY_NAME[m.lastgroup]
    title = s[m.end() :].strip(BLANK)
    if style.rank <= 2 and not title:
        return Heading(style.name, style.rank, title)  # 第一章 alone, its title on the next line
    if len(title) < 2 or len(title) > MAX_HEADING:
        return None
    if style.bare and any(ch in title for ch in PROSE_PUNCT):
        return None  # 3 小时后，系统重启: a wrapped line of prose that opens with a number
    if style.bare and re.search(r"\u3000|[ \t]{2}|[ \t\u3000]\d{1,4}年?$", title):
        return None  # 36　中 文 信 息 学 报　2024年: a running head with its page number
    if style.name.startswith("arabic") and style.name != "arabic_paren":
        if _counts(style.name, title) or not TITLE_START_RE.match(s, len(s) - len(title)):
            return None  # 3 个方面, 1 /usr/bin: a number with its unit, a path
        if re.search(r"\d[ \t\u3000]+\d", s):
            return None  # a table row of numbers
        if page_then_heading(s):
            return None  # 20 第三章 文档元素: a page number before a chapter's running head
    if not re.search(rf"{CJK}|[A-Za-z]{{2}}", title):
        return None
    return Heading(style.name, style.rank, title)


def opens_like_heading(line: str) -> bool:
    """Whether ``line`` opens like a heading: a numbering of any style at its start (the bare
    ``1 `` before a gap too), an unnumbered heading (引言, 绪论 …) or a reference-list heading on
    its line. A loose test, for where front matter ends at the latest (the first page's fields,
    a masthead, a footnote's value never run past such a line).

    >>> opens_like_heading("1　引言"), opens_like_heading("（一）研究背景"), opens_like_heading("参考文献：")
    (True, True, True)
    >>> opens_like_heading("2023年第3期"), opens_like_heading("北京大学信息管理系")
    (False, False)
    """
    return bool(NUMBERING_RE.match(line) or PLAIN_HEADING_RE.match(line) or REFERENCES_HEADING_RE.match(line))


#: A number and a gap opening a line (a page number before a running head's text).
_NUMBER_GAP_RE = re.compile(r"^[ \t\u3000]*\d{1,4}[ \t\u3000]+")


def page_then_heading(line: str) -> bool:
    """A running head printed page number first, then a heading with its numbering: a book's or
    thesis's even page (``12 第二章 用 LaTeX 排版文字``), never a heading itself.

    >>> page_then_heading("12 第二章 用 LaTeX 排版文字"), page_then_heading("20 一、引言"), page_then_heading("2 个方面")
    (True, True, False)
    """
    m = _NUMBER_GAP_RE.match(line)
    return m is not None and NUMBERING_RE.match(line[m.end() :]) is not None


# --------------------------------------------------------------------------- page numbers

_ROMAN = r"(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_DASHES = r"[·•・\-—–－~～]{1,2}"
#: A page number alone on a line. Groups: ``a`` between dashes or dots, ``b`` 第…页, ``c`` of a
#: total, ``d`` bare arabic, ``r`` bare roman (front matter).
PAGE_NUMBER_LINE_RE = re.compile(
    rf"""^[ \t\u3000]*(?:
        {_DASHES}[ \t]*(?P<a>\d{{1,4}})[ \t]*{_DASHES}                        # · 23 ·  — 65 —  - 23 -
      | 第[ \t]*(?P<b>\d{{1,4}})[ \t]*页(?:[ \t]*[/，,][ \t]*共[ \t]*\d{{1,4}}[ \t]*页)?  # 第 3 页
      | (?P<c>\d{{1,4}})[ \t]*/[ \t]*\d{{1,4}}                                # 12/223
      | (?P<d>\d{{1,4}})                                                     # 23
      | (?P<r>{_ROMAN}|(?i:{_ROMAN}))                                        # xii
    )[ \t\u3000]*$""",
    re.VERBOSE,
)


#: A page number at either end of a running head: "20 第三章 文档元素", "§3.2 标题页 21",
#: "Debian参考手册 23/223", "中国科技论坛 · 23 ·", "10期　　唐子涵等：…　　35" (ideographic gaps).
EDGE_NUMBER_RE = re.compile(
    r"^[ \t\u3000]*(?:[·•\-—–－]\s*)?(?P<head>\d{1,4})(?:\s*[·•\-—–－])?[ \t\u3000]+\S"
    r"|\S[ \t\u3000]+(?:[·•\-—–－]\s*|第\s*)?(?P<tail>\d{1,4})(?:\s*/\s*\d{1,4}|\s*[·•\-—–－]|\s*页)?[ \t\u3000]*$"
)


def roman_value(s: str) -> int:
    """The value of a roman numeral.

    >>> roman_value("xii"), roman_value("XIV")
    (12, 14)
    """
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    s = s.lower()
    total = 0
    for a, b in zip(s, s[1:] + " "):
        total += -values[a] if values.get(b, 0) > values[a] else values[a]
    return total


def page_number(line: str) -> int | None:
    """The page number a line holding only one prints, or None.

    >>> [page_number(s) for s in ("xii", "· 23 ·", "— 65 —", "12/223", "第 3 页", "23年")]
    [12, 23, 65, 12, 3, None]
    """
    m = PAGE_NUMBER_LINE_RE.match(line)
    if m is None:
        return None
    if m["r"]:
        return roman_value(m["r"])
    return int(next(g for g in m.groups() if g))


def bare_page_number(line: str) -> bool:
    """A page number without any mark around it (``23``, ``xii``): alone it may be anything."""
    m = PAGE_NUMBER_LINE_RE.match(line)
    return bool(m and (m["d"] or m["r"]))


# --------------------------------------------------------------------------- captions, contents

#: A table or figure caption: 表1 / 续表2 / 图2-3 / Table 1 / Fig. 1 / an appendix's 图A2, Fig.C3 with
#: a gap or colon before its text.
CAPTION_RE = re.compile(
    r"^[ \t\u3000]*(?:续?表|图|Table|Fig\.?|Figure)[ \t\u3000]*(?:[A-Z][ \t\u3000]*)?\d{1,3}(?:[-－.．]\d{1,3})?"
    r"(?:[ \t\u3000]+|[ \t\u3000]*[：:．.][ \t\u3000]*)\S"
)
#: A table-of-contents entry: dot leaders and a page number (``1.1 研究背景 · · · 3``).
TOC_LEADER_RE = re.compile(r"(?:[.·…．][ \t\u3000]*){2,}\d{1,4}[ \t\u3000]*$")
#: Dot leaders anywhere in a line (a table-of-contents entry wrapped before its number).
LEADERS_RE = re.compile(r"(?:[.·…．][ \t\u3000]*){4,}")
#: A table-of-contents entry set without leaders: its text, a gap, its page number (``1.1 研究背景
#: 3``). Alone ambiguous (``4.2 实验 2`` is a heading): only where a heading is being told apart.
TOC_GAP_PAGE_RE = re.compile(r"\S[ \t\u3000]++\d{1,4}[ \t\u3000]*+$")
#: Headings that end with their number after a gap, no table-of-contents entry: ``附录 1``, ``Chapter 3``.
NUMBER_LAST_HEADING_RE = re.compile(
    r"^[ \t\u3000]*(?:附[ \t\u3000]*录|Chapter|CHAPTER|Appendix)[ \t\u3000]*\d{1,2}[ \t\u3000]*$"
)


def caption(line: str) -> bool:
    """A table or figure caption opens ``line``.

    >>> caption("表1 各省数据"), caption("图2-3：流程"), caption("图1所示的结构")
    (True, True, False)
    """
    return CAPTION_RE.match(line) is not None


def toc_entry(line: str, *, undotted: bool = False) -> bool:
    """A table-of-contents line: its text, dot leaders, its page number; with ``undotted``, also
    its text and page number after a gap, no leaders (not ``附录 1``, ``Chapter 3``).

    >>> toc_entry("1.1 研究背景 . . . . . . 3"), toc_entry("1.1 研究背景"), toc_entry("1.1 研究背景 3", undotted=True)
    (True, False, True)
    """
    if TOC_LEADER_RE.search(line) is not None:
        return True
    return undotted and TOC_GAP_PAGE_RE.search(line) is not None and not NUMBER_LAST_HEADING_RE.match(line)


# --------------------------------------------------------------------------- labels

#: Front-matter labels, by field, as printed (letter-spaced Chinese labels, English in any case).
#: The keys are the field names of ``Document.meta`` (front matter writes each value under its key).
LABELS: dict[str, str] = {
    "abstract": r"摘[ \t\u3000]*要|内容摘要|内容提要",
    "keywords": r"关[ \t\u3000]*键[ \t\u3000]*[词字]",
    "clc": r"中图分类号|中图法分类号|中图分类|分类号",
    "doc_code": r"文献标[识志]码|文献标识",
    "article_no": r"文章编号",
    "doi": r"DOI号|DOI|doi",
    "received": r"收稿日期|收稿时间|Received(?:[ \t]+[Dd]ate)?",
    "revised": r"修回日期|修订日期|修改日期|Revised(?:[ \t]+[Dd]ate)?",
    "funding": r"基金项目|基金资助|项目基金|Foundation[ \t]+[Ii]tems?|Fund(?:ing)?[ \t]+[Pp]rojects?",
    "author_notes": r"作者简介|第一作者|Biograph(?:y|ies)|About[ \t]+the[ \t]+authors?",
    "corresponding_author": r"通信作者|通讯作者|Corresponding[ \t]+[Aa]uthor",
    "online_first": r"网络首发日期|网络首发时间",
    "page_range": r"本文起止页码|起止页码",
    "editor": r"本文责任编辑|责任编辑",
    "abstract_en": r"(?i:abstract)",
    "keywords_en": r"(?i:key[ \t]*words|keywords)",
    "subject_code": r"学科代码|学科分类号",
    "clc_en": r"CLC[ \t]*(?:number|No\.)",
    "doc_code_en": r"Document[ \t]*code",
}
#: Labels of the notes printed at the foot of an article's first page (under a short rule).
NOTE_LABELS = frozenset(
    {"received", "revised", "funding", "author_notes", "corresponding_author", "page_range", "editor"}
)
_LABEL_ALT = "|".join(f"(?P<{k}>{v})" for k, v in LABELS.items())
_LABEL_ALT_B = _LABEL_ALT.replace("?P<", "?P<b_")
#: Labels printed without a colon, the value after a gap, where the value's shape vouches for
#: the label (计算机学报: ``中图法分类号　TP391　　DOI号　10.11897/…``; ``DOI 10.1000/xyz``).
_GAP_LABEL_ALT = (
    r"(?P<g_clc>中图法?分类号)[ \t\u3000]++(?=[A-Z]{1,2}\d)"
    r"|(?P<g_doi>DOI号?|doi)[ \t\u3000]++(?=10\.\d)"
)

#: A label opening a line: bracketed (［关键词］, no colon needed), followed by a colon, or one of
#: the gap forms above.
LABEL_RE = re.compile(
    rf"^[ \t\u3000]*+(?:[［\[【〔][ \t\u3000]*(?:{_LABEL_ALT})[ \t\u3000]*[］\]】〕]"
    rf"|(?:{_LABEL_ALT_B})[ \t\u3000]*[：:]|{_GAP_LABEL_ALT})"
)
#: A label opening a field of the front matter (``frontmatter.parse_front_matter``). Bracketed
#: labels (［关键词］) need no colon and may follow text directly (a wrongly joined line); bare
#: ones need a colon (or a gap form) and stand at the line start or after a gap/；on a line
#: holding several fields (``中图分类号：F124　文献标识码：A``). The match ends where the value starts.
# Leading blanks are taken only from where a run of blanks starts, ``(?:(?<!blank)blank*)?``:
# a search from inside a long run of spaces otherwise rescanned the run from every position
# (a line of 10 000 spaces took 37 s). The match is the same (a search finds the leftmost one).
FIELD_RE = re.compile(
    rf"(?:(?<![ \t\u3000])[ \t\u3000]*)?[［\[【〔][ \t\u3000]*(?:{_LABEL_ALT})[ \t\u3000]*[］\]】〕][ \t\u3000]*[：:]?[ \t\u3000]*"
    rf"|(?:^|(?<=[ \t\u3000；;]))(?:(?<![ \t\u3000])[ \t\u3000]*)?(?:(?:{_LABEL_ALT_B})[ \t\u3000]*[：:][ \t\u3000]*|{_GAP_LABEL_ALT})"
)
#: English labels printed without a colon, the value after a gap: ``ABSTRACT Technology …``,
#: ``Abstract　The analysis …`` (a capital after the gap), ``Keywords　open science; text mining``
#: (a wide gap, or a keyword list: a ``;`` soon after), and Chinese or English labels alone on
#: their line (``摘　要``, ``ABSTRACT``) or followed by a wide gap (计算机学报: ``摘　要　利用…``,
#: ``关键词　Maillard反应；…``). ``Keywords are important`` is a sentence.
_WIDE_GAP = r"[ \t]*+\u3000[ \t\u3000]*+(?=\S)|[ \t]{2,}+(?=\S)"
BARE_LABEL_RE = re.compile(
    r"^[ \t\u3000]*+(?:(?P<abstract_en>ABSTRACT|Abstract)(?:[ \t\u3000]++(?=[A-Z])|[ \t\u3000]*+$)"
    r"|(?P<keywords_en>KEY[ \t]?WORDS|Key[ \t]?[Ww]ords|Keywords)"
    r"(?:[ \t]*+\u3000[ \t\u3000]*+|[ \t]{2,}+|[ \t]++(?=[^;；\n]{1,60}[;；])|(?<=S)[ \t]++(?=[A-Z])|[ \t\u3000]*+$)"
    rf"|(?P<abstract>摘[ \t\u3000]*要)(?:[ \t\u3000]*+$|{_WIDE_GAP})"
    rf"|(?P<keywords>关[ \t\u3000]*键[ \t\u3000]*[词字])(?:[ \t\u3000]*+$|{_WIDE_GAP}))"
)


#: 摘要 / ABSTRACT alone on a line (theses), bracketed or not: the abstract is the paragraphs under it.
# possessive blanks (``*+``): two blank runs around an optional bracket otherwise split a long
# run of spaces every possible way (quadratic); giving blanks back can never help a match here
ABSTRACT_HEADING_RE = re.compile(
    r"^[ \t\u3000]*+[［\[【]?[ \t\u3000]*+(?:(?P<abstract>摘[ \t\u3000]*要|内容摘要|中文摘要)|(?P<abstract_en>(?i:abstract)))"
    r"[ \t\u3000]*+[］\]】]?[ \t\u3000]*+$"
)
#: Where the paragraphs under such an abstract heading end at the latest: a chapter, a table of
#: contents, a first section ``1 绪论``.
ABSTRACT_STOP_RE = re.compile(
    rf"^[ \t\u3000]*+(?:{STYLE_BY_NAME['chapter'].number}|目[ \t\u3000]*录|Contents|CONTENTS|1[ \t\u3000]+\S)"
)


def _group_key(m: re.Match[str]) -> str:
    """The field a label match names (its named group, without a ``b_``/``g_`` prefix)."""
    return next(k.removeprefix("b_").removeprefix("g_") for k, v in m.groupdict().items() if v is not None)


def label(line: str) -> str | None:
    """The field a label opening ``line`` names (``keywords`` for 关键词： and 关键字：), or None.

    >>> label("关键字：新质生产力"), label("【摘要】本文"), label("Key words: AI"), label("摘要显示")
    ('keywords', 'abstract', 'keywords_en', None)
    >>> label("中图法分类号　TP391"), label("Keywords　open science; text mining"), label("Keywords are key")
    ('clc', 'keywords_en', None)
    """
    m = LABEL_RE.match(line) or BARE_LABEL_RE.match(line)
    return _group_key(m) if m else None


def field_label(line: str, pos: int = 0) -> re.Match[str] | None:
    """The label of a front-matter field at ``pos`` of ``line`` (``FIELD_RE``; at the line start
    also the bare English labels of ``BARE_LABEL_RE``), or None. ``label_key`` names its field."""
    m = FIELD_RE.match(line, pos)
    if m is None and pos == 0 and (b := BARE_LABEL_RE.match(line)) and line[b.end() :].strip(BLANK):
        m = b  # (a label alone on its line, 摘　要, heads the paragraphs under it: ``BARE_ABSTRACT_RE``)
    return m


def label_key(m: re.Match[str]) -> str:
    """The field a ``FIELD_RE``/``LABEL_RE``/``BARE_LABEL_RE`` match names."""
    return _group_key(m)


#: What opens an affiliation line of an article's front matter: an optional bracket and
#: marker (``（1. ``, ``2.``, ``1)(``), then within a short name an organisation word.
AFFILIATION_START_RE = re.compile(
    r"^[ \t\u3000]*(?:[（(][ \t\u3000]*)?(?:[\d¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2}[ \t]*[.．、)）]?[ \t\u3000]*[（(]?[ \t\u3000]*)?"
    r"[^。！？：:，,（(]{0,24}?(?:大学|学院|研究院|研究所|研究中心|实验室|科学院|公司|医院|图书馆|Universit|Institute)"
)


#: What ends an affiliation: its closing bracket, or its postcode (``…，北京 100871``).
AFFILIATION_END_RE = re.compile(r"(?:[）)]|(?<!\d)\d{6})[ \t\u3000]*$")
#: Between two affiliations a line holds, each with its marker before its bracket (计算机学报):
#: ``1)(中国科学技术发展战略研究院　北京　100038)2)(东北大学…)``.
AFFILIATION_MARKED_SPLIT_RE = re.compile(r"(?<=[）)])[ \t\u3000]*(?=[\d¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2}[⁾)]?[ \t]*[（(])")


def affiliation_start(line: str) -> bool:
    """Whether ``line`` opens an affiliation as front matter prints it (``（1. 北京大学 信息管理系，``,
    ``2. 武汉大学 信息管理学院``): a line no sentence runs into, in the front matter only.

    >>> affiliation_start("（1. 复旦大学 管理学院，上海 200433；"), affiliation_start("2)(武汉大学信息管理学院　武汉")
    (True, True)
    >>> affiliation_start("本文以北京大学的数据为例。"), affiliation_start("100038；")
    (False, False)
    """
    return bool(AFFILIATION_START_RE.match(line)) and line.rstrip(BLANK + CLOSERS)[-1:] not in TERMINAL


def note_label(line: str) -> bool:
    """A first-page note (收稿日期, 基金项目, 作者简介, 通信作者 …) opens ``line``."""
    return label(line) in NOTE_LABELS


#: The rule that opens a first page's footnote block: a run of dashes or box lines, nothing else.
FOOTNOTE_RULE_RE = re.compile(r"^[ \t\u3000]*[—─━_\-－–]{4,}[ \t\u3000]*$")

# --------------------------------------------------------------------------- author lines

SUPERSCRIPT_DIGITS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
SUPERSCRIPT_TO_DIGIT = str.maketrans(SUPERSCRIPT_DIGITS, "1234567890")
#: An affiliation marker after an author's name: a number (``1``, ``12``, or ``1)`` as 计算机学报
#: prints it), superscript digits, ``*`` (corresponding author), a dagger or envelope, or a glyph
#: without a Unicode map (private use: a font's envelope or star).
AUTHOR_MARK = rf"(?:\d{{1,2}}\)?(?!\d)|[{SUPERSCRIPT_DIGITS}]+⁾?|[*＊✉†\ue000-\uf8ff])"
#: One author in a Chinese author line: a 2–4 character name, a 2-character name padded to the
#: width of three (``张  伟``), or a name with a middle dot; then its markers ``1,2*``, ``1)``.
AUTHOR_RE = re.compile(
    rf"(?P<name>{CJK}{{1,6}}·{CJK}{{1,8}}|{CJK}{{2,4}}(?!{CJK})|{CJK}[ \t\u3000]{{1,3}}{CJK}(?!{CJK}))"
    rf"(?:[ \t]*(?P<marks>{AUTHOR_MARK}(?:[ \t]*[,，]?[ \t]*{AUTHOR_MARK})*))?"
)
#: Between two authors without markers: a comma, 、, a semicolon, a wide gap.
AUTHOR_SEP_RE = re.compile(r"[ \t\u3000]*[，,、；;][ \t\u3000]*|[ \t\u3000]{2,}|\u3000")
#: After an author's markers any gap separates the next author (``陈静¹ 赵磊²``).
AUTHOR_SEP_AFTER_MARK_RE = re.compile(r"[ \t\u3000]*[，,、；;]?[ \t\u3000]*")
#: What an author line never holds: a sentence end, a colon, a bracket (a ``)`` only closing a
#: marker ``1)``).
_NOT_AUTHOR_LINE_RE = re.compile(r"[。：:（）(]|(?<!\d)\)")
#: One author in an English (pinyin) author line: ``ZHANG Wei1``, ``LI Xiao-ming1,2*``, ``Wang Fang``.
AUTHOR_EN_RE = re.compile(
    rf"(?P<name>[A-Z][A-Za-z\-']+(?:[ \t]+[A-Z][A-Za-z\-']+){{1,3}})[ \t]*"
    rf"(?P<marks>{AUTHOR_MARK}(?:[ \t]*,?[ \t]*{AUTHOR_MARK})*)?"
)
_AUTHOR_EN_ONE = AUTHOR_EN_RE.pattern.replace("(?P<name>", "(?:").replace("(?P<marks>", "(?:")
#: A whole English author line: authors separated by ``,`` ``，`` ``and`` ``&``.
AUTHOR_EN_LINE_RE = re.compile(rf"^\s*{_AUTHOR_EN_ONE}(?:[ \t]*(?:,|，|and|&)[ \t]*{_AUTHOR_EN_ONE})*\s*$")
#: The first line of an English author line wrapped in the middle: names up to a comma at the
#: line end, or up to a surname in capitals whose given name went to the next line (``…, SUN``).
AUTHOR_EN_WRAPPED_RE = re.compile(
    rf"^\s*{_AUTHOR_EN_ONE}(?:[ \t]*(?:,|，|and|&)[ \t]*{_AUTHOR_EN_ONE})*[ \t]*[,，](?:[ \t]*[A-Z]{{2,}})?[ \t]*$"
)
#: An English affiliation opening a line: a bracket, an optional number, then a capitalised word
#: (``(School of Management, …``, ``(1. Chinese Academy of …``).
AFFILIATION_EN_START_RE = re.compile(r"^[ \t]*[（(][ \t]*(?:\d{1,2}[ \t]*[.．、]?[ \t]*)?[A-Z][a-z]*\b")


def author_markers(marks: str | None) -> tuple[list[str], bool]:
    """The affiliation numbers of a marker string, and whether it marks the corresponding author.

    >>> author_markers("¹,²*"), author_markers("2)")
    ((['1', '2'], True), (['2'], False))
    """
    if not marks:
        return [], False
    marks = marks.translate(SUPERSCRIPT_TO_DIGIT)
    return re.findall(r"\d+", marks), bool(re.search(r"[*＊✉†]", marks))


def parse_author_line(line: str) -> list[dict] | None:
    """Authors of a Chinese author line with their markers, or None when it is not one.

    >>> [(a["name"], a["markers"], a["corresponding"]) for a in parse_author_line("张  伟¹，李晓明¹,²*，王芳²")]
    [('张伟', ['1'], False), ('李晓明', ['1', '2'], True), ('王芳', ['2'], False)]
    >>> [(a["name"], a["markers"]) for a in parse_author_line("黄军1)　吕晓明2)")]
    [('黄军', ['1']), ('吕晓明', ['2'])]
    """
    s = line.strip(BLANK)
    if not s or len(s) > 80 or _NOT_AUTHOR_LINE_RE.search(s):
        return None
    out, pos = [], 0
    while pos < len(s):
        m = AUTHOR_RE.match(s, pos)
        if not m:
            return None
        name = re.sub(r"[ \t\u3000]+", "", m["name"])
        if len(name) > 4 and "·" not in name:
            return None
        nums, star = author_markers(m["marks"])
        out.append({"name": name, "markers": nums, "corresponding": star})
        pos = m.end()
        sep = (AUTHOR_SEP_AFTER_MARK_RE if m["marks"] else AUTHOR_SEP_RE).match(s, pos)
        if sep and sep.end() > pos:
            pos = sep.end()
        elif pos < len(s):
            return None
    return out or None


def parse_author_en_line(line: str) -> list[dict] | None:
    """Authors of an English (pinyin) author line with their markers, or None.

    >>> [(a["name"], a["markers"]) for a in parse_author_en_line("LI Taowei1,2, LIANG Lixin2")]
    [('LI Taowei', ['1', '2']), ('LIANG Lixin', ['2'])]
    >>> parse_author_en_line("A neural approach to word segmentation") is None
    True
    """
    if "(" in line or not AUTHOR_EN_LINE_RE.match(line):
        return None
    out = []
    for m in AUTHOR_EN_RE.finditer(line):
        nums, star = author_markers(m["marks"])
        out.append({"name": m["name"], "markers": nums, "corresponding": star})
    return out or None


def english_block_start(texts: list[str], abstract_at: int, *, limit: int = 16) -> int | None:
    """Where the English front block (title, authors, affiliations) above the English abstract
    label at ``texts[abstract_at]`` starts, or None when no English author line is above it.

    The block is the run of lines without Chinese above the label (blank lines allowed between
    the label, the affiliations and the authors; at most ``limit`` lines of text), wherever the
    article prints it: after the Chinese abstract and keywords, or at its end, before or after
    the references. Above the author line only the title's lines count: up to a blank line, a
    sentence end or a reference entry (the last entry of a list in English), four at most.
    """
    first, seen, author, title = None, 0, False, 0
    k = abstract_at - 1
    while k >= 0 and seen < limit:
        t = texts[k].strip(BLANK)
        if not t:
            if author and title:
                break
        elif CJK_RE.search(t) or label(t):
            break
        elif parse_author_en_line(t) or AUTHOR_EN_WRAPPED_RE.match(t):
            author, first, seen = True, k, seen + 1
        elif author and (title >= 4 or t[-1] in TERMINAL or REFERENCE_ENTRY_RE.match(t)):
            break
        else:
            title += author
            first, seen = k, seen + 1
        k -= 1
    return first if author else None


# --------------------------------------------------------------------------- organisations and roles

#: Organisations end in one of these: what comes after the last one is a role.
ORG_SUFFIX_RE = re.compile(
    r"大学|学院|研究院|研究所|研究中心|中心|实验室|科学院|社会科学院|委员会|党校|学校|医院|银行|公司|集团|"
    r"基金会|协会|学会|办公室|研究会|智库|部|局|厅|署|处|院|所|校|馆|站|室"
)
#: Roles and titles printed after an affiliation (教授, 研究员, 主任 …).
ROLE_END_RE = re.compile(
    r"(?:教授|研究员|讲师|助教|院长|所长|主任|书记|院士|导师|博士后|研究生|博士生|硕士生|主编|编辑|编审|"
    r"部长|局长|处长|司长|厅长|校长|理事长|会长|秘书长|经理|董事长|工程师|专家|科学家|委员|主席|馆员|记者|"
    r"律师|助理|学者|负责人|首席|顾问|总监|干部|医师|Professor|Researcher)$"
)


def split_affiliation_role(part: str) -> tuple[str | None, str | None]:
    """One ``affiliation+role`` phrase split at the last organisation word whose rest is a role.

    >>> split_affiliation_role("清华大学公共管理学院副院长")
    ('清华大学公共管理学院', '副院长')
    >>> split_affiliation_role("研究员")
    (None, '研究员')
    """
    part = part.strip(" \t\u3000")
    if not part:
        return None, None
    ends = [m.end() for m in ORG_SUFFIX_RE.finditer(part)]
    for end in reversed(ends):
        rest = part[end:].strip()
        if not rest:
            return part, None
        if ROLE_END_RE.search(rest):
            return part[:end], rest
    if ROLE_END_RE.search(part) and not ends:
        return None, part
    if ROLE_END_RE.search(part):
        return None, part
    return part, None


#: An organisation word ending a phrase (``…研究院``), not inside one (``所有权``).
ORG_END_RE = re.compile(rf"(?:{ORG_SUFFIX_RE.pattern})$")


def looks_like_affiliation(text: str) -> bool:
    """Whether ``text`` (what follows a name) reads as affiliations and roles: every phrase
    between ``、，；`` ends in an organisation word or a role, and no sentence or formula is in
    it — so that two table cells or a formula line and its 其中 … are not a forum article.

    >>> looks_like_affiliation("北京大学国家发展研究院教授、北京大学中国经济研究中心主任")
    True
    >>> looks_like_affiliation("内存 16GB"), looks_like_affiliation("θ 是分类器的参数。")
    (False, False)
    """
    if re.search(r"[。！？=<>]", text):
        return False
    parts = [x for x in (p.strip(" \t\u3000") for p in re.split(r"[、，,；;]", text)) if x]
    for part in parts:
        aff, role = split_affiliation_role(part)
        if role is None and not (aff and ORG_END_RE.search(aff)):
            return False
    return bool(parts)


#: An author line of a forum article: a 2–4 character name, a space, the affiliation/role.
FORUM_AUTHOR_LINE_RE = re.compile(
    rf"^(?P<name>{CJK}(?:[ \u3000]?{CJK}){{1,3}}|{CJK}{{1,4}}·{CJK}{{1,6}})[ \u3000]+(?P<rest>\S[^\n]{{1,120}})$"
)


def forum_author_line(line: str) -> re.Match[str] | None:
    """A forum (笔谈) article's author line, ``Name  affiliation、role`` (``谢雨桐　北京市科学技术研究院
    创新发展战略研究所所长、研究员``): a name, a gap, and what reads as affiliations and roles.

    >>> bool(forum_author_line("谢雨桐　北京市科学技术研究院创新发展战略研究所所长、研究员"))
    True
    >>> forum_author_line("内存　16GB") is None, forum_author_line("他说　这是我们的目标。") is None
    (True, True)
    """
    s = line.strip(BLANK)
    m = FORUM_AUTHOR_LINE_RE.match(s)
    return m if m and looks_like_affiliation(m["rest"]) else None


# --------------------------------------------------------------------------- masthead

#: Year, volume and issue in a running head or masthead: 2024年第3期, 第44卷, Vol. 44, No. 3.
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
#: The Latin forms with or without the dot and space (``No. 3``, ``No．3``, ``Vol37No3`` as a PDF
#: without word spaces prints it); a lower-case ``no.`` only with its dot (``no 3`` is English).
ISSUE_RE = re.compile(
    r"第\s*(\d{1,3})\s*期|(?<![A-Za-z])(?:(?:No|NO)[ \t]*[.．]?|no[.．])\s*(\d{1,3})(?!\d)|(?<=年)\s*(\d{1,2})\s*期"
)
VOLUME_RE = re.compile(r"第\s*(\d{1,4})\s*卷|(?<![A-Za-z])(?i:vol)[ \t]*[.．]?\s*(\d{1,4})|(?<!\d)(\d{1,4})\s*卷")
#: A masthead line naming the issue (2024年第3期, 第44卷第3期, Vol. 44 No. 3).
ISSUE_LINE_RE = re.compile(
    r"(?:19|20)\d{2}\s*年\s*第\s*\d{1,3}\s*期|第\s*\d{1,4}\s*卷\s*第\s*\d{1,3}\s*期|Vol\.\s*\d+\s*,?\s*No\.\s*\d+",
    re.IGNORECASE,
)

#: Masthead, running-head and front-matter conventions read by ``qikan.frontmatter`` (moved here
#: from there; merging them with ISSUE_RE / VOLUME_RE above is issue 12's remaining work).

#: An issue number printed without 第: ``2024年2期``, ``10 期`` opening an even page's head.
MASTHEAD_BARE_ISSUE_RE = re.compile(r"(?<![\d.．])(\d{1,3})[ \t\u3000]*期")
#: Volume and number in Latin are read by VOLUME_RE and ISSUE_RE (one family; these names stay
#: for the readers not moved yet).
MASTHEAD_LATIN_VOL_RE = VOLUME_RE
MASTHEAD_LATIN_NO_RE = ISSUE_RE
#: The month of an issue: ``2024年2月``, ``Feb., 2024``, ``Nov. 2024``, ``June 2021``.
MASTHEAD_MONTH_RE = re.compile(
    rf"(?:19|20)\d{{2}}[ \t\u3000]*年(?:[ \t\u3000]*\d{{1,2}}[ \t\u3000]*月)?(?!{CJK})"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?(?:[ \t]*(?:19|20)\d{2})?"
)
#: Volume and issue as a citation prints them after the year: ``2023, 42(8)``.
MASTHEAD_VOL_ISSUE_RE = re.compile(r"(?<![\d.])(\d{1,4})[ \t]*[（(][ \t]*(\d{1,3})[ \t]*[）)]")
#: 总第123期 / (总第123期): the running count of a journal's issues, not its issue number.
MASTHEAD_TOTAL_RE = re.compile(r"[（(]?[ \t]*总[ \t]*第[ \t]*\d+[ \t]*期[ \t]*[）)]?")
#: ``（1．…，北京 100871；`` — sentence marks a masthead never holds (``,`` ``.`` it does: Vol. 38, No. 2).
MASTHEAD_NOT_RE = re.compile(r"[。！？；，、：:“”《》]")
#: A short title printed in a running head after the first author: ``王磊等：面向知识图谱的…``.
HEAD_SHORT_TITLE_RE = re.compile(
    rf"{CJK}{{1,6}}[，,]?[ \t]*(?:等|et al\.?)[ \t]*[：:].*?(?=[ \t\u3000]+(?:Vol|No|第|[·•・—–\-－]?[ \t]*\d)|[ \t\u3000]*$)"
)
#: 文章编号 (GB/T 3179, CAJ-CD B/T 1): ISSN（year）issue-first page-page count, separators optional
#: (``1003-0077(2022)05-0031-08``, ``1673－629X( 2021) 04－0112－06``, ``10013695（2019）03078105``).
ARTICLE_NO_RE = re.compile(
    r"(?P<issn>\d{4}[ \t]*[-－—]?[ \t]*\d{3}[\dXx])[ \t]*[（(][ \t]*(?P<year>(?:19|20)\d{2})[ \t]*[）)][ \t]*"
    r"(?P<issue>\d{1,2})[ \t]*[-－—][ \t]*(?P<first>\d{1,5})[ \t]*[-－—][ \t]*(?P<count>\d{1,3})(?!\d)"
    r"|(?P<issn2>\d{4}[ \t]*[-－—]?[ \t]*\d{3}[\dXx])[ \t]*[（(][ \t]*(?P<year2>(?:19|20)\d{2})[ \t]*[）)][ \t]*"
    r"(?P<issue2>\d{2})(?P<first2>\d{4})(?P<count2>\d{2})(?!\d)"
)
#: A CNKI DOI of the ``j.issn.XXXX-XXXX.year.issue.n`` form: year and issue of the printed issue.
DOI_ISSUE_RE = re.compile(r"j[.．]issn[.．][\dXx\-－]{8,10}[.．](?P<year>(?:19|20)\d{2})[.．](?P<issue>\d{1,2})[.．]")
#: The cover of a CNKI online-first article names the journal: ``《电力系统保护与控制》网络首发论文``.
ONLINE_FIRST_RE = re.compile(r"^[ \t\u3000]*《(?P<journal>[^》]{2,20})》[ \t\u3000]*网络首发论文")
#: A footnote marker printed after a title: ``*``, ``①``, ``†``, ``1)``.
TITLE_MARK_RE = re.compile(r"(?<![ \t\u3000])[ \t\u3000]*+(?:[*＊†‡]+|[①②③④⑤]|[¹²³]|[\ue000-\uf8ff])$")
#: 摘要 and 关键词 (关键字) printed as a label without a colon, the value after a gap or right
#: after the label once a repair closed the gap (``摘　要　由于…``, ``关键词 数字经济；…``).
FRONT_LABEL_NO_COLON_RE = re.compile(
    r"^[ \t\u3000]*(?:(?P<abstract>摘[ \t\u3000]*要)|(?P<keywords>关[ \t\u3000]*键[ \t\u3000]*[词字]))[ \t\u3000]*(?=[^\s：:])"
)
#: An affiliation whose city and postcode follow after a gap, not a comma: ``北京大学信息管理系 北京 100871``.
AFFILIATION_GAP_CITY_RE = re.compile(
    r"^[ \t\u3000]*+(?:(?P<marker>[\d¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})[ \t]*+[.．、,，]?[ \t\u3000]*+)?(?P<name>\S(?:.*\S)?)[ \t\u3000]+"
    r"(?P<city>[^\s，,\d]{2,10})[ \t\u3000]*+(?P<postcode>\d{6})[ \t\u3000]*+$"
)
#: One affiliation a line, its marker before the bracket (计算机学报): ``¹⁾(清华大学…　北京　100084)``.
AFFILIATION_MARKED_BRACKET_RE = re.compile(r"^(?P<marker>[\d¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})[⁾)]?[ \t]*[（(](?P<body>.+)[）)]$")
#: What an unbracketed affiliation line names: an institution.
AFFILIATION_ORG_RE = re.compile(r"大学|学院|研究院|研究所|研究中心|实验室|科学院|公司|医院|图书馆|Universit|Institute")
#: A name alone in a running head that is no journal's: a chapter or section title, a thesis's.
NOT_JOURNAL_NAME_RE = re.compile(
    r"^第[一二三四五六七八九十百\d]+[章节篇部]|学位论文|毕业论文|目录|摘要|参考文献|致谢|附录"
)
#: A journal's Latin name alone on a masthead line: capitals (JOURNAL OF CHINESE INFORMATION
#: PROCESSING) or title case with its small words (Journal on Communications, Journal of the China
#: Society for Scientific and Technical Information: names run to a dozen words), no sentence.
MASTHEAD_LATIN_NAME_RE = re.compile(
    r"^[ \t\u3000]*(?:[A-Z][A-Z&\-]+(?:[ \t]+[A-Z&][A-Z&\-]*){1,15}"
    r"|[A-Z][a-z]+(?:[ \t]+(?:[A-Z][a-z&\-]*|of|on|and|for|in|the|&)){1,15})[ \t\u3000]*$"
)
MASTHEAD_LATIN_CAPS_RE = re.compile(r"^[ \t\u3000]*[A-Z][A-Z&\-]+(?:[ \t]+[A-Z&][A-Z&\-]*){1,15}[ \t\u3000]*$")
#: Labels distinctive enough to end a field's value even glued onto it without a gap (a repair
#: joined the lines): 中图分类号 / 中图法分类号, 文献标识码 / 文献标志码, 文章编号, with a colon.
GLUED_FIELD_RE = re.compile(
    r"(?P<clc>中图法?分类号)[ \t\u3000]*[：:][ \t\u3000]*|(?P<doc_code>文献标[识志]码)[ \t\u3000]*[：:][ \t\u3000]*"
    r"|(?P<article_no>文章编号)[ \t\u3000]*[：:][ \t\u3000]*"
)
#: A glyph of a font without a Unicode map (private use area), printed for ``.`` or ``-`` in
#: ``Vol\ue01037`` or ``1001\ue0113695``: between digits and letters of metadata it is a separator.
PRIVATE_USE_RE = re.compile("[\ue000-\uf8ff]")

# --------------------------------------------------------------------------- line joins

#: A paragraph indent: full-width spaces, two or more ASCII spaces, or a tab, before text.
INDENT_RE = re.compile(r"^(?:\u3000+|[ ]{2,}|\t+)(?=\S)")
#: The bullets of a list item.
BULLETS = "•●○◦◆◇▪■□►▶\\-–*"
#: A list bullet opening a line, text after a gap.
BULLET_RE = re.compile(rf"^[ \t]*[{BULLETS}][ \t]+\S")
#: The word a line starts with, up to a space or a CJK character.
_HEAD_WORD_RE = re.compile(r"[^\s\u3000-\u9fff\uff00-\uffef]+")
_LETTERS_RE = re.compile(r"[A-Za-z]+")
#: What a line full of its measure may stop short of it by, in cells (justified Chinese lines end
#: within a character of the margin; a ragged Latin line within a short word).
FULL_SHARE = 0.9


@dataclass(frozen=True)
class Join:
    """The decision at a line break: join (``glue`` replaces the break and the last ``eat``
    characters before it) or not, and the name of the rule that decided."""

    join: bool
    rule: str
    glue: str = ""
    eat: int = 0


def hyphen_join(left: str, right: str, *, text: str = "") -> Join | None:
    """The join of a Latin word hyphenated at a line end, or None when ``left`` ends without a
    hyphen. The hyphen goes (``protec-|tion``) only when at least two letters precede it, the
    next line starts in lower case, and the word there holds no hyphen of its own; a compound
    keeps it (``xdg-|desktop-portal``, ``e-|mail``, ``555-|1234``, ``Sino-|US``), and so does a
    word that ``text`` (the document) writes hyphenated more often than joined (``apt-|pinning``).

    >>> hyphen_join("the protec-", "tion"), hyphen_join("用 xdg-", "desktop-portal 启动")
    (Join(join=True, rule='hyphenated_word', glue='', eat=1), Join(join=True, rule='hyphen_kept', glue='', eat=0))
    """
    if not left.endswith("-"):
        return None
    m = re.search(r"([A-Za-z]+)-$", left)
    kept = Join(True, "hyphen_kept")
    if not (m and len(m.group(1)) >= 2 and right[:1].islower() and right[:1].isascii()):
        return kept
    head = _HEAD_WORD_RE.match(right)
    if head is None or "-" in head.group().rstrip("-.,;:!?)]}"):
        return kept
    if text:
        a, b = m.group(1).lower(), _LETTERS_RE.match(right).group().lower()
        if text.count(f"{a}-{b}") > text.count(a + b):
            return kept
    return Join(True, "hyphenated_word", "", 1)


#: A URL running to the end of a line.
_URL_END_RE = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s，。；、）》]*[^\s，。；、）》.,;:]$")


_LATIN = "A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_MIXED_SPACED_RE = re.compile(rf"{CJK}[ ][{_LATIN}]|[{_LATIN}][ ]{CJK}")
_MIXED_TIGHT_RE = re.compile(rf"{CJK}[{_LATIN}]|[{_LATIN}]{CJK}")


def spaces_latin(text: str) -> bool:
    """Whether the author of ``text`` puts a space between Chinese and Latin words (``表示
    Medium``) more often than not: then a line break between them stands for that space.

    >>> spaces_latin("使用 Linux 系统，运行 apt 命令"), spaces_latin("使用Linux系统，运行apt命令")
    (True, False)
    """
    spaced = len(_MIXED_SPACED_RE.findall(text))
    return spaced >= 3 and spaced >= len(_MIXED_TIGHT_RE.findall(text))


def join_glue(left: str, right: str, *, gap: str = "", text: str = "", spaced: bool = False) -> Join | None:
    """How two pieces of one paragraph meet at a line break, or None when nothing says they can
    (two symbols): Chinese joins take no space, unless the author put a space at the break
    between Chinese and Latin text (``gap``: the blanks beside the break), or always spaces them
    (``spaced``: ``spaces_latin`` of the document) — that space is kept;
    Latin words take one space; a hyphen at the line end follows ``hyphen_join``.

    >>> join_glue("创新", "驱动").glue, join_glue("表示", "Medium", gap=" ").glue, join_glue("表示", "Medium").glue
    ('', ' ', '')
    >>> join_glue("results of the", "survey").glue
    ' '
    """
    if not left or not right:
        return None
    if (h := hyphen_join(left, right, text=text)) is not None:
        return h
    ca, cb = left[-1], right[0]
    if (
        ("://" in left or "www." in left)
        and _URL_END_RE.search(left)
        and not is_zh(cb)
        and not gap.strip(BLANK)
        and not any(c in BLANK for c in gap)
    ):
        return Join(True, "url_join")  # https://…/2011-02/1|5/content: a URL broken anywhere
    if "\uff01" <= ca <= "\uff5e" and "\uff01" <= cb <= "\uff5e":
        return Join(True, "fullwidth_join")  # ｄｅｂｃｏｎ|ｆ: full-width Latin wraps like Chinese
    if is_zh(ca) or is_zh(cb):
        mixed = (is_cjk(ca) and cb.isascii() and cb.isalnum()) or (is_cjk(cb) and ca.isascii() and ca.isalnum())
        if mixed and (spaced or any(c in BLANK for c in gap)):
            return Join(True, "author_space", " ")  # the author's space, kept or lost at the break
        return Join(True, "cjk_join")
    if ca in ")]）］" and cb in "[［":
        return Join(True, "bracket_join")  # (2011-04-09)|[2012-01-25]: the dates of a cited page
    if (ca.isalnum() or ca in ",;:)\"'%") and (cb.isalnum() or cb in "(\"'"):
        return Join(True, "latin_space", " ")
    return None


def join_lines(lines: list[str], *, text: str = "") -> str:
    """Lines of one paragraph run on as one, each line break glued by ``join_glue`` ("" next to
    Chinese, " " between Latin words, a hyphenated word made whole; " " where two symbols meet).

    >>> join_lines(["注：数据来源于", "统计年鉴", "见 Amer-", "ican Society"])
    '注：数据来源于统计年鉴见 American Society'
    """
    out = lines[0] if lines else ""
    for cur in lines[1:]:
        if not cur:
            continue
        if not out:
            out = cur
            continue
        glue = join_glue(out, cur, text=text) or Join(True, "no_glue", " ")
        out = out[: len(out) - glue.eat] + glue.glue + cur
    return out


#: The Chinese characters a heading, a label or a reference-list heading can open with.
_UNIT_FIRST_CJK = frozenset(ZH_NUM + "第引前绪结致后附参主个作攻" + "摘内关中文收修基项作通本责" + "分网起")


def opens_unit(line: str) -> str | None:
    """What starts a paragraph of its own at ``line`` whatever came before: an indent, a heading
    numbering, a whole heading line, a reference-list heading, a label, a bullet, the footnote
    rule. Returns the rule's name, or None.

    >>> opens_unit("参考文献："), opens_unit("　　新段落"), opens_unit("关键字：数据"), opens_unit("继续写")
    ('heading', 'indent', 'label', None)
    """
    if INDENT_RE.match(line):
        return "indent"
    first = line.lstrip(BLANK)[:1]
    if is_cjk(first) and first not in _UNIT_FIRST_CJK:
        return None  # most lines: prose opening with a character no unit opens with
    if numbering(line) or heading(line):
        return "heading"
    if label(line):
        return "label"
    if BULLET_RE.match(line):
        return "bullet"
    if FOOTNOTE_RULE_RE.match(line):
        return "footnote_rule"
    return None


def full_line(line: str, width: int | None, *, next_word: str = "") -> bool | None:
    """Whether ``line`` fills the measure ``width`` (display cells, full-width Latin counting
    double), or None when the width is unknown. A line counts as full when ``next_word``, the
    Latin word opening the next line, would not have fitted on it: after Latin text, or after
    Chinese when the word is full-width (set whole, ``ｉｆｕｐｄｏｗｎ``; a half-width one after
    Chinese may be hyphenated); not a word longer than half the line (a path, a URL). A
    Chinese line ending a sentence must come within a character of the margin.

    >>> full_line("ｄｅｂｃｏｎｆ 系统提供图形界面", 30), full_line("debconf 系统提供图形界面", 30)
    (True, False)
    """
    if width is None:
        return None
    s = line.rstrip(BLANK)
    w = display_width(s)
    extra = display_width(next_word)
    if extra > 0.5 * width or (s and is_zh(s[-1]) and next_word.isascii()):
        extra = 0  # a path or a URL; after Chinese a half-width word may be hyphenated (TeX)
    if s and ends_sentence(s) and len(CJK_RE.findall(s)) >= 0.8 * len(s):
        return w >= width - 2
    return w + extra >= FULL_SHARE * width


def line_join(
    left: str,
    right: str,
    *,
    blank: bool = False,
    page_break: bool = False,
    width: int | None = None,
    text: str = "",
) -> Join:
    """The one line-join decision: do ``left`` and ``right`` (two lines as printed, blanks
    included) belong to one paragraph? The rules, in order, each named in the answer:

    * ``empty``: nothing on one side;
    * ``indent``, ``heading``, ``label``, ``bullet``, ``footnote_rule``: ``right`` opens a unit
      (``opens_unit``); ``heading_before``: ``left`` is a heading;
    * ``blank_after_sentence_end``: a blank line after a sentence end ends the paragraph, even
      when ``right`` starts flush left (a page break, ``page_break``, does not: a page may end
      on a sentence end inside a paragraph);
    * ``short_line_sentence_end``: a sentence end on a line shorter than the measure ``width``;
    * ``full_line_sentence_end``: a sentence end on a full line (or width unknown): joined, the
      caller weighs indent style;
    * ``blank_mid_sentence``: a blank line inside a sentence (no sentence end before it, text
      that continues after: Chinese, lower case, continuing punctuation) is joined;
      ``blank_new_start``: after a blank line, anything else starts anew;
    * the join itself: ``cjk_join``, ``author_space``, ``latin_space``, ``hyphenated_word``,
      ``hyphen_kept`` (``join_glue``); ``no_glue`` when two symbols meet.

    >>> line_join("xdg-", "desktop-portal").glue, line_join("这是正确的。", "参考文献：", blank=True).rule
    ('', 'heading')
    >>> line_join("研究表明这是正确的。", "第二段没有缩进。", blank=True).rule
    'blank_after_sentence_end'
    """
    a, b = left.rstrip(BLANK), right.lstrip(BLANK)
    if not a or not b:
        return Join(False, "empty")
    if rule := opens_unit(right):
        return Join(False, rule)
    if numbering(a) and len(a) <= MAX_HEADING and a[-1] not in "，。；" or heading(a):
        return Join(False, "heading_before")
    gap = left[len(a) :] + right[: len(right) - len(b)]
    if ends_sentence(a):
        if blank and not page_break:
            return Join(False, "blank_after_sentence_end")
        if full_line(a, width) is False:
            return Join(False, "short_line_sentence_end")
        glue = join_glue(a, b, gap=gap, text=text) or Join(True, "no_glue", " ")
        return Join(True, "full_line_sentence_end", glue.glue, glue.eat)
    if blank and not page_break:
        continues = (
            is_zh(a[-1]) or is_zh(b[0]) or b[0].islower() or b[0].isdigit() or b[0] in CONTINUING or a[-1] in CONTINUING
        )
        if not continues:
            return Join(False, "blank_new_start")
        glue = join_glue(a, b, gap=gap, text=text)
        return Join(True, "blank_mid_sentence", glue.glue, glue.eat) if glue else Join(False, "no_glue")
    glue = join_glue(a, b, gap=gap, text=text)
    return glue or Join(True, "no_glue", " ")


# --------------------------------------------------------------------------- blocks of a page

#: The marker of a list item or a reference-list entry opening a line: a bullet, ``1.`` ``1)``
#: ``1、`` ``(1)`` ``（1）`` ``[12]`` ``［12］`` ``【12】`` (not a number going on: ``3.14``). The
#: item's wrapped lines hang under the text after it.
LIST_MARKER_RE = re.compile(
    rf"^[ \t\u3000]*(?:[{BULLETS}]|\d{{1,2}}(?:[.．、](?!\d)|[)）])|[（(]\d{{1,2}}[）)]|[［\[【〔]\d{{1,3}}[］\]】〕])"
)


def list_marker(line: str) -> bool:
    """A list item's or a reference entry's marker opens ``line``.

    >>> list_marker("[12] 王磊．…"), list_marker("• 第一项"), list_marker("1) 安装"), list_marker("3.14 亿元")
    (True, True, True, False)
    """
    return LIST_MARKER_RE.match(line) is not None


#: What ends a line cut inside a sentence besides a letter or a Chinese character: a comma, an
#: enumeration comma (not a colon or semicolon: a list may follow those).
MID_SENTENCE_MARKS = "，、,"


def cut_mid_sentence(line: str) -> bool:
    """``line`` (trailing blanks ignored) stops inside a sentence: on a Chinese character, a Latin
    letter, a word broken at a hyphen, a comma.

    >>> cut_mid_sentence("研究表明"), cut_mid_sentence("the protec-"), cut_mid_sentence("如下："), cut_mid_sentence("正确。")
    (True, True, False, False)
    """
    s = line.rstrip(BLANK)
    if not s:
        return False
    last = s[-1]
    if last == "-":
        return len(s) >= 2 and s[-2].isascii() and s[-2].isalpha()
    return is_cjk(last) or (last.isascii() and last.isalpha()) or last in MID_SENTENCE_MARKS


#: A front-matter label opening a line with or without its colon, as a page prints it before any
#: repair (``摘　要　由于…``, ``关键词 数据``, ``CLC number: TP391``); a Latin one capitalised.
LABEL_START_RE = re.compile(rf"^[ \t\u3000]*+[［\[【〔]?[ \t\u3000]*+(?![a-z])(?:{_LABEL_ALT})(?![A-Za-z])")


def label_start(line: str) -> str | None:
    """The field a label opening ``line`` names, colon or not (``label`` wants the colon, a
    bracket or the label alone: a repaired line's), or None.

    >>> label_start("摘　要　由于…"), label_start("Abstract Technology"), label_start("Abstracts of"), label_start("abstract")
    ('abstract', 'abstract_en', None, None)
    """
    m = LABEL_START_RE.match(line)
    return next(k for k, v in m.groupdict().items() if v is not None) if m else None


def opens_block(line: str) -> str | None:
    """What makes ``line`` the first of a block of its own however it is indented (the PDF path
    measures indents itself): a heading, a label, a bullet, the footnote rule (``opens_unit``),
    a label without its colon (``label_start``), a list item's or reference entry's marker, a
    caption. Returns the rule's name, or None.

    >>> opens_block("　　参考文献"), opens_block("[3] 张三．"), opens_block("表1 数据"), opens_block("表明数据")
    ('heading', 'list_marker', 'caption', None)
    """
    s = line.lstrip(BLANK)
    if rule := opens_unit(s):
        return rule
    if label_start(s):
        return "label"
    if list_marker(s):
        return "list_marker"
    if caption(s):
        return "caption"
    return None
