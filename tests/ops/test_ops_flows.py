"""Incremental runs, pruning, reprocessing, failure isolation and the run report, end to end
under the session's Prefect harness (each flow run ≈ 1–3 s, mostly jieba)."""

from __future__ import annotations

import pyarrow.dataset as ds
import pytest

from qikan import pipeline
from qikan.model import doc_id_for
from qikan.store import read_table
from schemas import TABLES
from tests.ops._util import EDITED, doc_rows, make_input, rows, snapshot, versions


@pytest.fixture
def ingest(prefect_harness):
    from flows.ingest import ingest

    return ingest


@pytest.fixture
def reprocess(prefect_harness):
    from flows.ingest import reprocess

    return reprocess


def _ids_unique(out) -> None:
    for name, key in [("documents", "doc_id"), ("sections", "section_id"), ("paragraphs", "paragraph_id")]:
        ids = read_table(str(out), name)[key].to_pylist()
        assert len(ids) == len(set(ids)), f"duplicate {key} in {name}"
    sent = read_table(str(out), "sentences")
    pairs = list(zip(sent["paragraph_id"].to_pylist(), sent["sentence_id"].to_pylist()))
    assert len(pairs) == len(set(pairs))


def test_incremental_runs_edits_and_prune(ingest, tmp_path):
    src, out = make_input(tmp_path / "in"), tmp_path / "out"
    first = ingest(input_root=str(src), output=str(out))
    assert (first["documents"], first["quarantined"], first["skipped"]) == (2, 1, 0)

    # unchanged input: nothing processed, no commit to any table, not even quarantine
    before, before_versions = snapshot(out, drop=()), versions(out)
    second = ingest(input_root=str(src), output=str(out))
    assert (second["documents"], second["quarantined"], second["skipped"]) == (2 - 2, 0, 3)
    assert versions(out) == before_versions and snapshot(out, drop=()) == before

    # one edited file: only it is processed, and its rows are replaced in every table
    forum, short = doc_id_for("forum.txt"), doc_id_for("2024/short.txt")
    forum_before = doc_rows(out, forum)
    (src / "2024" / "short.txt").write_text(EDITED, encoding="utf-8")
    third = ingest(input_root=str(src), output=str(out))
    assert (third["documents"], third["skipped"]) == (1, 2)
    assert doc_rows(out, forum) == forum_before  # untouched, same run_id
    expected = pipeline.process_document(next(s for s in pipeline.iter_sources(str(src)) if s.doc_id == short))
    new = doc_rows(out, short)
    assert [p["text"] for p in new["paragraphs"]] == [p.text for p in expected.paragraphs]
    assert len(new["sections"]) == len(expected.sections)
    assert [s["text"] for s in new["sentences"]] == [s.text for s in expected.sentences]
    assert not any("系统工程" in s["text"] for s in new["sentences"])  # no stale sentence survives
    assert {d["run_id"] for d in new["documents"]} == {third["run_id"]}
    _ids_unique(out)

    # a vanished source is reported and kept; --prune removes it from every table
    (src / "2024" / "short.txt").unlink()
    fourth = ingest(input_root=str(src), output=str(out))
    assert fourth["gone"] == ["2024/short.txt"] and fourth["pruned"] == 0
    assert doc_rows(out, short)["documents"]
    fifth = ingest(input_root=str(src), output=str(out), prune=True)
    assert fifth["pruned"] == 1
    assert all(r == [] for r in doc_rows(out, short).values())
    assert doc_rows(out, forum) == forum_before
    # plain Parquet readers see the same (superseded files were vacuumed)
    for name in TABLES:
        plain = ds.dataset(str(out / name), format="parquet").to_table()
        assert plain.num_rows == read_table(str(out), name).num_rows, name


def test_reprocess_failed_retries_quarantined_inputs(ingest, reprocess, tmp_path, monkeypatch):
    src, out = make_input(tmp_path / "in"), tmp_path / "out"
    real = pipeline.read_bytes

    def unreadable_short(uri, **kw):
        if uri.endswith("short.txt"):
            raise ValueError("short.txt could not be parsed")
        return real(uri, **kw)

    monkeypatch.setattr(pipeline, "read_bytes", unreadable_short)
    # workers=0: the batches run in this process, where the patch is
    first = ingest(input_root=str(src), output=str(out), max_failed_share=1.0, workers=0)
    assert sorted(k for k, _, _ in first["quarantine"]) == ["2024/short.txt", "bad.pdf"]
    monkeypatch.setattr(pipeline, "read_bytes", real)

    # an unchanged input that failed on its content is not retried by a plain run …
    assert ingest(input_root=str(src), output=str(out))["quarantined"] == 0
    # … but by reprocess --failed, which also takes it out of quarantine when it succeeds
    again = reprocess(output=str(out), failed=True)
    assert (again["documents"], again["quarantined"]) == (1, 1)
    assert read_table(str(out), "quarantine")["source_key"].to_pylist() == ["bad.pdf"]
    assert "2024/short.txt" in read_table(str(out), "documents")["source_key"].to_pylist()

    # reprocess by key: a selected document whose source is gone is reported, pruned on request
    (src / "forum.txt").unlink()
    kept = reprocess(output=str(out), keys=["*.txt"])
    assert kept["gone"] == ["forum.txt"] and kept["documents"] == 1
    assert doc_rows(out, doc_id_for("forum.txt"))["documents"]
    pruned = reprocess(output=str(out), keys=["forum.txt"], prune=True)
    assert pruned["pruned"] == 1 and pruned["documents"] == 0
    assert all(r == [] for r in doc_rows(out, doc_id_for("forum.txt")).values())


def test_failed_share_decides_the_run_state_and_a_crashed_batch_is_quarantined(ingest, tmp_path, monkeypatch):
    from flows.report import TooManyFailures

    src, out = make_input(tmp_path / "in"), tmp_path / "out"
    (src / "forum.txt").unlink()  # short.txt and bad.pdf: half fails
    state = ingest(input_root=str(src), output=str(out), max_failed_share=0.25, return_state=True)
    assert state.is_failed() and "50%" in state.message
    assert state.result(raise_on_failure=False).summary["quarantined"] == 1  # the report is still there
    with pytest.raises(TooManyFailures):
        ingest(input_root=str(src), output=str(out), force=True, max_failed_share=0.25)

    def crash(batch):
        raise MemoryError("worker ran out of memory")

    monkeypatch.setattr(pipeline, "repair_batch", crash)
    state = ingest(input_root=str(src), output=str(out), force=True, return_state=True, max_failed_share=1.0, workers=0)
    assert state.is_completed()
    q = read_table(str(out), "quarantine").to_pylist()
    assert {(r["source_key"], r["stage"], r["error_type"]) for r in q} == {
        ("2024/short.txt", "process", "TaskFailed"),
        ("bad.pdf", "process", "TaskFailed"),
    }
    assert "MemoryError" in q[0]["message"] or "out of memory" in q[0]["message"]


def test_a_failed_commit_is_retried_and_its_last_failure_fails_the_run(ingest, tmp_path, monkeypatch):
    from qikan import runner
    from tasks import ingest as t

    src, out = make_input(tmp_path / "in"), tmp_path / "out"
    monkeypatch.setattr(t, "COMMIT_RETRY_DELAYS", (0.0, 0.0))
    real, tries = runner.commit_staged, []

    def flaky(*args, **kwargs):
        tries.append(1)
        if len(tries) == 1:
            raise OSError("disk briefly unavailable")
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "commit_staged", flaky)
    summary = ingest(input_root=str(src), output=str(out), workers=0)
    assert summary["documents"] == 2 and len(tries) >= 2
    assert sorted(read_table(str(out), "documents")["source_key"].to_pylist()) == ["2024/short.txt", "forum.txt"]

    def broken(*args, **kwargs):
        tries.append(1)
        raise OSError("disk gone")

    tries.clear()
    monkeypatch.setattr(runner, "commit_staged", broken)
    state = ingest(input_root=str(src), output=str(out), force=True, workers=0, return_state=True)
    assert state.is_failed() and "disk gone" in state.message
    assert len(tries) == 3  # the first try and two retries


def test_run_report_artifacts(ingest, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    src, out = make_input(tmp_path / "in"), tmp_path / "out"
    summary = ingest(input_root=str(src), output=str(out))
    with get_client(sync_client=True) as client:
        arts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[summary["run_id"]]))
        )
    by_type = {a.type: a for a in arts}
    assert set(by_type) >= {"table", "markdown", "progress"}
    md = by_type["markdown"].data
    assert "bad.pdf" in md and "extract" in md and "Top repair kinds" in md and "MB/s" in md
    assert "punctuation" in md  # the seed's ASCII punctuation is the top repair kind
    assert float(by_type["progress"].data) == 100.0
    table = str(by_type["table"].data)
    assert "quarantined" in table and "stage extract" in table


def test_command_line_refuses_what_it_cannot_do(tmp_path, monkeypatch, capsys):
    from flows import cli, runners

    src = make_input(tmp_path / "in")
    assert cli.main(["reprocess", str(tmp_path / "out")]) == 2
    assert "--failed" in capsys.readouterr().err
    monkeypatch.setattr(runners, "api_url", lambda: None)
    assert cli.main(["run", str(src), "-o", str(tmp_path / "out"), "--task-runner", "dask"]) == 2
    err = capsys.readouterr().err
    assert "PREFECT_API_URL" in err and "prefect server start" in err
    assert cli.main(["serve", str(src)]) == 2
    assert "prefect server start" in capsys.readouterr().err
    assert rows(tmp_path / "out", "documents") == []  # nothing ran


def raise_on_short(sources, *, run_id, backend=None, limits=None):
    """Stage a batch on a worker process, but fail as a whole on any batch holding ``2024/short.txt``."""
    from qikan import runner

    if any(s.source_key == "2024/short.txt" for s in sources):
        raise MemoryError("the batch ran out of memory")
    return runner.stage_batch(sources, run_id=run_id, backend=backend, limits=limits)


def test_a_batch_failing_whole_on_a_worker_process_is_quarantined(ingest, tmp_path, monkeypatch):
    """The default runner hands batches to its worker processes without a task run: a batch that
    raises as a whole there is quarantined as a failed task's would be, and the run goes on."""
    from qikan import runner

    src, out = make_input(tmp_path / "in"), tmp_path / "out"
    pool = runner.WorkerPool(2, target=raise_on_short)
    monkeypatch.setattr(runner, "shared_pool", lambda workers, backend=None: pool)
    try:
        summary = ingest(input_root=str(src), output=str(out), batch_bytes=1, workers=2, max_failed_share=1.0)
    finally:
        pool.shutdown()
    assert (summary["documents"], summary["quarantined"]) == (1, 2)
    assert read_table(str(out), "documents")["source_key"].to_pylist() == ["forum.txt"]
    q = {r["source_key"]: r for r in read_table(str(out), "quarantine").to_pylist()}
    assert (q["2024/short.txt"]["stage"], q["2024/short.txt"]["error_type"]) == ("process", "TaskFailed")
    assert "MemoryError" in q["2024/short.txt"]["message"] and "out of memory" in q["2024/short.txt"]["message"]
    assert q["bad.pdf"]["stage"] == "extract"  # an ordinary failure, in its own batch


def stage_slowly(sources, *, run_id, backend=None, limits=None):
    """Stage a batch on a worker process, sleeping first as long as its file's name says (``b-0.2.txt``)."""
    import time

    from qikan import runner

    for s in sources:
        time.sleep(float(s.source_key.rsplit("-", 1)[1].removesuffix(".txt")))
    return runner.stage_batch(sources, run_id=run_id, backend=backend, limits=limits)


def test_a_commit_takes_the_batch_run_beside_the_oldest_but_waits_for_it_only_so_long(ingest, tmp_path, monkeypatch):
    """Two workers: the oldest staged batch waits (up to ``PARTNER_WAIT_S``) for the one the other
    worker ran beside it, so both go in one commit; a batch far slower than that is not waited for."""
    import json

    import flows.ingest
    from qikan import runner

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    # one file a batch; a and b run side by side (b ends 0.1 s later), then c (1.5 s) beside d (4 s)
    for name in ("a-0", "b-0.1", "c-1.5", "d-4"):
        (src / f"{name}.txt").write_text("科技创新推动高质量发展。\n\n区域创新体系建设研究。\n" * 20, encoding="utf-8")
    assert 0.1 < flows.ingest.PARTNER_WAIT_S < 4 - 1.5
    pool = runner.WorkerPool(2, target=stage_slowly)
    monkeypatch.setattr(runner, "shared_pool", lambda workers, backend=None: pool)
    try:
        summary = ingest(input_root=str(src), output=str(out), batch_bytes=1, workers=2)
    finally:
        pool.shutdown()
    assert summary["documents"] == 4
    per_commit = []  # documents added by each commit of the documents table
    for f in sorted((out / "documents" / "_delta_log").glob("*.json"))[1:]:  # 0: the table's creation
        adds = [json.loads(line)["add"] for line in f.read_text().splitlines() if '"add"' in line]
        per_commit.append(sum(json.loads(a["stats"])["numRecords"] for a in adds))
    assert per_commit == [2, 1, 1]  # a+b together; c alone, d not waited for
