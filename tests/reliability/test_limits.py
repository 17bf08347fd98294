"""Per-document limits (qikan/limits.py): time and size, in the main thread and in a worker."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import pytest

from qikan import limits
from qikan.model import Failure
from qikan.pipeline import process_batch
from tests.reliability.kinds import article, one_line


def _busy(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def test_time_limit_interrupts_the_main_thread():
    with pytest.raises(limits.DocumentTimeout, match="too slow"):
        with limits.time_limit(0.2, "too slow"):
            _busy(30)


def test_time_limit_interrupts_a_worker_thread():
    caught = []

    def work():
        try:
            with limits.time_limit(0.2, "too slow"):
                _busy(30)
        except limits.DocumentTimeout as e:
            caught.append(str(e))

    t = threading.Thread(target=work)
    t.start()
    t.join(20)
    assert not t.is_alive() and caught == ["too slow"]


@pytest.mark.parametrize("in_thread", [False, True])
def test_time_limit_leaves_fast_work_alone(in_thread):
    done = []

    def work():
        with limits.time_limit(5, "too slow"):
            done.append(sum(range(1000)))
        time.sleep(0.01)  # a late alarm would land here
        done.append("after")

    _in_main_or_thread(work, in_thread)
    assert done == [499500, "after"]


def _in_main_or_thread(work, in_thread: bool) -> None:
    """Run ``work`` in the main thread (the alarm) or in a thread of its own (the async raise)."""
    if in_thread:
        t = threading.Thread(target=work)
        t.start()
        t.join()
    else:
        work()


def _write(tmp_path, name, text):
    from qikan.discover import iter_sources

    (tmp_path / "in").mkdir(parents=True, exist_ok=True)
    (tmp_path / "in" / name).write_text(text, encoding="utf-8")
    return {s.source_key: s for s in iter_sources(str(tmp_path / "in"))}


def test_a_slow_document_is_quarantined_with_the_limit_named_and_the_batch_goes_on(tmp_path):
    _write(tmp_path, "a.txt", article(1))
    sources = _write(tmp_path, "b-slow.txt", one_line(40_000))  # seconds of work
    warm = _write(tmp_path / "warm", "w.txt", article(3))
    process_batch(list(warm.values()), str(tmp_path / "warm-out"), run_id="w", backend="jieba")  # one-time loads
    with limits.use(limits.Limits(doc_timeout=0.3, max_bytes=None)):
        counts = process_batch(list(sources.values()), str(tmp_path / "out"), run_id="r", backend="jieba")
    assert counts.documents == 1
    [(key, stage, message)] = counts.quarantine
    assert key == "b-slow.txt" and "--doc-timeout 0.3" in message


def test_a_large_document_is_quarantined_before_it_is_read(tmp_path):
    sources = _write(tmp_path, "big.txt", article(2) * 100)
    with limits.use(limits.Limits(max_bytes=1000)):
        counts = process_batch(list(sources.values()), str(tmp_path / "out"), run_id="r", backend="jieba")
    [(key, stage, message)] = counts.quarantine
    assert stage == "extract" and "--max-bytes 1,000" in message


def test_a_stop_waits_for_the_commit_to_finish():
    import signal

    limits.stop_handlers()
    try:
        order = []
        with pytest.raises(KeyboardInterrupt, match="SIGTERM"):
            with limits.deferred_stop():
                signal.raise_signal(signal.SIGTERM)
                order.append("commit finished")
        assert order == ["commit finished"]
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)


def test_failure_type_is_kept():
    assert issubclass(limits.DocumentTimeout, Exception) and Failure  # quarantined like any error


@pytest.mark.parametrize("in_thread", [False, True])
def test_a_swallowed_timeout_still_ends_the_document(in_thread):
    """The limit's exception can land where Python swallows it (a collector callback, a
    ``__del__``): the document still ends with DocumentTimeout, not with a completed stage."""
    outcome = []

    def work():
        try:
            with limits.time_limit(0.05, "time's up"):
                try:
                    for _ in range(40):
                        time.sleep(0.005)
                except Exception:  # noqa: BLE001
                    pass  # what an unraisable-exception hook does with it
                for _ in range(20):
                    time.sleep(0.005)
            outcome.append("completed")
        except limits.DocumentTimeout as e:
            outcome.append(str(e))

    _in_main_or_thread(work, in_thread)
    assert outcome == ["time's up"]


def test_a_timeout_raised_on_leaving_the_guard_quarantines_the_document_once(tmp_path, monkeypatch):
    """The limit may be found spent only when a stage has returned (its exception swallowed on
    the way): the stage's result is dropped, and the document is one failure, not a document
    and a failure."""
    from qikan import pipeline

    sources = _write(tmp_path, "a.txt", article(1))
    real_guard = limits.guard

    @contextmanager
    def late_guard(key, size, stage):
        with real_guard(key, size, stage):
            yield
        if stage == "repair":
            raise limits.DocumentTimeout("time limit: found spent on leaving repair")

    monkeypatch.setattr(pipeline.limits, "guard", late_guard)
    counts = process_batch(list(sources.values()), str(tmp_path / "out"), run_id="r", backend="jieba")
    assert counts.documents == 0
    assert [(k, s) for k, s, _ in counts.quarantine] == [("a.txt", "repair")]
