"""The output datasets as Delta Lake tables (one folder per dataset under the output root).

A batch is committed table by table, ``documents`` last, one Delta commit per table. A worker
process encodes the batch's rows as finished Parquet files (``encode``: one per table and year,
with their Delta statistics); the writer only places them and commits them. When none of the
batch's documents has rows in a table yet (a fresh output, new documents) that commit is a
plain append of those files. When some have (a reprocessed document, a run killed between
tables), it replaces their old rows in the same transaction (predicate overwrite on ``doc_id``,
one Delta commit holding both the ``remove`` and the ``add`` actions), so a reprocessed
document never shows both old and new rows, and a consumer joining on ``documents`` never sees
a document whose rows elsewhere are missing. Quarantine rows are keyed on ``source_key``: a
source that succeeds leaves quarantine in the same way. Which keys a table holds is read once
per run and table, and only from a table that has rows (``TableWriter``).

Per-document tables are partitioned by the document's year, so a consumer reads one year
without scanning the rest. The predicate is not limited to a partition: when a reprocessed
document's year changes, its old rows in the other partition go in the same commit.

Every commit records ``qikan.run_id``, ``qikan.pipeline_version`` and ``qikan.schema_version``
in its commit info (``DeltaTable.history()``); every Parquet file carries the schema version in
its first field's metadata and the run id and pipeline version as columns.

A local output is written by one run at a time: ``output_lock`` holds an ``flock`` on
``OUTPUT/.qikan.lock`` (released by the kernel when the holder dies, so a killed run leaves no
stale lock). Object storage has no such lock; see docs/storage.md.
"""

from __future__ import annotations

import json
import os
import posixpath
import socket
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from deltalake import CommitProperties, DeltaTable, write_deltalake
from deltalake.exceptions import TableNotFoundError

from qikan import PIPELINE_VERSION
from qikan.limits import deferred_stop
from qikan.model import doc_id_for
from schemas import TABLES
from schemas._base import DATASET_KEY, UNKNOWN_YEAR, VERSION_KEY, partition_by, schema_version

LOCK_NAME = ".qikan.lock"


class OutputLocked(RuntimeError):
    """Another process is writing the same output root."""


class SchemaVersionMismatch(RuntimeError):
    """A table under the output was written with another schema version than this qikan's."""


def is_remote(output: str) -> bool:
    return "://" in output and not output.startswith("file://")


def table_uri(output: str, name: str) -> str:
    return posixpath.join(output.rstrip("/"), name) if is_remote(output) else str(_local(output) / name)


def _local(output: str) -> Path:
    return Path(output.removeprefix("file://")).expanduser().resolve()


def _sql_list(values: Iterable[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _lineage(name: str, run_id: str | None) -> CommitProperties:
    meta = {
        DATASET_KEY: name,
        VERSION_KEY: str(schema_version(TABLES[name])),
        "qikan.pipeline_version": PIPELINE_VERSION,
    }
    if run_id:
        meta["qikan.run_id"] = run_id
    return CommitProperties(custom_metadata=meta)


def open_table(output: str, name: str, *, storage_options: dict | None = None) -> DeltaTable | None:
    try:
        return DeltaTable(table_uri(output, name), storage_options=storage_options)
    except TableNotFoundError:
        return None


def stored_schema_version(dt: DeltaTable) -> int | None:
    """The schema version a table was created with (from its first field's metadata)."""
    value = (dt.schema().fields[0].metadata or {}).get(VERSION_KEY)
    return int(value) if value is not None else None


def ensure_tables(
    output: str, *, run_id: str | None = None, storage_options: dict | None = None
) -> dict[str, DeltaTable]:
    """Create every dataset's table (empty, with its schema and partitioning) if it does not exist
    yet; refuse to write into a table made with another schema version. Every table, opened."""
    if not is_remote(output):
        _local(output).mkdir(parents=True, exist_ok=True)
    existing = {name: open_table(output, name, storage_options=storage_options) for name in TABLES}
    for name, dt in existing.items():  # check every table before creating any
        have, want = (stored_schema_version(dt) if dt is not None else None), schema_version(TABLES[name])
        if dt is not None and have != want:
            held = f"schema version {have}" if have is not None else "an older schema with no version recorded"
            raise SchemaVersionMismatch(
                f"{table_uri(output, name)} holds {held}, this qikan writes version {want} "
                "(see CHANGELOG.md): write to a new --output, or move the old output aside and rerun"
            )
    for name, schema in TABLES.items():
        if existing[name] is not None:
            continue
        _create(output, name, schema, run_id, storage_options)
        existing[name] = open_table(output, name, storage_options=storage_options)
    return existing


def _create(output: str, name: str, schema: pa.Schema, run_id: str | None, storage_options: dict | None) -> None:
    """Create one empty table: on object storage by an empty append, locally with its empty Parquet file."""
    if is_remote(output):
        write_deltalake(
            table_uri(output, name),
            schema.empty_table(),
            mode="append",
            partition_by=partition_by(schema) or None,
            name=name,
            description=schema.metadata[b"qikan.grain"].decode(),
            storage_options=storage_options,
            commit_properties=_lineage(name, run_id),
        )
        return
    # a local table is born with one empty Parquet file (see ensure_files), in version 0
    from deltalake import Schema
    from deltalake.transaction import create_table_with_add_actions

    create_table_with_add_actions(
        table_uri(output, name),
        Schema.from_arrow(schema),
        [_empty_file(output, name)],
        partition_by=partition_by(schema) or None,
        name=name,
        description=schema.metadata[b"qikan.grain"].decode(),
        commit_properties=_lineage(name, run_id),
    )


#: String columns get min/max statistics only up to this length (ids, keys, versions, codes):
#: a paragraph's text as a bound would bloat the log and prune nothing.
STATS_MAX_CHARS = 32
#: Statistics cover the first this many columns, as Delta's ``dataSkippingNumIndexedCols``
#: default says (and deltalake's own writer does).
STATS_COLUMNS = 32


@dataclass(frozen=True)
class StagedFile:
    """A batch's rows of one table in one partition, as a finished Parquet file: encoded by a
    worker process (``encode``), written into the table's folder and committed by the writer."""

    partition: dict[str, str]
    data: bytes
    rows: int
    #: The Delta add action's statistics (JSON): ``numRecords``, ``nullCount`` of the flat
    #: columns among the first 32, ``minValues``/``maxValues`` of the integer and short string
    #: ones (exact values: readers skip files on them).
    stats: str


def encode(name: str, table: pa.Table) -> list[StagedFile]:
    """``table`` (rows of dataset ``name``) as Parquet files, one per partition value, the
    partition columns left out as Delta wants; an empty table gives none.

    The files are what deltalake's writer makes: Snappy, the Arrow schema with the field
    metadata (dataset and schema version on the first field), no schema-level metadata."""
    schema = TABLES[name]
    parts = partition_by(schema)
    table = table.replace_schema_metadata(None)
    if not table.num_rows:
        return []
    if not parts:
        return [_encoded(table, {})]
    groups = table.select(parts).group_by(parts, use_threads=False).aggregate([]).to_pylist()
    if len(groups) == 1:  # one year: no copy of the rows
        return [_encoded(table.drop_columns(parts), {p: str(groups[0][p]) for p in parts})]
    files = []
    for values in groups:
        mask = None
        for p in parts:
            eq = pc.equal(table[p], pa.scalar(values[p], table.schema.field(p).type))
            mask = eq if mask is None else pc.and_(mask, eq)
        rows = table.filter(mask).drop_columns(parts)
        files.append(_encoded(rows, {p: str(values[p]) for p in parts}))
    return files


def _encoded(table: pa.Table, partition: dict[str, str]) -> StagedFile:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="snappy")
    return StagedFile(partition, sink.getvalue().to_pybytes(), table.num_rows, _stats(table))


def _stats(table: pa.Table) -> str:
    nulls, lows, highs = {}, {}, {}
    for f, col in list(zip(table.schema, table.columns))[:STATS_COLUMNS]:
        if pa.types.is_nested(f.type):
            continue  # deltalake records no statistics for lists either
        nulls[f.name] = col.null_count
        is_int, is_str = pa.types.is_integer(f.type), pa.types.is_string(f.type)
        if not (is_int or is_str) or col.null_count == len(col):
            continue
        low, high = pc.min_max(col).values()
        low, high = low.as_py(), high.as_py()
        if is_str and max(len(low), len(high)) > STATS_MAX_CHARS:
            continue
        lows[f.name], highs[f.name] = low, high
    stats = {"numRecords": table.num_rows, "minValues": lows, "maxValues": highs, "nullCount": nulls}
    return json.dumps(stats, ensure_ascii=False, separators=(",", ":"))


def decode(name: str, files: list[StagedFile]) -> pa.Table:
    """The rows of ``encode``'s files again, with their partition columns, as dataset ``name``."""
    schema = TABLES[name]
    pieces = []
    for f in files:
        t = pq.read_table(pa.BufferReader(f.data), use_threads=False)
        for p, value in f.partition.items():
            t = t.append_column(p, pa.array([value] * t.num_rows).cast(schema.field(p).type))
        pieces.append(t.select(schema.names).cast(schema))
    return pa.concat_tables(pieces) if pieces else schema.empty_table()


def commit_batch(
    output: str,
    tables: dict[str, pa.Table],
    *,
    doc_ids: list[str],
    source_keys: list[str],
    run_id: str | None = None,
    storage_options: dict | None = None,
) -> None:
    """Commit one batch: for each table, replace the rows of ``doc_ids`` (or, for quarantine,
    of ``source_keys``) with the batch's rows in one transaction (an append where the table
    holds none of them), ``documents`` last.

    The documents of every source key are replaced too: a source that failed this time loses
    the rows an earlier success left (one answer per source: a document or a quarantine row).
    A stop (SIGTERM, Ctrl-C) waits for the batch's last table (``limits.deferred_stop``).
    A run that commits many batches keeps one ``TableWriter`` instead (tables checked and
    opened once).
    """
    TableWriter(output, run_id=run_id, storage_options=storage_options).commit(
        tables, doc_ids=doc_ids, source_keys=source_keys
    )


class TableWriter:
    """One run's writer of an output: every table checked (``ensure_tables``) and opened once,
    then at most one Delta commit per table for each ``commit``, ``documents`` last.

    A table gets the staged files as a plain append when none of the batch's keys is in it,
    else a predicate overwrite replacing those keys' rows. The keys a local table holds are
    read once, on the table's first commit of the run, and only when it has rows (a fresh
    output reads nothing); each commit adds its keys. A table that gets no rows and loses none
    gets no commit. On object storage every commit is a predicate overwrite through
    deltalake's writer (the writer does not place files there itself).

    Each handle follows its own commits, and a commit another process made meanwhile is
    picked up by Delta's conflict check, as with a freshly opened table; local outputs have
    one writer anyway (``output_lock``).
    """

    def __init__(self, output: str, *, run_id: str | None = None, storage_options: dict | None = None) -> None:
        self.output, self.run_id, self.storage_options = output, run_id, storage_options
        self._open: dict[str, DeltaTable] = {}
        self._keys: dict[str, set[str]] = {}  # table -> the keys it holds (read when first needed)
        self._empty: dict[str, list[str]] = {}  # table -> its placeholder files (read on its first append)

    def _table(self, name: str) -> DeltaTable:
        if not self._open:
            self._open = ensure_tables(self.output, run_id=self.run_id, storage_options=self.storage_options)
        return self._open[name]

    def opened(self) -> dict[str, DeltaTable]:
        """The tables this writer has open (none before its first commit, or after a failed one)."""
        return dict(self._open)

    def commit(self, tables: dict[str, pa.Table], *, doc_ids: list[str], source_keys: list[str]) -> None:
        """Replace the rows of ``doc_ids`` and ``source_keys`` (see ``commit_batch``) with ``tables``."""
        files = {name: encode(name, t) for name, t in tables.items()}
        self.commit_files(files, doc_ids=doc_ids, source_keys=source_keys)

    def commit_files(self, files: dict[str, list[StagedFile]], *, doc_ids: list[str], source_keys: list[str]) -> None:
        """Replace the rows of ``doc_ids`` and ``source_keys`` with the rows of ``files`` (per
        table, from ``encode``: a worker's staged batch)."""
        self._table("documents")  # tables exist and are open before the first write
        doc_ids = list(dict.fromkeys([*doc_ids, *(doc_id_for(k) for k in source_keys)]))
        try:
            with deferred_stop():
                self._write(files, doc_ids, source_keys)
        except BaseException:
            # a failed commit (retried by the caller) starts from fresh handles, and reads again
            # which keys each table holds: it may have committed some tables before it failed
            self._open.clear()
            self._keys.clear()
            self._empty.clear()
            raise

    def _write(self, files: dict[str, list[StagedFile]], doc_ids: list[str], source_keys: list[str]) -> None:
        for name in TABLES:
            if name == "quarantine":
                keys, column = source_keys, "source_key"
            else:
                keys, column = doc_ids, "doc_id"
            if not keys:
                continue
            staged = files.get(name, [])
            replaces = is_remote(self.output) or not self._held(name, column).isdisjoint(keys)
            if replaces or staged:  # else nothing to add and nothing to remove: no commit
                self._commit_table(name, staged, replace=f"{column} IN ({_sql_list(keys)})" if replaces else None)
            if name in self._keys:
                self._keys[name].update(keys)

    def _commit_table(self, name: str, staged: list[StagedFile], *, replace: str | None) -> None:
        """One Delta commit of table ``name``: ``staged`` appended, or, with a ``replace``
        predicate, the rows it matches replaced by them (deltalake's predicate overwrite)."""
        if replace is None:
            self._append(name, staged)
            return
        write_deltalake(
            self._table(name),
            decode(name, staged),
            mode="overwrite",
            predicate=replace,
            partition_by=partition_by(TABLES[name]) or None,
            commit_properties=_lineage(name, self.run_id),
        )

    def _held(self, name: str, column: str) -> set[str]:
        """The keys (``column``) table ``name`` holds: read on first use, none read when it has no rows."""
        if name not in self._keys:
            dt = self._table(name)
            counts = pa.table(dt.get_add_actions(flatten=True))["num_records"].to_pylist()
            if any(n is None or n > 0 for n in counts):
                self._keys[name] = set(pc.unique(rows_of(dt, columns=[column])[column]).to_pylist())
            else:
                self._keys[name] = set()
        return self._keys[name]

    def _placeholders(self, name: str) -> list[str]:
        """The placeholder files (``EMPTY_FILE``) table ``name`` holds: read on first use."""
        if name not in self._empty:
            self._empty[name] = _placeholders_of(_live_paths(self._table(name)))
        return self._empty[name]

    def _append(self, name: str, staged: list[StagedFile]) -> None:
        """Write ``staged`` into the table's folder and commit them as one append. A file written
        but never committed (the writer killed in between) is in no version: Delta readers never
        see it and the run's vacuum deletes it. The table's placeholder file, when it has one
        and rows arrive, leaves in the same commit (else ``ensure_files`` would remove it at the
        end of the run, one more commit per table)."""
        from deltalake.transaction import AddAction

        dt, root = self._table(name), _local(self.output) / name
        actions: list = _removes(name, self._placeholders(name)) if staged else []
        for f in staged:
            folder = "/".join(f"{k}={v}" for k, v in f.partition.items())
            rel = posixpath.join(folder, f"part-00000-{uuid.uuid4()}-c000.snappy.parquet")
            path = root / rel
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(f.data)
            actions.append(AddAction(rel, len(f.data), f.partition, int(time.time() * 1000), True, f.stats))
        dt.create_write_transaction(
            actions,
            mode="append",
            schema=dt.schema(),
            partition_by=partition_by(TABLES[name]) or None,
            commit_properties=_lineage(name, self.run_id),
        )
        dt.update_incremental()  # a transaction leaves its handle behind
        self._empty[name] = []


#: Name of the empty Parquet file a table holds while it has no rows.
EMPTY_FILE = "part-00000-qikan-empty.parquet"


def _live_paths(dt: DeltaTable) -> list[str]:
    """The data files of a table's current version."""
    return pa.table(dt.get_add_actions(flatten=True))["path"].to_pylist()


def _placeholders_of(paths: list[str]) -> list[str]:
    return [f for f in paths if posixpath.basename(f) == EMPTY_FILE]


def _removes(name: str, paths: list[str]) -> list:
    """Remove actions for placeholder files of table ``name`` (they sit in the unknown-year partition)."""
    from deltalake.transaction import RemoveAction

    parts = {p: str(UNKNOWN_YEAR) for p in partition_by(TABLES[name])}
    return [RemoveAction(f, True, int(datetime.now(UTC).timestamp() * 1000), None, parts) for f in paths]


def _handles(output: str, tables: dict[str, DeltaTable] | None, storage_options: dict | None):
    """``name → DeltaTable or None`` for every dataset: the open ``tables`` given, else opened."""
    tables = tables or {}
    for name in TABLES:
        yield name, tables.get(name) or open_table(output, name, storage_options=storage_options)


def ensure_files(
    output: str, *, storage_options: dict | None = None, tables: dict[str, DeltaTable] | None = None
) -> None:
    """Give every table with no data file one empty Parquet file with its schema, so any Parquet
    reader (DuckDB ``read_parquet('OUT/quarantine/**/*.parquet')``, Polars, Spark) works after
    any run. It sits in the unknown-year partition (``doc_year=0``)."""
    if is_remote(output):
        return  # object storage: a consumer lists the Delta log (docs/storage.md)

    for name, dt in _handles(output, tables, storage_options):
        schema = TABLES[name]
        if dt is None:
            continue
        files = _live_paths(dt)
        empty = _placeholders_of(files)
        if empty and len(files) > len(empty):  # rows arrived (through deltalake's writer): the placeholder goes
            dt.create_write_transaction(
                _removes(name, empty), mode="append", schema=dt.schema(), partition_by=partition_by(schema) or None,
                commit_properties=_lineage(name, None),
            )  # fmt: skip
            dt.update_incremental()  # a transaction leaves its handle behind: the caller's vacuum reads it
            continue
        if files:
            continue
        dt.create_write_transaction(
            [_empty_file(output, name)],
            mode="append",
            schema=dt.schema(),
            partition_by=partition_by(schema) or None,
            commit_properties=_lineage(name, None),
        )
        dt.update_incremental()


def _empty_file(output: str, name: str):
    """Write the empty Parquet file of a local table; its Delta add action."""
    from deltalake.transaction import AddAction

    schema = TABLES[name]
    parts = partition_by(schema)
    folder = "/".join(f"{p}={UNKNOWN_YEAR}" for p in parts)
    rel = posixpath.join(folder, EMPTY_FILE) if folder else EMPTY_FILE
    path = _local(output) / name / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.schema([f for f in schema if f.name not in parts], metadata=schema.metadata).empty_table(), path)
    stats = json.dumps({"numRecords": 0, "minValues": {}, "maxValues": {}, "nullCount": {}})
    mtime = int(time.time() * 1000)
    return AddAction(rel, path.stat().st_size, {p: str(UNKNOWN_YEAR) for p in parts}, mtime, True, stats)


def vacuum(
    output: str,
    *,
    retention_hours: float = 0,
    storage_options: dict | None = None,
    tables: dict[str, DeltaTable] | None = None,
) -> int:
    """Delete files no version within ``retention_hours`` refers to, so plain Parquet readers see
    current rows (0: only the current version), and files a killed write left behind.

    First every table gets its placeholder file, or loses it when it has rows (``ensure_files``),
    so the vacuum also deletes a placeholder that just left. ``tables``: handles already open
    (a run's ``TableWriter.opened()``), used instead of opening the tables again."""
    tables = dict(_handles(output, tables, storage_options))
    ensure_files(output, storage_options=storage_options, tables=tables)
    removed = 0
    for dt in tables.values():
        if dt is not None:
            removed += _vacuum(dt, retention_hours)
    return removed


def _vacuum(dt: DeltaTable, retention_hours: float) -> int:
    """Vacuum one table; how many files it deleted.

    ``full``: also files no log entry mentions (what a killed writer left half-written). On a
    local table the files deltalake names (its dry run) are deleted here: its own vacuum would
    also commit VACUUM START/END entries, two log commits per table (30 of the 45 ms a fresh
    run's vacuum took), and its candidates include removed files that are already gone.
    """
    opts = dict(retention_hours=int(retention_hours), enforce_retention_duration=False, full=True)
    candidates = dt.vacuum(dry_run=True, **opts)
    if dt.table_uri.startswith("file://"):
        root = Path(dt.table_uri.removeprefix("file://"))
        removed = 0
        for c in candidates:
            try:
                (root / c).unlink()
                removed += 1
            except FileNotFoundError:
                pass
        return removed
    return len(dt.vacuum(dry_run=False, **opts)) if candidates else 0


def compact(output: str, *, retention_hours: float = 0, storage_options: dict | None = None) -> dict[str, tuple]:
    """Merge small files (``optimize.compact``), then vacuum. ``table → (files before, after)``."""
    counts = {}
    for name in TABLES:
        dt = open_table(output, name, storage_options=storage_options)
        if dt is None:
            continue
        before = len(dt.file_uris())
        ensure_files(output, storage_options=storage_options)
        dt.update_incremental()
        dt.optimize.compact(commit_properties=_lineage(name, None))
        dt.update_incremental()
        _vacuum(dt, retention_hours)
        counts[name] = (before, len(dt.file_uris()))
    ensure_files(output, storage_options=storage_options)
    return counts


def rows_of(dt: DeltaTable, *, columns: list[str] | None = None, filter=None) -> pa.Table:
    """A Delta table's current rows, read on this thread. With the reader's thread pool
    (deltalake 1.6 + pyarrow 26) the interpreter aborted at exit in about a third of runs that had
    read a table ("terminate called without an active exception", exit 134: an unchanged rerun of
    ``qikan run`` failed that way); every read of a table goes through here."""
    return dt.to_pyarrow_dataset().to_table(columns=columns, filter=filter, use_threads=False)


def read_table(output: str, name: str, *, storage_options: dict | None = None) -> pa.Table:
    dt = open_table(output, name, storage_options=storage_options)
    if dt is None:
        return TABLES[name].empty_table()
    return rows_of(dt)


def processed_state(output: str, *, storage_options: dict | None = None) -> dict[str, tuple[str, str]]:
    """``source_key → (content_sha256, pipeline_version)`` of the documents already written."""
    dt = open_table(output, "documents", storage_options=storage_options)
    if dt is None:
        return {}
    t = rows_of(dt, columns=["source_key", "content_sha256", "pipeline_version"])
    return {
        k: (s, v)
        for k, s, v in zip(
            t["source_key"].to_pylist(), t["content_sha256"].to_pylist(), t["pipeline_version"].to_pylist()
        )
    }


def table_stats(output: str, *, storage_options: dict | None = None) -> list[dict]:
    """Per table: version, live files, rows, bytes, partitions and the last commit's lineage."""
    stats = []
    for name in TABLES:
        dt = open_table(output, name, storage_options=storage_options)
        if dt is None:
            stats.append({"table": name, "version": None})
            continue
        adds = pa.table(dt.get_add_actions(flatten=True))
        history = dt.history(50)
        last = history[0]
        write = next((h for h in history if "qikan.run_id" in h), {})
        stats.append(
            {
                "table": name,
                "version": dt.version(),
                "files": adds.num_rows,
                "rows": sum(adds["num_records"].to_pylist()) if adds.num_rows else 0,
                "bytes": sum(adds["size_bytes"].to_pylist()) if adds.num_rows else 0,
                "partitions": len({json.dumps(p, sort_keys=True, default=str) for p in dt.partitions()}),
                "schema_version": stored_schema_version(dt),
                "last_operation": last.get("operation"),
                "last_run_id": write.get("qikan.run_id"),
                "last_commit": datetime.fromtimestamp(last["timestamp"] / 1000, UTC).isoformat(timespec="seconds"),
            }
        )
    return stats


def _lock_holder(fd: int) -> str:
    """The holder's line of a busy lock file. The holder writes it right after taking the lock,
    so a racer may find the file still empty: wait a moment for it."""
    for _ in range(50):
        holder = os.pread(fd, 4096, 0).decode(errors="replace").strip()
        if holder:
            return holder
        time.sleep(0.02)
    return "another process"


@contextmanager
def output_lock(output: str) -> Iterator[None]:
    """Hold the output root for one writer; raise ``OutputLocked`` naming the holder if taken.

    Local outputs only: on object storage this does nothing (see docs/storage.md).
    """
    if is_remote(output):
        yield
        return
    import fcntl

    root = _local(output)
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _lock_holder(fd)
            raise OutputLocked(
                f"output {root} is being written by {holder}; wait for that run to finish "
                "or give another --output (the lock goes away by itself when the holder exits)"
            ) from None
        os.ftruncate(fd, 0)
        started = datetime.now(UTC).isoformat(timespec="seconds")
        os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()} since {started}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


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
    t = rows_of(dt, columns=["source_key", "content_sha256", "pipeline_version", "error_type"])
    return {k: (s, v, e) for k, s, v, e in zip(*(c.to_pylist() for c in t.columns))}
