"""The records that travel between stages.

A ``Document`` is created by discovery and filled in by each stage; a stage that fails on it
replaces it with a ``Failure`` that ends in the ``quarantine`` table.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


def doc_id_for(source_key: str) -> str:
    """Deterministic document id: stable for a source path whatever its content."""
    return hashlib.sha256(f"qikan:{source_key}".encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Source:
    uri: str  #: local path or fsspec URL to read the bytes from
    source_key: str  #: path relative to the input root, POSIX form
    source_format: str  #: txt | md | pdf
    size: int
    content_sha256: str

    @property
    def doc_id(self) -> str:
        return doc_id_for(self.source_key)


@dataclass
class Repair:
    """One step of the repair log: a change made, or a span flagged."""

    step: int
    kind: str
    action: str  # fixed | flagged
    rule: str
    offset: int  # position of ``before`` in the text as it stood just before this step
    before: str
    after: str
    context: str
    page: int | None = None
    confidence: float | None = None
    note: str | None = None


@dataclass
class Section:
    section_id: str
    ordinal: int
    kind: str
    level: int
    title: str | None = None
    author: str | None = None
    author_line: str | None = None
    page_start: int | None = None
    page_end: int | None = None


@dataclass
class Paragraph:
    paragraph_id: str
    section_id: str
    ordinal: int
    text: str
    char_start: int
    char_end: int
    kind: str = "body"
    page_start: int | None = None
    page_end: int | None = None


@dataclass(slots=True)  # tens of thousands per batch: no dict each
class Sentence:
    sentence_id: str
    paragraph_id: str
    ordinal: int
    text: str
    char_start: int
    char_end: int
    #: the words and their tags, lists set by ``tokenize``; until then one shared empty tuple, not
    #: two new lists per sentence (for the garbage collector to track) that tokenize replaces
    tokens: Sequence[str] = ()
    pos: Sequence[str] = ()


@dataclass
class Document:
    source: Source
    encoding: str | None = None
    raw_text: str = ""  #: extracted text, pages separated by form feeds
    n_pages: int = 0
    text: str = ""  #: repaired text
    page_starts: list[int] = field(default_factory=lambda: [0])  #: offsets in ``text``
    #: offsets in ``raw_text`` where pages start (set by extract; None: found by ``repair``)
    raw_page_starts: list[int] | None = None
    repairs: list[Repair] = field(default_factory=list)
    #: layout decisions of a PDF (zones removed, seams, soft wraps) as repair edits with offsets
    #: into ``raw_text``; the repair stage applies them first (see ``qikan.pdf``)
    layout_edits: list[Any] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    authors: list[dict[str, str | None]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    #: 参考文献 entries: the ``references`` fields (see ``qikan.references.parse_reference``)
    references: list[dict[str, Any]] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.source.doc_id

    def page_at(self, offset: int) -> int:
        """1-based page of a position in the repaired text (``page_starts`` ascend: a bisection)."""
        return bisect.bisect_right(self.page_starts, offset) or 1


@dataclass
class Failure:
    """A source that failed at some stage; it becomes a ``quarantine`` row."""

    source: Source
    stage: str
    error_type: str
    message: str
