"""Documents and failures → one pyarrow table per dataset, each exactly its schema.

Columns are built straight from the records, one list per schema field (``getattr`` on the
dataclasses, no ``asdict`` copies and no dict per row): token and POS lists go into
``list<string>`` arrays as they are. A field a record does not have is a per-document constant
(``doc_id``, ``doc_year``, lineage) or null, so a column added to a schema only needs its value
on the record (or, for ``documents``, in ``doc.meta`` under the field's name).
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from datetime import datetime
from itertools import chain, repeat
from operator import attrgetter

import pyarrow as pa

from qikan import PIPELINE_VERSION
from qikan.model import Document, Failure, Paragraph, Repair, Section, Sentence
from schemas import TABLES
from schemas._base import UNKNOWN_YEAR

#: The record class behind each per-document table, and how to get a document's records.
RECORDS = {
    "sections": (Section, lambda d: d.sections),
    "paragraphs": (Paragraph, lambda d: d.paragraphs),
    "sentences": (Sentence, lambda d: d.sentences),
    "repairs": (Repair, lambda d: d.repairs),
}


def load_converters() -> None:
    """Load what pyarrow's first conversion of Python values loads: it imports pandas when pandas
    is installed (≈ 0.25 s of CPU), which a worker should pay at start-up, not in its first batch."""
    pa.array([""], type=pa.string())


def doc_year(doc: Document) -> int:
    """The partition value of every row of ``doc``."""
    year = doc.meta.get("year")
    return UNKNOWN_YEAR if year is None else year


def document_row(doc: Document, run_id: str, processed_at: datetime) -> dict:
    """The ``documents`` row of ``doc``: computed fields, then every other schema field from
    ``doc.meta`` under its own name."""
    fixed = sum(r.action == "fixed" for r in doc.repairs)
    flagged = len(doc.repairs) - fixed
    computed = {
        "doc_id": doc.doc_id,
        "source_key": doc.source.source_key,
        "source_uri": doc.source.uri,
        "source_format": doc.source.source_format,
        "content_sha256": doc.source.content_sha256,
        "encoding": doc.encoding,
        "authors": doc.authors,
        "n_pages": doc.n_pages,
        "n_chars": len(doc.text),
        "n_repairs_fixed": fixed,
        "n_repairs_flagged": flagged,
        "pipeline_version": PIPELINE_VERSION,
        "run_id": run_id,
        "processed_at": processed_at,
        "status": "flagged" if flagged else "ok",
        "doc_year": doc_year(doc),
    }
    return {f.name: computed[f.name] if f.name in computed else doc.meta.get(f.name) for f in TABLES["documents"]}


def _constants(doc: Document, run_id: str) -> dict:
    return {"doc_id": doc.doc_id, "doc_year": doc_year(doc), "pipeline_version": PIPELINE_VERSION, "run_id": run_id}


def _record_table(name: str, docs: list[Document], run_id: str) -> pa.Table:
    """A per-document table whose rows are dataclass records (sections, paragraphs …): each
    column one ``map`` of ``attrgetter`` over all the batch's records, converted by pyarrow
    (``list<string>`` columns too: pyarrow 26 converts the nested lists faster than a flattened
    copy and its offsets)."""
    cls, records_of = RECORDS[name]
    own = {f.name for f in dataclass_fields(cls)}
    schema = TABLES[name]
    per_doc = [records_of(d) for d in docs]
    records = list(chain.from_iterable(per_doc))
    constants = [_constants(d, run_id) for d in docs]
    columns = []
    for f in schema:
        if f.name in own:
            values = list(map(attrgetter(f.name), records))
        else:
            values = list(chain.from_iterable(repeat(c.get(f.name), len(r)) for r, c in zip(per_doc, constants)))
        columns.append(pa.array(values, type=f.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _dict_table(name: str, rows: list[dict]) -> pa.Table:
    schema = TABLES[name]
    return pa.Table.from_arrays([pa.array([r.get(f.name) for r in rows], type=f.type) for f in schema], schema=schema)


def build_tables(
    docs: list[Document], failures: list[Failure], *, run_id: str, processed_at: datetime
) -> dict[str, pa.Table]:
    """The rows of one batch for every dataset, in commit order (``documents`` last)."""
    # references are dicts already (``qikan.references``): the entry wins over the constants
    references = [{**_constants(d, run_id), **r} for d in docs for r in d.references]
    quarantine = [
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
        for f in failures
    ]
    out = {}
    for name in TABLES:
        if name in RECORDS:
            out[name] = _record_table(name, docs, run_id)
        elif name == "references":
            out[name] = _dict_table(name, references)
        elif name == "quarantine":
            out[name] = _dict_table(name, quarantine)
        else:
            out[name] = _dict_table(name, [document_row(d, run_id, processed_at) for d in docs])
    return out
