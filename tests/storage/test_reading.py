"""The reading examples of docs/reading.md, executed as written: every reader agrees, and after a
reprocess plain Parquet reads equal Delta reads."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow.dataset as ds
import pytest
import storage_runner
from conftest import YEARS, make_corpus
from deltalake import DeltaTable

from qikan import store

READING = Path(__file__).resolve().parents[2] / "docs" / "reading.md"


def snippets(kind: str) -> list[str]:
    blocks = re.findall(r"```python\n(.*?)```", READING.read_text(encoding="utf-8"), flags=re.S)
    chosen = [b for b in blocks if b.startswith(f"# reading: {kind}\n")]
    assert chosen, f"no '# reading: {kind}' snippet in docs/reading.md"
    return chosen


def execute(kind: str) -> dict:
    namespace: dict = {}
    for code in snippets(kind):
        exec(compile(code, str(READING), "exec"), namespace)  # noqa: S102 - our own documentation
    return namespace


def plain_ids(out: Path) -> list[str]:
    return sorted(
        ds.dataset(out / "paragraphs", format="parquet", partitioning="hive").to_table()["paragraph_id"].to_pylist()
    )


def delta_ids(out: Path) -> list[str]:
    return sorted(store.rows_of(DeltaTable(str(out / "paragraphs")))["paragraph_id"].to_pylist())


@pytest.fixture
def output(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "input", YEARS)
    storage_runner.run(str(corpus), str(tmp_path / "output"), backend="chars")
    monkeypatch.chdir(tmp_path)  # the snippets read "output/…"
    return corpus, tmp_path / "output"


def test_readers_agree_after_a_run(output):
    _, out = output
    ns = execute("plain")
    expected = store.read_table(str(out), "paragraphs").num_rows
    assert expected > 0
    assert ns["n_pyarrow"] == ns["n_pandas"] == ns["n_duckdb"] == ns["n_polars"] == expected
    # the year filter reads one partition and finds exactly that year's rows
    n_2024 = sum(n for year, n in ns["per_year"] if year == 2024)
    assert ns["one_year"].num_rows == len(ns["df_2024"]) == ns["polars_2024"].height == n_2024 > 0
    assert any(year == 0 for year, _ in ns["per_year"])  # the unknown-year partition is read too


def test_after_a_reprocess_plain_reads_equal_delta_reads_and_history_is_kept_on_request(output):
    corpus, out = output
    before = store.read_table(str(out), "paragraphs").num_rows
    # reprocess with a changed document (fewer paragraphs, another year), keeping history
    (corpus / "2023" / "a.txt").write_text("\n\n# 短文\n\n只有一段。\n\n2021\n", encoding="utf-8")
    storage_runner.run(str(corpus), str(out), backend="chars", retention_hours=7 * 24)
    ns = execute("delta")
    now = store.read_table(str(out), "paragraphs").num_rows
    assert now < before
    assert ns["n_delta"] == ns["n_duckdb_delta"] == ns["n_polars_delta"] == now
    assert ns["n_delta_before"] == before  # time travel to the version before the reprocess
    assert len(plain_ids(out)) > now  # history kept: plain readers would see superseded files

    store.vacuum(str(out))  # what a run does by default
    assert plain_ids(out) == delta_ids(out)
    ns = execute("plain")
    assert ns["n_pyarrow"] == ns["n_pandas"] == ns["n_duckdb"] == ns["n_polars"] == now
