"""One answer per source, and a Parquet file in every table after any run."""

from __future__ import annotations

import pytest

from qikan import store
from qikan.pipeline import pending_sources, process_batch
from schemas import TABLES
from tests.reliability.kinds import article


def _run(corpus, out, run_id):
    sources, _ = pending_sources(str(corpus), str(out))
    process_batch(sources, str(out), run_id=run_id, backend="jieba")
    store.vacuum(str(out))


def test_a_source_that_turns_bad_loses_its_old_rows(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article(1), encoding="utf-8")
    (corpus / "b.txt").write_text(article(2), encoding="utf-8")
    out = tmp_path / "out"
    _run(corpus, out, "r1")
    (corpus / "a.txt").write_bytes(b"")  # turns bad
    _run(corpus, out, "r2")
    docs = store.read_table(str(out), "documents")["source_key"].to_pylist()
    quarantine = store.read_table(str(out), "quarantine")["source_key"].to_pylist()
    assert docs == ["b.txt"] and quarantine == ["a.txt"]
    bad_id = store.read_table(str(out), "quarantine")  # no row of a.txt anywhere else
    from qikan.model import doc_id_for

    for name in ("sections", "paragraphs", "sentences", "repairs"):
        assert doc_id_for("a.txt") not in store.read_table(str(out), name)["doc_id"].to_pylist(), name
    assert bad_id.num_rows == 1
    (corpus / "a.txt").write_text(article(1), encoding="utf-8")  # and good again: leaves quarantine
    _run(corpus, out, "r3")
    assert store.read_table(str(out), "quarantine").num_rows == 0
    assert sorted(store.read_table(str(out), "documents")["source_key"].to_pylist()) == ["a.txt", "b.txt"]


def test_every_table_has_a_parquet_file_after_a_clean_run(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    pl = pytest.importorskip("polars")
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article(1), encoding="utf-8")  # no references, no quarantine
    out = tmp_path / "out"
    _run(corpus, out, "r1")
    for name, schema in TABLES.items():
        glob = str(out / name / "**" / "*.parquet")
        n = duckdb.sql(f"select count(*) from read_parquet('{glob}', hive_partitioning=true)").fetchall()[0][0]
        assert n == store.read_table(str(out), name).num_rows, name
        frame = pl.read_parquet(glob)
        assert set(schema.names) - {"doc_year"} <= set(frame.columns), name
    assert store.read_table(str(out), "quarantine").num_rows == 0


def test_the_placeholder_goes_when_rows_arrive(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article(1), encoding="utf-8")
    out = tmp_path / "out"
    _run(corpus, out, "r1")
    files = [p.name for p in (out / "documents").rglob("*.parquet")]
    assert store.EMPTY_FILE not in files and len(files) == 1
