"""The ingest flow end to end under Prefect, and the tables as consumers read them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import duckdb
import pyarrow.dataset as ds
import pytest

from qikan.store import read_table
from schemas import TABLES
from tests.conftest import ROOT, SEEDS

DATA_TABLES = list(TABLES)


@pytest.fixture(scope="module")
def input_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("input")
    shutil.copy(SEEDS / "zgkjlt-2024-forum.txt", d / "forum.txt")
    (d / "nested").mkdir()
    (d / "nested" / "short.md").write_text("# 标题\n\n第一段正文，讲的是科技创新。\n", encoding="gb18030")
    (d / "empty.txt").write_bytes(b"")
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (d / "notes.docx").write_bytes(b"not a supported suffix: quarantined at discovery, with what to do")
    return d


@pytest.fixture(scope="module")
def first_run(prefect_harness, input_dir, tmp_path_factory):
    from flows.ingest import ingest

    out = tmp_path_factory.mktemp("output")
    summary = ingest(input_root=str(input_dir), output=str(out), max_failed_share=0.8)
    return out, summary


def _plain(out, name):
    # partitioned tables keep the partition column (doc_year) in the folder names
    return ds.dataset(str(out / name), format="parquet", partitioning="hive").to_table()


def _rows(table, drop=()):
    cols = sorted(c for c in table.column_names if c not in drop)
    return sorted(map(repr, table.select(cols).to_pylist()))


def test_summary_counts(first_run):
    _, s = first_run
    assert (s["documents"], s["quarantined"], s["skipped"]) == (2, 3, 0)
    assert s["sections"] == 6 and s["paragraphs"] == 27


def test_bad_inputs_are_quarantined_with_a_clear_message(first_run):
    out, _ = first_run
    q = {r["source_key"]: r for r in read_table(str(out), "quarantine").to_pylist()}
    assert set(q) == {"empty.txt", "image.txt", "notes.docx"}
    assert q["empty.txt"]["stage"] == "extract" and "empty file" in q["empty.txt"]["message"]
    assert "PNG image" in q["image.txt"]["message"]
    assert q["notes.docx"]["stage"] == "discover" and "unsupported type .docx (Word)" in q["notes.docx"]["message"]
    docs = read_table(str(out), "documents")
    assert sorted(docs["source_key"].to_pylist()) == ["forum.txt", "nested/short.md"]


def test_every_table_matches_its_schema_and_every_reader_agrees(first_run):
    import pandas as pd

    out, _ = first_run
    for name in DATA_TABLES:
        delta = read_table(str(out), name)
        assert delta.schema.remove_metadata() == TABLES[name].remove_metadata(), name
        files = list((out / name).glob("*.parquet")) + list((out / name).glob("*/*.parquet"))
        if not files:
            assert delta.num_rows == 0, name
            continue
        plain = _plain(out, name)
        assert sorted(plain.schema.names) == sorted(TABLES[name].names)
        assert _rows(plain) == _rows(delta)
        assert len(pd.read_parquet(out / name)) == delta.num_rows
        n = duckdb.sql(f"select count(*) from read_parquet('{out / name}/**/*.parquet')").fetchall()[0][0]
        assert n == delta.num_rows, name


def test_second_run_changes_no_rows(first_run, input_dir):
    from flows.ingest import ingest

    out, _ = first_run
    before = {name: _rows(_plain(out, name)) for name in ("documents", "paragraphs", "sentences", "repairs")}
    summary = ingest(input_root=str(input_dir), output=str(out))
    # the bad inputs failed on their content: unchanged, they wait for `qikan reprocess --failed`
    # (the .docx, rejected the same way again, is not committed again either)
    assert summary["documents"] == 0 and summary["skipped"] == 5
    assert summary["quarantined"] == 0
    after = {name: _rows(_plain(out, name)) for name in before}
    assert after == before


def test_forced_rerun_gives_the_same_rows(first_run, input_dir):
    from flows.ingest import ingest

    out, _ = first_run
    volatile = ("run_id", "processed_at", "failed_at")
    before = {
        name: _rows(_plain(out, name), volatile)
        for name in ("documents", "sections", "paragraphs", "sentences", "repairs")
    }
    ingest(input_root=str(input_dir), output=str(out), force=True, max_failed_share=0.8)
    after = {name: _rows(_plain(out, name), volatile) for name in before}
    assert after == before


def test_command_line_runs_the_sample(tmp_path):
    """``qikan run`` as a newcomer types it: exit 0, the summary, where the tables are."""
    env = {"PREFECT_HOME": str(tmp_path / "prefect"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", str(SEEDS), "--output", str(tmp_path / "out")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    for label in (
        "documents",
        "sections",
        "paragraphs",
        "sentences",
        "repairs fixed",
        "repairs flagged",
        "quarantined",
    ):
        assert label in proc.stdout
    assert re.search(r"│ paragraphs +│ +26 │", proc.stdout)
    assert str(tmp_path / "out") in proc.stdout
    assert read_table(str(tmp_path / "out"), "paragraphs").num_rows == 26
    # what it found is said before Prefect starts
    assert "1 source(s) to process" in proc.stderr and "starting Prefect" in proc.stderr


def test_command_line_answers_an_unchanged_rerun_without_prefect(tmp_path):
    env = {"PREFECT_HOME": str(tmp_path / "prefect"), "PATH": "/usr/bin:/bin"}
    out = tmp_path / "out"
    from qikan import runner
    from qikan.discover import iter_sources

    runner.run(iter_sources(str(SEEDS)), str(out), run_id="first")  # the library writes the output
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", str(SEEDS), "--output", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "nothing to do: 1 source(s) unchanged" in proc.stderr
    assert "starting Prefect" not in proc.stderr
    assert not (tmp_path / "prefect").exists()  # Prefect never started: no database was made


def test_command_line_says_what_is_wrong_with_a_missing_input(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", str(tmp_path / "nope"), "--output", str(tmp_path / "out")],
        cwd=ROOT,
        env={"PREFECT_HOME": str(tmp_path / "prefect"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr
