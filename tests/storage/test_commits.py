"""How a batch is committed: one Delta commit per table (old rows of reprocessed documents
replaced in it), ``documents`` last, partitions by year, lineage on commits and files."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
import storage_runner  # noqa: F401  (registers the cheap "chars" tokenizer)
from conftest import make_corpus, write_variant

from qikan import PIPELINE_VERSION, store
from qikan.discover import iter_sources
from qikan.pipeline import process_batch
from schemas import TABLES


def run(corpus: Path, out: Path, run_id: str) -> None:
    process_batch(list(iter_sources(str(corpus))), str(out), run_id=run_id, backend="chars")


def log_entries(table_dir: Path) -> list[list[dict]]:
    return [
        [json.loads(line) for line in f.read_text().splitlines() if line]
        for f in sorted((table_dir / "_delta_log").glob("*.json"))
    ]


@pytest.fixture
def written(tmp_path):
    corpus = make_corpus(tmp_path / "in", {"a.txt": 2023, "b.txt": 2024})
    out = tmp_path / "out"
    run(corpus, out, "run-1")
    return corpus, out


def test_reprocess_is_one_commit_per_table_replacing_rows_across_partitions(written):
    corpus, out = written
    write_variant(corpus / "a.txt", 2020)  # a moves from year 2023 to 2020
    run(corpus, out, "run-2")
    for name in TABLES:
        commits = log_entries(out / name)
        if name in ("quarantine", "references"):  # no failure / no reference list in these fixtures:
            assert len(commits) == 1, name  # created, and no commit that would add or remove nothing
            continue
        # version 0 creates the table, 1 is the first batch (an append), 2 the reprocess: nothing in between
        assert len(commits) == 3, name
        first = next(a["commitInfo"] for a in commits[1] if "commitInfo" in a)
        assert first["operationParameters"]["mode"] == "Append" and first["qikan.run_id"] == "run-1"
        last = commits[-1]
        info = next(a["commitInfo"] for a in last if "commitInfo" in a)
        assert info["operationParameters"]["mode"] == "Overwrite"
        assert info["qikan.run_id"] == "run-2" and info["qikan.pipeline_version"] == PIPELINE_VERSION
        assert info["qikan.schema_version"] == TABLES[name].metadata[b"qikan.schema_version"].decode()
        removed = [a["remove"]["path"] for a in last if "remove" in a]
        added = [a["add"]["path"] for a in last if "add" in a]
        assert any(p.startswith("doc_year=2023/") for p in removed), name
        assert any(p.startswith("doc_year=2020/") for p in added), name
    store.vacuum(str(out))
    docs = ds.dataset(out / "documents", format="parquet", partitioning="hive").to_table()
    assert sorted(docs["doc_year"].to_pylist()) == sorted(docs["year"].to_pylist()) == [2020, 2024]
    assert not list((out / "paragraphs").glob("doc_year=2023/*.parquet"))


def test_documents_is_committed_last(written):
    _, out = written
    stamps = {name: log_entries(out / name)[-1][0]["commitInfo"]["timestamp"] for name in TABLES}
    assert stamps["documents"] == max(stamps.values())
    assert list(TABLES)[-1] == "documents"


def test_every_parquet_file_says_how_it_was_made(written):
    _, out = written
    files = list(out.glob("*/**/*.parquet"))
    assert files
    for f in files:
        name = f.relative_to(out).parts[0]
        schema = pq.read_schema(f)
        meta = schema.field(0).metadata
        assert meta[b"qikan.dataset"] == name.encode()
        assert meta[b"qikan.schema_version"] == TABLES[name].metadata[b"qikan.schema_version"]
        table = pq.read_table(f)
        if table.num_rows:
            assert set(table["run_id"].to_pylist()) == {"run-1"}
            assert set(table["pipeline_version"].to_pylist()) == {PIPELINE_VERSION}


def test_tables_read_back_equal_their_schemas(written):
    _, out = written
    for name, schema in TABLES.items():
        table = store.read_table(str(out), name)
        assert table.schema.remove_metadata().equals(schema.remove_metadata(), check_metadata=False), name
        for f in schema:
            assert table.schema.field(f.name).nullable == f.nullable, (name, f.name)


def test_unknown_year_lands_in_partition_zero(tmp_path):
    corpus = make_corpus(tmp_path / "in", {"x.txt": None})
    out = tmp_path / "out"
    run(corpus, out, "r")
    for name in ("documents", "paragraphs"):
        assert list((out / name).glob("doc_year=0/*.parquet")), name
    docs = store.read_table(str(out), "documents")
    assert docs["year"].to_pylist() == [None] and docs["doc_year"].to_pylist() == [0]


def test_writing_into_another_schema_version_stops_with_a_clear_message(written, monkeypatch):
    _, out = written
    schema = TABLES["sections"]
    bumped = schema.with_metadata({**schema.metadata, b"qikan.schema_version": b"99"})
    monkeypatch.setitem(TABLES, "sections", bumped)
    current = schema.metadata[b"qikan.schema_version"].decode()
    with pytest.raises(
        store.SchemaVersionMismatch, match=f"holds schema version {current}, this qikan writes version 99"
    ):
        store.ensure_tables(str(out))


def test_compact_merges_small_files_and_keeps_rows(tmp_path):
    corpus = make_corpus(tmp_path / "in", {f"{i}.txt": 2024 for i in range(3)})
    out = tmp_path / "out"
    for src in iter_sources(str(corpus)):  # one batch per document: one small file each
        process_batch([src], str(out), run_id="r", backend="chars")
    rows = {n: store.read_table(str(out), n).num_rows for n in TABLES}
    counts = store.compact(str(out))
    assert counts["paragraphs"] == (3, 1) and counts["documents"] == (3, 1)
    assert {n: store.read_table(str(out), n).num_rows for n in TABLES} == rows
    assert len(list((out / "paragraphs").glob("*/*.parquet"))) == 1  # vacuumed: plain readers agree


def test_the_placeholder_leaves_in_the_first_append(written):
    """A table is created with a placeholder file (any Parquet reader works on an empty table);
    the first batch with rows removes it in its own append, not in a commit of its own."""
    _, out = written
    for name in ("documents", "paragraphs"):
        created, first = log_entries(out / name)[:2]
        assert [a["add"]["path"] for a in created if "add" in a] == [f"doc_year=0/{store.EMPTY_FILE}"]
        assert [a["remove"]["path"] for a in first if "remove" in a] == [f"doc_year=0/{store.EMPTY_FILE}"], name
        assert [a for a in first if "add" in a], name  # the same commit adds the batch's rows
    quarantine = log_entries(out / "quarantine")  # no rows: the placeholder stays
    assert len(quarantine) == 1 and store.EMPTY_FILE in json.dumps(quarantine[0])


def test_a_local_vacuum_deletes_superseded_files_and_commits_nothing(written):
    corpus, out = written
    write_variant(corpus / "a.txt", 2020)
    run(corpus, out, "run-2")
    before = {name: len(log_entries(out / name)) for name in TABLES}
    gone = [a["remove"]["path"] for a in log_entries(out / "paragraphs")[-1] if "remove" in a]
    assert gone and all((out / "paragraphs" / p).exists() for p in gone)
    assert store.vacuum(str(out)) >= len(gone)
    assert not any((out / "paragraphs" / p).exists() for p in gone)
    assert {name: len(log_entries(out / name)) for name in TABLES} == before
    live = pa.table(store.open_table(str(out), "paragraphs").get_add_actions(flatten=True))["path"].to_pylist()
    assert live and all((out / "paragraphs" / p).exists() for p in live)
