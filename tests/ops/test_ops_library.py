"""Retry rules, reprocess selection and batch sizing through the plain functions (no Prefect)."""

from __future__ import annotations

import pytest

from qikan import pipeline, retry
from qikan.discover import iter_sources
from qikan.model import Document, Failure, doc_id_for


class Flaky:
    def __init__(self, *errors: BaseException) -> None:
        self.errors, self.calls = list(errors), 0

    def __call__(self, uri, **kwargs) -> bytes:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "正文。\n".encode()


@pytest.mark.parametrize(
    "error, transient",
    [
        (TimeoutError("read timed out"), True),
        (ConnectionResetError("reset by peer"), True),
        (OSError(5, "Input/output error"), True),
        (FileNotFoundError("gone"), False),
        (PermissionError("denied"), False),
        (ValueError("not a PDF"), False),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"), False),
    ],
)
def test_only_transient_errors_are_retried(error, transient):
    read = Flaky(error)
    if transient:
        assert retry.retry_transient(read, "x", delays=(0, 0)) == "正文。\n".encode()
        assert read.calls == 2
    else:
        with pytest.raises(type(error)):
            retry.retry_transient(read, "x", delays=(0, 0))
        assert read.calls == 1


def test_retries_give_up_after_the_last_delay():
    read = Flaky(TimeoutError(), TimeoutError(), TimeoutError())
    with pytest.raises(TimeoutError):
        retry.retry_transient(read, "x", delays=(0, 0))
    assert read.calls == 3


def test_extract_retries_a_flaky_read_per_document_and_quarantines_a_bad_one(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("甲。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("乙。\n", encoding="utf-8")
    a, b = iter_sources(str(tmp_path))
    flaky = {a.uri: Flaky(TimeoutError("slow storage")), b.uri: Flaky(ValueError("cannot parse"))}
    monkeypatch.setattr(pipeline, "read_bytes", lambda uri, **kw: flaky[uri](uri))
    monkeypatch.setattr(retry, "READ_RETRY_DELAYS", (0, 0))
    out = pipeline.extract_batch([Document(source=a), Document(source=b)])
    assert isinstance(out[0], Document) and flaky[a.uri].calls == 2
    assert isinstance(out[1], Failure) and out[1].error_type == "ValueError" and flaky[b.uri].calls == 1


def test_reprocess_selects_by_glob_id_failure_and_version(tmp_path):
    from qikan import reprocess
    from tests.ops._util import make_input

    src = make_input(tmp_path / "in")
    out = tmp_path / "out"
    sources = list(iter_sources(str(src)))
    pipeline.process_batch(sources, str(out), run_id="r1")

    def keys(**kw):
        sel = reprocess.select(str(out), **kw)
        return [s.source_key for s in sel.sources], [g.source_key for g in sel.gone]

    assert keys(keys=["2024/*"]) == (["2024/short.txt"], [])
    assert keys(doc_ids=[doc_id_for("forum.txt")]) == (["forum.txt"], [])
    assert keys(failed=True) == (["bad.pdf"], [])
    assert keys(older_than_version="999.0") == (["2024/short.txt", "forum.txt"], [])
    assert keys(older_than_version=pipeline.PIPELINE_VERSION) == ([], [])
    assert keys() == ([], [])
    (src / "forum.txt").unlink()
    assert keys(keys=["*.txt", "2024/*"]) == (["2024/short.txt"], ["forum.txt"])
    gone = reprocess.vanished(str(out), list(iter_sources(str(src))), str(src))
    assert [g.source_key for g in gone] == ["forum.txt"]
    # the same output seen from another root: nothing there was recorded, so nothing is gone
    assert reprocess.vanished(str(out), [], str(tmp_path)) == []


@pytest.mark.parametrize(
    "total, batch, workers, local, expected",
    [
        (20_000_000, 2_000_000, 1, True, 2_000_000),  # plenty of work: as asked
        (20_000_000, 2_000_000, 2, True, 2_000_000),
        (4_000_000, 2_000_000, 2, True, 500_000),  # worker processes: four batches each
        (4_000_000, 2_000_000, 1, True, 1_000_000),  # one worker too (a small last commit)
        (100_000, 2_000_000, 2, True, 250_000),  # never below the floor …
        (100_000, 200_000, 2, True, 200_000),  # … unless asked for less
        (4_000_000, 2_000_000, 1, False, 2_000_000),  # Dask, one worker: as asked
        (4_000_000, 2_000_000, 2, False, 1_000_000),  # Dask: two batches per worker
        (100_000, 2_000_000, 2, False, 500_000),  # Dask's floor is higher (a task costs more)
        (100_000, 200_000, 2, False, 200_000),
    ],
)
def test_batches_shrink_to_feed_workers_but_not_below_the_floor(total, batch, workers, local, expected):
    from flows.ingest import batch_size

    assert batch_size(total, batch, workers, local=local) == expected
