"""The reliability suite: the real ``qikan run`` over every kind of awkward input in one folder.

Checks: the exit status, every input accounted for (a document, a quarantine row with its
cause, or a hidden name listed in the summary), no traceback, no hang (each run is bounded),
names printed escaped, plain Parquet readers see every table, no process left behind, and the
good files' rows identical to a run over the good files alone.
"""

from __future__ import annotations

import shutil

import pytest

from tests.reliability.kinds import build_all, build_kinds, restore_permissions
from tests.reliability.kinds_table import outcomes, run_qikan, session_processes, table

#: Columns that say when, by which run and from which folder a row was made, not what it holds.
RUN_COLUMNS = {"run_id", "processed_at", "source_uri"}
PER_DOCUMENT = ("documents", "sections", "paragraphs", "sentences", "references", "repairs")


@pytest.fixture(scope="module")
def awkward(tmp_path_factory):
    base = tmp_path_factory.mktemp("reliability")
    kinds = build_kinds()
    build_all(base / "in", kinds)
    run = run_qikan(base / "in", base / "out", base / "prefect")
    yield kinds, base, run
    restore_permissions(base / "in")
    shutil.rmtree(base, ignore_errors=True)


def test_the_run_ends_cleanly(awkward):
    _, _, run = awkward
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stdout + run.stderr
    assert session_processes(run.pid) == []  # the temporary Prefect server went with the run


def test_every_kind_has_its_outcome(awkward):
    kinds, base, run = awkward
    assert len(kinds) >= 60
    results = outcomes(kinds, base / "out", run.stdout)
    wrong = [r for r in results if not r.ok]
    assert not wrong, table(wrong)


def test_names_are_printed_escaped(awkward):
    _, _, run = awkward
    lines = run.stdout.splitlines()
    assert any("bad/[bold]empty.txt (extract)" in line for line in lines)  # markup shown, not applied
    assert any("bad/x\\nquarantined fake.txt (extract)" in line for line in lines)
    assert not any(line.startswith("quarantined fake.txt") for line in lines)  # no fake line
    assert "\x1b" not in run.stdout


def test_every_table_is_readable_by_plain_parquet_readers(awkward):
    duckdb = pytest.importorskip("duckdb")
    from qikan.store import read_table
    from schemas import TABLES

    _, base, _ = awkward
    for name in TABLES:
        glob = str(base / "out" / name / "**" / "*.parquet")
        n = duckdb.sql(f"select count(*) from read_parquet('{glob}', hive_partitioning=true)").fetchall()[0][0]
        assert n == read_table(str(base / "out"), name).num_rows, name


def _rows(output, name: str, doc_ids: set[str]) -> list[tuple]:
    from qikan.store import read_table

    rows = [r for r in read_table(str(output), name).to_pylist() if r["doc_id"] in doc_ids]
    return sorted(repr(sorted((k, v) for k, v in r.items() if k not in RUN_COLUMNS)) for r in rows)


def test_good_files_give_the_same_rows_as_without_the_bad_ones(awkward, tmp_path):
    """The documents of the awkward run equal those of the library run over the good files alone."""
    from qikan.pipeline import pending_sources, plan_batches, process_batch

    kinds, base, _ = awkward
    build_all(tmp_path / "in", kinds, only="document")
    sources, _ = pending_sources(str(tmp_path / "in"), str(tmp_path / "out"))
    for batch in plan_batches(sources):
        process_batch(batch, str(tmp_path / "out"), run_id="baseline")
    doc_ids = {s.doc_id for s in sources}
    assert len(doc_ids) >= 40
    for name in PER_DOCUMENT:
        assert _rows(base / "out", name, doc_ids) == _rows(tmp_path / "out", name, doc_ids), name
