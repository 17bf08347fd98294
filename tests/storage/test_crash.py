"""Crash safety and concurrent writers (issue 7).

A writer process is SIGKILLed at several points of its commit sequence; afterwards every table
opens at its last commit, a consumer joining on ``documents`` finds every document complete,
no key is duplicated, and a rerun converges to the rows of an uninterrupted run.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from conftest import VOLATILE, YEARS, make_corpus, stable_rows

from qikan import store
from schemas import TABLES

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "storage_runner.py"
KEYS = {"documents": ["doc_id"], "quarantine": ["source_key"]}


def runner(input_root: Path, output: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(RUNNER), str(input_root), str(output), *extra],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(HERE.parents[1])},
    )


def snapshot(output: Path) -> dict[str, list]:
    return {name: stable_rows(store.read_table(str(output), name)) for name in TABLES}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reference")
    corpus = make_corpus(tmp / "input", YEARS, failing=True)
    out = tmp / "out"
    done = runner(corpus, out)
    assert done.returncode == 0, done.stderr
    return corpus, snapshot(out), out


def check_consistent(output: Path, expected: dict[str, list]) -> None:
    """Every table readable; each document in ``documents`` has exactly its expected rows."""
    tables = {name: store.read_table(str(output), name) for name in TABLES}  # raises if unreadable
    docs = set(tables["documents"]["doc_id"].to_pylist())
    for name, table in tables.items():
        if name == "quarantine":
            continue
        keys = [k for k in ("doc_id", "section_id", "paragraph_id", "sentence_id", "step") if k in table.column_names]
        rows = list(zip(*(table[k].to_pylist() for k in keys)))
        assert len(rows) == len(set(rows)), f"{name}: duplicated keys after the kill"
        complete = table.filter(ds.field("doc_id").isin(sorted(docs))) if docs else table.slice(0, 0)
        want = [r for r in expected[name] if any(repr(d) in r for d in docs)]
        assert stable_rows(complete) == sorted(want), f"{name}: a committed document's rows are incomplete"


@pytest.mark.parametrize("point", ["before:3", "before:10", "during:12", "vacuum"])
def test_killed_run_leaves_readable_tables_and_rerun_converges(tmp_path, reference, point):
    corpus, expected, _ = reference
    out = tmp_path / "out"
    killed = runner(corpus, out, "--kill", point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # what a writer killed between writing a data file and committing it leaves (the timed kills
    # produce it only sometimes): Delta readers ignore it, the rerun's vacuum must delete it
    debris = out / "paragraphs" / "doc_year=2023" / "part-00000-killed-c000.snappy.parquet"
    debris.parent.mkdir(parents=True, exist_ok=True)
    debris.write_bytes(b"PAR1" + bytes(64))
    check_consistent(out, expected)

    rerun = runner(corpus, out)
    assert rerun.returncode == 0, rerun.stderr
    assert snapshot(out) == expected
    assert not debris.exists()
    # plain Parquet readers see exactly the Delta rows again (the rerun vacuumed the debris)
    for name in TABLES:
        plain = ds.dataset(out / name, format="parquet", partitioning="hive").to_table()
        assert plain.num_rows == len(expected[name]), name


def test_two_runs_at_once_never_corrupt(tmp_path, reference):
    corpus, expected, _ = reference
    out = tmp_path / "out"
    cmd = [sys.executable, str(RUNNER), str(corpus), str(out)]
    env = {**os.environ, "PYTHONPATH": str(HERE.parents[1])}
    procs = [subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    for code, err in results:
        assert code in (0, 3), err
        if code == 3:
            assert "is being written by pid" in err and "wait for that run to finish" in err
    assert any(code == 0 for code, _ in results)
    assert snapshot(out) == expected


def test_second_writer_stops_with_a_clear_message(tmp_path):
    corpus = make_corpus(tmp_path / "input", {"a.txt": 2024})
    out = tmp_path / "out"
    with store.output_lock(str(out)):
        blocked = runner(corpus, out)
    assert blocked.returncode == 3
    assert f"pid {os.getpid()}" in blocked.stderr and "wait for that run to finish" in blocked.stderr
    assert not (out / "documents").exists()
    # the holder let go (as the kernel does when a holder dies): the lock is free, nothing to clean
    with store.output_lock(str(out)):
        pass


def per_doc(table) -> dict[str, list]:
    docs: dict[str, list] = {}
    for row, stable in zip(table["doc_id"].to_pylist(), stable_rows_unsorted(table)):
        docs.setdefault(row, []).append(stable)
    return {d: sorted(rows) for d, rows in docs.items()}


def stable_rows_unsorted(table) -> list[tuple]:
    cols = [c for c in table.column_names if c not in VOLATILE]
    return [tuple(repr(r[c]) for c in cols) for r in table.select(cols).to_pylist()]


def test_killed_reprocess_replaces_each_documents_rows_whole(tmp_path, reference):
    """Reprocessing moves documents to another year (another partition); a kill mid-run leaves,
    per table, every document with either all its old rows or all its new ones, never both."""
    _, _, old_out = reference
    new_corpus = make_corpus(
        tmp_path / "input", {**YEARS, "2023/a.txt": 2022, "2023/b.txt": 2021, "2024/c.txt": 2020, "misc/e.txt": 2019}
    )
    new_ref = tmp_path / "new-ref"
    shutil.copytree(old_out, new_ref)
    assert runner(new_corpus, new_ref).returncode == 0
    out = tmp_path / "out"
    shutil.copytree(old_out, out)
    killed = runner(new_corpus, out, "--kill", "during:9")  # 4 changed docs: batch 2 of 2
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    for name in TABLES:
        if name == "quarantine":
            continue
        old = per_doc(store.read_table(str(old_out), name))
        new = per_doc(store.read_table(str(new_ref), name))
        now = per_doc(store.read_table(str(out), name))
        for doc, rows in now.items():
            assert rows in (old.get(doc), new.get(doc)), f"{name}: {doc} mixes old and new rows"
    assert runner(new_corpus, out).returncode == 0
    assert snapshot(out) == snapshot(new_ref)
    years = store.read_table(str(out), "paragraphs").column("doc_year").to_pylist()
    assert {2019, 2020, 2021, 2022, 2024} == set(years)
