"""The output datasets as Delta Lake tables (one folder per dataset under the output root).

A batch is committed table by table, ``documents`` last; each commit replaces the batch's
documents' old rows in the same transaction (predicate overwrite on ``doc_id``), so a
reprocessed document never shows both old and new rows. Quarantine rows are keyed on
``source_key``: a source that succeeds leaves quarantine in the same way.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

import pyarrow as pa
from deltalake import DeltaTable, write_deltalake
from deltalake.exceptions import TableNotFoundError

from schemas import TABLES


def table_uri(output: str, name: str) -> str:
    return posixpath.join(output.rstrip("/"), name) if "://" in output else str(_local(output) / name)


def _local(output: str):
    from pathlib import Path

    return Path(output).expanduser().resolve()


def _sql_list(values: Iterable[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def open_table(output: str, name: str, *, storage_options: dict | None = None) -> DeltaTable | None:
    try:
        return DeltaTable(table_uri(output, name), storage_options=storage_options)
    except TableNotFoundError:
        return None


def ensure_tables(output: str, *, storage_options: dict | None = None) -> None:
    """Create every dataset's table (empty, with its schema) if it does not exist yet."""
    if "://" not in output:
        _local(output).mkdir(parents=True, exist_ok=True)
    for name, schema in TABLES.items():
        if open_table(output, name, storage_options=storage_options) is None:
            write_deltalake(
                table_uri(output, name),
                schema.empty_table(),
                mode="append",
                name=name,
                description=schema.metadata[b"qikan.grain"].decode(),
                storage_options=storage_options,
            )


def commit_batch(
    output: str,
    tables: dict[str, pa.Table],
    *,
    doc_ids: list[str],
    source_keys: list[str],
    storage_options: dict | None = None,
) -> None:
    """Commit one batch: for each table, replace the rows of ``doc_ids`` (or, for quarantine,
    of ``source_keys``) with the batch's rows in one transaction."""
    ensure_tables(output, storage_options=storage_options)
    for name in TABLES:
        if name == "quarantine":
            keys, column = source_keys, "source_key"
        else:
            keys, column = doc_ids, "doc_id"
        if not keys:
            continue
        write_deltalake(
            table_uri(output, name),
            tables[name],
            mode="overwrite",
            predicate=f"{column} IN ({_sql_list(keys)})",
            storage_options=storage_options,
        )


def vacuum(output: str, *, retention_hours: int = 0, storage_options: dict | None = None) -> int:
    """Delete files no current version refers to, so plain Parquet readers see current rows."""
    removed = 0
    for name in TABLES:
        dt = open_table(output, name, storage_options=storage_options)
        if dt is not None:
            removed += len(dt.vacuum(retention_hours=retention_hours, dry_run=False, enforce_retention_duration=False))
    return removed


def read_table(output: str, name: str, *, storage_options: dict | None = None) -> pa.Table:
    dt = open_table(output, name, storage_options=storage_options)
    if dt is None:
        return TABLES[name].empty_table()
    return dt.to_pyarrow_table()


def processed_state(output: str, *, storage_options: dict | None = None) -> dict[str, tuple[str, str]]:
    """``source_key → (content_sha256, pipeline_version)`` of the documents already written."""
    dt = open_table(output, "documents", storage_options=storage_options)
    if dt is None:
        return {}
    t = dt.to_pyarrow_table(columns=["source_key", "content_sha256", "pipeline_version"])
    return {
        k: (s, v)
        for k, s, v in zip(
            t["source_key"].to_pylist(), t["content_sha256"].to_pylist(), t["pipeline_version"].to_pylist()
        )
    }


def delete_documents(
    output: str, *, doc_ids: list[str], source_keys: list[str], storage_options: dict | None = None
) -> None:
    """Remove documents from every table (and their sources from quarantine): ``--prune``."""
    for name in TABLES:
        keys, column = (source_keys, "source_key") if name == "quarantine" else (doc_ids, "doc_id")
        dt = open_table(output, name, storage_options=storage_options)
        if keys and dt is not None:
            dt.delete(f"{column} IN ({_sql_list(keys)})")


def failed_state(output: str, *, storage_options: dict | None = None) -> dict[str, tuple[str, str, str]]:
    """``source_key → (content_sha256, pipeline_version, error_type)`` of the quarantined inputs."""
    dt = open_table(output, "quarantine", storage_options=storage_options)
    if dt is None:
        return {}
    t = dt.to_pyarrow_table(columns=["source_key", "content_sha256", "pipeline_version", "error_type"])
    return {k: (s, v, e) for k, s, v, e in zip(*(c.to_pylist() for c in t.columns))}
