"""Structure: title, sections (编者按, forum articles, headings), paragraphs and sentences.

Works on the repaired text. Every paragraph is a slice of it: ``doc.text[char_start:char_end]``
is the paragraph's text, and a paragraph's sentences concatenate back to it.
"""

from __future__ import annotations

import re

from qikan.blocks import Line, block_span, blocks
from qikan.model import Document, Paragraph, Section, Sentence
from qikan.repair import patterns as P

_H1_RE = re.compile(r"^#[ \t]+(?P<title>\S.*?)[ \t#]*$")
_HN_RE = re.compile(r"^(?P<hashes>#{2,6})[ \t]+(?P<title>\S.*?)[ \t#]*$")
#: 编者按 / 编者的话 opening the issue's editor's note, with its label.
_EDITOR_NOTE_RE = re.compile(r"^(?:【\s*)?(?P<label>编者按|编者的话|编辑部按语)(?:\s*】)?[：:\s\u3000]*")

#: One sentence ends at 。！？； or an ellipsis, with the closing quotes/brackets after it.
_SENTENCE_END_RE = re.compile(r"(?:[。！？；!?]|…+|\.{3,})+[”’」』）)\]】》\"']*")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph; they tile it exactly (whitespace joins the sentence before).

    >>> t = "理论与实践都证明了。“卡脖子”问题！还有3.14"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['理论与实践都证明了。', '“卡脖子”问题！', '还有3.14']
    """
    spans, start = [], 0
    for m in _SENTENCE_END_RE.finditer(text):
        end = m.end()
        while end < len(text) and text[end] in " \t\n\u3000":
            end += 1
        if end > start:
            spans.append((start, end))
            start = end
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _single_line(block: list[Line]) -> str | None:
    return block[0].text.strip() if len(block) == 1 else None


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.sections: list[Section] = []
        self.paragraphs: list[Paragraph] = []

    def section(self, kind: str, level: int, title: str | None, offset: int) -> Section:
        n = len(self.sections)
        page = self.doc.page_at(offset)
        s = Section(f"{self.doc.doc_id}-s{n:04d}", n, kind, level, title, page_start=page, page_end=page)
        self.sections.append(s)
        return s

    def paragraph(self, start: int, end: int, kind: str = "body") -> None:
        if not self.sections:
            self.section("body", 1, None, start)
        sec = self.sections[-1]
        n = len(self.paragraphs)
        p = Paragraph(
            f"{self.doc.doc_id}-p{n:05d}",
            sec.section_id,
            n,
            self.doc.text[start:end],
            start,
            end,
            kind,
            self.doc.page_at(start),
            self.doc.page_at(max(start, end - 1)),
        )
        sec.page_end = max(sec.page_end or 0, p.page_end)
        self.paragraphs.append(p)


def segment(doc: Document) -> Document:
    """Fill title, authors, sections, paragraphs and sentences of ``doc`` from ``doc.text``."""
    b = _Builder(doc)
    awaiting_author: Section | None = None
    for block in blocks(doc.text):
        start, end = block_span(block)
        line = _single_line(block)
        if line is not None and (m := _H1_RE.match(line)) and "title" not in doc.meta:
            doc.meta["title"] = m["title"].strip()
            awaiting_author = None
            continue
        if line is not None and (m := _HN_RE.match(line)):
            awaiting_author = b.section("body", len(m["hashes"]) - 1, m["title"].strip(), start)
            continue
        if awaiting_author is not None and line is not None and (m := P.AUTHOR_LINE_RE.match(line)):
            # a heading followed by "Name affiliation、role" opens one article of a forum issue
            awaiting_author.kind = "article"
            awaiting_author.author = m["name"].replace(" ", "").replace("\u3000", "")
            awaiting_author.author_line = m["rest"].strip()
            doc.authors.append(
                {"name": awaiting_author.author, "affiliation": awaiting_author.author_line, "role": None}
            )
            awaiting_author = None
            continue
        awaiting_author = None
        if m := _EDITOR_NOTE_RE.match(doc.text[start:end]):
            b.section("editor_note", 1, m["label"], start)
            start += m.end()
            if start >= end:
                continue
        b.paragraph(start, end)
    doc.sections, doc.paragraphs = b.sections, b.paragraphs
    doc.sentences = [
        Sentence(f"{p.paragraph_id}-{i:03d}", p.paragraph_id, i, p.text[s:e], s, e)
        for p in doc.paragraphs
        for i, (s, e) in enumerate(split_sentences(p.text))
    ]
    return doc
