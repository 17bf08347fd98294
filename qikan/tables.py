"""Documents and failures → one pyarrow table per dataset, each exactly its schema."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

import pyarrow as pa

from qikan import PIPELINE_VERSION
from qikan.model import Document, Failure
from schemas import TABLES
from schemas._base import UNKNOWN_YEAR


def _table(name: str, rows: list[dict]) -> pa.Table:
    schema = TABLES[name]
    return pa.Table.from_pylist([{f.name: r.get(f.name) for f in schema} for r in rows], schema=schema)


def document_row(doc: Document, run_id: str, processed_at: datetime) -> dict:
    m = doc.meta
    fixed = sum(r.action == "fixed" for r in doc.repairs)
    flagged = len(doc.repairs) - fixed
    return {
        "doc_id": doc.doc_id,
        "source_key": doc.source.source_key,
        "source_uri": doc.source.uri,
        "source_format": doc.source.source_format,
        "content_sha256": doc.source.content_sha256,
        "encoding": doc.encoding,
        "title": m.get("title"),
        "title_en": m.get("title_en"),
        "journal": m.get("journal"),
        "journal_latin": m.get("journal_latin"),
        "year": m.get("year"),
        "volume": m.get("volume"),
        "issue": m.get("issue"),
        "first_page": m.get("first_page"),
        "last_page": m.get("last_page"),
        "authors": doc.authors,
        "keywords": m.get("keywords"),
        "auto_keywords": m.get("auto_keywords"),
        "abstract": m.get("abstract"),
        "keywords_en": m.get("keywords_en"),
        "abstract_en": m.get("abstract_en"),
        "editor": m.get("editor"),
        "clc": m.get("clc"),
        "doc_code": m.get("doc_code"),
        "article_no": m.get("article_no"),
        "doi": m.get("doi"),
        "received_date": m.get("received_date"),
        "revised_date": m.get("revised_date"),
        "funding": m.get("funding"),
        "author_notes": m.get("author_notes"),
        "corresponding_author": m.get("corresponding_author"),
        "n_pages": doc.n_pages,
        "n_chars": len(doc.text),
        "n_repairs_fixed": fixed,
        "n_repairs_flagged": flagged,
        "pipeline_version": PIPELINE_VERSION,
        "run_id": run_id,
        "processed_at": processed_at,
        "status": "flagged" if flagged else "ok",
    }


def build_tables(
    docs: list[Document], failures: list[Failure], *, run_id: str, processed_at: datetime
) -> dict[str, pa.Table]:
    """The rows of one batch for every dataset, in commit order (``documents`` last)."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for doc in docs:
        # every per-document row carries its partition (the document's year) and its lineage
        d = {
            "doc_id": doc.doc_id,
            "doc_year": UNKNOWN_YEAR if doc.meta.get("year") is None else doc.meta["year"],
            "pipeline_version": PIPELINE_VERSION,
            "run_id": run_id,
        }
        rows["documents"].append({**document_row(doc, run_id, processed_at), "doc_year": d["doc_year"]})
        rows["sections"] += [{**d, **asdict(s)} for s in doc.sections]
        rows["paragraphs"] += [{**d, **asdict(p)} for p in doc.paragraphs]
        rows["sentences"] += [{**d, **asdict(s)} for s in doc.sentences]
        rows["references"] += [{**d, **r} for r in doc.references]
        rows["repairs"] += [{**d, **asdict(r)} for r in doc.repairs]
    for f in failures:
        rows["quarantine"].append(
            {
                "source_key": f.source.source_key,
                "source_uri": f.source.uri,
                "content_sha256": f.source.content_sha256,
                "stage": f.stage,
                "error_type": f.error_type,
                "message": f.message,
                "pipeline_version": PIPELINE_VERSION,
                "run_id": run_id,
                "failed_at": processed_at,
            }
        )
    return {name: _table(name, r) for name, r in rows.items()}
