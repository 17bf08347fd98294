"""Structure: title, front matter, sections (编者按, forum articles, headings), paragraphs,
参考文献 entries and sentences.

Works on the repaired text. Every paragraph is a slice of it: ``doc.text[char_start:char_end]``
is the paragraph's text, and a paragraph's sentences concatenate back to it. Front-matter lines
(title, authors, affiliations, labelled fields) are metadata, never paragraphs; the abstracts
are paragraphs of ``abstract`` sections. Headings open sections and are never paragraphs;
``表1``/``图1`` captions are ``caption`` paragraphs, table rows ``table`` paragraphs, and every
参考文献 entry a ``reference`` paragraph besides its ``references`` row. A PDF says itself which
text is a table row or a footnote (its ``pdf_table`` and ``pdf_footnote`` repairs, followed to
the repaired text by ``layout_spans``): those rows are ``table`` paragraphs whatever their cells,
and each footnote, moved to the end of the text, a ``note`` paragraph with its own page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter

from qikan import conventions as C
from qikan.blocks import Line, blocks, lines
from qikan.frontmatter import (
    author_record,
    issue_metadata,
    looks_like_affiliation,
    merge_issue_metadata,
    parse_author_affiliations,
    parse_front_matter,
)
from qikan.model import Document, Paragraph, Repair, Section, Sentence
from qikan.references import entry_number, parse_reference
from qikan.repair import patterns as P

_H1_RE = re.compile(r"^#[ \t]+(?P<title>\S.*?)[ \t#]*$")
_HN_RE = re.compile(r"^(?P<hashes>#{2,6})[ \t]+(?P<title>\S.*?)[ \t#]*$")
#: 编者按 / 编者的话 opening the issue's editor's note, with its label.
_EDITOR_NOTE_RE = re.compile(r"^(?:【\s*)?(?P<label>编者按|编者的话|编辑部按语)(?:\s*】)?[：:\s\u3000]*")

#: A table row: cells separated by tabs, pipes or wide gaps (three cells at least). (A tab, a
#: pipe, or two blanks or more; it opens with a class so that the regex engine skips to one.)
_TABLE_SEP_RE = re.compile(r"[\t| \u3000](?:(?<=[\t|])|[ \u3000]+)")
#: Notes under a table or figure.
_NOTE_RE = re.compile(r"^(?:注|资料来源|数据来源|说明)[ \t\u3000]*[：:]")
#: A first line this long that wraps on is a paragraph's, not a heading (headings are short).
_WRAPPED_LINE = 28

#: Paragraph kinds whose text is running prose: they get sentences and tokens.
PROSE_KINDS = ("body", "abstract", "caption", "note")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph; they tile it exactly (whitespace joins the sentence before).

    A sentence ends after 。！？； or an ellipsis (…… or ...), with the closing quotes and
    brackets that follow; ASCII ``!`` ``?`` only before a space, Chinese text or the end. Never
    inside brackets opened in the sentence, and never inside a number (``3.14``).

    >>> t = "理论与实践都证明了。“卡脖子”问题！还有3.14"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['理论与实践都证明了。', '“卡脖子”问题！', '还有3.14']
    >>> t = "他问：“为什么？”。见（表1；图2）。"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['他问：“为什么？”。', '见（表1；图2）。']
    """
    spans: list[tuple[int, int]] = []
    start = pos = 0
    while True:
        for m in _END_OR_OPEN_RE.finditer(text, pos):
            if m.lastgroup is None:  # a sentence end with its closing marks and spaces
                spans.append((start, m.end()))
                start = m.end()
            elif _CLOSE_BRACKET_RE.search(text, m.end(), m.start() + _MAX_BRACKET):
                break  # a bracket closed within reach opens; an unclosed one (an OCR slip) is text
        else:
            break
        # inside brackets only the brackets count, until the one opened above is closed
        depth, pos = 1, m.end()
        while depth and (m := _BRACKET_RE.search(text, pos)):
            i, pos = m.start(), m.end()
            if text[i] in _CLOSE_BRACKETS:
                depth -= 1
            elif _CLOSE_BRACKET_RE.search(text, pos, i + _MAX_BRACKET):
                depth += 1
        if depth:
            break
        if text[i - 1] in C.SENTENCE_END:
            # a bracketed sentence （见附录。） ends with its bracket
            pos = _SPACE_RUN_RE.match(text, pos).end()
            spans.append((start, pos))
            start = pos
    if start < len(text):
        spans.append((start, len(text)))
    return spans


_OPEN = "（([【〔［"
_MAX_BRACKET = 200
_CLOSE_BRACKETS = "）)]】〕］"
_TERMINATORS = C.SPLIT_END + "…"
_CLOSERS = C.CLOSERS + C.CLOSERS_ASCII
#: What follows an ASCII ``!`` ``?`` or a full stop after Chinese that ends a sentence: a space,
#: Chinese text or the end.
_ZH_NEXT = rf"(?=\Z|[ \n\t]|{C.CJK}|[{re.escape(C.ZH_PUNCT)}])"
#: A sentence end outside brackets, with what it takes along (more end marks, closing quotes or
#: brackets, then spaces), or (group ``open``) a bracket opening. An end: 。！？； an ellipsis
#: that ends (…… or ... not followed by another of its marks), ``!``/``?`` before ``_ZH_NEXT``, a
#: half-width full stop after Chinese (CSL-style abstracts) before the same: never a ``.`` in a
#: number or an abbreviation. It opens with the class of every character it can start at (the
#: lookbehinds then tell which), so that the regex engine skips to the next such character.
_END_OR_OPEN_RE = re.compile(
    f"[{re.escape(C.SPLIT_END + _OPEN)}…!?.]"
    f"(?:(?<=[{re.escape(_OPEN)}])(?P<open>)"
    f"|(?:(?<=[{re.escape(C.SPLIT_END)}])|(?<=…)(?!…)|(?<=[!?]){_ZH_NEXT}"
    rf"|(?<=\.\.\.)(?!\.)|(?<={C.CJK}\.){_ZH_NEXT})"
    f"[{re.escape(_TERMINATORS + _CLOSERS)}]*[ \t\n\u3000]*)"
)
_BRACKET_RE = re.compile("[" + re.escape(_OPEN + _CLOSE_BRACKETS) + "]")
_CLOSE_BRACKET_RE = re.compile("[" + re.escape(_CLOSE_BRACKETS) + "]")
_SPACE_RUN_RE = re.compile("[ \t\n\u3000]*")


@dataclass
class _Heading:
    rank: int  # -1: unnumbered (top level); 100: Markdown (level from its hashes)
    title: str
    level: int = 1


def classify_heading(line: str) -> _Heading | None:
    """A numbered or unnumbered heading line (never a sentence), or None.

    >>> classify_heading("（一）数字经济与创新要素配置").rank
    3
    >>> classify_heading("1．加强基础研究，提升原始创新能力。") is None
    True
    """
    s = line.strip(" \t\u3000")
    h = C.heading(s)
    if h is None or h.style in _NOT_SECTION_HEADINGS:
        return None
    if C.toc_entry(s, undotted=True):
        return None  # a table-of-contents entry set without leaders (1.1 研究背景 3)
    if h.style == "plain":
        return _Heading(-1, re.sub(r"(?<=\S)[ \t\u3000]+(?=\S)", "", h.title) if len(h.title) <= 6 else h.title)
    if h.title and not _has_words(h.title):
        return None  # 0 S 1 S S, 2 x+y=1: figure labels and formulas
    return _Heading(h.rank - 1, s)  # ranks from 0 (第一章): a document's levels are renumbered from 1


#: Headings ``conventions.heading`` reads that open no numbered section here: a reference list's
#: (read on its own), a Markdown heading (its level is its hashes), 第一部分 (not yet).
_NOT_SECTION_HEADINGS = ("references", "markdown", "part")


#: The number of a reference entry glued onto the end of the previous one (``….  [4]  熊彼特．…``).
_INNER_ENTRY_RE = re.compile(r"(?<=[.．。])[ \t\u3000]+(?=[［\[](\d{1,5})[］\]])")


def _split_joined_entries(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Reference entries that a line join glued together, split again where the next number
    (n + 1) follows a period: ``[3] ….  [4] …`` is two entries."""
    n = entry_number(text[start:end])
    if n is None:
        return [(start, end)]
    out, cur = [], start
    for m in _INNER_ENTRY_RE.finditer(text, start, end):
        if int(m[1]) == n + 1:
            out.append((cur, m.start()))
            cur, n = m.end(), n + 1
    out.append((cur, end))
    return out


def _in_numbered_list(unit: list[Line], k: int, rank: int) -> bool:
    """Whether the line before or after line ``k`` carries the same numbering style."""
    for j in (k - 1, k + 1):
        if 0 <= j < len(unit) and (h := classify_heading(unit[j].text)) is not None and h.rank == rank:
            return True
    return False


def _is_title_line(s: str) -> bool:
    """A short single line of words without sentence punctuation or math: can be a title."""
    return "\n" not in s and 2 <= len(s) <= 40 and not any(ch in s for ch in C.PROSE_PUNCT) and _has_words(s)


#: What a heading's text never holds: math operators, a combining overlay (``≠`` drawn as
#: ``=`` with U+0338), a bare minus sign (numbers of a table), an ellipsis of a figure label.
_MATH_RE = re.compile(r"[=<>≤≥≠≈≡∈∉⊂⊆∑∏∫√∞±×÷∂∇−→←⇒\u0338\u20d2]|\.\.\.|…")
#: A word: two Chinese characters, or a Latin word of two letters or more.
_WORDS_RE = re.compile(rf"{P.CJK}.*?{P.CJK}|[A-Za-z]{{2,}}")


def _has_words(title: str) -> bool:
    """Whether a heading's text is words, not formula, figure or table residue
    (``x + δ ∈[0,1]m (3.8)``, ``0 S 1 S S``, ``−3 −3 −3``).

    >>> _has_words("研究背景"), _has_words("Related Work"), _has_words("S 1 S S"), _has_words("δ≤γ")
    (True, True, False, False)
    """
    return bool(_WORDS_RE.search(title)) and not _MATH_RE.search(title)


def _is_table_row(s: str) -> bool:
    s = s.strip(" \u3000")
    if s.endswith(("。", "；")):
        return False
    seps = _TABLE_SEP_RE.finditer(s)
    return next(seps, None) is not None and next(seps, None) is not None


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.doc_id = doc.doc_id  # a hash of the source key: computed once, not per row
        self.sections: list[Section] = []
        self.paragraphs: list[Paragraph] = []

    def section(self, kind: str, level: int, title: str | None, offset: int) -> Section:
        n = len(self.sections)
        page = self.doc.page_at(offset)
        s = Section(f"{self.doc_id}-s{n:04d}", n, kind, level, title, page_start=page, page_end=page)
        self.sections.append(s)
        return s

    def paragraph(self, start: int, end: int, kind: str = "body", page: int | None = None) -> Paragraph | None:
        """A paragraph of ``text[start:end]`` (trimmed); ``page``: its page when the text was
        moved away from it (a PDF footnote at the end of the text)."""
        while start < end and self.doc.text[start] in " \t\u3000\n":
            start += 1
        while end > start and self.doc.text[end - 1] in " \t\u3000\n":
            end -= 1
        if start >= end:
            return None
        if not self.sections:
            self.section("body", 1, None, start)
        sec = self.sections[-1]
        n = len(self.paragraphs)
        p = Paragraph(
            f"{self.doc_id}-p{n:05d}",
            sec.section_id,
            n,
            self.doc.text[start:end],
            start,
            end,
            kind,
            page or self.doc.page_at(start),
            page or self.doc.page_at(max(start, end - 1)),
        )
        sec.page_end = max(sec.page_end or 0, p.page_end)
        self.paragraphs.append(p)
        return p


def _units(text: str, consumed: set[int]) -> list[list[Line]]:
    """Runs of non-blank lines; blank lines, page ends and consumed front-matter lines end them."""
    return blocks(text, skip=consumed)


def _stripped_span(ln: Line) -> tuple[int, int]:
    lead = len(ln.text) - len(ln.text.lstrip(" \t\u3000"))
    return ln.start + lead, ln.start + len(ln.text.rstrip(" \t\u3000"))


@dataclass
class _Item:
    """One piece of the text found in the first pass, in text order."""

    kind: str  # title, md_heading, author_line, heading, references_heading, abstract,
    #            editor_note, reference, prose, caption, table, note, equation
    start: int = 0
    end: int = 0
    title: str | None = None  # title, md_heading, references_heading, editor_note label
    heading: _Heading | None = None
    level: int = 1  # md_heading
    key: str = ""  # abstract: abstract or abstract_en; author_line: the name
    n: int = 0  # abstract: its paragraph number
    rest: str = ""  # author_line: affiliation and role
    page: int | None = None  # note: the page of a footnote moved to the end of the text


class _Fenwick:
    """Additions to every value from an index on, and point reads (positions moved by edits)."""

    def __init__(self, n: int) -> None:
        self.tree = [0] * (n + 1)

    def add_from(self, i: int, delta: int) -> None:
        i += 1
        while i < len(self.tree):
            self.tree[i] += delta
            i += i & -i

    def at(self, i: int) -> int:
        i += 1
        total = 0
        while i:
            total += self.tree[i]
            i -= i & -i
        return total


def layout_spans(
    doc: Document, rules: _RepairRules | None = None
) -> tuple[list[tuple[int, int]], list[tuple[int, int, int | str]]]:
    """Where a PDF's table rows and moved footnotes are in the repaired text: the spans the
    layout edits wrote (``pdf_table`` rows; ``pdf_footnote`` placements, with the page of the
    footnote's cut), followed through the fixers after them. An explicit signal, so a table row
    of two cells (one tab) or of one is a table row, and a footnote starting ``1 …`` is no heading.
    """
    rows = doc.repairs
    last = (rules or _RepairRules(doc)).last_of_prefix("pdf_")
    spans: list[tuple[int, int]] = []
    kinds: list[int | str | None] = []  # None: a table; a page: a footnote; "equation"
    cut_pages = [r.page for r in rows[: last + 1] if r.rule == "pdf_footnote" and r.action == "fixed" and not r.after]
    k = 0
    for r in rows[: last + 1]:
        if r.rule == "pdf_equation" and r.after:  # flagged when the equation is one line
            spans.append((r.offset, r.offset + len(r.after)))
            kinds.append("equation")
            continue
        if r.action != "fixed" or not r.after:
            continue
        if r.rule == "pdf_table":
            spans.append((r.offset, r.offset + len(r.after)))
            kinds.append(None)
        elif r.rule == "pdf_footnote":
            spans.append((r.offset + len(r.after) - len(r.after.lstrip("\n")), r.offset + len(r.after)))
            kinds.append(cut_pages[k] if k < len(cut_pages) else r.page)
            k += 1
    if not spans:
        return [], []
    # the layout rows' offsets are in the text the layout edits made: follow them to the end
    points = sorted({p for span in spans for p in span})
    moved = _Fenwick(len(points))

    def now(i: int) -> int:
        return points[i] + moved.at(i)

    def first_at_or_after(x: int) -> int:
        lo, hi = 0, len(points)
        while lo < hi:
            mid = (lo + hi) // 2
            if now(mid) < x:
                lo = mid + 1
            else:
                hi = mid
        return lo

    for r in rows[last + 1 :]:
        if r.action != "fixed" or len(r.after) == len(r.before):
            continue
        end = r.offset + len(r.before)
        i = first_at_or_after(end)
        # points inside the replaced text go to its start
        for j in range(first_at_or_after(r.offset + 1), i):
            d = r.offset - now(j)
            moved.add_from(j, d)
            moved.add_from(j + 1, -d)
        moved.add_from(i, len(r.after) - len(r.before))
    where = {p: now(i) for i, p in enumerate(points)}
    tables = [(where[s], where[e]) for (s, e), kind in zip(spans, kinds) if kind is None]
    notes = [(where[s], where[e], kind) for (s, e), kind in zip(spans, kinds) if kind is not None]
    return tables, notes


#: Repair rules that remove a running head or foot, and a page number (text path and PDF path).
_HEAD_RULES = frozenset({"running_head", "pdf_running_head", "pdf_running_foot"})
_PAGE_NUMBER_RULES = frozenset({"page_number", "pdf_page_number"})
_HEAD_OR_NUMBER_RULES = _HEAD_RULES | _PAGE_NUMBER_RULES
_NUMBER_RE = re.compile(r"\d{1,5}")


def _heading_title(line: str) -> str:
    """A reference list's heading as a title: brackets, colon and letter spacing removed
    (``参 考 文 献`` → ``参考文献``)."""
    return re.sub(rf"(?<={P.CJK})[ \t\u3000]+(?={P.CJK})", "", line.strip("#［］[]【】：: \t\u3000"))


#: Repair rules that take a first page's masthead or an online-first cover page out of the text,
#: keeping it in ``before``.
_FRONT_RULES = frozenset({"pdf_masthead", "pdf_online_first_cover"})
#: What such removed lines may give a document.
_REMOVED_FRONT_KEYS = frozenset(
    {"journal", "journal_latin", "year", "volume", "issue", "article_no", "doi", "clc", "doc_code", "online_first"}
    | {"received_date", "revised_date"}
)


def _removed_front_text(rules: _RepairRules) -> str:
    return "\n".join(r.before.strip("\n") for r in rules.rows_of(_FRONT_RULES) if r.action == "fixed")


class _RepairRules:
    """The rule of every repair row of a document, read once. A text file has thousands of fixer
    rows, each an object of its own in memory; segmenting wants the few rows of a few rules."""

    def __init__(self, doc: Document) -> None:
        self.rows = doc.repairs
        self.rules = list(map(attrgetter("rule"), doc.repairs))
        self.present = set(self.rules)

    def rows_of(self, wanted: frozenset[str]) -> list[Repair]:
        """The rows of the ``wanted`` rules, in order."""
        if self.present.isdisjoint(wanted):
            return []
        return [self.rows[i] for i in compress(range(len(self.rules)), map(wanted.__contains__, self.rules))]

    def last_of_prefix(self, prefix: str) -> int:
        """The index of the last row whose rule starts with ``prefix``, or -1."""
        found = [r for r in self.present if r.startswith(prefix)]
        return max((len(self.rules) - 1 - self.rules[::-1].index(r) for r in found), default=-1)


def _removed_heads(rules: _RepairRules) -> tuple[list[tuple[int | None, str]], list[tuple[int | None, int]]]:
    """The running heads (page, text) and printed page numbers (page, number) the repair stage
    removed: its ``repairs`` rows keep the removed text in ``before``."""
    heads, numbers = [], []
    for r in rules.rows_of(_HEAD_OR_NUMBER_RULES):
        if r.action != "fixed":
            continue
        if r.rule in _HEAD_RULES:
            heads.append((r.page, r.before.strip()))
        elif m := _NUMBER_RE.search(r.before):
            numbers.append((r.page, int(m.group())))
    return heads, numbers


def segment(doc: Document) -> Document:
    """Fill title, authors, front matter, sections, paragraphs, references and sentences of ``doc``."""
    rules = _RepairRules(doc)
    heads = issue_metadata(*_removed_heads(rules), doc.n_pages)
    fm = parse_front_matter(doc.text, journal=heads.get("journal"), page_starts=doc.page_starts)
    doc.meta.update({k: v for k, v in fm.meta.items() if v not in (None, [], "")})
    if removed := _removed_front_text(rules):
        # a masthead or cover page the PDF layout took out of the text: its lines still say
        # journal, volume, issue, 文章编号, DOI and dates
        for k, v in parse_front_matter(removed).meta.items():
            if k in _REMOVED_FRONT_KEYS and v not in (None, [], ""):
                doc.meta.setdefault(k, v)
        # the layout vouches that this is a masthead: a volume token in it counts even where
        # its lines ran together and no line parses whole (``…第 45 卷Vol.第459No.期…``)
        if "volume" not in doc.meta and (v := P.VOLUME_RE.search(removed)):
            doc.meta["volume"] = int(next(g for g in v.groups() if g))
    if (pages := doc.meta.get("pages")) and (m := re.match(r"^(\d+)(?:-(\d+))?$", str(pages))):
        heads.setdefault("first_page", int(m[1]))  # the range the text path's head removal read
        heads.setdefault("last_page", int(m[2] or m[1]))
    merge_issue_metadata(doc.meta, heads)
    doc.authors = list(fm.authors)
    consumed = {s for s, _ in fm.consumed}

    # pass 1, in text order: abstract paragraphs (spans) and line runs, classified
    items: list[_Item] = []
    abstracts = [
        _Item("abstract", s, e, key=k, n=n) for k, spans in fm.abstract_spans.items() for n, (s, e) in enumerate(spans)
    ]
    tables, notes = layout_spans(doc, rules)
    if fm.cover_page:  # the footnotes of an online-first cover page are its boilerplate
        cover_notes = [(s, e) for s, e, page in notes if page == 1]
        consumed |= {ln.start for ln in lines(doc.text) if any(s <= ln.start < e for s, e in cover_notes)}
        notes = [n for n in notes if n[2] != 1]
    units = _units(doc.text, consumed)
    # the first-page footnote block: note paragraphs (a PDF's with the page it was printed on)
    abstracts += [
        _Item("note", s, e, page=next((pg for ns, ne, pg in notes if ns <= s < ne), None)) for s, e in fm.note_spans
    ]
    in_refs = False
    pieces: list[tuple[int, _Item | list[Line]]] = [(a.start, a) for a in abstracts] + [(u[0].start, u) for u in units]
    for _pos, what in sorted(pieces, key=lambda x: x[0]):
        if isinstance(what, _Item):
            items.append(what)
            in_refs = in_refs and what.kind == "note"  # a footnote block does not end a reference list
        elif kept := _layout_items(what, tables, notes):
            items.extend(kept)  # a PDF's table rows and footnotes: their kind is known
        else:
            in_refs = _classify_unit(doc, what, items, in_refs)

    # a plain title line opening a forum issue, right before its editor's note
    if "title" not in doc.meta and len(items) > 1 and items[0].kind == "prose" and items[1].kind == "editor_note":
        line = doc.text[items[0].start : items[0].end]
        if _is_title_line(line):
            items[0] = _Item("title", title=line)

    _demote_numbered_lists(doc.text, items)

    # heading levels: the numbering styles used, ranked, renumbered from 1
    ranks = sorted({it.heading.rank for it in items if it.heading and it.heading.rank >= 0})
    level_of = {r: i + 1 for i, r in enumerate(ranks)}

    # pass 2: sections and paragraphs
    b = _Builder(doc)
    awaiting_author: Section | None = None
    seen_headings: set[str] = set()
    for it in items:
        if it.kind == "author_line" and awaiting_author is None:
            it = _Item("prose", it.start, it.end)  # a name line that opens no article is text
        if it.kind == "title":
            doc.meta.setdefault("title", it.title)
        elif it.kind == "md_heading":
            awaiting_author = b.section("body", it.level, it.title, it.start)
            continue
        elif it.kind == "author_line":
            _forum_author(doc, awaiting_author, it.key, it.rest)
        elif it.kind == "heading":
            h = it.heading
            if h.title not in seen_headings:  # a heading printed again is a running header
                seen_headings.add(h.title)
                b.section("body", 1 if h.rank < 0 else level_of[h.rank], h.title, it.start)
        elif it.kind == "references_heading":
            last = b.sections[-1] if b.sections else None
            if not (last and last.kind == "references" and last.title == it.title):  # not its running header
                b.section("references", 1, it.title, it.start)
        elif it.kind == "abstract":
            if it.n == 0:
                b.section("abstract", 1, "摘要" if it.key == "abstract" else "Abstract", it.start)
            b.paragraph(it.start, it.end, "abstract")
        elif it.kind == "reference":
            if not b.sections or b.sections[-1].kind != "references":
                b.section("references", 1, None, it.start)
            if p := b.paragraph(it.start, it.end, "reference"):
                doc.references.append(
                    {**parse_reference(p.text), "ordinal": len(doc.references), "paragraph_id": p.paragraph_id}
                )
        elif it.kind == "editor_note":
            b.section("editor_note", 1, it.title, it.start)
            b.paragraph(it.start, it.end)
        else:  # prose, caption, table, note, equation
            b.paragraph(it.start, it.end, "body" if it.kind == "prose" else it.kind, it.page)
        awaiting_author = None

    doc.sections, doc.paragraphs = b.sections, b.paragraphs
    doc.sentences = [
        Sentence(f"{p.paragraph_id}-{i:03d}", p.paragraph_id, i, p.text[s:e], s, e)
        for p in doc.paragraphs
        if p.kind in PROSE_KINDS
        for i, (s, e) in enumerate(split_sentences(p.text))
    ]
    return doc


#: The number a ``1.``/``1 ``/``（1）`` numbered line opens with.
_ITEM_NUMBER_RE = re.compile(r"^[（(]?(\d{1,2})")


def _demote_numbered_lists(text: str, items: list[_Item]) -> None:
    """Numbered lines taken for headings that follow each other with nothing between, numbers
    rising (``1. 从远程档案库获取档案库元数据`` / ``2. 重建和更新 APT 使用的本地元数据`` …, each a
    block of its own in a PDF), are a numbered list: body paragraphs. A heading opens a section
    with text in it, so two headings of one numbering style never stand side by side (a
    ``1 引言`` is followed by its text, or by ``1.1 …``, another style)."""
    k = 0
    while k < len(items):
        run = [k]
        while (
            (j := run[-1] + 1) < len(items)
            and items[j].kind == "heading"
            and items[k].kind == "heading"
            and items[j].heading.rank == items[k].heading.rank in (4, 8)
            and _item_number(items[j]) > _item_number(items[run[-1]])
        ):
            run.append(j)
        if len(run) >= 2:
            for j in run:
                it = items[j]
                end = text.find("\n", it.start)
                items[j] = _Item("prose", it.start, len(text) if end < 0 else end)
        k = run[-1] + 1


def _item_number(it: _Item) -> int:
    m = _ITEM_NUMBER_RE.match(it.heading.title.lstrip(" \t\u3000"))
    return int(m[1]) if m else -1


def _layout_items(
    unit: list[Line], tables: list[tuple[int, int]], notes: list[tuple[int, int, int | str]]
) -> list[_Item]:
    """A unit of a PDF table's rows (each line a ``table`` item: a row, cells tab-separated) or of
    a footnote moved to the end of the text (one ``note`` item with the footnote's page)."""
    start = unit[0].start
    if any(s <= start < e for s, e in tables):
        return [_Item("table", *_stripped_span(ln)) for ln in unit if ln.text.strip(" \t\u3000")]
    for s, e, page in notes:
        if s <= start < e:
            if page == "equation":  # a PDF's display equation, kept where it stands
                return [_Item("equation", _stripped_span(unit[0])[0], _stripped_span(unit[-1])[1])]
            return [_Item("note", _stripped_span(unit[0])[0], _stripped_span(unit[-1])[1], page=page)]
    return []


def _forum_author(doc: Document, sec: Section, name: str, rest: str) -> None:
    """A heading followed by "Name affiliation、role" opens one article of a forum issue."""
    sec.kind = "article"
    sec.author = name.replace(" ", "").replace("\u3000", "")
    sec.author_line = rest.strip()
    doc.authors.append(author_record(sec.author, parse_author_affiliations(sec.author_line)))


#: What a line before a heading or a new paragraph ends with (``str.endswith`` takes tuples).
_ENDS_CLAUSE = tuple(_TERMINATORS + "”")
_ENDS_SENTENCE = tuple(C.SENTENCE_END)


def _classify_unit(doc: Document, unit: list[Line], items: list[_Item], in_refs: bool) -> bool:
    """Append the items of one line run; return whether a reference list is open after it."""
    text = doc.text
    first = unit[0].text.strip(" \t\u3000")
    if len(unit) == 1:
        if (m := _H1_RE.match(first)) and "title" not in doc.meta:
            items.append(_Item("title", title=m["title"].strip()))
            return False
        if C.REFERENCES_HEADING_RE.match(first):
            items.append(_Item("references_heading", unit[0].start, title=_heading_title(first)))
            return True
        if m := _HN_RE.match(first):
            items.append(_Item("md_heading", unit[0].start, level=len(m["hashes"]) - 1, title=m["title"].strip()))
            return False
        m = P.AUTHOR_LINE_RE.match(first)
        author = _Item("author_line", *_stripped_span(unit[0]), key=m["name"], rest=m["rest"]) if m else None
        if author and items and items[-1].kind == "md_heading":
            items.append(author)
            return False
        if author and items and items[-1].kind == "prose" and looks_like_affiliation(author.rest):
            prev = items[-1]
            if _is_title_line(text[prev.start : prev.end]):
                # a plain title line, then "Name affiliation、role": one article of a forum issue
                items[-1] = _Item("md_heading", prev.start, title=text[prev.start : prev.end])
                items.append(author)
                return False
    start0, _ = _stripped_span(unit[0])
    if m := _EDITOR_NOTE_RE.match(text[start0 : unit[-1].end]):
        items.append(_Item("editor_note", start0 + m.end(), unit[-1].end, title=m["label"]))
        return False

    prose: list[Line] = []

    def flush() -> None:
        if prose:
            items.append(_Item("prose", _stripped_span(prose[0])[0], _stripped_span(prose[-1])[1]))
            prose.clear()

    ref: list[Line] = []

    def flush_ref() -> None:
        if ref:
            start, end = _stripped_span(ref[0])[0], _stripped_span(ref[-1])[1]
            items.extend(_Item("reference", s, e) for s, e in _split_joined_entries(text, start, end))
            ref.clear()

    for k, ln in enumerate(unit):
        s = ln.text.strip(" \t\u3000")
        prev = unit[k - 1].text.rstrip(" \t\u3000") if k else ""
        at_boundary = k == 0 or not prose or prev.endswith(_ENDS_CLAUSE) or not P.CJK_RE.search(prev[-1:] or "x")
        if C.REFERENCES_HEADING_RE.match(s):
            flush()
            flush_ref()
            items.append(_Item("references_heading", ln.start, title=_heading_title(s)))
            in_refs = True
            continue
        if in_refs:
            if entry_number(s) is not None:
                flush_ref()
                ref.append(ln)
                continue
            h = classify_heading(s) if not ref or at_boundary else None
            if h is not None and h.rank < 0:
                flush_ref()
                in_refs = False
                items.append(_Item("heading", ln.start, heading=h))
                continue
            if ref:
                ref.append(ln)
                continue
            in_refs = False
        wraps = len(s) >= _WRAPPED_LINE and k + 1 < len(unit)
        h = classify_heading(s) if at_boundary and not wraps else None
        if h is not None and h.rank in (4, 8) and _in_numbered_list(unit, k, h.rank):
            h = None  # 1. … 2. … on consecutive lines: a list, not headings
        if h is not None:
            flush()
            items.append(_Item("heading", ln.start, heading=h))
            continue
        if C.caption(s) and len(s) <= 60 and not s.endswith("。"):
            flush()
            items.append(_Item("caption", *_stripped_span(ln)))
            continue
        if _is_table_row(ln.text):
            flush()
            if items and items[-1].kind == "table":
                items[-1].end = _stripped_span(ln)[1]
            else:
                items.append(_Item("table", *_stripped_span(ln)))
            continue
        if _NOTE_RE.match(s) and items and items[-1].kind in ("table", "caption"):
            flush()
            items.append(_Item("note", *_stripped_span(ln)))
            continue
        if prose and prev.endswith(_ENDS_SENTENCE) and ln.text.startswith(("\u3000", "  ", "\t")):
            flush()  # an indented first line after a finished sentence opens a new paragraph
        prose.append(ln)
    flush()
    flush_ref()
    return in_refs
