"""The data dictionary is generated from schemas/: every field, nested ones included, is described."""

from __future__ import annotations

import pyarrow as pa

from qikan.tables import build_tables
from schemas import TABLES
from schemas._base import description


def _fields(f: pa.Field, prefix: str = ""):
    name = f"{prefix}{f.name}"
    yield name, f
    t = f.type
    while pa.types.is_list(t) or pa.types.is_large_list(t):
        t = t.value_type
    if pa.types.is_struct(t):
        for i in range(t.num_fields):
            yield from _fields(t.field(i), f"{name}.")


def test_every_field_is_described() -> None:
    missing = [
        f"{table}.{n}"
        for table, schema in TABLES.items()
        for top in schema
        for n, f in _fields(top)
        if not description(f)
    ]
    assert missing == []


def test_references_come_before_documents() -> None:
    names = list(TABLES)
    assert names.index("references") < names.index("documents") == len(names) - 1


def test_empty_batch_tables_match_their_schemas() -> None:
    from datetime import UTC, datetime

    tables = build_tables([], [], run_id="r", processed_at=datetime.now(UTC))
    assert set(tables) == set(TABLES)
    assert all(tables[n].schema.equals(TABLES[n], check_metadata=True) for n in TABLES)
