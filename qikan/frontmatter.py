"""Front matter of a research article as Chinese journals print it, and forum author lines.

``parse_front_matter(text)`` reads the labelled fields (摘要, 关键词, 中图分类号, 文献标识码,
文章编号, DOI, 收稿日期, 修回日期, 基金项目, 作者简介, 通信作者, Abstract, Key words) wherever
they stand at the start of a line, and — when the text has an abstract or numbered
affiliations — the unlabelled block before them: the title (one or two lines), the author
line with its markers (``¹ ²``, ``*``, ``1,2``) and the affiliations
``（1.某大学 某学院，北京 100084；2.…）``, and the English title, authors and affiliations
before ``Abstract``. It reports which lines it consumed so that segmentation keeps them out of
the body paragraphs; the abstracts are reported as spans so that they can become paragraphs.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from qikan.blocks import Line, lines
from qikan.conventions import (  # noqa: F401  (masthead and author-line names stay importable from here)
    ABSTRACT_HEADING_RE,
    ABSTRACT_STOP_RE,
    AFFILIATION_GAP_CITY_RE,
    AFFILIATION_MARKED_BRACKET_RE,
    AFFILIATION_MARKED_SPLIT_RE,
    AFFILIATION_ORG_RE,
    ARTICLE_NO_RE,
    BLANK,
    CJK,
    CJK_RE,
    DOI_ISSUE_RE,
    FIELD_RE,
    FOOTNOTE_RULE_RE,
    FRONT_LABEL_NO_COLON_RE,
    GLUED_FIELD_RE,
    HEAD_SHORT_TITLE_RE,
    MASTHEAD_BARE_ISSUE_RE,
    MASTHEAD_LATIN_CAPS_RE,
    MASTHEAD_LATIN_NAME_RE,
    MASTHEAD_LATIN_NO_RE,
    MASTHEAD_LATIN_VOL_RE,
    MASTHEAD_MONTH_RE,
    MASTHEAD_NOT_RE,
    MASTHEAD_TOTAL_RE,
    MASTHEAD_VOL_ISSUE_RE,
    NOT_JOURNAL_NAME_RE,
    NOTE_LABELS,
    ONLINE_FIRST_RE,
    PRIVATE_USE_RE,
    ROLE_END_RE,
    SENTENCE_END,
    SUPERSCRIPT_DIGITS,
    SUPERSCRIPT_TO_DIGIT,
    TITLE_MARK_RE,
    author_markers,
    english_block_start,
    field_label,
    join_lines,
    label_key,
    looks_like_affiliation,
    markdown_heading,
    opens_like_heading,
    page_number,
    parse_author_en_line,
    parse_author_line,
    split_affiliation_role,
)
from qikan.references import entry_number
from qikan.repair import patterns as P

# --------------------------------------------------------------------------- patterns

#: Fields whose value may run over the following lines of the same block.
_MULTILINE = {"abstract", "abstract_en", "funding", "author_notes", "corresponding_author", "keywords", "keywords_en"}
#: Fields that take a whole line (their value is never split at a following label).
_WHOLE_LINE = {"abstract", "abstract_en", "author_notes"}

_SUP = SUPERSCRIPT_DIGITS
#: An affiliation list in brackets: ``（1.清华大学 公共管理学院，北京 100084；2.…）``.
_AFFIL_BLOCK_RE = re.compile(
    r"^[ \t\u3000]*[（(](?P<body>.*(?:\d{6}|大学|学院|研究院|研究所|Univ|Institute).*)[）)][ \t\u3000]*$", re.S
)
_AFFIL_ITEM_RE = re.compile(
    rf"^[ \t\u3000]*(?:(?P<marker>[\d{_SUP}]{{1,2}})[ \t]*[.．、,，]?[ \t\u3000]*)?(?P<name>.+?)"
    r"(?:[，,][ \t\u3000]*(?P<city>[^，,\d]{2,20}?)[ \t\u3000]*(?P<postcode>\d{6})"
    r"(?:[ \t\u3000]*[，,][ \t\u3000]*(?:China|中国))?)?[ \t\u3000]*$",
    re.S,
)
_DEGREE_RE = re.compile(r"^(?:博士|硕士|学士|在读博士|在读硕士)$")
_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-年./－−‐–\ue000-\uf8ff]\s*(?P<m>\d{1,2})\s*[-月./－−‐–\ue000-\uf8ff]\s*(?P<d>\d{1,2})"
    r"|(?<!\d)(?P<y2>(?:19|20)\d{2})(?P<m2>[01]\d)(?P<d2>[0-3]\d)(?!\d)"  # 20190412, its separators lost
)
#: Keyword separators; U+037E is the Greek question mark that PDFs put for ``;``.
_KEYWORD_SPLIT_RE = re.compile(r"[ \t\u3000]*[；;\u037e，,、][ \t\u3000]*|[ \t\u3000]{2,}")
#: A value that is only another (unknown) label: ``中图分类号：学校代码： 10055`` has no 中图分类号.
_LABEL_ONLY_RE = re.compile(rf"^{CJK}{{2,8}}[ \t\u3000]*[：:]")
#: Blanks between two Chinese characters (letter spacing: 中 文 信 息 学 报). It opens with the
#: blank, looking back for the character before it, so that the regex engine skips to blanks.
_SPACE_IN_CJK_RE = re.compile(rf"[ \t\u3000](?<={CJK}[ \t\u3000])[ \t\u3000]*(?={CJK})")
_TRAILING_RE = re.compile(r"[ \t\u3000；;，,。.]+$")
_LATIN_LINE_RE = re.compile(r"^[\x20-\x7e\u00c0-\u024f\u2018-\u201d–—¹²³⁴⁵⁶⁷⁸⁹⁰]+$")


@dataclass
class FrontMatter:
    """What ``parse_front_matter`` found, and the lines it consumed."""

    meta: dict[str, Any] = field(default_factory=dict)
    authors: list[dict[str, Any]] = field(default_factory=list)
    #: (start, end) spans of text lines that are front matter, never body paragraphs
    consumed: list[tuple[int, int]] = field(default_factory=list)
    #: label → (start, end) spans of the abstract's paragraphs (label excluded) in the text
    abstract_spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    #: (start, end) spans of the first-page footnote block's lines (收稿日期, 基金项目, 作者简介 …):
    #: their values are metadata, and their text ``note`` paragraphs
    note_spans: list[tuple[int, int]] = field(default_factory=list)
    #: page 1 is a CNKI online-first cover page (all of it metadata, its footnotes included)
    cover_page: bool = False


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t\u3000\n":
        s += 1
    while e > s and text[e - 1] in " \t\u3000\n":
        e -= 1
    return s, e


def _clean(value: str) -> str:
    return _TRAILING_RE.sub("", " ".join(s.strip() for s in value.split("\n")).strip())


def _join_lines(parts: list[str]) -> str:
    """Join wrapped lines (``conventions.join_lines``): Chinese joins without a space, Latin with one."""
    return join_lines([p.strip(BLANK) for p in parts])


def _title(text: str) -> str:
    """A title as printed, without its Markdown heading marks (``# …``) and its footnote mark."""
    if md := markdown_heading(text):
        text = md[1]
    return TITLE_MARK_RE.sub("", text.strip(BLANK))


def split_keywords(value: str) -> list[str]:
    """Printed keywords split on ``；;，,、`` (or wide gaps), empties dropped.

    >>> split_keywords("数字经济；区域创新, 空间杜宾模型；")
    ['数字经济', '区域创新', '空间杜宾模型']
    """
    return [k for k in (s.strip(" \t\u3000.。") for s in _KEYWORD_SPLIT_RE.split(value.strip())) if k]


def parse_date(value: str) -> date | None:
    """First date in a 收稿日期-style value: ``2023-10-12`` or ``2023年10月12日``."""
    m = _DATE_RE.search(value)
    if not m:
        return None
    try:
        return date(int(m["y"] or m["y2"]), int(m["m"] or m["m2"]), int(m["d"] or m["d2"]))
    except ValueError:
        return None


def parse_affiliations(line: str) -> list[dict[str, Any]] | None:
    """Numbered (or single) affiliations in brackets, with city and postcode.

    >>> [(a["marker"], a["name"], a["city"], a["postcode"])
    ...  for a in parse_affiliations("（1.清华大学 公共管理学院，北京 100084；2.北京大学 经济学院，北京 100871）")]
    [('1', '清华大学公共管理学院', '北京', '100084'), ('2', '北京大学经济学院', '北京', '100871')]
    """
    m = _AFFIL_BLOCK_RE.match(line)
    if not m:
        return None
    body = " ".join(x.strip() for x in m["body"].split("\n"))
    out = [_affiliation_item(item) for item in re.split(r"[ \t\u3000]*[；;][ \t\u3000]*", body) if item.strip()]
    return None if not out or None in out else out  # type: ignore[return-value]


def _affiliation_item(item: str) -> dict[str, Any] | None:
    """One affiliation: marker, name, city and postcode (after a comma, or a gap: ``… 北京 100871``)."""
    im = _AFFIL_ITEM_RE.match(item)
    if not im:
        return None
    if im["postcode"] is None and (sm := AFFILIATION_GAP_CITY_RE.match(item)):
        im = sm
    marker = im["marker"].translate(SUPERSCRIPT_TO_DIGIT) if im["marker"] else None
    name = _SPACE_IN_CJK_RE.sub("", im["name"].strip(" \t\u3000，,"))
    return {"marker": marker, "name": name, "city": (im["city"] or "").strip() or None, "postcode": im["postcode"]}


def parse_affiliation_lines(lines_: list[str]) -> list[dict[str, Any]] | None:
    """Affiliations printed without brackets, one a line (or several a line, split by ；), each
    numbered when there are several: ``1 北京大学信息管理系 北京 100871`` / ``²武汉大学…``.

    Every item must read as an institution (an organisation word or a postcode), so a title or
    a sentence is no affiliation.

    >>> [(a["marker"], a["name"], a["city"]) for a in parse_affiliation_lines(
    ...     ["1. 北京大学 信息管理系，北京 100871", "2. 武汉大学 信息管理学院，武汉 430072"])]
    [('1', '北京大学信息管理系', '北京'), ('2', '武汉大学信息管理学院', '武汉')]
    >>> parse_affiliation_lines(["本文研究了大学生的学习行为。"]) is None
    True
    """
    out: list[dict[str, Any]] = []
    for line in (part for x in lines_ for part in AFFILIATION_MARKED_SPLIT_RE.split(x)):
        s = line.strip(" \t\u3000")
        if m := AFFILIATION_MARKED_BRACKET_RE.match(s):
            s = f"{m['marker']} {m['body']}"  # ¹⁾(清华大学计算机系　北京　100084)
        if not s or len(s) > 120 or any(ch in s for ch in SENTENCE_END + "：:") or s.startswith(("（", "(")):
            return None
        for item in re.split(r"[ \t\u3000]*[；;][ \t\u3000]*", s):
            if not item:
                continue
            got = _affiliation_item(item)
            if got is None or not (got["postcode"] or AFFILIATION_ORG_RE.search(got["name"])):
                return None
            out.append(got)
    if len(out) > 1 and any(a["marker"] is None for a in out):
        return None  # several unnumbered lines: not an affiliation list
    return out or None


def parse_author_affiliations(text: str) -> list[dict[str, str | None]]:
    """The affiliation/role pairs of a forum author line (the text after the name).

    ``、`` separates phrases; a phrase without an organisation adds a role to the one before.

    >>> parse_author_affiliations("清华大学公共管理学院教授、清华大学科技发展与治理研究中心主任")
    [{'name': '清华大学公共管理学院', 'role': '教授'}, {'name': '清华大学科技发展与治理研究中心', 'role': '主任'}]
    >>> parse_author_affiliations("中国科学技术发展战略研究院党委书记、研究员")
    [{'name': '中国科学技术发展战略研究院', 'role': '党委书记、研究员'}]
    """
    out: list[dict[str, str | None]] = []
    for part in re.split(r"[、，,；;]", text.strip()):
        aff, role = split_affiliation_role(part)
        if aff is None and out:
            prev = out[-1]
            prev["role"] = f"{prev['role']}、{role}" if prev["role"] else role
        elif aff is not None or role is not None:
            out.append({"name": aff, "role": role})
    return out


def author_record(
    name: str,
    affiliations: list[dict[str, Any]],
    *,
    role: str | None = None,
    email: str | None = None,
    corresponding: bool | None = None,
    name_en: str | None = None,
) -> dict[str, Any]:
    """The ``documents.authors`` struct of one author."""
    names = [a["name"] for a in affiliations if a.get("name")]
    roles = [a["role"] for a in affiliations if a.get("role")]
    if role and role not in roles:
        roles.append(role)
    return {
        "name": name,
        "affiliation": "；".join(names) or None,
        "role": "、".join(roles) or None,
        "affiliations": [
            {
                "name": a.get("name"),
                "role": a.get("role"),
                "city": a.get("city"),
                "postcode": a.get("postcode"),
                "marker": a.get("marker"),
            }
            for a in affiliations
        ],
        "name_en": name_en,
        "email": email,
        "corresponding": corresponding,
    }


# --------------------------------------------------------------------------- the parser


@dataclass
class _Field:
    key: str
    value_start: int
    value_end: int
    line_start: int
    line_end: int
    #: paragraphs of a multi-paragraph value (an abstract under a bare 摘要 heading)
    spans: list[tuple[int, int]] | None = None


def _bare_abstract(all_lines: list[Line], i: int) -> tuple[_Field, int] | None:
    m = ABSTRACT_HEADING_RE.match(all_lines[i].text)
    if not m:
        return None
    key = "abstract" if m["abstract"] else "abstract_en"
    spans: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    j = i + 1
    while j < len(all_lines) and j < i + 400:
        ln = all_lines[j]
        again = ABSTRACT_HEADING_RE.match(ln.text)
        if again and bool(again["abstract"]) == (key == "abstract"):
            again = None  # the label repeated as a running header on the next page
            running = True
        else:
            running = False
        if not ln.blank and (again or field_label(ln.text) or ABSTRACT_STOP_RE.match(ln.text)):
            break
        if ln.blank or running or page_number(ln.text) is not None:
            if cur:
                spans.append(cur)
                cur = None
        else:
            lead = len(ln.text) - len(ln.text.lstrip(" \t\u3000"))
            end = ln.start + len(ln.text.rstrip(" \t\u3000"))
            cur = (cur[0], end) if cur else (ln.start + lead, end)
        j += 1
    if cur:
        spans.append(cur)
    if not spans:
        return None
    last = j - 1
    return _Field(key, spans[0][0], spans[-1][1], all_lines[i].start, all_lines[last].end, spans), last


def _plausible_value(key: str, value: str) -> bool:
    """Whether the text after a colonless label reads as that field: an abstract is sentences,
    keywords a short list (``摘要是…`` opening a body sentence is neither)."""
    value = value.strip()
    if key == "keywords":
        return (
            bool(re.search(r"[；;，,、]", value)) and not any(ch in value for ch in SENTENCE_END) and len(value) <= 120
        )
    return len(value) >= 30 and bool(re.search(r"[。.]", value))


def _scan_fields(text: str, all_lines: list[Line]) -> tuple[list[_Field], set[int]]:
    """Labelled fields at line starts, their values (with continuation lines), consumed lines."""
    fields: list[_Field] = []
    consumed: set[int] = set()
    # before the first heading, 摘要 and 关键词 may go without a colon (a bold label and a gap)
    front_end = next((k for k, ln in enumerate(all_lines) if opens_like_heading(ln.text)), len(all_lines))
    i = 0
    while i < len(all_lines):
        ln = all_lines[i]
        if bare := _bare_abstract(all_lines, i):
            f, last = bare
            fields.append(f)
            consumed.update(range(i, last + 1))
            i = last + 1
            continue
        m = field_label(ln.text)
        if not m and i < min(front_end, _MASTHEAD_ZONE) and (b := FRONT_LABEL_NO_COLON_RE.match(ln.text)):
            m = b if _plausible_value(label_key(b), ln.text[b.end() :]) else None
        key0 = label_key(m) if m else None  # (groupdict of a pattern with many groups: read once)
        if not m or ln.blank or (i and key0 == "doi" and entry_number(all_lines[i - 1].text) is not None):
            i += 1  # (a DOI wrapped onto the next line of a 参考文献 entry belongs to the entry)
            continue
        hits = [m]
        later = [h for h in FIELD_RE.finditer(ln.text, m.end()) if h.start() > m.end() or h.group().strip()]
        if key0 in _WHOLE_LINE:
            # an abstract mentions labels in its sentences; but a bracketed one (［关键词］) on a line
            # a repair joined onto the abstract is a label, and so is Key words right after the
            # abstract's last sentence
            later = [
                h
                for h in later
                if h.group().lstrip(" \t\u3000")[:1] in "［[【〔"
                or (
                    label_key(h) in ("keywords", "keywords_en")
                    and ln.text[: h.start()].rstrip()[-1:] in SENTENCE_END + ".!?"
                )
            ]
        # a classification label glued onto the value before it (…时间控制器中图法分类号：TP391)
        glued = [
            h
            for h in GLUED_FIELD_RE.finditer(ln.text, m.end())
            if not any(g.start() <= h.start() < g.end() for g in later)
        ]
        later = sorted([*later, *glued], key=lambda h: h.start())
        hits += [h for h in later if h.start() > 0]
        last_line = i
        for n, h in enumerate(hits):
            key = key0 if h is m else label_key(h)
            vstart = ln.start + h.end()
            vend = ln.start + hits[n + 1].start() if n + 1 < len(hits) else ln.end
            if n + 1 == len(hits) and key in _MULTILINE:
                j = i + 1
                while j < len(all_lines):
                    nxt = all_lines[j]
                    prev_end = all_lines[j - 1].text.rstrip()
                    if nxt.blank or field_label(nxt.text) or all_lines[j - 1].ends_page:
                        break
                    if page_number(nxt.text) is not None:
                        break
                    if key not in ("abstract", "abstract_en") and prev_end.endswith(("。", ".")):
                        break  # a finished note: the next line is body text (a page-1 footnote mid-text)
                    if key not in ("abstract", "abstract_en") and opens_like_heading(nxt.text):
                        break
                    vend = nxt.end
                    last_line = j
                    j += 1
            fields.append(_Field(key, vstart, vend, ln.start, all_lines[last_line].end))
        if key0 in NOTE_LABELS:
            k = i - 1
            while k >= 0 and all_lines[k].blank:
                k -= 1
            if k >= 0 and FOOTNOTE_RULE_RE.match(all_lines[k].text):
                consumed.add(k)  # the short rule above the footnote block
        consumed.update(range(i, last_line + 1))
        i = last_line + 1
    return fields, consumed


def parse_front_matter(text: str, *, journal: str | None = None, page_starts: list[int] | None = None) -> FrontMatter:
    """Front matter of ``text``: masthead lines and labelled fields at line starts, and the
    title, authors and affiliations before the abstract when the text has an abstract.

    ``journal``: the journal's name when the running heads told it (``issue_metadata``): a line
    of the first page that is only that name is its masthead. ``page_starts``: where pages
    start in ``text`` (a cover page is consumed up to the second)."""
    fm = FrontMatter()
    all_lines = lines(text)
    fields, consumed = _scan_fields(text, all_lines)
    cover_end = page_starts[1] if page_starts and len(page_starts) > 1 else None
    fm.cover_page = _scan_masthead(all_lines, fields, consumed, fm.meta, journal, cover_end)
    meta = fm.meta
    raw: dict[str, str] = {}
    for f in fields:
        value = text[f.value_start : f.value_end]
        if f.key in raw:  # a field printed twice (running footnote on a later page): keep the first
            continue
        raw[f.key] = value
        if f.key in ("abstract", "abstract_en"):
            spans = f.spans or [(f.value_start, f.value_end)]
            spans = [(s, e) for s, e in (_trim(text, s, e) for s, e in spans) if e > s]
            fm.abstract_spans[f.key] = spans
            meta[f.key] = "\n".join(_join_lines(text[s:e].split("\n")) for s, e in spans) or None
        elif f.key in ("keywords", "keywords_en"):
            meta[f.key] = split_keywords(_join_lines(value.split("\n")))
        elif f.key in ("received", "revised"):
            meta[f"{f.key}_date"] = parse_date(value)
        else:
            cleaned = _clean(_join_lines(value.split("\n")))
            meta[f.key] = None if _LABEL_ONLY_RE.match(cleaned) else cleaned or None
    if (code := meta.get("doc_code")) and (m := re.match(r"^[A-Z](?![A-Za-z])", code)):
        meta["doc_code"] = m.group()  # 文献标识码 is one letter; text after it was joined on
    if "doi" in meta and meta["doi"]:
        meta["doi"] = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/)", "", meta["doi"]).split()[0]
    if any(f.key in NOTE_LABELS for f in fields):
        # the rule above the footnote block, left on a line of its own where the block was moved
        consumed.update(i for i, ln in enumerate(all_lines) if FOOTNOTE_RULE_RE.match(ln.text))
    fm.consumed = [(all_lines[i].start, all_lines[i].end) for i in sorted(consumed)]
    for f in fields:
        if f.key in NOTE_LABELS:
            span = _trim(text, f.line_start, f.line_end)
            if span[1] > span[0] and span not in fm.note_spans:
                fm.note_spans.append(span)

    if fm.cover_page and cover_end is not None:
        fm.note_spans = [span for span in fm.note_spans if span[0] >= cover_end]

    if "abstract" in raw or "abstract_en" in raw:
        _parse_head(text, all_lines, consumed, fields, fm)
    _attach_notes(fm, raw)
    return fm


def _parse_head(text: str, all_lines: list[Line], consumed: set[int], fields: list[_Field], fm: FrontMatter) -> None:
    """Title, authors and affiliations before the first abstract (Chinese, then English)."""
    first_abs = min((f.line_start for f in fields if f.key in ("abstract", "abstract_en")), default=len(text))
    zh_abs = next((f.line_start for f in fields if f.key == "abstract"), None)
    en_abs = next((f.line_start for f in fields if f.key == "abstract_en"), None)
    # the head ends at the first abstract, or at the first heading when the body comes first
    # (an English abstract printed after the references)
    first_heading = next(
        (ln.start for i, ln in enumerate(all_lines) if i not in consumed and opens_like_heading(ln.text)), len(text)
    )
    limit = first_abs if zh_abs is not None else min(first_abs, first_heading)
    head = [i for i, ln in enumerate(all_lines) if ln.start < limit and i not in consumed and not ln.blank]
    zh_lines = [i for i in head if not _LATIN_LINE_RE.match(all_lines[i].text.strip())]
    _parse_zh_head(all_lines, zh_lines, consumed, fm)
    # English block: title, authors and affiliations above ``Abstract`` (after the Chinese part,
    # or at the end of the article, before or after the references)
    if en_abs is not None:
        idx = next(i for i, ln in enumerate(all_lines) if ln.start == en_abs)
        start = english_block_start([ln.text for ln in all_lines], idx)
        block = [] if start is None else [j for j in range(start, idx) if not all_lines[j].blank and j not in consumed]
        _parse_en_head(all_lines, block, consumed, fm)
    fm.consumed = [(all_lines[i].start, all_lines[i].end) for i in sorted(consumed)]


#: How far into the text a masthead may stand (lines): page 1's head, or a cover page's.
_MASTHEAD_ZONE = 60
#: The fields after the masthead, title and authors: the masthead zone ends at the first.
_FRONT_KEYS = ("abstract", "abstract_en", "keywords", "keywords_en")


def _scan_masthead(
    all_lines: list[Line],
    fields: list[_Field],
    consumed: set[int],
    meta: dict[str, Any],
    journal: str | None,
    cover_end: int | None,
) -> bool:
    """Masthead lines above the title (journal, 第N卷 第N期, year and month, the Latin name),
    a line that is only the journal's name, and a CNKI online-first cover page: consumed, their
    values into ``meta`` (the first line that gives a value wins). Returns whether page 1 is
    such a cover page."""
    cover = False
    first_field = min((f.line_start for f in fields if f.key in _FRONT_KEYS), default=None)
    zone_end = -1
    before = set(consumed)
    for i, ln in enumerate(all_lines[:_MASTHEAD_ZONE]):
        if first_field is not None and ln.start >= first_field:
            break
        if i in consumed or ln.blank:
            continue
        if i and opens_like_heading(ln.text) and not P.ISSUE_LINE_RE.search(ln.text):
            break
        if m := ONLINE_FIRST_RE.match(ln.text):
            # the cover page of an online-first article: all of it is metadata
            meta.setdefault("journal", m["journal"])
            end = next(
                (k for k in range(i, len(all_lines)) if all_lines[k].ends_page or (cover_end or 0) <= all_lines[k].end),
                i,
            )
            consumed.update(k for k in range(0, end + 1) if not all_lines[k].blank)
            cover = True
            continue
        name = _SPACE_IN_CJK_RE.sub("", ln.text.strip(" \t\u3000"))
        if got := parse_masthead(ln.text):
            for k, v in got.items():
                meta.setdefault(k, v)
            consumed.add(i)
        elif name and name in (journal, meta.get("journal")):
            consumed.add(i)
        zone_end = i
    # the journal's names on lines of their own among the masthead lines: the Chinese one between
    # two of them (中文信息学报 under 第37卷 第2期), the Latin one next to one
    masthead = consumed - before  # lines read as masthead here (a field line is none)
    first_text = next((i for i, ln in enumerate(all_lines) if not ln.blank), -1)
    for i in range(0, min(zone_end + 1, len(all_lines))):
        ln = all_lines[i]
        if i in consumed or ln.blank:
            continue
        name = _SPACE_IN_CJK_RE.sub("", ln.text.strip(" \t\u3000"))
        near = _neighbours_consumed(all_lines, i, masthead)
        nxt = next((k for k in range(i + 1, len(all_lines)) if not all_lines[k].blank), None)
        if (
            P.CJK_NAME_LINE_RE.match(name)
            and not NOT_JOURNAL_NAME_RE.search(name)
            and nxt is not None
            and (
                MASTHEAD_LATIN_CAPS_RE.match(all_lines[nxt].text)
                or (near and MASTHEAD_LATIN_NAME_RE.match(all_lines[nxt].text))
            )
        ):
            # the Chinese name over its Latin name: in capitals (图书情报工作 / LIBRARY AND …), or in
            # title case next to a masthead line (2023年3月 / 情报学报 / Journal of the China Society …)
            near = 2
            masthead.add(nxt)
        if P.CJK_NAME_LINE_RE.match(name) and near == 2 and not NOT_JOURNAL_NAME_RE.search(name):
            meta.setdefault("journal", name)
            consumed.add(i)
            masthead.add(i)
        elif MASTHEAD_LATIN_NAME_RE.match(ln.text) and (near or i == first_text):
            # (next to masthead lines, or opening the text: the repair took the lines around it
            # out as the running head they repeat on every page)
            meta.setdefault("journal_latin", ln.text.strip())
            consumed.add(i)
    return cover


def _neighbours_consumed(all_lines: list[Line], i: int, consumed: set[int]) -> int:
    """How many of the nearest non-blank lines before and after line ``i`` are consumed."""
    n = 0
    for step in (-1, 1):
        k = i + step
        while 0 <= k < len(all_lines) and all_lines[k].blank:
            k += step
        n += 0 <= k < len(all_lines) and k in consumed
    return n


def merge_issue_metadata(meta: dict[str, Any], heads: dict[str, Any]) -> None:
    """Journal, year, volume, issue and first/last page from the sources that tell them, the
    surest first: the 文章编号, the masthead (already in ``meta``), the running heads
    (``heads``, from ``issue_metadata``), a CNKI DOI, and the online-first date."""
    art = article_no_metadata(meta.get("article_no"))
    doi = DOI_ISSUE_RE.search(PRIVATE_USE_RE.sub("-", meta.get("doi") or ""))
    online = parse_date(meta.get("online_first") or "")
    printed: dict[str, int] = {}  # 本文起止页码：129-136
    if m := re.match(r"^\s*(\d{1,5})\s*[-－—–~～]\s*(\d{1,5})", meta.get("page_range") or ""):
        printed = {"first_page": int(m[1]), "last_page": int(m[2])}
    order = {
        "journal": (meta, heads),
        "journal_latin": (meta, heads),
        "year": (art, meta, heads, {"year": int(doi["year"])} if doi else {}, {"year": online.year} if online else {}),
        "volume": (meta, heads),
        "issue": (meta, art, heads, {"issue": int(doi["issue"])} if doi else {}),
        "first_page": (art, printed, meta, heads),
        "last_page": (art, printed, meta, heads),
    }
    for key, sources in order.items():
        value = next((src[key] for src in sources if src.get(key) not in (None, "")), None)
        if value is not None:
            meta[key] = value


def _parse_zh_head(all_lines: list[Line], idx: list[int], consumed: set[int], fm: FrontMatter) -> None:
    idx = [i for i in idx if i not in consumed]
    author_at = next((k for k, i in enumerate(idx) if _is_author_line(all_lines, idx, k)), None)
    if author_at is None:
        # a thesis: no author line under the title; the title is the first title-like cover line
        for i in idx:
            t = all_lines[i].text.strip(" \t\u3000")
            if len(t) <= 20 and _COVER_RE.search(re.sub(r"[ \t\u3000]", "", t)):
                consumed.add(i)  # 硕士学位论文 and the like: cover lines, not text
                continue
            if 4 <= len(t) <= 40 and CJK_RE.search(t) and not re.search("[。，：:；]", t):
                fm.meta["title"] = _title(t)
                consumed.add(i)
                break
        return
    authors = parse_author_line(all_lines[idx[author_at]].text) or []
    title_lines = idx[:author_at]
    # the title is the last run of adjacent lines before the authors (a masthead may precede it)
    run: list[int] = []
    for i in title_lines:
        if run and i != run[-1] + 1 and not all(all_lines[k].blank for k in range(run[-1] + 1, i)):
            run = []
        run.append(i)
    run = run[-2:] if len(run) > 2 else run
    if run:
        fm.meta["title"] = _title(_join_lines([all_lines[i].text for i in run]))
        consumed.update(run)
    consumed.add(idx[author_at])
    # affiliations: the bracketed lines after the authors (possibly wrapped over several lines)
    rest = idx[author_at + 1 :]
    affs: list[dict[str, Any]] = []
    if rest:
        k, buf = 0, []
        while k < len(rest):
            buf.append(all_lines[rest[k]].text)
            got = parse_affiliations("\n".join(buf))
            if got:
                affs = got
                consumed.update(rest[: k + 1])
                # one bracketed block a line: （1. …）⏎（2. …）
                while k + 1 < len(rest) and (more := parse_affiliations(all_lines[rest[k + 1]].text)):
                    affs = affs + more
                    k += 1
                    consumed.add(rest[k])
                break
            if k >= 3 or not buf[0].lstrip(" \t\u3000").startswith(("（", "(")):
                break
            k += 1
        if not affs:  # unbracketed, one a line: as many lines as read as affiliations
            k = 0
            while k < min(len(rest), 8) and parse_affiliation_lines([all_lines[i].text for i in rest[: k + 1]]):
                k += 1
            if k:
                affs = parse_affiliation_lines([all_lines[i].text for i in rest[:k]]) or []
                consumed.update(rest[:k])
    by_marker = {a["marker"]: a for a in affs}
    for a in authors:
        mine = [by_marker[m] for m in a["markers"] if m in by_marker] if a["markers"] else []
        if not mine and len(affs) == 1:
            mine = affs
        if not mine and not a["markers"] and affs and all(x["marker"] is None for x in affs):
            mine = affs
        if not mine and affs and not any(x["markers"] for x in authors) and len(affs) == len(authors):
            mine = [affs[authors.index(a)]]  # markers lost (OCR): as many affiliations as authors, in order
        rec = author_record(a["name"], [dict(x, role=None) for x in mine])
        rec["corresponding"] = a["corresponding"] or None
        fm.authors.append(rec)


def _is_author_line(all_lines: list[Line], idx: list[int], k: int) -> bool:
    """An author line with evidence: markers, several names, or affiliations right after it,
    bracketed or not (a lone 4-character line such as 南开大学 is not an author)."""
    authors = parse_author_line(all_lines[idx[k]].text)
    if not authors:
        return False
    if any(a["markers"] or a["corresponding"] for a in authors) or len(authors) >= 2:
        return True
    after = [all_lines[i].text for i in idx[k + 1 : k + 4]]
    if any(parse_affiliations("\n".join(after[: n + 1])) for n in range(len(after))):
        return True
    # one name over one unbracketed affiliation a line (北京邮电大学计算机学院　北京　100876)
    return bool(after) and parse_affiliation_lines(after[:1]) is not None


def _parse_en_head(all_lines: list[Line], idx: list[int], consumed: set[int], fm: FrontMatter) -> None:
    if not idx:
        return
    texts = [all_lines[i].text.strip() for i in idx]
    aff_at = next((k for k, t in enumerate(texts) if t.startswith(("(", "（"))), None)
    au_at = next((k for k, t in enumerate(texts) if parse_author_en_line(t)), None)
    if au_at is None:
        return
    title_idx = idx[:au_at]
    if title_idx:
        fm.meta["title_en"] = _join_lines([all_lines[i].text for i in title_idx])
    consumed.update(idx[: au_at + 1])
    if aff_at is not None and aff_at > au_at:
        consumed.update(idx[aff_at:])
    names = parse_author_en_line(texts[au_at]) or []
    for a, en in zip(fm.authors, names):
        a["name_en"] = en["name"]


#: Lines of a thesis cover that are not its title.
_COVER_RE = re.compile(
    r"学位论文|毕业论文|分类号|密级|学号|UDC|作者|导师|指导教师|学科|专业|研究方向|日期|论文|大学$|学院$"
)


def _attach_notes(fm: FrontMatter, raw: dict[str, str]) -> None:
    """Roles from 作者简介 and e-mail/corresponding flag from 通信作者, matched by name."""
    notes = fm.meta.get("author_notes") or ""
    for part in (p for p in re.split(r"[；;]", notes) if p.strip()):
        for a in fm.authors:
            if not part.lstrip().startswith(a["name"]):
                continue
            for phrase in re.split(r"[，,]", part):
                phrase = phrase.strip(" 。.")
                if _DEGREE_RE.match(phrase) or not ROLE_END_RE.search(phrase):
                    continue
                aff, role = split_affiliation_role(phrase)
                if role:
                    for x in a["affiliations"]:
                        if aff and x["name"] and (aff in x["name"] or x["name"] in aff):
                            x["role"] = role
                    roles = [r for r in (a["role"] or "").split("、") if r]
                    if role not in roles:
                        roles.append(role)
                    a["role"] = "、".join(roles)
                    break
            mail = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", part)
            if mail:
                a["email"] = mail.group()
    corr = fm.meta.get("corresponding_author") or ""
    for a in fm.authors:
        if corr and corr.lstrip().startswith(a["name"]):
            a["corresponding"] = True
            mail = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", corr)
            if mail:
                a["email"] = mail.group()


# --------------------------------------------------------------------------- issue metadata

#: What a masthead or running head says besides its tokens: a (letter-spaced) Chinese name,
#: a Latin name, and numbers at its edges (the page number of a head).
_CJK_RUN_RE = re.compile(rf"{CJK}(?:[ \t\u3000]?{CJK})*")
_LATIN_RUN_RE = re.compile(r"[A-Za-z][A-Za-z&'’\-]*(?:[ \t]+[A-Za-z&][A-Za-z&'’\-]*)*")
_EDGE_PAGE_RE = re.compile(r"^[·•・—–\-－ \t]*(\d{1,5})[·•・—–\-－ \t]*$")
_HEAD_PUNCT_RE = re.compile(r"[,，.．·•・—–\-－()（）/|\[\]]")
_LATIN_NOISE = {"vol", "no", "issn", "cn", "doi"}


def parse_masthead(line: str, *, head: bool = False) -> dict[str, Any] | None:
    """Journal, Latin journal name, year, volume and issue of a masthead line, or None.

    A masthead line holds a volume, issue or year-and-month token and, besides those, only the
    journal's name (Chinese, letter-spaced or not, and Latin). ``head=True`` reads a running
    head instead: the short title after the first author (``王磊等：…``) is dropped, and a number
    at an edge is the printed page (``page``).

    >>> parse_masthead("第 36 卷 第 5 期 中 文 信 息 学 报 Vol. 36, No. 5")
    {'issue': 5, 'volume': 36, 'journal': '中文信息学报'}
    >>> parse_masthead("58 计 算 机 学 报 2023 年", head=True)
    {'year': 2023, 'journal': '计算机学报', 'page': 58}
    >>> parse_masthead("2024年第3期《求是》发表了重要文章。") is None
    True
    """
    s = PRIVATE_USE_RE.sub(" ", unicodedata.normalize("NFKC", line) if head else line).strip(" \t\u3000")
    if head:
        s = HEAD_SHORT_TITLE_RE.sub("", s).strip(" \t\u3000")
    if not s or len(s) > 120 or MASTHEAD_NOT_RE.search(s):
        return None
    out: dict[str, Any] = {}
    rest = MASTHEAD_TOTAL_RE.sub(" | ", s)
    found = False
    if m := MASTHEAD_VOL_ISSUE_RE.search(rest):
        out["volume"], out["issue"], found = int(m[1]), int(m[2]), True
        rest = rest[: m.start()] + " | " + rest[m.end() :]
    for key, rx in (
        ("issue", P.ISSUE_RE),
        ("volume", P.VOLUME_RE),
        ("issue", MASTHEAD_LATIN_NO_RE),
        ("volume", MASTHEAD_LATIN_VOL_RE),
        ("issue", MASTHEAD_BARE_ISSUE_RE),
    ):
        for m in rx.finditer(rest):
            out.setdefault(key, int(next(g for g in m.groups() if g)))
            found = True
        rest = rx.sub(" | ", rest)
    for m in MASTHEAD_MONTH_RE.finditer(rest):
        if y := P.YEAR_RE.search(m.group()):
            out.setdefault("year", int(y.group(1)))
        found = found or bool(re.search("[年月]", m.group())) or bool(P.YEAR_RE.search(m.group()))
    rest = MASTHEAD_MONTH_RE.sub(" | ", rest)
    if not found and not (head and _EDGE_PAGE_RE.match(rest)):
        # a head that is only the journal's name and the page number (Zhongguo Keji Luntan　31)
        bare = _LATIN_RUN_RE.sub(" ", _CJK_RUN_RE.sub(" ", rest)).strip(BLANK)
        if not (head and bare != rest.strip(BLANK) and _EDGE_PAGE_RE.match(bare)):
            return None
    names = [_SPACE_IN_CJK_RE.sub("", m.group()) for m in _CJK_RUN_RE.finditer(rest)]
    names = [n for n in names if len(n) >= 2]
    if len(names) > 1 or any(len(n) > 20 for n in names):
        return None  # two Chinese phrases besides the tokens: a sentence or a title, not a masthead
    if names:
        out["journal"] = names[0]
    rest = _CJK_RUN_RE.sub(" ", rest)
    latin = [
        m.group().strip()
        for m in _LATIN_RUN_RE.finditer(rest)
        if m.group().strip().lower() not in _LATIN_NOISE and len(m.group().strip()) >= 8
    ]
    if latin:
        out["journal_latin"] = max(latin, key=len)
    rest = _LATIN_RUN_RE.sub(" ", rest)
    numbers = _HEAD_PUNCT_RE.sub(" ", rest).split()
    if numbers:
        # what is left is numbers: one at an edge is a head's page number, anything else no masthead
        if not head or len(numbers) > 1 or not _EDGE_PAGE_RE.match(numbers[0]):
            return None
        out["page"] = int(numbers[0])
    return out


def issue_metadata(
    heads: Iterable[tuple[int | None, str]], page_numbers: Iterable[tuple[int | None, int]], n_pages: int
) -> dict[str, Any]:
    """Journal, year, volume, issue and first/last page read from the running heads a repair
    removed (``(page, text)``) and the page numbers it removed.

    The journal is the name most heads print (odd and even heads differ: one holds the journal,
    the other the authors and short title); the printed pages are found by the offset between
    printed number and page that most pages agree on, so that a stray number is outvoted.
    """
    names: Counter[str] = Counter()
    bare: Counter[str] = Counter()  # heads that are only a name: the journal's, or a chapter's
    latin: Counter[str] = Counter()
    values: dict[str, Counter[int]] = {"year": Counter(), "volume": Counter(), "issue": Counter()}
    offsets: Counter[int] = Counter()
    # a journal prints the same heads on page after page: each line is read once
    parsed: dict[str, tuple[dict[str, Any] | None, int | None, str | None]] = {}
    for page, text in heads:
        for line in text.split("\n"):
            if (seen := parsed.get(line)) is None:
                seen = parsed[line] = _read_head_line(line)
            got, volume, name = seen
            if volume is not None:
                values["volume"][volume] += 1  # a head whose words ran together
            if not got:
                if name is not None:
                    bare[name] += 1  # a head that is only the journal's name (电 力 系 统 保 护 与 控 制)
                continue
            if "journal" in got:
                names[got["journal"]] += 1
            if "journal_latin" in got:
                latin[got["journal_latin"]] += 1
            for k in values:
                if k in got:
                    values[k][got[k]] += 1
            if "page" in got and page:
                offsets[got["page"] - page] += 1
    for page, number in page_numbers:
        if page:
            offsets[number - page] += 1
    out: dict[str, Any] = {}
    if names:
        name, count = names.most_common(1)[0]
        if count >= 2 or len(names) == 1:
            out["journal"] = name
    elif bare:
        # a name alone is the journal's only when it heads most pages (a chapter's changes)
        name, count = bare.most_common(1)[0]
        if count >= 2 and count * 2 > sum(bare.values()):
            out["journal"] = name
    if latin:
        out["journal_latin"] = latin.most_common(1)[0][0]
    for k, c in values.items():
        if c:
            out[k] = c.most_common(1)[0][0]
    if offsets:
        d, count = offsets.most_common(1)[0]
        if (count >= 2 or n_pages <= 1) and d >= 0:
            out["first_page"] = 1 + d
            out["last_page"] = max(n_pages, 1) + d
    return out


def _read_head_line(line: str) -> tuple[dict[str, Any] | None, int | None, str | None]:
    """A running head's line: what ``parse_masthead`` reads in it and, where it reads nothing, the
    volume its run-together words give and the name it is, if it is only a name."""
    got = parse_masthead(line, head=True)
    if got:
        return got, None, None
    volume = int(next(g for g in v.groups() if g)) if (v := P.VOLUME_RE.search(line)) else None
    name = _SPACE_IN_CJK_RE.sub("", line.strip(" \t\u3000"))
    is_name = P.CJK_NAME_LINE_RE.match(name) and not NOT_JOURNAL_NAME_RE.search(name)
    return got, volume, name if is_name else None


def article_no_metadata(article_no: str | None) -> dict[str, Any]:
    """Year, issue and pages encoded in a 文章编号 (ISSN（year）issue-first page-page count).

    >>> article_no_metadata("1003-0077(2022)05-0031-08")
    {'year': 2022, 'issue': 5, 'first_page': 31, 'last_page': 38}
    >>> article_no_metadata("10013695（2019）03078105")
    {'year': 2019, 'issue': 3, 'first_page': 781, 'last_page': 785}
    """
    m = ARTICLE_NO_RE.search(PRIVATE_USE_RE.sub("-", article_no or ""))
    if not m:
        return {}
    g = {k.rstrip("2"): v for k, v in m.groupdict().items() if v is not None}
    first, count = int(g["first"]), int(g["count"])
    if not (1 <= count <= 200) or first < 1:
        return {}
    return {"year": int(g["year"]), "issue": int(g["issue"]), "first_page": first, "last_page": first + count - 1}
