"""The CSL abstracts (../shared/corpus/csl, Apache-2.0): real ASCII punctuation in Chinese text."""

from __future__ import annotations

import re

from qikan import conventions as C
from qikan.repair import DEFAULT_FIXERS, run_fixers

#: ASCII , ; ( ) with a Chinese character on each side (spaces allowed).
LEFTOVER_RE = re.compile(rf"{C.CJK}[ \t]*[,;()][ \t]*{C.CJK}")
#: Numbers and Latin spans, with the marks that belong inside them (1,000 3.14 2024-03 C++ H2O).
SPAN_RE = re.compile(r"[A-Za-z0-9]+(?:[.,:/+\-][A-Za-z0-9]+)*")


def _abstracts(corpus) -> list[str]:
    rows = (corpus / "csl" / "kg_dev.tsv").read_text(encoding="utf-8").splitlines()
    return [row.split("\t")[1] for row in rows if row.count("\t") >= 2]


def test_no_ascii_punctuation_left_between_chinese(corpus) -> None:
    abstracts = _abstracts(corpus)
    assert len(abstracts) >= 1000
    bad = []
    for text in abstracts:
        fixed = run_fixers(text, DEFAULT_FIXERS).text
        bad += [m.group() for m in LEFTOVER_RE.finditer(fixed)]
    assert bad == []


def test_numbers_and_latin_spans_are_byte_identical(corpus) -> None:
    for text in _abstracts(corpus):
        fixed = run_fixers(text, DEFAULT_FIXERS).text
        assert SPAN_RE.findall(fixed) == SPAN_RE.findall(text), text
