"""Helpers shared by the dataset schema modules.

Every field carries a ``description`` in its metadata and every schema carries the dataset's
name, grain, keys and ``SCHEMA_VERSION``. The metadata travels inside the Parquet files, so a
consumer who finds a stray file can still read what each column means.
"""

from __future__ import annotations

import json

import pyarrow as pa

#: Metadata keys naming the dataset and its schema version (schema- and first-field-level).
DATASET_KEY = "qikan.dataset"
VERSION_KEY = "qikan.schema_version"

#: ``doc_year`` of a document whose year is unknown: a real partition value rather than null,
#: because pandas cannot read a null partition it infers as a dictionary.
UNKNOWN_YEAR = 0

#: Timestamps are UTC microseconds: the precision Delta Lake stores.
TIMESTAMP = pa.timestamp("us", tz="UTC")


def field(name: str, type_: pa.DataType, description: str, *, nullable: bool = True) -> pa.Field:
    """A pyarrow field whose metadata holds its description."""
    if not description:
        raise ValueError(f"field {name!r} needs a description")
    return pa.field(name, type_, nullable=nullable, metadata={"description": description})


def dataset_schema(
    name: str,
    *,
    grain: str,
    keys: list[str],
    version: int,
    fields: list[pa.Field],
    partition_by: list[str] | None = None,
) -> pa.Schema:
    """A schema with the dataset-level metadata the data dictionary is built from.

    The Delta writer drops schema-level metadata from the Parquet files it writes but keeps
    field metadata, so the dataset name and schema version are also put on the first field:
    that is how a stray Parquet file still says what it is.
    """
    names = {f.name for f in fields}
    missing = [k for k in [*keys, *(partition_by or [])] if k not in names]
    if missing:
        raise ValueError(f"{name}: key or partition columns {missing} are not fields")
    first = fields[0].with_metadata({**fields[0].metadata, DATASET_KEY: name, VERSION_KEY: str(version)})
    return pa.schema(
        [first, *fields[1:]],
        metadata={
            DATASET_KEY: name,
            "qikan.grain": grain,
            "qikan.keys": json.dumps(keys),
            "qikan.partition_by": json.dumps(partition_by or []),
            VERSION_KEY: str(version),
        },
    )


def doc_year_field() -> pa.Field:
    """The partition column of every per-document table: readers filtering on it open one year."""
    return field(
        "doc_year",
        pa.int32(),
        f"Publication year of the document (documents.year), or {UNKNOWN_YEAR} when it is unknown; "
        "the table is partitioned on it (folders doc_year=2024/ …).",
        nullable=False,
    )


def lineage_fields() -> list[pa.Field]:
    """Columns saying which run and qikan version wrote a row (constant per file, so nearly free)."""
    return [
        field("pipeline_version", pa.string(), "qikan version that produced the row.", nullable=False),
        field("run_id", pa.string(), "Id of the run that wrote the row.", nullable=False),
    ]


def schema_version(schema: pa.Schema) -> int:
    return int(schema.metadata[VERSION_KEY.encode()])


def partition_by(schema: pa.Schema) -> list[str]:
    return json.loads((schema.metadata or {}).get(b"qikan.partition_by", b"[]"))


def description(f: pa.Field) -> str:
    return (f.metadata or {}).get(b"description", b"").decode()
