"""Helpers shared by the dataset schema modules.

Every field carries a ``description`` in its metadata and every schema carries the dataset's
name, grain, keys and ``SCHEMA_VERSION``. The metadata travels inside the Parquet files, so a
consumer who finds a stray file can still read what each column means.
"""

from __future__ import annotations

import json

import pyarrow as pa

#: Timestamps are UTC microseconds: the precision Delta Lake stores.
TIMESTAMP = pa.timestamp("us", tz="UTC")


def field(name: str, type_: pa.DataType, description: str, *, nullable: bool = True) -> pa.Field:
    """A pyarrow field whose metadata holds its description."""
    if not description:
        raise ValueError(f"field {name!r} needs a description")
    return pa.field(name, type_, nullable=nullable, metadata={"description": description})


def dataset_schema(name: str, *, grain: str, keys: list[str], version: int, fields: list[pa.Field]) -> pa.Schema:
    """A schema with the dataset-level metadata the data dictionary is built from."""
    missing = [k for k in keys if k not in {f.name for f in fields}]
    if missing:
        raise ValueError(f"{name}: key columns {missing} are not fields")
    return pa.schema(
        fields,
        metadata={
            "qikan.dataset": name,
            "qikan.grain": grain,
            "qikan.keys": json.dumps(keys),
            "qikan.schema_version": str(version),
        },
    )


def description(f: pa.Field) -> str:
    return (f.metadata or {}).get(b"description", b"").decode()
