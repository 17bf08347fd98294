"""Character classes and compiled patterns shared by the fixers, each with why it exists."""

from __future__ import annotations

import re

# Journal conventions live in ``qikan.conventions``; these names stay importable from here for
# the call sites outside repair that are not migrated yet (front matter, segment).
from qikan.conventions import (  # noqa: F401
    CJK,
    CJK_RANGES,
    CJK_RE,
    CLOSERS,
    FORUM_AUTHOR_LINE_RE,
    INDENT_RE,
    ISSUE_LINE_RE,
    ISSUE_RE,
    PAGE_NUMBER_LINE_RE,
    TERMINAL,
    VOLUME_RE,
    YEAR_RE,
    ZH_PUNCT,
    display_width,
    is_cjk,
    is_zh,
)

#: A number wrapped to a line start that finishes a cross-reference (``见⏎5.3.5 小节）``,
#: ``见表⏎3.1。``, ``参见第⏎3.8.1 节``): a unit noun or a sentence mark follows it, not a title.
XREF_TAIL_RE = re.compile(r"^[ \t]*\d{1,2}(?:\.\d{1,2}){0,3}[ \t]*(?:小节|节|章|表|图|式|页|条|款|[。，；）)])")

#: An author line of a forum article (``conventions.FORUM_AUTHOR_LINE_RE``).
AUTHOR_LINE_RE = FORUM_AUTHOR_LINE_RE

#: URLs, e-mail addresses and inline code: punctuation inside them is never touched.
#: An address's local part starts only where a run of word characters starts (the lookbehind):
#: without it, every position of a long run of CJK (\w) with no ``@`` rescanned the run to its
#: end, quadratic time (a 1 MB line without punctuation took hours).
PROTECTED_RE = re.compile(
    r"(?:https?|ftp)://[^\s，。；、）》]+"
    r"|www\.[^\s，。；、）》]+"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
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

#: Affiliation marks printed after an author's name (``陈  静¹``, ``李　华*``).
NAME_MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰*"

#: A one-character token of an author line: a padded name's half, with its affiliation mark.
NAME_HALF_RE = re.compile(rf"{CJK}[{NAME_MARKS}]*")

#: Common single-character surnames: a lone one of these followed by another lone character in
#: mid-line is a padded name (``王晓明　李　华``), not two cells of a table row (``项目　甲　乙``).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符"
    "舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农"
    "司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商"
    "刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池乐匡钮"
)

#: Zero-width characters, the BOM and the soft hyphen: invisible, never meant as text.
INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")

#: C0 controls other than tab, newline and form feed, and DEL: PDF font noise, NUL from bad exports.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0d-\x1f\x7f]+")

#: C1 controls: usually the trace of a wrong decoding; left for a person when ftfy cannot undo it.
C1_RE = re.compile("[\x80-\x9f]+")

#: A line that may be UTF-8 read as Latin-1/cp1252 (Chinese UTF-8 lead bytes show as ä å æ ç è é).
MOJIBAKE_SUSPECT_RE = re.compile("[\u00c2-\u00ef][\u0080-\u00bf\u0152-\u0192\u02c6-\u02dc\u2013-\u2122]")

#: Sequences that mark text already destroyed by a GBK/UTF-8 round trip (锟斤拷, 烫烫烫, 屯屯屯).
LOST_TEXT_RE = re.compile("(?:锟斤拷)+|烫{3,}|屯{3,}")

#: Full-width Latin letters and digits (Ａ１): the half-width forms are the ones to keep.
FULLWIDTH_ALNUM_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")

#: Characters a Chinese journal is expected to hold; a run of others is flagged.
EXPECTED_RANGES = (
    "\t\n\f\x20-\x7e"  # ASCII
    "\u00a0-\u024f"  # Latin-1 supplement and Latin Extended A/B (names with accents)
    "\u02b0-\u036f"  # modifier letters, combining diacritics
    "\u0370-\u03ff"  # Greek
    "\u1e00-\u1eff"  # Latin Extended Additional (pinyin tones)
    "\u2000-\u206f\u2070-\u209f\u20a0-\u20cf"  # general punctuation, super/subscripts, currency
    "\u2100-\u218f\u2190-\u21ff\u2200-\u22ff\u2300-\u23ff"  # letterlike, number forms, arrows, maths
    "\u2460-\u24ff\u2500-\u257f\u25a0-\u25ff\u2600-\u26ff\u2700-\u27bf\u27e8-\u27ef"  # ① ─ ■ ★ ✓ ⟨⟩
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31c0-\u31ef"  # radicals, CJK punct, kana, bopomofo
    "\u3200-\u33ff"  # enclosed CJK, CJK compatibility (㈠ ㎡)
    f"{CJK_RANGES}"
    "\ufe30-\ufe4f\uff00-\uffef"  # CJK compatibility forms, full-width forms
)
UNEXPECTED_RE = re.compile(f"[^{EXPECTED_RANGES}]+")

#: Paired marks whose balance is checked per paragraph.
PAIRS = {"“": "”", "（": "）", "《": "》", "「": "」", "『": "』", "【": "】", "〔": "〕"}


#: A footnote at the foot of a page as plain text extraction gives it: its superscript number
#: run into the note (``1https://…``, ``8使用多个宏包时…``); not a count (``12月``, ``3个``).
FOOTNOTE_MARK_RE = re.compile(rf"^(\d{{1,2}})(?![年月日时分秒个号项章节条种位名次岁元万亿倍])(?=[A-Za-z“《（(]|{CJK})")


#: The author part of an even page's running head (``袁晓明等：``, ``王晓明，等：``, ``李华：``).
AUTHOR_TITLE_HEAD_RE = re.compile(rf"^{CJK}{{2,4}}(?:[，,]?[ \u3000]*等)?[：:][ \u3000]*")
