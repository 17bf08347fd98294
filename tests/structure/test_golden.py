"""Whole documents through ``process_document``, pinned by golden files (tests/golden/structure-*.json).

The fixtures in tests/fixtures/structure/ were written for this project: an OCR-style research
article with every front-matter field, articles numbered 一、/（一）/1． and 1/1.1/1.1.1, a
thesis numbered 第一章/第一节/一、, and a forum (笔谈) issue. ``pytest --update-golden``
rewrites the golden files; review their diff before committing.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from qikan.model import Source
from qikan.pipeline import process_document
from qikan.segment import PROSE_KINDS
from qikan.tables import build_tables
from schemas import TABLES

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures" / "structure"
SEED = HERE.parents[1] / "seeds" / "zgkjlt-2024-forum.txt"
CASES = sorted(p.stem for p in FIXTURES.glob("*.txt"))
#: Columns that change from run to run, or that other stages own.
VOLATILE = {
    "run_id",
    "processed_at",
    "source_uri",  # an absolute path: differs in every checkout
    "pipeline_version",
    "n_repairs_fixed",
    "n_repairs_flagged",
    "status",
    "content_sha256",
}


def _process(path: Path):
    data = path.read_bytes()
    src = Source(str(path), path.name, path.suffix.lstrip("."), len(data), hashlib.sha256(data).hexdigest())
    doc = process_document(src)
    tables = build_tables([doc], [], run_id="golden", processed_at=datetime(2024, 1, 1, tzinfo=UTC))
    return doc, tables


def _snapshot(doc, tables) -> dict:
    row = {k: v for k, v in tables["documents"].to_pylist()[0].items() if k not in VOLATILE}
    kinds = {p.paragraph_id: p.kind for p in doc.paragraphs}
    by_par: dict[str, list[str]] = {}
    for s in doc.sentences:
        by_par.setdefault(s.paragraph_id, []).append(s.text)
    return {
        "document": row,
        "sections": [
            {k: s[k] for k in ("ordinal", "kind", "level", "title", "author", "author_line", "page_start", "page_end")}
            for s in tables["sections"].to_pylist()
        ],
        "paragraphs": [
            {
                "section": p.section_id.rsplit("-", 1)[1],
                "kind": p.kind,
                "text": p.text,
                "pages": [p.page_start, p.page_end],
                "sentences": by_par.get(p.paragraph_id, []),
            }
            for p in doc.paragraphs
        ],
        "references": [{k: v for k, v in r.items() if k != "doc_id"} for r in tables["references"].to_pylist()],
        # one tokenized sentence as a canary for the tokenizer and the domain dictionary
        "first_body_sentence": next(
            ({"tokens": t.tokens, "pos": t.pos} for t in doc.sentences if kinds[t.paragraph_id] == "body"), None
        ),
    }


def _check_invariants(doc, tables) -> None:
    for name, table in tables.items():
        assert table.schema.equals(TABLES[name], check_metadata=True), name
    headings = {s.title for s in doc.sections if s.title}
    by_par: dict[str, list] = {}
    for s in doc.sentences:
        by_par.setdefault(s.paragraph_id, []).append(s)
    for p in doc.paragraphs:
        assert doc.text[p.char_start : p.char_end] == p.text
        if p.kind == "body":
            assert p.text not in headings, f"heading {p.text!r} became a body paragraph"
        if p.kind in PROSE_KINDS:
            sents = by_par[p.paragraph_id]
            assert "".join(s.text for s in sents) == p.text
            assert all(p.text[s.char_start : s.char_end] == s.text for s in sents)
        else:
            assert p.paragraph_id not in by_par
    for s in doc.sentences:
        assert len(s.tokens) == len(s.pos)


@pytest.mark.parametrize("name", CASES)
def test_fixture_golden(name: str, golden) -> None:
    doc, tables = _process(FIXTURES / f"{name}.txt")
    _check_invariants(doc, tables)
    golden(f"structure-{name}", _snapshot(doc, tables))


def test_seed_golden(golden) -> None:
    doc, tables = _process(SEED)
    _check_invariants(doc, tables)
    assert [s.kind for s in doc.sections] == ["editor_note"] + ["article"] * 4
    assert [s.author for s in doc.sections[1:]] == ["刘冬梅", "杨瑞龙", "朱旭峰", "伊彤"]
    assert len(doc.paragraphs) == 26
    assert doc.meta["title"] == "新质生产力与科技创新"
    golden("structure-seed", _snapshot(doc, tables))


def test_research_article_front_matter_complete() -> None:
    """Every front-matter field the issue names is found in the OCR-style article."""
    doc, tables = _process(FIXTURES / "research_article.txt")
    row = tables["documents"].to_pylist()[0]
    for col in (
        "title",
        "title_en",
        "abstract",
        "abstract_en",
        "keywords",
        "keywords_en",
        "clc",
        "doc_code",
        "article_no",
        "doi",
        "received_date",
        "revised_date",
        "funding",
        "author_notes",
        "corresponding_author",
        "auto_keywords",
        "journal",
        "year",
    ):
        assert row[col], col
    authors = row["authors"]
    assert [a["name"] for a in authors] == ["张伟", "李晓明", "王芳"]
    assert [len(a["affiliations"]) for a in authors] == [1, 2, 1]
    assert authors[0]["role"] == "副教授" and authors[1]["corresponding"] is True
    assert authors[1]["email"] == "lixm@pku.edu.cn"
    assert [a["name_en"] for a in authors] == ["ZHANG Wei", "LI Xiaoming", "WANG Fang"]
    assert {r["type_code"] for r in tables["references"].to_pylist()} >= {"J", "M", "D", "C", "R/OL"}
